package cpu

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"

	libblas "github.com/gopherlab/gopherlab/lib/blas"
)

// Float is the element type of every kernel.
type Float interface{ ~float32 | ~float64 }

// Workers is how many goroutines For uses for n items.
func Workers(n int) int {
	return max(1, min(n, runtime.GOMAXPROCS(0)))
}

// For splits [0,n) into Workers(n) contiguous ranges and runs f on each in its
// own goroutine (the last on the caller's), returning when all are done.
func For(n int, f func(worker, lo, hi int)) {
	w := Workers(n)
	if w == 1 {
		f(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for i := 0; i < w-1; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i, i*n/w, (i+1)*n/w)
		}()
	}
	f(w-1, (w-1)*n/w, n)
	wg.Wait()
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// Gemm computes row-major C = alpha*op(A)*op(B) + beta*C through lib/blas.
func Gemm[T Float](tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	switch a := any(a).(type) {
	case []float32:
		libblas.Serial.Sgemm(trans(tA), trans(tB), m, n, k, float32(alpha), a, lda, any(b).([]float32), ldb, float32(beta), any(c).([]float32), ldc)
	case []float64:
		libblas.Serial.Dgemm(trans(tA), trans(tB), m, n, k, float64(alpha), a, lda, any(b).([]float64), ldb, float64(beta), any(c).([]float64), ldc)
	}
}

// Scratch holds per-worker buffers reused across calls. The zero value is
// ready to use; one Scratch must not be used by two calls at once.
type Scratch[T Float] struct {
	slots [][][]T // slot, worker
}

// reserve makes room for slots×workers buffers; it must run before workers
// call buf concurrently.
func (s *Scratch[T]) reserve(slots, workers int) {
	for len(s.slots) < slots {
		s.slots = append(s.slots, nil)
	}
	for i := range s.slots {
		for len(s.slots[i]) < workers {
			s.slots[i] = append(s.slots[i], nil)
		}
	}
}

// buf returns worker's buffer in slot, of length n, with unspecified contents.
func (s *Scratch[T]) buf(slot, worker, n int) []T {
	b := s.slots[slot][worker]
	if cap(b) < n {
		b = make([]T, n)
		s.slots[slot][worker] = b
	}
	return b[:n]
}
