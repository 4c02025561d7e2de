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
	p, ok := g.plan()
	if !ok {
		b.Fatal("no shift plan")
	}
	b.Run("shifted", func(b *testing.B) {
		for b.Loop() {
			filterGradShifted(p, n, x, dy, dw, &s)
		}
	})
}

// BenchmarkConvPaths compares the shifted kernels with im2col/col2im on a
// stride-2 DCGAN layer and a stride-1 3×3 layer (batch 8).
func BenchmarkConvPaths(b *testing.B) {
	const n = 8
	for _, c := range []struct {
		name string
		g    Conv2D
	}{
		{"s2-64to128-32px", Conv2D{C: 64, H: 32, W: 32, O: 128, KH: 4, KW: 4, SH: 2, SW: 2, PH: 1, PW: 1}},
		{"s1-64to64-32px", Conv2D{C: 64, H: 32, W: 32, O: 64, KH: 3, KW: 3, SH: 1, SW: 1, PH: 1, PW: 1}},
	} {
		g := c.g
		r := rand.New(rand.NewSource(1))
		x := make([]float32, n*g.C*g.H*g.W)
		w := make([]float32, g.O*g.C*g.kk())
		y := make([]float32, n*g.O*g.OutH()*g.OutW())
		for _, s := range [][]float32{x, w, y} {
			for i := range s {
				s[i] = r.Float32()
			}
		}
		p, _ := g.plan()
		var s Scratch[float32]
		for _, k := range []struct {
			name string
			f    func()
		}{
			{"forward/im2col", func() { convForward(g, n, x, w, y, &s) }},
			{"forward/shifted", func() { forwardShifted(p, n, x, w, y, &s) }},
			{"data/col2im", func() { convBackwardData(g, n, y, w, x, &s) }},
			{"data/shifted", func() { backwardDataShifted(p, n, y, w, x, &s) }},
			{"filter/im2col", func() { filterGradIm2col(g, n, x, y, w, &s) }},
			{"filter/shifted", func() { filterGradShifted(p, n, x, y, w, &s) }},
		} {
			b.Run(c.name+"/"+k.name, func(b *testing.B) {
				for b.Loop() {
					k.f()
				}
			})
		}
	}
}
