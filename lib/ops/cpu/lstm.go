package cpu

import "math"

// LSTM cell kernels. gates is b×4h pre-activations in PyTorch's order
// (input i, forget f, cell g, output o); c' = σ(f)·c + σ(i)·tanh(g) and
// h' = σ(o)·tanh(c'). The forward kernels save the activated gates in act
// (b×4h: σ(i), σ(f), tanh(g), σ(o)) and tanh(c') in tc (b×h), so the
// backward kernels need no transcendental functions.

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// LSTMCellC writes c' from gates and the previous cell state c (b×h), and
// the first three blocks of act.
func LSTMCellC[T Float](b, h int, gates, c, cNext, act []T) {
	For(b, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			g, a := gates[r*4*h:(r+1)*4*h], act[r*4*h:(r+1)*4*h]
			for j := 0; j < h; j++ {
				i, f, gg := T(sigmoid(float64(g[j]))), T(sigmoid(float64(g[h+j]))), T(math.Tanh(float64(g[2*h+j])))
				a[j], a[h+j], a[2*h+j] = i, f, gg
				cNext[r*h+j] = f*c[r*h+j] + i*gg
			}
		}
	})
}

// LSTMCellH writes h' = σ(o)·tanh(c') from gates and c', the last block of
// act, and tc = tanh(c').
func LSTMCellH[T Float](b, h int, gates, cNext, hNext, act, tc []T) {
	For(b, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			og, a := gates[r*4*h+3*h:(r+1)*4*h], act[r*4*h+3*h:(r+1)*4*h]
			for j := 0; j < h; j++ {
				o, t := T(sigmoid(float64(og[j]))), T(math.Tanh(float64(cNext[r*h+j])))
				a[j], tc[r*h+j] = o, t
				hNext[r*h+j] = o * t
			}
		}
	})
}

// LSTMCellCGrads writes, from dc (the gradient of c'), the gradient of gates
// (its o block zero) and of the previous state c.
func LSTMCellCGrads[T Float](b, h int, act, c, dc, dGates, dc0 []T) {
	For(b, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			a, dg := act[r*4*h:(r+1)*4*h], dGates[r*4*h:(r+1)*4*h]
			clear(dg[3*h:])
			for j := 0; j < h; j++ {
				i, f, gg := a[j], a[h+j], a[2*h+j]
				d := dc[r*h+j]
				dg[j] = d * gg * i * (1 - i)
				dg[h+j] = d * c[r*h+j] * f * (1 - f)
				dg[2*h+j] = d * i * (1 - gg*gg)
				dc0[r*h+j] = d * f
			}
		}
	})
}

// LSTMCellHGrads writes, from dh (the gradient of h'), the gradient of gates
// (only its o block non-zero) and the part of c′'s gradient that flows
// through h'.
func LSTMCellHGrads[T Float](b, h int, act, tc, dh, dGates, dc []T) {
	For(b, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			a, dg := act[r*4*h+3*h:(r+1)*4*h], dGates[r*4*h:(r+1)*4*h]
			clear(dg[:3*h])
			for j := 0; j < h; j++ {
				o, t := a[j], tc[r*h+j]
				d := dh[r*h+j]
				dg[3*h+j] = d * t * o * (1 - o)
				dc[r*h+j] = d * o * (1 - t*t)
			}
		}
	})
}
