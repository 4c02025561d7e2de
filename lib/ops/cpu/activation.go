package cpu

import "math"

// Activation names an elementwise nonlinearity.
type Activation int

// The activations of ActivationForward and ActivationBackward.
const (
	ReLU      Activation = iota // max(x, 0)
	LeakyReLU                   // x for x > 0, alpha·x otherwise
	Tanh
	Sigmoid
)

// chunk is the element count one goroutine takes in elementwise kernels.
const chunk = 1 << 14

// elementwise runs f over [0,n) in chunks across goroutines.
func elementwise(n int, f func(lo, hi int)) {
	For((n+chunk-1)/chunk, func(_, lo, hi int) {
		f(lo*chunk, min(n, hi*chunk))
	})
}

// ActivationForward writes y = a(x); alpha is LeakyReLU's negative slope.
func ActivationForward[T Float](a Activation, alpha T, x, y []T) {
	elementwise(len(x), func(lo, hi int) {
		xs, ys := x[lo:hi], y[lo:hi]
		switch a {
		case ReLU:
			for i, v := range xs {
				ys[i] = max(v, 0)
			}
		case LeakyReLU:
			for i, v := range xs {
				if v < 0 {
					v *= alpha
				}
				ys[i] = v
			}
		case Tanh:
			for i, v := range xs {
				ys[i] = T(math.Tanh(float64(v)))
			}
		case Sigmoid:
			for i, v := range xs {
				ys[i] = T(1 / (1 + math.Exp(-float64(v))))
			}
		}
	})
}

// ActivationBackward writes dx = dy·a'(x), using the forward output y where
// that is cheaper (tanh, sigmoid).
func ActivationBackward[T Float](a Activation, alpha T, x, y, dy, dx []T) {
	elementwise(len(x), func(lo, hi int) {
		xs, ys, dys, dxs := x[lo:hi], y[lo:hi], dy[lo:hi], dx[lo:hi]
		switch a {
		case ReLU:
			for i, v := range xs {
				d := dys[i]
				if v <= 0 {
					d = 0
				}
				dxs[i] = d
			}
		case LeakyReLU:
			for i, v := range xs {
				d := dys[i]
				if v < 0 {
					d *= alpha
				}
				dxs[i] = d
			}
		case Tanh:
			for i, v := range ys {
				dxs[i] = dys[i] * (1 - v*v)
			}
		case Sigmoid:
			for i, v := range ys {
				dxs[i] = dys[i] * v * (1 - v)
			}
		}
	})
}
