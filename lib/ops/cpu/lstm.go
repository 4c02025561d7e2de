package cpu

import "math"

// LSTM cell kernels. gates is b×4h pre-activations in PyTorch's order
// (input i, forget f, cell g, output o); c' = σ(f)·c + σ(i)·tanh(g) and
// h' = σ(o)·tanh(c').

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// LSTMCellC writes c' from gates and the previous cell state c (b×h).
func LSTMCellC[T Float](b, h int, gates, c, cNext []T) {
	For(b, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			g := gates[r*4*h : (r+1)*4*h]
			for j := 0; j < h; j++ {
				i, f, gg := sigmoid(float64(g[j])), sigmoid(float64(g[h+j])), math.Tanh(float64(g[2*h+j]))
				cNext[r*h+j] = T(f*float64(c[r*h+j]) + i*gg)
			}
		}
	})
}

// LSTMCellH writes h' = σ(o)·tanh(c') from gates and c'.
func LSTMCellH[T Float](b, h int, gates, cNext, hNext []T) {
	For(b, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			og := gates[r*4*h+3*h : (r+1)*4*h]
			for j := 0; j < h; j++ {
				hNext[r*h+j] = T(sigmoid(float64(og[j])) * math.Tanh(float64(cNext[r*h+j])))
			}
		}
	})
}

// LSTMCellCGrads writes, from dc (the gradient of c'), the gradient of gates
// (the o block zero) and of the previous state c.
func LSTMCellCGrads[T Float](b, h int, gates, c, dc, dGates, dc0 []T) {
	For(b, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			g, dg := gates[r*4*h:(r+1)*4*h], dGates[r*4*h:(r+1)*4*h]
			for j := 0; j < h; j++ {
				i, f, gg := sigmoid(float64(g[j])), sigmoid(float64(g[h+j])), math.Tanh(float64(g[2*h+j]))
				d := float64(dc[r*h+j])
				dg[j] = T(d * gg * i * (1 - i))
				dg[h+j] = T(d * float64(c[r*h+j]) * f * (1 - f))
				dg[2*h+j] = T(d * i * (1 - gg*gg))
				dg[3*h+j] = 0
				dc0[r*h+j] = T(d * f)
			}
		}
	})
}

// LSTMCellHGrads writes, from dh (the gradient of h'), the gradient of gates
// (only the o block non-zero) and the part of c′'s gradient that flows
// through h'.
func LSTMCellHGrads[T Float](b, h int, gates, cNext, dh, dGates, dc []T) {
	For(b, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			g, dg := gates[r*4*h:(r+1)*4*h], dGates[r*4*h:(r+1)*4*h]
			clear(dg[:3*h])
			for j := 0; j < h; j++ {
				o, t := sigmoid(float64(g[3*h+j])), math.Tanh(float64(cNext[r*h+j]))
				d := float64(dh[r*h+j])
				dg[3*h+j] = T(d * t * o * (1 - o))
				dc[r*h+j] = T(d * o * (1 - t*t))
			}
		}
	})
}
