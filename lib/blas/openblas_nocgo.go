//go:build !cgo || !linux

package blas

// openblas is unavailable without cgo on Linux; gonum does everything.
type openblas struct{}

func loadOpenBLAS() *openblas { return nil }

func (*openblas) sgemm(bool, bool, int, int, int, float32, []float32, int, []float32, int, float32, []float32, int) {
}
func (*openblas) dgemm(bool, bool, int, int, int, float64, []float64, int, []float64, int, float64, []float64, int) {
}
func (*openblas) setThreads(int) {}
func (*openblas) threads() int   { return 0 }
func (*openblas) core() string   { return "" }
