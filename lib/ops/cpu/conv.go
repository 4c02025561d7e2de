package cpu

import "fmt"

// Conv2D is the geometry of a 2-D convolution of one sample: input C×H×W,
// weights O×C×KH×KW, stride SH×SW, zero padding PH×PW on each side.
type Conv2D struct {
	C, H, W        int
	O, KH, KW      int
	SH, SW, PH, PW int
}

// strided reports a stride above 1. The shifted kernels beat im2col there
// (by about 12% on a DCGAN layer); with stride 1 only the filter gradient
// gains (see BenchmarkConvPaths).
func (g Conv2D) strided() bool { return g.SH > 1 || g.SW > 1 }

// OutH is the output height.
func (g Conv2D) OutH() int { return (g.H+2*g.PH-g.KH)/g.SH + 1 }

// OutW is the output width.
func (g Conv2D) OutW() int { return (g.W+2*g.PW-g.KW)/g.SW + 1 }

// Check reports a geometry no convolution can have.
func (g Conv2D) Check() error {
	switch {
	case g.C < 1 || g.H < 1 || g.W < 1 || g.O < 1 || g.KH < 1 || g.KW < 1:
		return fmt.Errorf("conv2d: sizes must be positive, got input %dx%dx%d, %d filters of %dx%d", g.C, g.H, g.W, g.O, g.KH, g.KW)
	case g.SH < 1 || g.SW < 1:
		return fmt.Errorf("conv2d: stride must be at least 1, got %dx%d", g.SH, g.SW)
	case g.PH < 0 || g.PW < 0:
		return fmt.Errorf("conv2d: padding must be non-negative, got %dx%d", g.PH, g.PW)
	case g.H+2*g.PH < g.KH || g.W+2*g.PW < g.KW:
		return fmt.Errorf("conv2d: kernel %dx%d is larger than the padded input %dx%d; pad more or use a smaller kernel", g.KH, g.KW, g.H+2*g.PH, g.W+2*g.PW)
	}
	return nil
}

func (g Conv2D) kk() int { return g.KH * g.KW }

// pointwise reports whether g is a 1×1 convolution with unit stride and no
// padding, which is one gemm per sample with no im2col.
func (g Conv2D) pointwise() bool {
	return g.KH == 1 && g.KW == 1 && g.SH == 1 && g.SW == 1 && g.PH == 0 && g.PW == 0
}

// flipped is the convolution whose forward pass is g's backward-data pass
// (and whose backward-data pass is g's forward) when g has stride 1: it maps
// g's output (O channels, OutH×OutW) to g's input size with the kernel
// rotated 180° and channels swapped, padding K-1-P. ok is false when g has a
// stride or padding it cannot express.
func (g Conv2D) flipped() (f Conv2D, ok bool) {
	if g.SH != 1 || g.SW != 1 || g.PH > g.KH-1 || g.PW > g.KW-1 {
		return Conv2D{}, false
	}
	return Conv2D{C: g.O, H: g.OutH(), W: g.OutW(), O: g.C, KH: g.KH, KW: g.KW, SH: 1, SW: 1, PH: g.KH - 1 - g.PH, PW: g.KW - 1 - g.PW}, true
}

// colFirst reports whether gathering g's input into columns (im2col, size
// C·KH·KW·OutH·OutW) is cheaper than scattering its output rows (col2im, size
// O·KH·KW·H·W); both compute the same product with one gemm.
func (g Conv2D) colFirst() bool {
	return g.C*g.OutH()*g.OutW() <= g.O*g.H*g.W
}

// flipWeights returns w (O×C×KH×KW) rotated 180° with O and C swapped
// (C×O×KH×KW), the weights of g.flipped(), in s's flip slot for a pass over
// n samples.
func flipWeights[T Float](g Conv2D, n int, w []T, s *Scratch[T]) []T {
	s.reserve(numSlots, Workers(n))
	dst := s.buf(slotFlip, 0, len(w))
	kk := g.kk()
	for o := 0; o < g.O; o++ {
		for c := 0; c < g.C; c++ {
			src := w[(o*g.C+c)*kk:][:kk]
			d := dst[(c*g.O+o)*kk:][:kk]
			for i, v := range src {
				d[kk-1-i] = v
			}
		}
	}
	return dst
}

// chunkChannels is how many input channels one im2col/col2im block holds so
// that the block (rows of KH·KW·p elements) stays near 256 KiB, inside L2.
func chunkChannels(kk, p, c int) int {
	const target = 64 << 10
	return max(1, min(c, target/max(1, kk*p)))
}

// owRange is the range of output columns whose input column ow*s-pad+k lies
// inside [0,w).
func owRange(w, ow, s, pad, k int) (lo, hi int) {
	if pad > k {
		lo = (pad - k + s - 1) / s
	}
	hi = min(ow, (w+pad-k+s-1)/s)
	return lo, max(lo, hi)
}

// im2col writes the patch rows of channels [c0,c1) of one sample x (C×H×W)
// into col ((c1-c0)·KH·KW rows of OutH·OutW), zeros for padding included.
func im2col[T Float](g Conv2D, x []T, c0, c1 int, col []T) {
	oh, ow := g.OutH(), g.OutW()
	p := oh * ow
	hw := g.H * g.W
	r := 0
	for c := c0; c < c1; c++ {
		xc := x[c*hw : (c+1)*hw]
		for kh := 0; kh < g.KH; kh++ {
			for kw := 0; kw < g.KW; kw++ {
				row := col[r*p : (r+1)*p]
				r++
				lo, hi := owRange(g.W, ow, g.SW, g.PW, kw)
				for y := 0; y < oh; y++ {
					dst := row[y*ow : (y+1)*ow]
					ih := y*g.SH - g.PH + kh
					if ih < 0 || ih >= g.H {
						clear(dst)
						continue
					}
					clear(dst[:lo])
					clear(dst[hi:])
					src := xc[ih*g.W:]
					if g.SW == 1 {
						copy(dst[lo:hi], src[lo-g.PW+kw:])
						continue
					}
					for x := lo; x < hi; x++ {
						dst[x] = src[x*g.SW-g.PW+kw]
					}
				}
			}
		}
	}
}

// col2im adds the patch rows in col (as im2col lays them out for channels
// [c0,c1)) back onto one sample dx (C×H×W).
func col2im[T Float](g Conv2D, col []T, c0, c1 int, dx []T) {
	oh, ow := g.OutH(), g.OutW()
	p := oh * ow
	hw := g.H * g.W
	r := 0
	for c := c0; c < c1; c++ {
		xc := dx[c*hw : (c+1)*hw]
		for kh := 0; kh < g.KH; kh++ {
			for kw := 0; kw < g.KW; kw++ {
				row := col[r*p : (r+1)*p]
				r++
				lo, hi := owRange(g.W, ow, g.SW, g.PW, kw)
				if lo >= hi {
					continue
				}
				for y := 0; y < oh; y++ {
					ih := y*g.SH - g.PH + kh
					if ih < 0 || ih >= g.H {
						continue
					}
					src := row[y*ow+lo : y*ow+hi]
					dst := xc[ih*g.W:]
					if g.SW == 1 {
						dst = dst[lo-g.PW+kw:][:len(src)]
						for i, v := range src {
							dst[i] += v
						}
						continue
					}
					for i, v := range src {
						dst[(lo+i)*g.SW-g.PW+kw] += v
					}
				}
			}
		}
	}
}

// scratch slots
const (
	slotCol = iota
	slotFlip
	slotPartial
	slotPadded
	slotRows
	numSlots
)

// Conv2DForward computes y = conv(x, w) for n samples: x is n×C×H×W, w is
// O×C×KH×KW, y is n×O×OutH×OutW and is fully overwritten.
func Conv2DForward[T Float](g Conv2D, n int, x, w, y []T, s *Scratch[T]) {
	if p, ok := g.plan(); ok && g.strided() && p.c >= 16 && g.O >= 8 {
		forwardShifted(p, n, x, w, y, s)
		return
	}
	if f, ok := g.flipped(); ok && !g.colFirst() {
		// y is the backward-data pass of the flipped convolution.
		convBackwardData(f, n, x, flipWeights(g, n, w, s), y, s)
		return
	}
	convForward(g, n, x, w, y, s)
}

// Conv2DBackwardData computes dx, the gradient of conv(x, w) with respect to
// x (n×C×H×W, fully overwritten), from dy (n×O×OutH×OutW).
func Conv2DBackwardData[T Float](g Conv2D, n int, dy, w, dx []T, s *Scratch[T]) {
	if p, ok := g.plan(); ok && g.strided() && g.O >= 16 && p.c >= 8 {
		backwardDataShifted(p, n, dy, w, dx, s)
		return
	}
	if f, ok := g.flipped(); ok && !g.colFirst() {
		convForward(f, n, dy, flipWeights(g, n, w, s), dx, s)
		return
	}
	convBackwardData(g, n, dy, w, dx, s)
}

// convForward is im2col + gemm, blocked over input channels.
func convForward[T Float](g Conv2D, n int, x, w, y []T, s *Scratch[T]) {
	p := g.OutH() * g.OutW()
	kk, chw, k := g.kk(), g.C*g.H*g.W, g.C*g.kk()
	cb := chunkChannels(kk, p, g.C)
	s.reserve(numSlots, Workers(n))
	For(n, func(worker, lo, hi int) {
		col := s.buf(slotCol, worker, cb*kk*p)
		for i := lo; i < hi; i++ {
			xi, yi := x[i*chw:(i+1)*chw], y[i*g.O*p:(i+1)*g.O*p]
			if g.pointwise() {
				Gemm(false, false, g.O, p, g.C, 1, w, k, xi, p, 0, yi, p)
				continue
			}
			for c0 := 0; c0 < g.C; c0 += cb {
				c1 := min(g.C, c0+cb)
				im2col(g, xi, c0, c1, col)
				beta := T(1)
				if c0 == 0 {
					beta = 0
				}
				Gemm(false, false, g.O, p, (c1-c0)*kk, 1, w[c0*kk:], k, col, p, beta, yi, p)
			}
		}
	})
}

// convBackwardData is gemm + col2im, blocked over input channels.
func convBackwardData[T Float](g Conv2D, n int, dy, w, dx []T, s *Scratch[T]) {
	p := g.OutH() * g.OutW()
	kk, chw, k := g.kk(), g.C*g.H*g.W, g.C*g.kk()
	cb := chunkChannels(kk, p, g.C)
	s.reserve(numSlots, Workers(n))
	For(n, func(worker, lo, hi int) {
		col := s.buf(slotCol, worker, cb*kk*p)
		for i := lo; i < hi; i++ {
			dyi, dxi := dy[i*g.O*p:(i+1)*g.O*p], dx[i*chw:(i+1)*chw]
			if g.pointwise() {
				Gemm(true, false, g.C, p, g.O, 1, w, k, dyi, p, 0, dxi, p)
				continue
			}
			clear(dxi)
			for c0 := 0; c0 < g.C; c0 += cb {
				c1 := min(g.C, c0+cb)
				rows := (c1 - c0) * kk
				Gemm(true, false, rows, p, g.O, 1, w[c0*kk:], k, dyi, p, 0, col[:rows*p], p)
				col2im(g, col, c0, c1, dxi)
			}
		}
	})
}

// Conv2DBackwardFilter computes dw (O×C×KH×KW, fully overwritten), the
// gradient of conv(x, w) with respect to w, from x and dy.
func Conv2DBackwardFilter[T Float](g Conv2D, n int, x, dy, dw []T, s *Scratch[T]) {
	if p, ok := g.plan(); ok {
		filterGradShifted(p, n, x, dy, dw, s)
		return
	}
	filterGradIm2col(g, n, x, dy, dw, s)
}

// filterGradIm2col is im2col + gemm, blocked over input channels, with a
// partial gradient per worker.
func filterGradIm2col[T Float](g Conv2D, n int, x, dy, dw []T, s *Scratch[T]) {
	p := g.OutH() * g.OutW()
	kk, chw, k := g.kk(), g.C*g.H*g.W, g.C*g.kk()
	cb := chunkChannels(kk, p, g.C)
	workers := Workers(n)
	s.reserve(numSlots, workers)
	For(n, func(worker, lo, hi int) {
		col := s.buf(slotCol, worker, cb*kk*p)
		part := dw
		if worker > 0 {
			part = s.buf(slotPartial, worker, len(dw))
		}
		for i := lo; i < hi; i++ {
			xi, dyi := x[i*chw:(i+1)*chw], dy[i*g.O*p:(i+1)*g.O*p]
			beta := T(1)
			if i == lo {
				beta = 0
			}
			if g.pointwise() {
				Gemm(false, true, g.O, g.C, p, 1, dyi, p, xi, p, beta, part, k)
				continue
			}
			for c0 := 0; c0 < g.C; c0 += cb {
				c1 := min(g.C, c0+cb)
				im2col(g, xi, c0, c1, col)
				Gemm(false, true, g.O, (c1-c0)*kk, p, 1, dyi, p, col, p, beta, part[c0*kk:], k)
			}
		}
	})
	for wk := 1; wk < workers; wk++ {
		addTo(dw, s.buf(slotPartial, wk, len(dw)))
	}
}

// addTo adds src to dst elementwise.
func addTo[T Float](dst, src []T) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] += v
	}
}
