package cpu

// Convolution without im2col. Over a padded input xp whose rows have width
// wp, the input window of filter tap (u,v) for all outputs, taken as OutH
// rows of wp (the last wp-OutW columns of each row past the output), is the
// contiguous run of xp starting at u·wp+v, for every channel at the stride
// of one channel. So each pass is one gemm per tap on xp itself:
//
//	forward:         y'  = Σ_taps W_t · window_t(xp)
//	backward data:   window_t(dxp) += W_tᵀ · dy'   (dy' rows zero-extended to wp)
//	filter gradient: dW_t = dy' · window_t(xp)ᵀ
//
// A stride-s convolution is first made a stride-1 one by splitting each
// channel into its s×s phases (space to depth): tap (u,v) of phase (a,b)
// stands for kernel tap (s·u+a, s·v+b).

// shiftPlan is a convolution as the stride-1 one the shifted kernels run.
type shiftPlan struct {
	g      Conv2D
	c      int // channels: C, or C·SH·SW phases
	hp, wp int // padded input size: OutH+kh-1 × OutW+kw-1
	kh, kw int // taps
}

// plan returns g's shift plan, if the shifted kernels suit g: for stride 1,
// when the padded rows are not much wider than the output rows.
func (g Conv2D) plan() (shiftPlan, bool) {
	oh, ow := g.OutH(), g.OutW()
	kh, kw := (g.KH+g.SH-1)/g.SH, (g.KW+g.SW-1)/g.SW
	p := shiftPlan{g: g, c: g.C * g.SH * g.SW, hp: oh + kh - 1, wp: ow + kw - 1, kh: kh, kw: kw}
	if g.SH == 1 && g.SW == 1 && (4*(g.W+2*g.PW) > 5*ow+4*g.KW || g.KH*g.KW == 1) {
		return p, false
	}
	return p, true
}

func (p shiftPlan) taps() int { return p.kh * p.kw }

// pp is the length of one output channel computed at row width wp.
func (p shiftPlan) pp() int { return p.g.OutH() * p.wp }

// origin maps plan channel ch and padded position (i, j) to the input
// channel and position they stand for (possibly outside the input).
func (p shiftPlan) origin(ch, i, j int) (c, y, x int) {
	g := p.g
	c, ph := ch/(g.SH*g.SW), ch%(g.SH*g.SW)
	return c, g.SH*i + ph/g.SW - g.PH, g.SW*j + ph%g.SW - g.PW
}

// loadInto fills xp (c×hp×wp) from one sample x (C×H×W), zeros outside it.
func loadInto[T Float](p shiftPlan, x, xp []T) {
	g := p.g
	for ch := 0; ch < p.c; ch++ {
		for i := 0; i < p.hp; i++ {
			row := xp[(ch*p.hp+i)*p.wp:][:p.wp]
			c, y, x0 := p.origin(ch, i, 0)
			if y < 0 || y >= g.H {
				clear(row)
				continue
			}
			src := x[(c*g.H+y)*g.W:][:g.W]
			for j := range row {
				if xx := x0 + j*g.SW; xx >= 0 && xx < g.W {
					row[j] = src[xx]
				} else {
					row[j] = 0
				}
			}
		}
	}
}

// storeFrom writes one sample dx (C×H×W) from the padded gradient dxp:
// every input position is stood for by at most one padded position, and
// positions no output saw get zero.
func storeFrom[T Float](p shiftPlan, dxp, dx []T) {
	g := p.g
	clear(dx)
	for ch := 0; ch < p.c; ch++ {
		for i := 0; i < p.hp; i++ {
			c, y, x0 := p.origin(ch, i, 0)
			if y < 0 || y >= g.H {
				continue
			}
			dst := dx[(c*g.H+y)*g.W:][:g.W]
			for j, v := range dxp[(ch*p.hp+i)*p.wp:][:p.wp] {
				if xx := x0 + j*g.SW; xx >= 0 && xx < g.W {
					dst[xx] = v
				}
			}
		}
	}
}

// tapWeights writes wt (taps×O×c): the O×c weight matrix of each tap, zero
// where a phase's tap falls outside the kernel.
func tapWeights[T Float](p shiftPlan, w, wt []T) {
	clear(wt)
	p.eachTap(func(src, dst int) { wt[dst] = w[src] })
}

// tapGrads is tapWeights' inverse for gradients: dw from the per-tap dwt.
func tapGrads[T Float](p shiftPlan, dwt, dw []T) {
	p.eachTap(func(src, dst int) { dw[src] = dwt[dst] })
}

// eachTap calls f with the index of every kernel weight w[o,c,kh,kw] and
// the index of its place in the per-tap layout.
func (p shiftPlan) eachTap(f func(src, dst int)) {
	g := p.g
	src := 0
	for o := 0; o < g.O; o++ {
		for c := 0; c < g.C; c++ {
			for kh := 0; kh < g.KH; kh++ {
				for kw := 0; kw < g.KW; kw++ {
					t := (kh/g.SH)*p.kw + kw/g.SW
					ch := (c*g.SH+kh%g.SH)*g.SW + kw%g.SW
					f(src, (t*g.O+o)*p.c+ch)
					src++
				}
			}
		}
	}
}

// padded returns worker's padded-input buffer with its slack zeroed: the
// last tap's window reads kw-1 elements past the last channel.
func padded[T Float](p shiftPlan, s *Scratch[T], worker int) []T {
	b := s.buf(slotPadded, worker, p.c*p.hp*p.wp+p.kw)
	clear(b[p.c*p.hp*p.wp:])
	return b
}

// extendRows copies one sample's O×OutH×OutW gradient into rows of width wp.
func extendRows[T Float](p shiftPlan, dy, dyp []T) {
	ow := p.g.OutW()
	for r := 0; r < p.g.O*p.g.OutH(); r++ {
		row := dyp[r*p.wp : (r+1)*p.wp]
		copy(row, dy[r*ow:(r+1)*ow])
		clear(row[ow:])
	}
}

func forwardShifted[T Float](p shiftPlan, n int, x, w, y []T, s *Scratch[T]) {
	g, pp := p.g, p.pp()
	oh, ow := g.OutH(), g.OutW()
	s.reserve(numSlots, Workers(n))
	wt := s.buf(slotFlip, 0, p.taps()*g.O*p.c)
	tapWeights(p, w, wt)
	chw, ohw := g.C*g.H*g.W, g.O*oh*ow
	For(n, func(worker, lo, hi int) {
		xp, yp := padded(p, s, worker), s.buf(slotRows, worker, g.O*pp)
		for i := lo; i < hi; i++ {
			loadInto(p, x[i*chw:(i+1)*chw], xp)
			for t := 0; t < p.taps(); t++ {
				beta := T(1)
				if t == 0 {
					beta = 0
				}
				Gemm(false, false, g.O, pp, p.c, 1, wt[t*g.O*p.c:], p.c, xp[(t/p.kw)*p.wp+t%p.kw:], p.hp*p.wp, beta, yp, pp)
			}
			yi := y[i*ohw : (i+1)*ohw]
			for r := 0; r < g.O*oh; r++ {
				copy(yi[r*ow:(r+1)*ow], yp[r*p.wp:])
			}
		}
	})
}

func backwardDataShifted[T Float](p shiftPlan, n int, dy, w, dx []T, s *Scratch[T]) {
	g, pp := p.g, p.pp()
	s.reserve(numSlots, Workers(n))
	wt := s.buf(slotFlip, 0, p.taps()*g.O*p.c)
	tapWeights(p, w, wt)
	chw, ohw := g.C*g.H*g.W, g.O*g.OutH()*g.OutW()
	For(n, func(worker, lo, hi int) {
		dxp, dyp := padded(p, s, worker), s.buf(slotRows, worker, g.O*pp)
		for i := lo; i < hi; i++ {
			extendRows(p, dy[i*ohw:(i+1)*ohw], dyp)
			clear(dxp[:p.c*p.hp*p.wp])
			for t := 0; t < p.taps(); t++ {
				Gemm(true, false, p.c, pp, g.O, 1, wt[t*g.O*p.c:], p.c, dyp, pp, 1, dxp[(t/p.kw)*p.wp+t%p.kw:], p.hp*p.wp)
			}
			storeFrom(p, dxp, dx[i*chw:(i+1)*chw])
		}
	})
}

func filterGradShifted[T Float](p shiftPlan, n int, x, dy, dw []T, s *Scratch[T]) {
	g, pp := p.g, p.pp()
	chw, ohw := g.C*g.H*g.W, g.O*g.OutH()*g.OutW()
	size := p.taps() * g.O * p.c
	workers := Workers(n)
	s.reserve(numSlots, workers)
	For(n, func(worker, lo, hi int) {
		part := s.buf(slotPartial, worker, size)
		xp, dyp := padded(p, s, worker), s.buf(slotRows, worker, g.O*pp)
		for i := lo; i < hi; i++ {
			loadInto(p, x[i*chw:(i+1)*chw], xp)
			extendRows(p, dy[i*ohw:(i+1)*ohw], dyp)
			beta := T(1)
			if i == lo {
				beta = 0
			}
			for t := 0; t < p.taps(); t++ {
				Gemm(false, true, g.O, p.c, pp, 1, dyp, pp, xp[(t/p.kw)*p.wp+t%p.kw:], p.hp*p.wp, beta, part[t*g.O*p.c:], p.c)
			}
		}
	})
	part := s.buf(slotPartial, 0, size)
	for wk := 1; wk < workers; wk++ {
		addTo(part, s.buf(slotPartial, wk, size))
	}
	tapGrads(p, part, dw)
}
