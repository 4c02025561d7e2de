package cpu

import (
	"math/rand"
	"testing"
)

// BenchmarkFilterGrad compares the im2col and shifted filter gradients on
// the second convolution of bench/train.sh's ae model (batch 16 of 32×34×34,
// one 7×7 filter).
func BenchmarkFilterGrad(b *testing.B) {
	g := Conv2D{C: 32, H: 34, W: 34, O: 1, KH: 7, KW: 7, SH: 1, SW: 1}
	const n = 16
	r := rand.New(rand.NewSource(1))
	x := make([]float32, n*g.C*g.H*g.W)
	dy := make([]float32, n*g.O*g.OutH()*g.OutW())
	for i := range x {
		x[i] = r.Float32()
	}
	for i := range dy {
		dy[i] = r.Float32()
	}
	dw := make([]float32, g.O*g.C*g.kk())
	var s Scratch[float32]
	b.Run("im2col", func(b *testing.B) {
		for b.Loop() {
			filterGradIm2col(g, n, x, dy, dw, &s)
		}
	})
	b.Run("shifted", func(b *testing.B) {
		for b.Loop() {
			filterGradShifted(g, n, x, dy, dw, &s)
		}
	})
}
