package optim_test

import (
	"testing"

	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"gorgonia.org/tensor"
)

// One Adam update of a million float32 parameters.
func BenchmarkAdamStep(b *testing.B) {
	const n = 1 << 20
	w, g := make([]float32, n), make([]float32, n)
	for i := range g {
		g[i] = float32(i%7) - 3
	}
	p := &nn.Param{Name: "w", Value: tensor.New(tensor.WithShape(n), tensor.WithBacking(w)),
		Grad: tensor.New(tensor.WithShape(n), tensor.WithBacking(g))}
	opt := optim.Adam(1e-3)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := opt.Step([]*nn.Param{p}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/param")
}
