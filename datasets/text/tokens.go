package text

import (
	"strings"
	"unicode"
)

// The tokens that mark the end of a line and of a verse.
const (
	LineBreak  = "[lb]"
	VerseBreak = "[vb]"
)

// Elisions that begin with an apostrophe. Other leading apostrophes are
// quotation marks.
var leading = map[string]bool{
	"tis": true, "twas": true, "twere": true, "twill": true, "twould": true, "twixt": true, "tween": true,
	"gainst": true, "mid": true, "midst": true, "mongst": true, "neath": true, "em": true, "bout": true,
	"cause": true, "til": true, "round": true, "scape": true, "t": true,
}

// Elisions that end with an apostrophe ("th' assault", "o' the"). Other
// trailing apostrophes are quotation marks.
var trailing = map[string]bool{"th": true, "t": true, "o": true, "i": true, "an": true, "ne": true}

// Words splits a line into lower-case words. Letters and digits make words;
// an apostrophe inside a word is kept (don't, o'er, ev'n), as is one that
// starts or ends a known elision ('tis, 'twas, th'); hyphens, dashes and other
// punctuation separate words. Curly apostrophes count as straight ones.
func Words(line string) []string {
	line = strings.ReplaceAll(strings.ToLower(line), "\u2019", "'")
	rs := []rune(line)
	isWord := func(i int) bool { return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i])) }
	var words []string
	for i := 0; i < len(rs); {
		if !isWord(i) {
			i++
			continue
		}
		j := i
		for isWord(j) || (j < len(rs) && rs[j] == '\'' && isWord(j-1) && isWord(j+1)) {
			j++
		}
		w := string(rs[i:j])
		if i > 0 && rs[i-1] == '\'' && !isWord(i-2) && leading[w] {
			w = "'" + w
		}
		if j < len(rs) && rs[j] == '\'' && !isWord(j+1) && trailing[w] {
			w += "'"
			j++
		}
		words = append(words, w)
		i = j
	}
	return words
}

// Tokens flattens verses into words with LineBreak after every line and
// VerseBreak after every verse.
func Tokens(verses [][]string) []string {
	var toks []string
	for _, v := range verses {
		for _, line := range v {
			toks = append(toks, Words(line)...)
			toks = append(toks, LineBreak)
		}
		toks = append(toks, VerseBreak)
	}
	return toks
}

// CorpusTokens reads every .txt file of dir (see ReadDir) and returns the
// tokens of all their verses, in file order.
func CorpusTokens(dir string) ([]string, error) {
	docs, err := ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var toks []string
	for _, d := range docs {
		toks = append(toks, Tokens(Verses(d.Text))...)
	}
	return toks, nil
}

// PoemTokens returns the tokens of poems with each stanza as a verse, so
// the rhyme corpus's header lines stay out of the text.
func PoemTokens(poems []Poem) []string {
	var toks []string
	for _, p := range poems {
		for _, s := range p.Stanzas {
			toks = append(toks, Tokens([][]string{s.Lines})...)
		}
	}
	return toks
}
