package parallel

import (
	"errors"
	"sync"
)

// For calls a body for every index in [0, n), spread over at most workers
// goroutines; worker w handles w, w+workers, w+2*workers and so on. Each
// goroutine gets its own body from newBody, so a body may keep scratch
// state between its calls. A worker stops at its first error; For waits
// for all and returns their errors joined.
func For(n, workers int, newBody func() func(i int) error) error {
	workers = min(workers, n)
	if workers < 1 {
		workers = 1
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := newBody()
			for i := w; i < n; i += workers {
				if err := body(i); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
