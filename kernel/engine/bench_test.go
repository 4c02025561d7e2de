package engine

import (
	"context"
	"testing"
)

// BenchmarkNew measures a Session ready with every preloaded package
// (symbol tables are loaded at process start by package init; this is the
// interpreter's share).
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		s, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkTrivialCell measures Execute of a one-line cell with a value,
// the engine's share of a trivial cell's round trip.
func BenchmarkTrivialCell(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	out := newFake()
	ctx := context.Background()
	if _, err := s.Execute(ctx, "x := 1", out); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Execute(ctx, "x + 1", out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrintCell measures a cell that prints (a void call).
func BenchmarkPrintCell(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	out := newFake()
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Execute(ctx, `fmt.Println("hi")`, out); err != nil {
			b.Fatal(err)
		}
	}
}
