package cmudict

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gopherlab/gopherlab/datasets"
)

// The 39 ARPAbet phones of cmudict; vowels carry a stress digit in the file.
var (
	vowels     = set("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW")
	consonants = set("B CH D DH F G HH JH K L M N NG P R S SH T TH V W Y Z ZH")
)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Fields(s) {
		m[p] = true
	}
	return m
}

// Dict maps lower-case words to their pronunciations.
type Dict struct {
	prons map[string][][]string
}

// Load reads cmudict.dict from the data directory dir ("" means
// datasets.Dir()).
func Load(dir string) (*Dict, error) {
	path, err := datasets.Find(dir, "cmudict", "cmudict.dict")
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cmudict: %w", err)
	}
	defer f.Close()
	d, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; delete it and run `gopherlab data fetch cmudict`", path, err)
	}
	return d, nil
}

// Read parses a dictionary in cmudict.dict's format.
func Read(r io.Reader) (*Dict, error) {
	d := &Dict{prons: make(map[string][][]string, 130000)}
	intern := map[string]string{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		if len(f) == 1 {
			return nil, fmt.Errorf("cmudict: line %d: word %q has no phones", line, f[0])
		}
		word := strings.ToLower(f[0])
		if i := strings.IndexByte(word, '('); i > 0 && strings.HasSuffix(word, ")") {
			word = word[:i] // alternate pronunciation "word(2)"
		}
		phones := make([]string, len(f)-1)
		for k, p := range f[1:] {
			if err := checkPhone(p); err != nil {
				return nil, fmt.Errorf("cmudict: line %d (%s): %v", line, f[0], err)
			}
			s, ok := intern[p]
			if !ok {
				intern[p], s = p, p
			}
			phones[k] = s
		}
		d.prons[word] = append(d.prons[word], phones)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cmudict: %w", err)
	}
	if len(d.prons) == 0 {
		return nil, fmt.Errorf("cmudict: no entries; is this a cmudict.dict file?")
	}
	return d, nil
}

func checkPhone(p string) error {
	if consonants[p] {
		return nil
	}
	if n := len(p); n >= 3 && vowels[p[:n-1]] && p[n-1] >= '0' && p[n-1] <= '2' {
		return nil
	}
	if vowels[p] {
		return fmt.Errorf("vowel %q lacks its stress digit (0, 1 or 2)", p)
	}
	return fmt.Errorf("unknown phone %q", p)
}

// Len returns the number of distinct words.
func (d *Dict) Len() int { return len(d.prons) }

// Phones returns word's pronunciations (nil when it is not in the
// dictionary). The lookup ignores case.
func (d *Dict) Phones(word string) [][]string { return d.prons[strings.ToLower(word)] }

// Contains reports whether word is in the dictionary.
func (d *Dict) Contains(word string) bool { return d.prons[strings.ToLower(word)] != nil }

// Stress returns the stress digit (0 none, 1 primary, 2 secondary) of each
// vowel of a pronunciation.
func Stress(phones []string) []int {
	var s []int
	for _, p := range phones {
		if c := p[len(p)-1]; c >= '0' && c <= '2' {
			s = append(s, int(c-'0'))
		}
	}
	return s
}

// RhymeKey returns the phones from the last stressed (primary or secondary)
// vowel to the end, stress digits removed and space-separated: "night" (N AY1
// T) -> "AY T". A pronunciation with no stressed vowel keys from its last
// vowel.
func RhymeKey(phones []string) string {
	start, last := -1, -1
	for i, p := range phones {
		if c := p[len(p)-1]; c >= '0' && c <= '2' {
			last = i
			if c != '0' {
				start = i
			}
		}
	}
	if start < 0 {
		start = max(last, 0)
	}
	out := make([]string, 0, len(phones)-start)
	for _, p := range phones[start:] {
		out = append(out, strings.TrimRight(p, "012"))
	}
	return strings.Join(out, " ")
}

// Syllables returns the syllable count of word's first pronunciation, or the
// spelling estimate (vowel groups less a silent final e) for unknown words.
func (d *Dict) Syllables(word string) int {
	if ps := d.Phones(word); ps != nil {
		return len(Stress(ps[0]))
	}
	return spellingSyllables(strings.ToLower(word))
}

// RhymeKeys returns the distinct rhyme keys of word's pronunciations, or nil
// for unknown words.
func (d *Dict) RhymeKeys(word string) []string {
	var keys []string
	for _, p := range d.Phones(word) {
		k := RhymeKey(p)
		if !contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Rhymes reports whether a and b rhyme: some pronunciation of a has the same
// rhyme key as some pronunciation of b (so "wind" rhymes with both "kind" and
// "pinned"). A word rhymes with itself. When either word is not in the
// dictionary both are compared by SpellingKey.
func (d *Dict) Rhymes(a, b string) bool {
	ka, kb := d.RhymeKeys(a), d.RhymeKeys(b)
	if ka == nil || kb == nil {
		return SpellingKey(a) == SpellingKey(b)
	}
	for _, k := range ka {
		if contains(kb, k) {
			return true
		}
	}
	return false
}

func isVowel(w string, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	case 'y':
		return i > 0 // word-initial y is a consonant
	}
	return false
}

// SpellingKey is the rhyme key of an unknown word: lower-cased letters from
// the last vowel group that a consonant follows to the end ("stone" -> "one",
// "happy" -> "appy"), or from the last vowel group when no consonant follows
// one ("sky" -> "y").
func SpellingKey(word string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(word) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	w := b.String()
	start, lastGroup := -1, -1
	for i := 0; i < len(w); i++ {
		if isVowel(w, i) && (i == 0 || !isVowel(w, i-1)) {
			lastGroup = i
			j := i
			for j < len(w) && isVowel(w, j) {
				j++
			}
			if j < len(w) {
				start = i
			}
		}
	}
	if start < 0 {
		start = max(lastGroup, 0)
	}
	return w[start:]
}

func spellingSyllables(w string) int {
	n := 0
	for i := 0; i < len(w); i++ {
		if isVowel(w, i) && (i == 0 || !isVowel(w, i-1)) {
			n++
		}
	}
	if n > 1 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && !isVowel(w, len(w)-2) {
		n-- // silent final e: "stone", but not "table"
	}
	return max(n, 1)
}
