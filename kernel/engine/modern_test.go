package engine

import (
	"context"
	"errors"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSelectorQualifiers(t *testing.T) {
	got := selectorQualifiers("x := strings.ToUpper(a.b.c)\nslices.Sort(xs); strings.Repeat(\"s.t\", 1) // c.d")
	if want := []string{"strings", "a", "slices"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestModernWithoutImports checks that the rewrites that need types apply
// to cells that use auto-imported packages without importing them.
func TestModernWithoutImports(t *testing.T) {
	s := newSession(t)
	got, _ := run(t, s, "xs := []float64{3, 1, 2}\nslices.Sort(xs)\nvar ks []string = slices.Sorted(maps.Keys(map[string]int{\"b\": 1, \"a\": 2}))\nfmt.Sprint(xs, ks, slices.Max(xs))")
	if want := `"[1 2 3] [a b] 3"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestModernModuleTypes checks the rewrites that need types on values of
// preloaded module packages, whose types come from kernel/typesdata: yaegi
// panics on each of these cells as written.
func TestModernModuleTypes(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ cell, want string }{
		// range over an int field of a gonum value
		{"m := mat.NewDense(2, 3, nil)\nn := 0\nfor i := range m.RawMatrix().Rows { n += 10 + i }\nn", "21"},
		// range over an int result of a gonum method
		{"rows, cols := m.Dims()\nk := 0\nfor j := range cols { k += j }\nfmt.Sprint(rows, k)", `"2 3"`},
		// a generic std function on a gonum value's field
		{"d := mat.NewDense(1, 3, []float64{3, 1, 2}).RawMatrix().Data\nslices.Sort(d)\nfmt.Sprint(d, slices.Max(d))", `"[1 2 3] 3"`},
		// a user's generic function inferred through a core type
		{"func sum[S ~[]E, E int | float64](s S) E { var t E; for _, v := range s { t += v }; return t }", ""},
		{"sum(mat.NewDense(1, 3, []float64{1, 2, 3}).RawMatrix().Data)", "6"},
	} {
		if got, _ := run(t, s, c.cell); got != c.want {
			t.Errorf("cell\n%s\ngot %s, want %s", c.cell, got, c.want)
		}
	}

	// Without the module packages' types the first cell fails, so the
	// cases above test something.
	s = newSession(t)
	s.modern.r.Importer = stdOnly{s.modern.r.Importer}
	if _, err := s.Execute(context.Background(), "m := mat.NewDense(2, 3, nil)\nfor i := range m.RawMatrix().Rows { _ = i }", newFake()); err == nil {
		t.Error("the range over a gonum field ran without the module's types")
	}
}

// stdOnly hides the module packages from an importer.
type stdOnly struct{ types.Importer }

func (i stdOnly) Import(path string) (*types.Package, error) {
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		return nil, errors.New("hidden")
	}
	return i.Importer.Import(path)
}

// TestModernRunsNoGoCommand runs cells whose rewrites need standard and
// module types with a PATH whose only go command records that it ran and
// fails: the types must come from the binary.
func TestModernRunsNoGoCommand(t *testing.T) {
	dir := t.TempDir()
	ran := filepath.Join(dir, "ran")
	fake := "#!/bin/sh\necho \"$@\" >> " + ran + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	s := newSession(t)
	got, _ := run(t, s, "import \"strings\"\nxs := []string{\"b\", \"a\"}\nslices.Sort(xs)\nm := mat.NewDense(2, 2, nil)\nn := 0\nfor i := range m.RawMatrix().Cols { n += i + 1 }\nfmt.Sprint(strings.Join(xs, \"\"), n)")
	if want := `"ab3"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if b, err := os.ReadFile(ran); err == nil {
		t.Errorf("the session ran the go command: go %s", b)
	}
}

// BenchmarkFirstCell is a fresh session's first cell, run at once: its
// rewrite reads the types of the packages it uses (fmt, slices) from
// kernel/typesdata.
func BenchmarkFirstCell(b *testing.B) {
	for b.Loop() {
		s, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Execute(context.Background(), "xs := []int{2, 1}\nslices.Sort(xs)\nfor i := range 3 { _ = i }", newFake()); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
