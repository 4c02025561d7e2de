package engine

import (
	"context"
	"slices"
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

// TestStdImporterRejectsModules keeps module paths away from the go
// command (which would search for them on every cell).
func TestStdImporterRejectsModules(t *testing.T) {
	i := &stdImporter{failed: map[string]error{}}
	if _, err := i.Import("gonum.org/v1/gonum/mat"); err == nil {
		t.Error("a module path was imported")
	}
}

// BenchmarkFirstCell is a fresh session's first cell, run at once: it
// waits for the background type warm-up (one go list), which a user who
// types the cell after start does not.
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
