package parallel

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

func TestForVisitsEachIndexOnce(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 4}, {1, 4}, {10, 3}, {7, 0}, {5, 8}} {
		seen := make([]int32, tc.n)
		var bodies atomic.Int32
		err := For(tc.n, tc.workers, func() func(int) error {
			bodies.Add(1)
			return func(i int) error { atomic.AddInt32(&seen[i], 1); return nil }
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("n=%d workers=%d: index %d visited %d times", tc.n, tc.workers, i, c)
			}
		}
		if want := max(1, min(tc.workers, tc.n)); int(bodies.Load()) != want {
			t.Fatalf("n=%d workers=%d: %d bodies, want %d", tc.n, tc.workers, bodies.Load(), want)
		}
	}
}

// Each worker's body keeps its own state: a counter shared between
// goroutines would be raced and overcounted.
func TestForBodyStateIsPerWorker(t *testing.T) {
	var total atomic.Int32
	err := For(100, 4, func() func(int) error {
		count := 0
		return func(i int) error {
			count++
			if i >= 96 { // each worker's last index
				total.Add(int32(count))
			}
			return nil
		}
	})
	if err != nil || total.Load() != 100 {
		t.Fatalf("per-worker counts sum to %d (err %v), want 100", total.Load(), err)
	}
}

func TestForJoinsErrorsAndStopsTheWorker(t *testing.T) {
	var after atomic.Int32
	err := For(10, 2, func() func(int) error {
		return func(i int) error {
			if i >= 4 {
				after.Add(1)
			}
			if i == 2 || i == 3 {
				return fmt.Errorf("bad %d", i)
			}
			return nil
		}
	})
	for _, want := range []string{"bad 2", "bad 3"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v does not mention %q", err, want)
		}
	}
	if after.Load() != 0 {
		t.Fatalf("workers went on to %d more indices after failing", after.Load())
	}
}
