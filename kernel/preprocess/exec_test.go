package preprocess

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
	{"range func mixed control flow", `import "fmt"
func evens(yield func(int) bool) {
	for i := 0; i < 20; i += 2 { if !yield(i) { return } }
}
func main() {
	var fs []func() int
	for x := range evens {
		switch {
		case x == 2:
			continue
		case x > 10:
			break
		}
		if x > 12 { break }
		fs = append(fs, func() int { return x })
		for j := range 5 {
			if j == 1 { break }
			fmt.Print(j)
		}
	}
	for _, f := range fs { fmt.Print(" ", f()) }
}`, "000000 0 4 6 8 10 12"},
	{"generics", `import "fmt"
func Map[T, U any](xs []T, f func(T) U) []U {
	r := make([]U, 0, len(xs))
	for _, x := range xs { r = append(r, f(x)) }
	return r
}
func Reduce[T, A any](xs []T, acc A, f func(A, T) A) A {
	for _, x := range xs { acc = f(acc, x) }
	return acc
}
type Pair[K comparable, V any] struct { Key K; Val V }
func MakePair[K comparable, V any](k K, v V) Pair[K, V] { return Pair[K, V]{k, v} }
func main() {
	xs := []int{1, 2, 3}
	ss := Map(xs, func(i int) string { return fmt.Sprint(i * i) })
	sum := Reduce(xs, 0.5, func(a float64, x int) float64 { return a + float64(x) })
	p := MakePair("k", 2.5)
	fmt.Print(ss, sum, p.Key, p.Val)
}`, "[1 4 9] 6.5k2.5"},
	{"min max mixed", `import "fmt"
type Celsius float32
func main() {
	var x float32 = -2
	t := Celsius(3)
	a, b := "pear", "apple"
	fmt.Print(max(x, 0), min(t, 1.5), min(a, b, "fig"), max(len(a), 2))
}`, "0 1.5apple4"},
	{"clear named map", `import "fmt"
type Index map[string][]int
func main() {
	ix := Index{"a": {1}}
	clear(ix)
	fmt.Print(len(ix))
}`, "0"},
	{"loopvar string and chan", `import "fmt"
func main() {
	var fs []func()
	for i, r := range "ab" { fs = append(fs, func() { fmt.Print(i, string(r)) }) }
	ch := make(chan int, 2)
	ch <- 7
	ch <- 8
	close(ch)
	for v := range ch { fs = append(fs, func() { fmt.Print(v) }) }
	for _, f := range fs { f() }
}`, "0a1b78"},
	{"range uint8", `import "fmt"
func main() {
	var n uint8 = 3
	var fs []func() uint8
	for i := range n { fs = append(fs, func() uint8 { return i * 2 }) }
	for _, f := range fs { fmt.Print(f()) }
}`, "024"},
	{"loopvar shadowed in body", `import "fmt"
func main() {
	var fs []func()
	for _, v := range []int{1, 2} {
		fs = append(fs, func() { fmt.Print(v) })
		v := v * 10
		fs = append(fs, func() { fmt.Print(v) })
	}
	for _, f := range fs { f() }
}`, "110220"},
	{"loop keys shadowed in body", `import "fmt"
func pairs(yield func(string, int) bool) { _ = yield("a", 1) && yield("b", 2) }
func main() {
	for i := range 2 {
		i := i * 10
		fmt.Print(i)
	}
	for k, v := range pairs {
		k := k + k
		v := v * 2
		fmt.Print(k, v)
	}
}`, "010aa2bb4"},
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

// TestExecCasesMatchGo checks the expected outputs of execCases against the
// Go toolchain running the original cells (about 5 s; skipped with -short).
func TestExecCasesMatchGo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command once per case")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to check the expected outputs: %v", err)
	}
	for _, tc := range execCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module cell\ngo 1.26\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"+tc.cell), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(gocmd, "run", ".")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOFLAGS=")
			out, err := cmd.CombinedOutput()
			if err != nil || string(out) != tc.want {
				t.Errorf("go run printed %q (%v), want %q", out, err, tc.want)
			}
		})
	}
}
