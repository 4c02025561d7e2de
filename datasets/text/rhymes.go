package text

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gopherlab/gopherlab/datasets"
)

// Poem is a poem of the Chicago Rhyming Poetry Corpus.
type Poem struct {
	Author, Title string
	Stanzas       []Stanza
}

// Stanza is a stanza with its rhyme scheme: Scheme[i] labels Lines[i], and
// lines with equal labels rhyme.
type Stanza struct {
	Scheme     []string // from "RHYME a b a b", "*" expanded (see ExpandScheme)
	PoemScheme []string // from "RHYME-POEM", labels shared across the poem; nil when absent
	Lines      []string
}

// EndWords returns the last word of each line ("" for a line without words).
func (s Stanza) EndWords() []string {
	ends := make([]string, len(s.Lines))
	for i, l := range s.Lines {
		if w := Words(l); len(w) > 0 {
			ends[i] = w[len(w)-1]
		}
	}
	return ends
}

// ExpandScheme expands the corpus's shorthand: a pattern ending in "*"
// repeats for n lines with fresh labels each time, so "a a *" over 6 lines
// is a a b b c c and "a b a b *" over 8 is a b a b c d c d. A scheme without
// "*" is returned as it is.
func ExpandScheme(labels []string, n int) []string {
	if len(labels) == 0 || labels[len(labels)-1] != "*" {
		return labels
	}
	pat := labels[:len(labels)-1]
	if len(pat) == 0 {
		return nil
	}
	distinct := map[string]bool{}
	lo := 'z'
	for _, l := range pat {
		distinct[l] = true
		lo = min(lo, rune(strings.ToLower(l)[0]))
	}
	out := make([]string, n)
	for i := range out {
		l := pat[i%len(pat)]
		k := int(rune(strings.ToLower(l)[0])-lo) + (i/len(pat))*len(distinct)
		out[i] = label(k)
	}
	return out
}

// label names scheme position k: a..z, then aa, ab, ...
func label(k int) string {
	if k < 26 {
		return string(rune('a' + k))
	}
	return label(k/26-1) + string(rune('a'+k%26))
}

// ParseRhymeCorpus parses one file of the corpus (AUTHOR, TITLE, RHYME and
// RHYME-POEM header lines, stanzas separated by blank lines). name labels
// errors.
func ParseRhymeCorpus(name, text string) ([]Poem, error) {
	var (
		poems         []Poem
		author        string
		scheme, pscm  []string
		cur           *Stanza
		sawHeaderLast bool
	)
	poem := func() *Poem {
		if len(poems) == 0 {
			poems = append(poems, Poem{Author: author})
		}
		return &poems[len(poems)-1]
	}
	closeStanza := func() {
		if cur != nil {
			cur.Scheme = ExpandScheme(cur.Scheme, len(cur.Lines))
			p := poem()
			p.Stanzas = append(p.Stanzas, *cur)
			cur = nil
		}
	}
	for n, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		key, rest, _ := strings.Cut(line, " ")
		switch {
		case line == "":
			closeStanza()
			continue
		case key == "AUTHOR":
			closeStanza()
			author = strings.TrimSpace(rest)
		case key == "TITLE":
			closeStanza()
			poems = append(poems, Poem{Author: author, Title: strings.TrimSpace(rest)})
		case key == "RHYME" || key == "RHYME-POEM":
			closeStanza()
			labels := strings.Fields(rest)
			if len(labels) == 0 {
				return nil, fmt.Errorf("text: %s:%d: %s line without a scheme", name, n+1, key)
			}
			if key == "RHYME" {
				scheme = labels
			} else {
				pscm = labels
			}
			sawHeaderLast = true
			continue
		default:
			if cur == nil {
				cur = &Stanza{}
				if sawHeaderLast {
					cur.Scheme, cur.PoemScheme = scheme, pscm
				}
				scheme, pscm, sawHeaderLast = nil, nil, false
			}
			cur.Lines = append(cur.Lines, line)
			continue
		}
		sawHeaderLast = false
	}
	closeStanza()
	return poems, nil
}

// LoadRhymeData reads the English part of the Chicago Rhyming Poetry Corpus
// from the data directory dir ("" means datasets.Dir()).
func LoadRhymeData(dir string) ([]Poem, error) {
	info, err := datasets.Lookup("rhymedata")
	if err != nil {
		return nil, err
	}
	var poems []Poem
	for _, f := range info.Files {
		path, err := datasets.Find(dir, "rhymedata", f.Name)
		if err != nil {
			return nil, err
		}
		docs, err := readFile(path)
		if err != nil {
			return nil, err
		}
		ps, err := ParseRhymeCorpus(filepath.Base(path), docs)
		if err != nil {
			return nil, err
		}
		poems = append(poems, ps...)
	}
	return poems, nil
}
