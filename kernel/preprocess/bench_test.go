package preprocess

import "testing"

const benchCell = `import (
	"fmt"
	"slices"
)
xs := []float64{3, 1, 2}
slices.Sort(xs)
var fs []func()
for i := range len(xs) {
	fs = append(fs, func() { fmt.Println(i, max(xs[i], 2)) })
}
for k, v := range map[string]int{"a": 1} {
	defer func() { fmt.Println(k, v) }()
}`

// BenchmarkRewrite is the per-cell cost in a running session, where the
// importer has already loaded the cell's packages.
func BenchmarkRewrite(b *testing.B) {
	r := New()
	if _, err := r.Rewrite(benchCell); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.Rewrite(benchCell); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRewriteFirstCell is the cost of a session's first cell, which
// loads fmt and slices through importer.Default (the go command's export
// data, built once into the go build cache).
func BenchmarkRewriteFirstCell(b *testing.B) {
	for b.Loop() {
		if _, err := New().Rewrite(benchCell); err != nil {
			b.Fatal(err)
		}
	}
}
