package text

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/datasets/batch"
	"github.com/gopherlab/gopherlab/datasets/cmudict"
	"github.com/gopherlab/gopherlab/datasets/internal/datatest"
)

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"Don't stop, o'er the hills!":            {"don't", "stop", "o'er", "the", "hills"},
		"'Tis true: 'twas brillig, and th' Sun":  {"'tis", "true", "'twas", "brillig", "and", "th'", "sun"},
		"'Hello,' she said--\"lap-dogs\" ev'n":   {"hello", "she", "said", "lap", "dogs", "ev'n"},
		"Sol thro' white curtains’ shot, I sing": {"sol", "thro", "white", "curtains", "shot", "i", "sing"},
		"It’s 1820 — café":                       {"it's", "1820", "café"},
		"  ...  ":                                nil,
	} {
		if got := Words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecode(t *testing.T) {
	if got := Decode([]byte("\xef\xbb\xbfcaf\xc3\xa9\r\nx")); got != "café\nx" {
		t.Errorf("UTF-8: %q", got)
	}
	if got := Decode([]byte("caf\xe9 na\xefve")); got != "café naïve" {
		t.Errorf("Latin-1: %q", got)
	}
	if got := Decode([]byte("Man,\xd1and at God\xd5s gate")); got != "Man,—and at God’s gate" {
		t.Errorf("Mac Roman: %q", got)
	}
}

func TestVersesTokensVocabWindows(t *testing.T) {
	verses := Verses("The cat sat,\n  the cat ran.\n\n\n\nA dog!\r\n")
	if !reflect.DeepEqual(verses, [][]string{{"The cat sat,", "the cat ran."}, {"A dog!"}}) {
		t.Fatalf("verses %q", verses)
	}
	toks := Tokens(verses)
	want := []string{"the", "cat", "sat", LineBreak, "the", "cat", "ran", LineBreak, VerseBreak, "a", "dog", LineBreak, VerseBreak}
	if !reflect.DeepEqual(toks, want) {
		t.Fatalf("tokens %q", toks)
	}
	v := NewVocab(toks, 3)
	// [lb] 3, cat 2, the 2, [vb] 2: ties alphabetical ("[" sorts before letters).
	if got := v.Decode([]int{0, 1, 2, 3}); !reflect.DeepEqual(got, []string{Unknown, LineBreak, VerseBreak, "cat"}) || v.Len() != 4 {
		t.Fatalf("vocab %q", got)
	}
	if v.ID("the") != 0 || v.ID("cat") != 3 || v.Count["the"] != 2 {
		t.Fatal("ID of words outside the top K must be <unk>")
	}
	ids := []int{10, 11, 12, 13, 14, 15, 16}
	w, err := NewWindows(ids, 3, 2, false)
	if err != nil || w.Len() != 2 {
		t.Fatalf("windows %v %v", w, err)
	}
	l, _ := batch.New(w, batch.Config{Size: 2})
	x, y, _ := l.Next()
	if !reflect.DeepEqual(x.Data(), []float32{10, 11, 12, 12, 13, 14}) || !reflect.DeepEqual(y.Data(), []float32{11, 12, 13, 13, 14, 15}) {
		t.Fatalf("forward windows %v %v", x.Data(), y.Data())
	}
	r, _ := NewWindows(ids, 3, 3, true)
	x, y, _ = batch.All(r)
	if !reflect.DeepEqual(x.Data(), []float32{16, 15, 14, 13, 12, 11}) || !reflect.DeepEqual(y.Data(), []float32{15, 14, 13, 12, 11, 10}) {
		t.Fatalf("reversed windows %v %v", x.Data(), y.Data())
	}
	if _, err := NewWindows(ids, 7, 1, false); err == nil || err.Error() != "text: 7 tokens are too few for a window of 7 plus its target" {
		t.Fatal(err)
	}
}

func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("na\xefve"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("plain"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.md"), []byte("skipped"), 0o644)
	docs, err := ReadDir(dir)
	if err != nil || len(docs) != 2 || docs[0].Name != "a.txt" || docs[1].Text != "naïve" {
		t.Fatalf("%v %v", docs, err)
	}
	toks, err := CorpusTokens(dir)
	if err != nil || !reflect.DeepEqual(toks, []string{"plain", LineBreak, VerseBreak, "naïve", LineBreak, VerseBreak}) {
		t.Fatalf("corpus tokens %q %v", toks, err)
	}
	if _, err := ReadDir(t.TempDir()); err == nil || !strings.HasPrefix(err.Error(), "text: no .txt files in ") {
		t.Fatal(err)
	}
}

func TestExpandScheme(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"a a *", 6, "a a b b c c"},
		{"a b a b *", 8, "a b a b c d c d"},
		{"a b c b *", 6, "a b c b d e"},
		{"A B A *", 6, "a b a c d c"},
		{"a b a b", 4, "a b a b"},
	} {
		got := strings.Join(ExpandScheme(strings.Fields(c.in), c.n), " ")
		if got != c.want {
			t.Errorf("ExpandScheme(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	// Past z, labels continue aa, ab, ...
	if long := ExpandScheme([]string{"a", "a", "*"}, 56); len(long) != 56 || long[51] != "z" || long[52] != "aa" || long[55] != "ab" {
		t.Errorf("long scheme %q", long)
	}
}

const fixture = `AUTHOR Thomas Wyatt

TITLE Satire II

RHYME a b a
RHYME-POEM a b a 

MY mother's maids, when they did sew and spin,
They sang sometime a song of the field mouse
That, for because her livelihood was but thin,

RHYME a a *

One two three sing,
Four five six ring.
Seven, eight, one go;
Nine, ten, so!

TITLE A Love Song

RHYME a b
My lute, awake! perform the last
Labour that thou and I shall waste,

and then no header here.
`

func TestParseRhymeCorpus(t *testing.T) {
	poems, err := ParseRhymeCorpus("fixture", fixture)
	if err != nil {
		t.Fatal(err)
	}
	if len(poems) != 2 || poems[0].Author != "Thomas Wyatt" || poems[1].Title != "A Love Song" || len(poems[0].Stanzas) != 2 {
		t.Fatalf("poems %+v", poems)
	}
	s := poems[0].Stanzas[0]
	if !reflect.DeepEqual(s.EndWords(), []string{"spin", "mouse", "thin"}) || !reflect.DeepEqual(s.Scheme, []string{"a", "b", "a"}) ||
		!reflect.DeepEqual(s.PoemScheme, []string{"a", "b", "a"}) {
		t.Fatalf("stanza %+v", s)
	}
	if got := strings.Join(poems[0].Stanzas[1].Scheme, ""); got != "aabb" || poems[0].Stanzas[1].PoemScheme != nil {
		t.Fatalf("starred scheme %q", got)
	}
	love := poems[1].Stanzas
	if len(love) != 2 || len(love[0].Lines) != 2 || love[1].Scheme != nil || love[1].Lines[0] != "and then no header here." {
		t.Fatalf("love song %+v", love)
	}
	toks := PoemTokens(poems[1:])
	if len(toks) != 23 || toks[0] != "my" || toks[6] != LineBreak || toks[15] != VerseBreak || toks[16] != "and" {
		t.Fatalf("poem tokens %q", toks)
	}
	if _, err := ParseRhymeCorpus("bad.txt", "TITLE x\n\nRHYME   \nline\n"); err == nil || err.Error() != "text: bad.txt:3: RHYME line without a scheme" {
		t.Fatal(err)
	}
}

func TestRealRhymeData(t *testing.T) {
	dir := datatest.Dir(t)
	poems, err := LoadRhymeData(dir)
	if err != nil {
		t.Fatal(err)
	}
	authors := map[string]bool{}
	var stanzas, lines, unannotated int
	wyatt := false
	for _, p := range poems {
		authors[p.Author] = true
		if p.Author == "Thomas Wyatt" && p.Title == "Satire II" {
			s := p.Stanzas[0]
			if !reflect.DeepEqual(s.EndWords(), []string{"spin", "mouse", "thin"}) || strings.Join(s.Scheme, "") != "aba" {
				t.Errorf("Wyatt's Satire II starts %q %q", s.EndWords(), s.Scheme)
			}
			wyatt = true
		}
		for _, s := range p.Stanzas {
			stanzas++
			lines += len(s.Lines)
			if s.Scheme == nil {
				unannotated++
			} else if len(s.Scheme) != len(s.Lines) {
				t.Fatalf("%s, %q: scheme %v for %d lines", p.Author, p.Title, s.Scheme, len(s.Lines))
			}
		}
	}
	// Figures of this parse of the 26 files at the pinned commit; the corpus
	// has 9,674 RHYME headers and 12 blocks that continue a stanza after a
	// blank line without one.
	if !wyatt {
		t.Error("Wyatt's Satire II not found")
	}
	if len(authors) != 26 || len(poems) != 849 || stanzas != 9686 || lines != 80136 || unannotated != 12 {
		t.Fatalf("authors %d poems %d stanzas %d lines %d unannotated %d", len(authors), len(poems), stanzas, lines, unannotated)
	}
	// The annotations and the CMU dictionary agree: most pairs of end words
	// that a scheme says rhyme do rhyme by their pronunciations (old verse
	// has slant and eye rhymes: measured 77.1%), and pairs with different
	// labels almost never do (measured 99.0%).
	d, err := cmudict.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var same, sameRhyme, diff, diffRhyme int
	for _, p := range poems {
		for _, s := range p.Stanzas {
			if s.Scheme == nil {
				continue
			}
			e := s.EndWords()
			for i := range e {
				for j := i + 1; j < len(e); j++ {
					r := d.Rhymes(e[i], e[j])
					if s.Scheme[i] == s.Scheme[j] {
						same++
						if r {
							sameRhyme++
						}
					} else {
						diff++
						if r {
							diffRhyme++
						}
					}
				}
			}
		}
	}
	if f := float64(sameRhyme) / float64(same); f < 0.75 {
		t.Errorf("only %.3f of %d annotated rhyme pairs rhyme by cmudict", f, same)
	}
	if f := float64(diffRhyme) / float64(diff); f > 0.02 {
		t.Errorf("%.3f of %d pairs annotated as not rhyming rhyme by cmudict", f, diff)
	}
}

func TestMissingRhymeData(t *testing.T) {
	_, err := LoadRhymeData(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "rhymedata file \"english_raw/byron.txt\" not found in ") ||
		!strings.Contains(err.Error(), "run `gopherlab data fetch rhymedata`") {
		t.Fatal(err)
	}
}
