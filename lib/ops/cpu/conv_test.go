package cpu

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// naiveConv is the definition of a convolution, for checking the fast paths.
func naiveConv(g Conv2D, n int, x, w []float64) []float64 {
	oh, ow := g.OutH(), g.OutW()
	y := make([]float64, n*g.O*oh*ow)
	for i := 0; i < n; i++ {
		for o := 0; o < g.O; o++ {
			for a := 0; a < oh; a++ {
				for b := 0; b < ow; b++ {
					var s float64
					for c := 0; c < g.C; c++ {
						for kh := 0; kh < g.KH; kh++ {
							for kw := 0; kw < g.KW; kw++ {
								ih, iw := a*g.SH-g.PH+kh, b*g.SW-g.PW+kw
								if ih >= 0 && ih < g.H && iw >= 0 && iw < g.W {
									s += x[((i*g.C+c)*g.H+ih)*g.W+iw] * w[((o*g.C+c)*g.KH+kh)*g.KW+kw]
								}
							}
						}
					}
					y[((i*g.O+o)*oh+a)*ow+b] = s
				}
			}
		}
	}
	return y
}

func randn(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = r.NormFloat64()
	}
	return s
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func near(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol*(1+math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestConvKernels checks forward against the definition, and both backward
// passes through the adjoint identities <dy, conv(x,w)> = <dx, x> = <dw, w>
// (convolution is bilinear), on geometries that exercise im2col, the flipped
// (col2im-first) path, strides, padding and 1×1 kernels.
func TestConvKernels(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, g := range []Conv2D{
		{C: 1, H: 9, W: 8, O: 4, KH: 3, KW: 3, SH: 1, SW: 1},
		{C: 6, H: 9, W: 8, O: 1, KH: 3, KW: 2, SH: 1, SW: 1, PH: 1, PW: 1},
		{C: 3, H: 8, W: 8, O: 5, KH: 4, KW: 4, SH: 2, SW: 2, PH: 1, PW: 1},
		{C: 5, H: 7, W: 6, O: 2, KH: 3, KW: 3, SH: 2, SW: 1, PH: 2, PW: 0},
		{C: 4, H: 5, W: 5, O: 3, KH: 1, KW: 1, SH: 1, SW: 1},
		{C: 2, H: 6, W: 6, O: 3, KH: 5, KW: 5, SH: 1, SW: 1, PH: 2, PW: 2},
		{C: 8, H: 6, W: 6, O: 1, KH: 5, KW: 5, SH: 1, SW: 1, PH: 4, PW: 4},
		{C: 9, H: 12, W: 11, O: 5, KH: 3, KW: 3, SH: 1, SW: 1, PH: 1, PW: 1},
		{C: 3, H: 10, W: 10, O: 4, KH: 2, KW: 3, SH: 1, SW: 1},
		{C: 16, H: 9, W: 9, O: 16, KH: 3, KW: 3, SH: 1, SW: 1, PH: 1, PW: 1},
		{C: 4, H: 10, W: 9, O: 16, KH: 4, KW: 4, SH: 2, SW: 2, PH: 1, PW: 1},
		{C: 5, H: 11, W: 8, O: 16, KH: 3, KW: 5, SH: 2, SW: 3, PH: 1, PW: 2},
	} {
		t.Run(fmt.Sprintf("%+v", g), func(t *testing.T) {
			if err := g.Check(); err != nil {
				t.Fatal(err)
			}
			if p, ok := g.plan(); ok {
				t.Logf("shifted: filter gradient, forward %t, backward data %t", g.strided() && p.c >= 16 && g.O >= 8, g.strided() && g.O >= 16 && p.c >= 8)
			}
			n := 3
			x, w := randn(r, n*g.C*g.H*g.W), randn(r, g.O*g.C*g.KH*g.KW)
			dy := randn(r, n*g.O*g.OutH()*g.OutW())
			var s Scratch[float64]
			y := make([]float64, len(dy))
			Conv2DForward(g, n, x, w, y, &s)
			want := naiveConv(g, n, x, w)
			near(t, "y", y, want, 1e-10)
			dx, dw := make([]float64, len(x)), make([]float64, len(w))
			Conv2DBackwardData(g, n, dy, w, dx, &s)
			Conv2DBackwardFilter(g, n, x, dy, dw, &s)
			ref := dot(dy, want)
			if d := dot(dx, x); math.Abs(d-ref) > 1e-9*(1+math.Abs(ref)) {
				t.Fatalf("<dx,x> = %v, <dy,y> = %v", d, ref)
			}
			if d := dot(dw, w); math.Abs(d-ref) > 1e-9*(1+math.Abs(ref)) {
				t.Fatalf("<dw,w> = %v, <dy,y> = %v", d, ref)
			}
			// The shifted kernels, whether or not the dispatch picks them.
			if p, ok := g.plan(); ok {
				ys := make([]float64, len(y))
				forwardShifted(p, n, x, w, ys, &s)
				near(t, "shifted y", ys, want, 1e-10)
				dxs := make([]float64, len(x))
				backwardDataShifted(p, n, dy, w, dxs, &s)
				near(t, "shifted dx", dxs, dx, 1e-10)
			}
			// dx must not depend on dx's old contents, nor y on y's.
			for i := range dx {
				dx[i] = math.NaN()
			}
			Conv2DBackwardData(g, n, dy, w, dx, &s)
			if d := dot(dx, x); math.Abs(d-ref) > 1e-9*(1+math.Abs(ref)) {
				t.Fatalf("dx depends on its previous contents")
			}
		})
	}
}
