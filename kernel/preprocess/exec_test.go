package preprocess

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// yaegiRun evaluates the prelude and then src in a fresh yaegi interpreter
// and returns what it printed. A panic that escapes Eval (yaegi's behaviour
// for range over int) comes back as an error.
func yaegiRun(t *testing.T, src string) (out string, err error) {
	t.Helper()
	var buf bytes.Buffer
	i := interp.New(interp.Options{Stdout: &buf, Stderr: &buf})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.Use(Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(Prelude); err != nil {
		t.Fatalf("prelude: %v", err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
		out = buf.String()
	}()
	_, err = i.Eval(src)
	return
}

// execCases are cells whose output under yaegi, after Rewrite, must be what
// Go 1.26 prints. Cells run as a whole program body (yaegi wraps statements
// in main), so they start with an import or a statement.
var execCases = []struct {
	name, cell, want string
}{
	{"range int", `import "fmt"
func main() {
	for i := range 3 { fmt.Print(i, " ") }
	n := 2
	for range n { fmt.Print("x") }
}`, "0 1 2 xx"},
	{"range int closures", `import "fmt"
func main() {
	var fs []func()
	for i := range 3 { fs = append(fs, func() { fmt.Print(i) }) }
	for _, f := range fs { f() }
}`, "012"},
	{"range int64 assign", `import "fmt"
func main() {
	var n int64 = 3
	var i int64
	for i = range n { }
	fmt.Print(i)
}`, "2"},
	{"loopvar 3-clause", `import "fmt"
func main() {
	var fs []func()
	for i := 0; i < 3; i++ { fs = append(fs, func() { fmt.Print(i) }) }
	for _, f := range fs { f() }
}`, "012"},
	{"loopvar 3-clause modified", `import "fmt"
func main() {
	var fs []func()
	for i := 0; i < 6; i++ {
		fs = append(fs, func() { fmt.Print(i) })
		if i == 2 { i += 2; continue }
		i++
	}
	for _, f := range fs { f() }
}`, "146"},
	{"loopvar labeled continue", `import "fmt"
func main() {
	var fs []func()
outer:
	for i := 0; i < 4; i++ {
		fs = append(fs, func() { fmt.Print(i) })
		for j := 0; j < 1; j++ {
			if i == 1 {
				i++
				continue outer
			}
		}
	}
	for _, f := range fs { f() }
}`, "023"},
	{"iter.Seq", `import (
	"fmt"
	"iter"
)
func upTo(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n { if !yield(i) { return } }
	}
}
func pairs() iter.Seq2[string, iter.Seq[int]] {
	return func(yield func(string, iter.Seq[int]) bool) { yield("a", upTo(2)) }
}
func main() {
	for k, s := range pairs() {
		for v := range s { fmt.Print(k, v) }
	}
}`, "a0a1"},
	{"loopvar range", `import "fmt"
func main() {
	var ps []*string
	for _, s := range []string{"a", "b"} { ps = append(ps, &s) }
	fmt.Print(*ps[0], *ps[1])
}`, "ab"},
	{"min max", `import "fmt"
func main() {
	a, b := 3, 7
	x := 2.5
	const c = max(1, 2.5, 2)
	fmt.Print(min(a, b), max(a, b, 9), min(x, 1), max("go", "lab"), c, min(1, 2))
}`, "3 9 1lab2.5 1"},
	{"clear", `import "fmt"
func main() {
	m := map[string]int{"a": 1}
	s := []int{1, 2}
	clear(m)
	clear(s)
	fmt.Print(len(m), s)
}`, "0 [0 0]"},
	{"range func", `import "fmt"
func count(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ { if !yield(i) { return } }
	}
}
func first(n int) int {
	for i := range count(10) {
		if i == n { return i * 10 }
	}
	return -1
}
func main() {
	for i := range count(10) {
		if i == 1 { continue }
		if i == 4 { break }
		fmt.Print(i)
	}
	fmt.Print(" ", first(3))
}`, "023 30"},
	{"range func seq2", `import "fmt"
func pairs(yield func(string, int) bool) {
	_ = yield("a", 1) && yield("b", 2)
}
func main() {
	for k, v := range pairs { fmt.Print(k, v) }
}`, "a1b2"},
	{"slices", `import (
	"fmt"
	"slices"
)
func main() {
	xs := []int{3, 1, 2}
	fmt.Print(slices.Max(xs), slices.Min(xs), slices.Contains(xs, 2), slices.Index(xs, 2), " ")
	slices.Sort(xs)
	i, ok := slices.BinarySearch(xs, 2)
	fmt.Print(xs, i, ok, slices.Equal(xs, []int{1, 2, 3}), " ")
	slices.Reverse(xs)
	fmt.Print(xs, " ")
	fs := []float64{2.5, 1}
	slices.SortFunc(fs, func(a, b float64) int { if a < b { return -1 }; return 1 })
	fmt.Print(fs)
}`, "3 1 true 2 [1 2 3] 1 true true [3 2 1] [1 2.5]"},
	{"maps cmp", `import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)
func main() {
	m := map[string]int{"b": 2, "a": 1}
	fmt.Print(slices.Sorted(maps.Keys(m)), len(maps.Clone(m)), cmp.Compare(2.5, 1), cmp.Less("a", "b"), " ")
	for k := range maps.Keys(map[string]bool{"z": true}) { fmt.Print(k) }
}`, "[a b] 2 1 true z"},
	{"generic inference", `import "fmt"
type Number interface { ~int | ~float64 }
func Sum[S ~[]E, E Number](xs S) E {
	var s E
	for _, x := range xs { s += x }
	return s
}
func main() { fmt.Print(Sum([]float64{1, 2.5})) }`, "3.5"},
}

func TestExec(t *testing.T) {
	for _, tc := range execCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Rewrite(tc.cell)
			if err != nil {
				t.Fatalf("Rewrite: %v", err)
			}
			if strings.Count(got, "\n") != strings.Count(tc.cell, "\n") {
				t.Errorf("line count changed:\n%s", got)
			}
			out, err := yaegiRun(t, got)
			if err != nil {
				t.Fatalf("yaegi: %v\nrewritten:\n%s", err, got)
			}
			if out != tc.want {
				t.Errorf("output %q, want %q\nrewritten:\n%s", out, tc.want, got)
			}
		})
	}
}

// TestExecUnrewritten checks that the cells really need the rewrite: yaegi
// fails on each one, or prints something else.
func TestExecUnrewritten(t *testing.T) {
	for _, tc := range execCases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := yaegiRun(t, tc.cell)
			if err == nil && out == tc.want {
				t.Errorf("yaegi runs the cell correctly without the rewrite")
			}
		})
	}
}

// TestExecCells runs a session the way the engine does: one interpreter,
// one Rewriter, cell after cell, where later cells depend on the types of
// earlier ones.
func TestExecCells(t *testing.T) {
	var buf bytes.Buffer
	i := interp.New(interp.Options{Stdout: &buf})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i.Use(Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(Prelude); err != nil {
		t.Fatalf("prelude: %v", err)
	}
	r := New()
	cells := []struct{ cell, want string }{
		{`import "fmt"`, ""},
		{`n := 3`, ""},
		{`for i := range n { fmt.Print(i) }`, "012"},
		{`func count(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}`, ""},
		{`for i := range count(n) {
	if i == 2 { break }
	fmt.Print(i)
}`, "01"},
		{`seq := count(4)`, ""},
		{`for i := range seq { fmt.Print(i) }`, "0123"},

		{`import "slices"`, ""},
		{`xs := []float64{2, 0.5, 1}`, ""},
		{`slices.Sort(xs)
fmt.Print(xs, slices.Max(xs), max(xs[0], 0.25))`, "[0.5 1 2] 2 0.5"},
	}
	for _, c := range cells {
		src, err := r.Rewrite(c.cell)
		if err != nil {
			t.Fatalf("Rewrite(%q): %v", c.cell, err)
		}
		buf.Reset()
		if _, err := i.Eval(src); err != nil {
			t.Fatalf("Eval(%q): %v", src, err)
		}
		if buf.String() != c.want {
			t.Errorf("cell %q printed %q, want %q (rewritten: %q)", c.cell, buf.String(), c.want, src)
		}
	}
}
