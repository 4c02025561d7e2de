//go:build !race

// These tests keep an interpreted goroutine running while the interpreter
// executes more code (the next cell, or the next piece of the same cell).
// yaegi v0.16.1 then races on its own frames (interp/run.go:113 writes a
// frame's done field that interp/interp.go:132 reads without a lock;
// interp/run.go:1922 against interp/value.go:40), which the race detector
// reports although the engine is not involved; the rest of the suite runs
// under -race.

package engine

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestPanicInGoroutine(t *testing.T) {
	s := newSession(t)
	run(t, s, "kept := 1")
	_, out := run(t, s, "done := make(chan bool)\ngo func(n int) {\n\tdefer close(done)\n\tvar m map[string]int\n\tm[\"x\"] = n\n}(3)\n<-done\ntime.Sleep(20 * time.Millisecond)")
	if got := out.stream("stderr"); !strings.Contains(got, "panic in goroutine") {
		t.Errorf("stderr %q does not report the goroutine's panic", got)
	}
	if got, _ := run(t, s, "kept"); got != "1" {
		t.Errorf("state lost: %q", got)
	}
}

func TestGoStatementEvaluatesArgumentsAtGo(t *testing.T) {
	s := newSession(t)
	got, _ := run(t, s, `
results := make(chan int, 3)
func put(v int) { results <- v }
for i := 0; i < 3; i++ {
	go put(i * 10)
}
sum := 0
for i := 0; i < 3; i++ {
	sum += <-results
}
sum`)
	if got != "30" {
		t.Errorf("sum %q, want 30", got)
	}
}

// TestGoStatementForms runs the usual goroutine patterns through the
// go statement rewrite.
func TestGoStatementForms(t *testing.T) {
	tests := []cellCase{
		{"WaitGroup and pointer arg", []string{"var wg sync.WaitGroup\nvar mu sync.Mutex\ntotal := 0\nfunc worker(i int, wg *sync.WaitGroup) { defer wg.Done(); mu.Lock(); total += i; mu.Unlock() }\nfor i := 1; i <= 4; i++ { wg.Add(1); go worker(i, &wg) }\nwg.Wait()\ntotal"}, "10"},
		{"method value", []string{"var wg sync.WaitGroup\nwg.Add(1)\ngo wg.Done()\nwg.Wait()\n\"ok\""}, `"ok"`},
		{"variadic", []string{"ch := make(chan int)\nfunc sum(c chan int, xs ...int) { s := 0; for _, x := range xs { s += x }; c <- s }\nnums := []int{1, 2, 3}\ngo sum(ch, nums...)\n<-ch"}, "6"},
		{"untyped constant of an earlier cell", []string{"const K = 3", "func half(x float64, c chan float64) { c <- x / 2 }\ncf := make(chan float64)\ngo half(K, cf)\n<-cf"}, "1.5"},
	}
	runCellCases(t, tests)
}

// TestOutputBetweenCells: what a goroutine prints after its cell ended goes
// to that cell's Output until the next cell starts.
func TestOutputBetweenCells(t *testing.T) {
	s := newSession(t)
	_, first := run(t, s, "go func() {\n\ttime.Sleep(30 * time.Millisecond)\n\tfmt.Println(\"late\")\n}()")
	time.Sleep(150 * time.Millisecond)
	_, second := run(t, s, "1")
	if got := first.stream("stdout"); got != "late\n" {
		t.Errorf("first cell got %q", got)
	}
	if got := second.stream("stdout"); got != "" {
		t.Errorf("second cell got %q", got)
	}
}

// TestCaptureGoroutines: with fd capture, a goroutine's output arrives
// before Execute returns when the cell waits for it, and afterwards under
// the cell that started it.
func TestCaptureGoroutines(t *testing.T) {
	inCaptureChild(t, "TestCaptureGoroutines", func(s *Session, check captureCheck) string {
		check("done := make(chan bool)\ngo func() { fmt.Println(\"from goroutine\"); close(done) }()\n<-done", "from goroutine\n", "")
		late := newFake()
		if _, err := s.Execute(context.Background(), "go func() { time.Sleep(30 * time.Millisecond); fmt.Println(\"late\") }()", late); err != nil {
			return err.Error()
		}
		time.Sleep(150 * time.Millisecond)
		check("1", "", "")
		if got := late.stream("stdout"); got != "late\n" {
			return "late output: " + got
		}
		return ""
	})
}
