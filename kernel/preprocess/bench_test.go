package preprocess

import (
	"slices"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

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
// loads fmt and slices from kernel/typesdata.
func BenchmarkRewriteFirstCell(b *testing.B) {
	for b.Loop() {
		if _, err := New().Rewrite(benchCell); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPreludeSort runs sort, a cell statement sorting xs, with 10,000
// elements made by fill from j := (j*7919) % 10007, in yaegi.
func benchPreludeSort(b *testing.B, decl, fill, sort string) {
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		b.Fatal(err)
	}
	if err := i.Use(Symbols); err != nil {
		b.Fatal(err)
	}
	if _, err := i.Eval(Prelude); err != nil {
		b.Fatal(err)
	}
	if _, err := i.Eval(decl); err != nil {
		b.Fatal(err)
	}
	src, err := Rewrite("import \"slices\"\n" + decl + "\n" + sort)
	if err != nil {
		b.Fatal(err)
	}
	src = src[strings.LastIndex(src, "\n")+1:]
	for b.Loop() {
		b.StopTimer()
		if _, err := i.Eval(fill); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := i.Eval(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPreludeSort is slices.Sort of 10,000 ints in a cell: the compiled
// path. Compare with BenchmarkCompiledSort.
func BenchmarkPreludeSort(b *testing.B) {
	benchPreludeSort(b, "xs := make([]int, 10000)",
		"for j := 0; j < len(xs); j++ { xs[j] = (j * 7919) % 10007 }",
		`slices.Sort(xs)`)
}

// BenchmarkPreludeSortFuncStruct is slices.SortFunc of 10,000 structs in a
// cell, which takes the interpreted merge sort.
func BenchmarkPreludeSortFuncStruct(b *testing.B) {
	benchPreludeSort(b, "type P struct{ a, b int }\nvar xs = make([]P, 10000)",
		"for j := 0; j < len(xs); j++ { xs[j] = P{(j * 7919) % 10007, j} }",
		`slices.SortFunc(xs, func(a, b P) int { return a.a - b.a })`)
}

func BenchmarkCompiledSort(b *testing.B) {
	xs := make([]int, 10000)
	for b.Loop() {
		for j := range xs {
			xs[j] = (j * 7919) % 10007
		}
		slices.Sort(xs)
	}
}
