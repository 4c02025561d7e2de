// Package cmudict reads the CMU Pronouncing Dictionary (cmudict.dict: one
// pronunciation per line in ARPAbet with stress digits, alternates as
// "word(2)", "#" comments) and answers the questions rhyming models ask:
// a word's pronunciations, stress pattern, syllable count, rhyme key (the
// last stressed vowel to the end) and whether two words rhyme.
//
// Words missing from the dictionary fall back to spelling: SpellingKey takes
// the last vowel group followed by a consonant to the end ("night" -> "ight",
// "flabby" -> "abby"), and syllables are counted as vowel groups less a
// silent final e. Rhymes compares both words by spelling when either is
// missing, which treats eye rhymes such as love/move as rhymes.
package cmudict
