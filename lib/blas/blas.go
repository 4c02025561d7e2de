package blas

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gorgonia.org/gorgonia"
)

// Implementation satisfies gonum's blas.Float32, blas.Float64, blas.Complex64
// and blas.Complex128 (gorgonia.BLAS). Sgemm and Dgemm go to OpenBLAS when it
// is loaded; every other routine is gonum's.
type Implementation struct {
	gonum.Implementation
	serial bool
}

// Impl is the process-wide implementation; gorgonia uses it from init. It
// splits a large product into GOMAXPROCS blocks of rows (or columns), each a
// single-threaded OpenBLAS call on its own goroutine: Go schedules that work
// together with the rest of the program, where OpenBLAS's own thread pool
// would compete with it for the cores.
var Impl = Implementation{}

// Serial is Impl without the splitting, for callers that already run
// products in parallel (lib/ops/cpu does one per sample per goroutine).
var Serial = Implementation{serial: true}

// minSplit is the multiply-add count from which Impl splits a product.
const minSplit = 1 << 20

var _ gorgonia.BLAS = Impl

// native returns the loaded OpenBLAS, or nil when gonum does everything.
// OpenBLAS is opened on first use, not at init: dlopen and its thread setup
// cost milliseconds that a program (the kernel's start) should pay only
// when it multiplies matrices.
var native = sync.OnceValue(func() *openblas {
	if os.Getenv("GOPHERLAB_BLAS") == "gonum" {
		return nil
	}
	ob := loadOpenBLAS()
	if ob != nil {
		ob.setThreads(1) // Impl parallelizes in Go, see there
	}
	return ob
})

// Registering Impl is cheap; it loads nothing until gorgonia multiplies.
func init() { gorgonia.Use(Impl) }

// Backend names the active backend: "openblas" or "gonum".
func Backend() string {
	if native() != nil {
		return "openblas"
	}
	return "gonum"
}

// Info describes the active backend for humans, e.g. "openblas SkylakeX, 1 thread".
func Info() string {
	ob := native()
	if ob == nil {
		return "gonum (pure Go)"
	}
	return fmt.Sprintf("openblas %s, %d thread(s)", ob.core(), ob.threads())
}

// SetThreads sets how many threads OpenBLAS may use for one call. It does
// nothing under the gonum backend (gonum's gemm picks its own parallelism).
func SetThreads(n int) {
	if ob := native(); ob != nil && n > 0 {
		ob.setThreads(n)
	}
}

// Threads reports OpenBLAS's thread count, or 0 under the gonum backend.
func Threads() int {
	ob := native()
	if ob == nil {
		return 0
	}
	return ob.threads()
}

// Sgemm computes C = alpha * op(A) * op(B) + beta * C for row-major float32
// matrices, where op(A) is m×k, op(B) is k×n and C is m×n.
func (im Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	ob := native()
	if ob == nil || !gemmArgsOK(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) || m == 0 || n == 0 {
		// gonum panics with its own messages on bad arguments and handles empty products.
		gonum.Implementation{}.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	ta, tb := tA != blas.NoTrans, tB != blas.NoTrans
	split(im.serial, ta, tb, m, n, k, a, lda, b, ldb, c, ldc, func(m, n int, a, b, c []float32) {
		ob.sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	})
}

// Dgemm is Sgemm for float64.
func (im Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ob := native()
	if ob == nil || !gemmArgsOK(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) || m == 0 || n == 0 {
		gonum.Implementation{}.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	ta, tb := tA != blas.NoTrans, tB != blas.NoTrans
	split(im.serial, ta, tb, m, n, k, a, lda, b, ldb, c, ldc, func(m, n int, a, b, c []float64) {
		ob.dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	})
}

// split runs call on the whole product, or, unless serial or small, on
// blocks of C's rows (or columns, when C is wide) on GOMAXPROCS goroutines,
// passing each block's m, n and the slices where its A, B and C start.
func split[T float32 | float64](serial, tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int, call func(m, n int, a, b, c []T)) {
	w := runtime.GOMAXPROCS(0)
	if serial || w == 1 || m*n*k < minSplit {
		call(m, n, a, b, c)
		return
	}
	var wg sync.WaitGroup
	block := func(i, w, size int, f func(lo, hi int)) {
		lo, hi := i*size/w, (i+1)*size/w
		if i == w-1 {
			f(lo, hi)
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	if m >= n {
		w = min(w, m)
		for i := range w {
			block(i, w, m, func(lo, hi int) {
				off := lo * lda // row lo of op(A)
				if tA {
					off = lo
				}
				call(hi-lo, n, a[off:], b, c[lo*ldc:])
			})
		}
	} else {
		w = min(w, n)
		for i := range w {
			block(i, w, n, func(lo, hi int) {
				off := lo // column lo of op(B)
				if tB {
					off = lo * ldb
				}
				call(m, hi-lo, a, b[off:], c[lo:])
			})
		}
	}
	wg.Wait()
}

// gemmArgsOK reports whether a gemm call is well formed and every matrix lies
// inside its slice, so that the C library never reads or writes out of bounds.
func gemmArgsOK(tA, tB blas.Transpose, m, n, k, la, lda, lb, ldb, lc, ldc int) bool {
	okT := func(t blas.Transpose) bool {
		return t == blas.NoTrans || t == blas.Trans || t == blas.ConjTrans
	}
	if !okT(tA) || !okT(tB) || m < 0 || n < 0 || k < 0 || k == 0 {
		return false
	}
	rowsA, colsA := m, k
	if tA != blas.NoTrans {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if tB != blas.NoTrans {
		rowsB, colsB = n, k
	}
	fits := func(rows, cols, ld, l int) bool {
		return ld >= max(1, cols) && (rows == 0 || l >= (rows-1)*ld+cols)
	}
	return fits(rowsA, colsA, lda, la) && fits(rowsB, colsB, ldb, lb) && fits(m, n, ldc, lc) &&
		fitsInt32(m, n, k, lda, ldb, ldc)
}

// fitsInt32 reports whether all sizes fit OpenBLAS's 32-bit integers.
func fitsInt32(xs ...int) bool {
	for _, x := range xs {
		if x > math.MaxInt32 {
			return false
		}
	}
	return true
}
