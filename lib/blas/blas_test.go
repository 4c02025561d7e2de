package blas

import (
	"fmt"
	"math/rand"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

func randSlice[T float32 | float64](r *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(r.NormFloat64())
	}
	return s
}

// TestGemmMatchesGonum checks every transpose combination, strided leading
// dimensions and beta accumulation against gonum's reference results, for a
// small product and for large ones that Impl splits by rows and by columns.
func TestGemmMatchesGonum(t *testing.T) {
	t.Logf("backend %s", Info())
	r := rand.New(rand.NewSource(1))
	for _, size := range [][3]int{{37, 29, 41}, {300, 17, 260}, {9, 400, 300}} {
		m, n, k := size[0], size[1], size[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				rowsA, colsA := m, k
				if tA == blas.Trans {
					rowsA, colsA = k, m
				}
				rowsB, colsB := k, n
				if tB == blas.Trans {
					rowsB, colsB = n, k
				}
				lda, ldb, ldc := colsA+3, colsB+1, n+2
				a32, b32 := randSlice[float32](r, rowsA*lda), randSlice[float32](r, rowsB*ldb)
				c32 := randSlice[float32](r, m*ldc)
				want32 := append([]float32(nil), c32...)
				Impl.Sgemm(tA, tB, m, n, k, 1.5, a32, lda, b32, ldb, 0.5, c32, ldc)
				gonum.Implementation{}.Sgemm(tA, tB, m, n, k, 1.5, a32, lda, b32, ldb, 0.5, want32, ldc)
				for i := range c32 {
					if d := c32[i] - want32[i]; d > 1e-3 || d < -1e-3 {
						t.Fatalf("Sgemm %v %c%c: c[%d]=%v, gonum %v", size, tA, tB, i, c32[i], want32[i])
					}
				}
				a64, b64 := randSlice[float64](r, rowsA*lda), randSlice[float64](r, rowsB*ldb)
				c64 := randSlice[float64](r, m*ldc)
				want64 := append([]float64(nil), c64...)
				Serial.Dgemm(tA, tB, m, n, k, -2, a64, lda, b64, ldb, 1, c64, ldc)
				gonum.Implementation{}.Dgemm(tA, tB, m, n, k, -2, a64, lda, b64, ldb, 1, want64, ldc)
				Impl.Dgemm(tA, tB, m, n, k, -2, a64, lda, b64, ldb, 1, c64, ldc)
				gonum.Implementation{}.Dgemm(tA, tB, m, n, k, -2, a64, lda, b64, ldb, 1, want64, ldc)
				for i := range c64 {
					if d := c64[i] - want64[i]; d > 1e-9 || d < -1e-9 {
						t.Fatalf("Dgemm %v %c%c: c[%d]=%v, gonum %v", size, tA, tB, i, c64[i], want64[i])
					}
				}
			}
		}
	}
}

// TestGemmShortSlicePanics checks that a matrix overrunning its slice is
// rejected in Go (gonum's panic) instead of reaching C.
func TestGemmShortSlicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Sgemm with a short A did not panic")
		}
	}()
	a, b, c := make([]float32, 5), make([]float32, 6), make([]float32, 4)
	Impl.Sgemm(blas.NoTrans, blas.NoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)
}

func TestOpenBLASLoadedWhenInstalled(t *testing.T) {
	if Backend() != "openblas" && haveOpenBLAS() {
		t.Fatal("libopenblas.so.0 is installed but the gonum backend is active")
	}
}

// BenchmarkSgemm512 reports GFLOP/s of a 512×512×512 Sgemm for OpenBLAS on
// one goroutine (Serial) and split over GOMAXPROCS (Impl), and for gonum's
// pure Go.
func BenchmarkSgemm512(b *testing.B) {
	const n = 512
	r := rand.New(rand.NewSource(1))
	x, y, z := randSlice[float32](r, n*n), randSlice[float32](r, n*n), make([]float32, n*n)
	run := func(name string, impl blas.Float32) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				impl.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, x, n, y, n, 0, z, n)
			}
			b.ReportMetric(2*n*n*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
	if Backend() == "openblas" {
		run("openblas/serial", Serial)
		run(fmt.Sprintf("openblas/split=%d", runtime.GOMAXPROCS(0)), Impl)
	}
	run("gonum", gonum.Implementation{})
}
