package engine

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain doubles as the child process of BenchmarkStartup: with
// GOPHERLAB_STARTUP=session it starts a Session and exits, with
// GOPHERLAB_STARTUP=bare it exits once the packages are initialised.
func TestMain(m *testing.M) {
	switch os.Getenv("GOPHERLAB_STARTUP") {
	case "session":
		s, err := New(Options{})
		if err != nil {
			os.Exit(1)
		}
		s.Close()
		os.Exit(0)
	case "bare":
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// BenchmarkStartup measures a process (this test binary, which links the
// same packages as the kernel: yaegi, the symbol tables, gorgonia, gonum,
// plot) from exec to a ready Session, and the same process exiting at once
// (bare) to show the Session's share.
func BenchmarkStartup(b *testing.B) {
	for _, mode := range []string{"bare", "session"} {
		b.Run(mode, func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(os.Args[0])
				cmd.Env = append(os.Environ(), "GOPHERLAB_STARTUP="+mode)
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

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

// BenchmarkTrivialCellCaptured is BenchmarkTrivialCell with fd capture, as
// the kernel runs: each cell also pays the flush of both pipes.
func BenchmarkTrivialCellCaptured(b *testing.B) {
	s, err := New(Options{CaptureFDs: true})
	if err != nil {
		b.Fatal(err)
	}
	out := newFake()
	ctx := context.Background()
	var failed error
	for b.Loop() {
		if _, err := s.Execute(ctx, `fmt.Println("x")`, out); err != nil {
			failed = err
			break
		}
	}
	s.Close() // before any report: the testing package writes to fd 1
	if failed != nil {
		b.Fatal(failed)
	}
	if !strings.HasPrefix(out.stream("stdout"), "x\n") {
		b.Fatalf("captured %q", out.stream("stdout")[:min(20, len(out.stream("stdout")))])
	}
}
