// Package text prepares verse for language models: it reads folders of .txt
// files (UTF-8 or Latin-1, detected per file), splits them into verses and
// lines, tokenizes words keeping contractions and elisions (don't, o'er,
// 'tis), marks line and verse ends with the tokens [lb] and [vb], builds a
// vocabulary of the top K words with <unk>, and serves windows of N token
// ids, forward or reversed (DeepRhyme generates lines backwards, from the
// rhyme word), as a batch.Source.
//
// It also reads the Chicago Rhyming Poetry Corpus (rhymedata), whose stanzas
// are preceded by their rhyme scheme ("RHYME a b a b").
package text
