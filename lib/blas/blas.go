package blas

import (
	"fmt"
	"math"
	"os"
	"runtime"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gorgonia.org/gorgonia"
)

// Implementation satisfies gonum's blas.Float32, blas.Float64, blas.Complex64
// and blas.Complex128 (gorgonia.BLAS). Sgemm and Dgemm go to OpenBLAS when it
// is loaded; every other routine is gonum's.
type Implementation struct {
	gonum.Implementation
}

// Impl is the process-wide implementation; gorgonia uses it from init.
var Impl Implementation

var _ gorgonia.BLAS = Impl

// native is the loaded OpenBLAS, or nil when gonum does everything.
var native *openblas

func init() {
	if os.Getenv("GOPHERLAB_BLAS") != "gonum" {
		native = loadOpenBLAS()
	}
	if native != nil {
		SetThreads(max(1, runtime.GOMAXPROCS(0)/2))
	}
	gorgonia.Use(Impl)
}

// Backend names the active backend: "openblas" or "gonum".
func Backend() string {
	if native != nil {
		return "openblas"
	}
	return "gonum"
}

// Info describes the active backend for humans, e.g. "openblas SkylakeX, 1 thread".
func Info() string {
	if native == nil {
		return "gonum (pure Go)"
	}
	return fmt.Sprintf("openblas %s, %d thread(s)", native.core(), native.threads())
}

// SetThreads sets how many threads OpenBLAS may use for one call. It does
// nothing under the gonum backend (gonum's gemm picks its own parallelism).
func SetThreads(n int) {
	if native != nil && n > 0 {
		native.setThreads(n)
	}
}

// Threads reports OpenBLAS's thread count, or 0 under the gonum backend.
func Threads() int {
	if native == nil {
		return 0
	}
	return native.threads()
}

// Sgemm computes C = alpha * op(A) * op(B) + beta * C for row-major float32
// matrices, where op(A) is m×k, op(B) is k×n and C is m×n.
func (Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if native == nil || !gemmArgsOK(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) || m == 0 || n == 0 {
		// gonum panics with its own messages on bad arguments and handles empty products.
		gonum.Implementation{}.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	native.sgemm(tA == blas.Trans || tA == blas.ConjTrans, tB == blas.Trans || tB == blas.ConjTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dgemm is Sgemm for float64.
func (Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if native == nil || !gemmArgsOK(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc) || m == 0 || n == 0 {
		gonum.Implementation{}.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	native.dgemm(tA == blas.Trans || tA == blas.ConjTrans, tB == blas.Trans || tB == blas.ConjTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
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
