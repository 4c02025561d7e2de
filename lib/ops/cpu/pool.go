package cpu

import "fmt"

// Pool2D is the geometry of 2-D pooling of n·C planes of H×W with a KH×KW
// window moved by SH×SW, no padding, output size rounded down as PyTorch's.
type Pool2D struct {
	H, W, KH, KW, SH, SW int
}

// OutH is the output height.
func (g Pool2D) OutH() int { return (g.H-g.KH)/g.SH + 1 }

// OutW is the output width.
func (g Pool2D) OutW() int { return (g.W-g.KW)/g.SW + 1 }

// Check reports a geometry no pooling can have.
func (g Pool2D) Check() error {
	switch {
	case g.KH < 1 || g.KW < 1 || g.SH < 1 || g.SW < 1:
		return fmt.Errorf("pool2d: window %dx%d and stride %dx%d must be positive", g.KH, g.KW, g.SH, g.SW)
	case g.KH > g.H || g.KW > g.W:
		return fmt.Errorf("pool2d: window %dx%d is larger than the input %dx%d", g.KH, g.KW, g.H, g.W)
	}
	return nil
}

// MaxPool2DForward writes the window maxima of planes×H×W x into y and the
// flat in-plane index of each maximum into arg (both planes×OutH×OutW).
func MaxPool2DForward[T Float](g Pool2D, planes int, x, y []T, arg []int32) {
	oh, ow := g.OutH(), g.OutW()
	hw, p := g.H*g.W, oh*ow
	For(planes, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			xp, yp, ap := x[pl*hw:(pl+1)*hw], y[pl*p:(pl+1)*p], arg[pl*p:(pl+1)*p]
			if g.KH == 2 && g.KW == 2 && g.SH == 2 && g.SW == 2 {
				maxPool2x2(g.W, oh, ow, xp, yp, ap)
				continue
			}
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					best := (i*g.SH)*g.W + j*g.SW
					for a := 0; a < g.KH; a++ {
						row := (i*g.SH+a)*g.W + j*g.SW
						for b := 0; b < g.KW; b++ {
							if xp[row+b] > xp[best] {
								best = row + b
							}
						}
					}
					yp[i*ow+j], ap[i*ow+j] = xp[best], int32(best)
				}
			}
		}
	})
}

// maxPool2x2 is MaxPool2DForward's inner loop for the common 2×2 window
// with stride 2, on one plane of width w.
func maxPool2x2[T Float](w, oh, ow int, x, y []T, arg []int32) {
	for i := 0; i < oh; i++ {
		r0, r1 := x[2*i*w:][:2*ow], x[(2*i+1)*w:][:2*ow]
		yr, ar := y[i*ow:][:ow], arg[i*ow:][:ow]
		for j := range yr {
			best, at := r0[2*j], 2*i*w+2*j
			if v := r0[2*j+1]; v > best {
				best, at = v, 2*i*w+2*j+1
			}
			if v := r1[2*j]; v > best {
				best, at = v, (2*i+1)*w+2*j
			}
			if v := r1[2*j+1]; v > best {
				best, at = v, (2*i+1)*w+2*j+1
			}
			yr[j], ar[j] = best, int32(at)
		}
	}
}

// MaxPool2DBackward routes each output gradient in dy to its maximum's input
// position in dx (planes×H×W, fully overwritten).
func MaxPool2DBackward[T Float](g Pool2D, planes int, dy []T, arg []int32, dx []T) {
	hw, p := g.H*g.W, g.OutH()*g.OutW()
	For(planes, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			dxp := dx[pl*hw : (pl+1)*hw]
			clear(dxp)
			for i, d := range dy[pl*p : (pl+1)*p] {
				dxp[arg[pl*p+i]] += d
			}
		}
	})
}

// AvgPool2DForward writes window means of x into y.
func AvgPool2DForward[T Float](g Pool2D, planes int, x, y []T) {
	oh, ow := g.OutH(), g.OutW()
	hw, p := g.H*g.W, oh*ow
	scale := 1 / T(g.KH*g.KW)
	For(planes, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			xp, yp := x[pl*hw:(pl+1)*hw], y[pl*p:(pl+1)*p]
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					var sum T
					for a := 0; a < g.KH; a++ {
						for _, v := range xp[(i*g.SH+a)*g.W+j*g.SW:][:g.KW] {
							sum += v
						}
					}
					yp[i*ow+j] = sum * scale
				}
			}
		}
	})
}

// AvgPool2DBackward spreads each output gradient evenly over its window.
func AvgPool2DBackward[T Float](g Pool2D, planes int, dy, dx []T) {
	oh, ow := g.OutH(), g.OutW()
	hw, p := g.H*g.W, oh*ow
	scale := 1 / T(g.KH*g.KW)
	For(planes, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			dxp, dyp := dx[pl*hw:(pl+1)*hw], dy[pl*p:(pl+1)*p]
			clear(dxp)
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					d := dyp[i*ow+j] * scale
					for a := 0; a < g.KH; a++ {
						row := dxp[(i*g.SH+a)*g.W+j*g.SW:][:g.KW]
						for b := range row {
							row[b] += d
						}
					}
				}
			}
		}
	})
}

// UpsampleForward repeats every pixel of planes×H×W x into a k×k block of y
// (planes×kH×kW): nearest-neighbour upsampling.
func UpsampleForward[T Float](planes, h, w, k int, x, y []T) {
	W := w * k
	For(planes, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			xp, yp := x[pl*h*w:(pl+1)*h*w], y[pl*h*w*k*k:(pl+1)*h*w*k*k]
			for i := 0; i < h; i++ {
				first := yp[i*k*W : i*k*W+W]
				for j, v := range xp[i*w : (i+1)*w] {
					for b := 0; b < k; b++ {
						first[j*k+b] = v
					}
				}
				for a := 1; a < k; a++ {
					copy(yp[(i*k+a)*W:], first)
				}
			}
		}
	})
}

// UpsampleBackward sums each k×k block of dy into one pixel of dx.
func UpsampleBackward[T Float](planes, h, w, k int, dy, dx []T) {
	W := w * k
	For(planes, func(_, lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			dyp, dxp := dy[pl*h*w*k*k:(pl+1)*h*w*k*k], dx[pl*h*w:(pl+1)*h*w]
			for i := 0; i < h; i++ {
				out := dxp[i*w : (i+1)*w]
				if k == 2 {
					r0, r1 := dyp[2*i*W:][:W], dyp[(2*i+1)*W:][:W]
					for j := range out {
						out[j] = r0[2*j] + r0[2*j+1] + r1[2*j] + r1[2*j+1]
					}
					continue
				}
				clear(out)
				for a := 0; a < k; a++ {
					row := dyp[(i*k+a)*W : (i*k+a+1)*W]
					for j := range out {
						for b := 0; b < k; b++ {
							out[j] += row[j*k+b]
						}
					}
				}
			}
		}
	})
}
