package engine

import (
	"context"
	"sync"
	"testing"
)

// TestCompleteWhileRunning asks for completions and inspections while a
// cell runs and defines names (run with -race).
func TestCompleteWhileRunning(t *testing.T) {
	s := newSession(t)
	run(t, s, "type T struct{ A int }\nv := T{}")
	var wg sync.WaitGroup
	wg.Add(1)
	stop := make(chan struct{})
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				s.Complete("v.", 2)
				s.Complete("w", 1)
				s.Inspect("v.A", 2, 0)
			}
		}
	}()
	for i := 0; i < 20; i++ {
		if _, err := s.Execute(context.Background(), "w := 0\nfor j := range 1000 { w += j }\ntype U struct{ B int }\nu := U{w}", newFake()); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}
