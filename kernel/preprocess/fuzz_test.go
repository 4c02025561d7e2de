package preprocess

import (
	"strings"
	"testing"
)

// FuzzRewrite checks that Rewrite never panics, keeps the line count, and
// turns a cell it accepts into one that still parses.
func FuzzRewrite(f *testing.F) {
	for _, tc := range rewriteCases {
		f.Add(tc.cell)
	}
	for _, tc := range execCases {
		f.Add(tc.cell)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		r := New()
		r.Importer = failImporter{}
		out, err := r.Rewrite(cell)
		if err != nil {
			if out != cell {
				t.Fatalf("failed rewrite changed the cell")
			}
			return
		}
		if strings.Count(out, "\n") != strings.Count(cell, "\n") {
			t.Fatalf("line count changed:\n%s\n->\n%s", cell, out)
		}
		r2 := New()
		r2.Importer = failImporter{}
		if _, err := r2.analyze(out); err != nil {
			t.Fatalf("rewritten cell does not parse: %v\n%s\n->\n%s", err, cell, out)
		}
		IsComplete(cell)
	})
}
