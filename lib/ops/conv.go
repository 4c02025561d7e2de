package ops

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops/cpu"
)

// ConvParams are a convolution's stride and symmetric zero padding. The zero
// value means Valid().
type ConvParams struct {
	StrideH, StrideW int
	PadH, PadW       int
	// NoInputGrad leaves the input x undifferentiated, saving a whole
	// backward convolution when x is data (a network's first layer).
	NoInputGrad bool
}

// Valid is stride 1 without padding: the output shrinks by kernel-1.
func Valid() ConvParams { return ConvParams{StrideH: 1, StrideW: 1} }

// Same is stride 1 with the padding that keeps the input size, for odd kernels.
func Same(kh, kw int) ConvParams {
	return ConvParams{StrideH: 1, StrideW: 1, PadH: (kh - 1) / 2, PadW: (kw - 1) / 2}
}

// Full is stride 1 with padding kernel-1: every partial overlap counts and
// the output grows by kernel-1.
func Full(kh, kw int) ConvParams {
	return ConvParams{StrideH: 1, StrideW: 1, PadH: kh - 1, PadW: kw - 1}
}

// Strided is stride s with padding pad in both directions.
func Strided(s, pad int) ConvParams {
	return ConvParams{StrideH: s, StrideW: s, PadH: pad, PadW: pad}
}

func dtypeErr(what string, n *gorgonia.Node) error {
	return fmt.Errorf("%s: %s has dtype %v; lib/ops supports float32 and float64", what, n.Name(), n.Dtype())
}

func shapeErr(what string, n *gorgonia.Node, want string) error {
	return fmt.Errorf("%s: %s has shape %v, want %s", what, n.Name(), n.Shape(), want)
}

// Conv2D convolves x [N,C,H,W] with filters w [O,C,KH,KW] (cross-correlation,
// as PyTorch's conv2d; no bias), giving [N,O,OH,OW].
func Conv2D(x, w *gorgonia.Node, p ConvParams) (*gorgonia.Node, error) {
	g, err := convGeom("Conv2D", x, w, p, false)
	if err != nil {
		return nil, err
	}
	wrt := []bool{!p.NoInputGrad, true}
	switch x.Dtype() {
	case tensor.Float32:
		return convForward[float32](g, wrt, x, w)
	case tensor.Float64:
		return convForward[float64](g, wrt, x, w)
	}
	return nil, dtypeErr("Conv2D", x)
}

// ConvTranspose2D is the transpose (gradient) of Conv2D, as PyTorch's
// conv_transpose2d without output padding: x [N,Cin,H,W], w [Cin,Cout,KH,KW]
// give [N,Cout,(H-1)·stride-2·pad+KH, …]. With stride 2, padding 1 and a 4×4
// kernel it doubles the size, as in DCGAN generators.
func ConvTranspose2D(x, w *gorgonia.Node, p ConvParams) (*gorgonia.Node, error) {
	g, err := convGeom("ConvTranspose2D", x, w, p, true)
	if err != nil {
		return nil, err
	}
	wrt := []bool{!p.NoInputGrad, true}
	switch x.Dtype() {
	case tensor.Float32:
		return convData[float32](g, wrt, x, w)
	case tensor.Float64:
		return convData[float64](g, wrt, x, w)
	}
	return nil, dtypeErr("ConvTranspose2D", x)
}

// convGeom checks shapes and returns the geometry of the convolution
// computed (transposed=false) or transposed.
func convGeom(what string, x, w *gorgonia.Node, p ConvParams, transposed bool) (cpu.Conv2D, error) {
	xs, ws := x.Shape(), w.Shape()
	if len(xs) != 4 {
		return cpu.Conv2D{}, shapeErr(what, x, "[N,C,H,W] (4-D, NCHW)")
	}
	if len(ws) != 4 {
		return cpu.Conv2D{}, shapeErr(what, w, "4-D filters")
	}
	if x.Dtype() != w.Dtype() {
		return cpu.Conv2D{}, fmt.Errorf("%s: x is %v but w is %v; convert one so both match", what, x.Dtype(), w.Dtype())
	}
	if p.StrideH == 0 && p.StrideW == 0 {
		p.StrideH, p.StrideW = 1, 1 // the zero ConvParams means Valid()
	}
	g := cpu.Conv2D{KH: ws[2], KW: ws[3], SH: p.StrideH, SW: p.StrideW, PH: p.PadH, PW: p.PadW}
	if !transposed {
		if ws[1] != xs[1] {
			return g, fmt.Errorf("%s: x has %d channels but w %v expects %d (w is [out,in,kh,kw])", what, xs[1], ws, ws[1])
		}
		g.C, g.H, g.W, g.O = xs[1], xs[2], xs[3], ws[0]
		return g, g.Check()
	}
	if ws[0] != xs[1] {
		return g, fmt.Errorf("%s: x has %d channels but w %v expects %d (w is [in,out,kh,kw])", what, xs[1], ws, ws[0])
	}
	// The transposed op is the backward-data pass of the convolution mapping
	// its output back to its input.
	g.O, g.C = ws[0], ws[1]
	g.H, g.W = (xs[2]-1)*g.SH-2*g.PH+g.KH, (xs[3]-1)*g.SW-2*g.PW+g.KW
	if g.H < 1 || g.W < 1 {
		return g, fmt.Errorf("%s: input %v with kernel %dx%d, stride %dx%d, padding %dx%d gives no output; reduce the padding", what, xs, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW)
	}
	if err := g.Check(); err != nil {
		return g, err
	}
	if g.OutH() != xs[2] || g.OutW() != xs[3] {
		return g, fmt.Errorf("%s: internal size mismatch for input %v", what, xs)
	}
	return g, nil
}

func convName(kind string, g cpu.Conv2D) string {
	return fmt.Sprintf("%s{%dx%d/%dx%d pad %dx%d, %d→%d}", kind, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, g.C, g.O)
}

// convForward is y = conv(x, w).
func convForward[T cpu.Float](g cpu.Conv2D, wrt []bool, x, w *gorgonia.Node) (*gorgonia.Node, error) {
	var s cpu.Scratch[T]
	o := &op[T]{
		name: convName("Conv2D", g), inDims: []int{4, 4}, outDims: 4,
		shape: func(in []tensor.Shape) (tensor.Shape, error) {
			if err := checkShape(in[0], -1, g.C, g.H, g.W); err != nil {
				return nil, err
			}
			return tensor.Shape{in[0][0], g.O, g.OutH(), g.OutW()}, nil
		},
		run: func(out []T, in [][]T, sh []tensor.Shape) { cpu.Conv2DForward(g, sh[0][0], in[0], in[1], out, &s) },
		wrt: wrt,
	}
	o.grad = func(in gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dw, err := convFilter[T](g, in[0], grad)
		if err != nil || !wrt[0] {
			return gorgonia.Nodes{nil, dw}, err
		}
		dx, err := convData[T](g, []bool{true, true}, grad, in[1])
		return gorgonia.Nodes{dx, dw}, err
	}
	return apply(o, x, w)
}

// convData is dx = the backward-data pass of conv(·, w) at dy, which is also
// the transposed convolution of dy by w.
func convData[T cpu.Float](g cpu.Conv2D, wrt []bool, dy, w *gorgonia.Node) (*gorgonia.Node, error) {
	var s cpu.Scratch[T]
	o := &op[T]{
		name: convName("ConvTranspose2D", g), inDims: []int{4, 4}, outDims: 4,
		shape: func(in []tensor.Shape) (tensor.Shape, error) {
			if err := checkShape(in[0], -1, g.O, g.OutH(), g.OutW()); err != nil {
				return nil, err
			}
			return tensor.Shape{in[0][0], g.C, g.H, g.W}, nil
		},
		run: func(out []T, in [][]T, sh []tensor.Shape) { cpu.Conv2DBackwardData(g, sh[0][0], in[0], in[1], out, &s) },
		wrt: wrt,
	}
	o.grad = func(in gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		// The output lives in the convolution's input space: grad plays x.
		dw, err := convFilter[T](g, grad, in[0])
		if err != nil || !wrt[0] {
			return gorgonia.Nodes{nil, dw}, err
		}
		ddy, err := convForward[T](g, []bool{true, true}, grad, in[1])
		return gorgonia.Nodes{ddy, dw}, err
	}
	return apply(o, dy, w)
}

// convFilter is dw, the gradient of conv(x, w) with respect to w at dy.
func convFilter[T cpu.Float](g cpu.Conv2D, x, dy *gorgonia.Node) (*gorgonia.Node, error) {
	var s cpu.Scratch[T]
	o := &op[T]{
		name: convName("Conv2DFilterGrad", g), inDims: []int{4, 4}, outDims: 4,
		shape: func(in []tensor.Shape) (tensor.Shape, error) {
			if err := checkShape(in[0], -1, g.C, g.H, g.W); err != nil {
				return nil, err
			}
			if err := checkShape(in[1], in[0][0], g.O, g.OutH(), g.OutW()); err != nil {
				return nil, err
			}
			return tensor.Shape{g.O, g.C, g.KH, g.KW}, nil
		},
		run: func(out []T, in [][]T, sh []tensor.Shape) {
			cpu.Conv2DBackwardFilter(g, sh[0][0], in[0], in[1], out, &s)
		},
	}
	return apply(o, x, dy)
}

// checkShape compares s with want, where -1 matches any size.
func checkShape(s tensor.Shape, want ...int) error {
	ok := len(s) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = want[i] < 0 || s[i] == want[i]
	}
	if !ok {
		return fmt.Errorf("got shape %v, want %v (-1: any)", s, want)
	}
	return nil
}
