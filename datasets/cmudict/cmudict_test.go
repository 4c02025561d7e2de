package cmudict

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/gopherlab/gopherlab/datasets/internal/datatest"
)

var (
	realOnce sync.Once
	realDict *Dict
	realErr  error
)

func load(t *testing.T) *Dict {
	dir := datatest.Dir(t)
	realOnce.Do(func() { realDict, realErr = Load(dir) })
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realDict
}

func TestRealDictionary(t *testing.T) {
	d := load(t)
	if d.Len() < 125000 || d.Len() > 135166 {
		t.Fatalf("%d words", d.Len())
	}
	if got := d.Phones("Hello"); len(got) != 2 || !reflect.DeepEqual(got[0], []string{"HH", "AH0", "L", "OW1"}) {
		t.Fatalf("hello: %v", got)
	}
	// "aalborg AO1 L B AO0 R G # place, danish": the comment is dropped.
	if got := d.Phones("aalborg"); len(got) != 2 || len(got[0]) != 6 || got[1][0] != "AA1" {
		t.Fatalf("aalborg: %v", got)
	}
	if !d.Contains("'tis") || !reflect.DeepEqual(Stress(d.Phones("education")[0]), []int{2, 0, 1, 0}) {
		t.Fatal("'tis or stress of education")
	}
	for w, n := range map[string]int{"cat": 1, "education": 4, "beautiful": 3, "fire": 2, "poetry": 3} {
		if got := d.Syllables(w); got != n {
			t.Errorf("Syllables(%s) = %d, want %d", w, got, n)
		}
	}
	if k := RhymeKey(d.Phones("understand")[0]); k != "AE N D" {
		t.Errorf("rhyme key of understand: %q", k)
	}
}

func TestRhymes(t *testing.T) {
	d := load(t)
	yes := [][2]string{
		{"cat", "hat"}, {"night", "light"}, {"moon", "june"}, {"rhyme", "time"}, {"rose", "knows"},
		{"understand", "hand"}, {"education", "nation"}, {"love", "dove"}, {"fire", "higher"},
		// several pronunciations: either may rhyme
		{"wind", "kind"}, {"wind", "pinned"}, {"read", "bed"}, {"read", "seed"}, {"live", "give"}, {"live", "five"},
	}
	no := [][2]string{
		{"cat", "dog"}, {"love", "move"}, {"bough", "cough"}, {"night", "knife"}, {"kind", "pinned"},
		{"orange", "door"}, {"table", "tablet"},
	}
	for _, p := range yes {
		if !d.Rhymes(p[0], p[1]) {
			t.Errorf("%s/%s should rhyme (%v vs %v)", p[0], p[1], d.RhymeKeys(p[0]), d.RhymeKeys(p[1]))
		}
	}
	for _, p := range no {
		if d.Rhymes(p[0], p[1]) {
			t.Errorf("%s/%s should not rhyme (%v vs %v)", p[0], p[1], d.RhymeKeys(p[0]), d.RhymeKeys(p[1]))
		}
	}
	// Unknown words fall back to spelling.
	if d.Contains("gopherlabby") || !d.Rhymes("gopherlabby", "flabby") || d.Rhymes("gopherlabby", "happy") {
		t.Error("spelling fallback")
	}
	if d.Syllables("gopherlabby") != 4 || d.Syllables("blorpstone") != 2 {
		t.Errorf("spelling syllables: %d %d", d.Syllables("gopherlabby"), d.Syllables("blorpstone"))
	}
}

func TestSpellingKey(t *testing.T) {
	for w, k := range map[string]string{"night": "ight", "Stone": "one", "happy": "appy", "sky": "y", "yes": "es", "o'er": "oer", "brrr": "brrr"} {
		if got := SpellingKey(w); got != k {
			t.Errorf("SpellingKey(%q) = %q, want %q", w, got, k)
		}
	}
}

func TestReadFixtureAndErrors(t *testing.T) {
	d, err := Read(strings.NewReader("# header\nabc EY1 B IY1 S IY1\nabc(2) AE1 B K # alt\n\n"))
	if err != nil || len(d.Phones("ABC")) != 2 || d.Len() != 1 {
		t.Fatalf("fixture: %v %v", d, err)
	}
	for in, want := range map[string]string{
		"ok K AE1 T\nword\n":  "cmudict: line 2: word \"word\" has no phones",
		"bad K AE T\n":        "cmudict: line 1 (bad): vowel \"AE\" lacks its stress digit (0, 1 or 2)",
		"bad K AE1 QQ\n":      "cmudict: line 1 (bad): unknown phone \"QQ\"",
		"# only comments\n\n": "cmudict: no entries; is this a cmudict.dict file?",
		"<html> <body>\n":     "cmudict: line 1 (<html>): unknown phone \"<body>\"",
	} {
		_, err := Read(strings.NewReader(in))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: got %v, want %s", in, err, want)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	dir := datatest.Dir(b)
	for b.Loop() {
		if _, err := Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}
