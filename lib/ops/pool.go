package ops

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops/cpu"
)

func poolGeom(what string, x *gorgonia.Node, kh, kw, sh, sw int) (cpu.Pool2D, error) {
	if x.Dims() != 4 {
		return cpu.Pool2D{}, shapeErr(what, x, "[N,C,H,W] (4-D, NCHW)")
	}
	s := x.Shape()
	g := cpu.Pool2D{H: s[2], W: s[3], KH: kh, KW: kw, SH: sh, SW: sw}
	if err := g.Check(); err != nil {
		return g, fmt.Errorf("%s: %w", what, err)
	}
	return g, nil
}

// poolShape is the output shape of pooling [N,C,H,W] with g.
func poolShape(g cpu.Pool2D, in tensor.Shape) (tensor.Shape, error) {
	if err := checkShape(in, -1, -1, g.H, g.W); err != nil {
		return nil, err
	}
	return tensor.Shape{in[0], in[1], g.OutH(), g.OutW()}, nil
}

// MaxPool2D takes the maximum of each kh×kw window of x [N,C,H,W], moving
// by strideH×strideW without padding (partial windows are dropped).
func MaxPool2D(x *gorgonia.Node, kh, kw, strideH, strideW int) (*gorgonia.Node, error) {
	g, err := poolGeom("MaxPool2D", x, kh, kw, strideH, strideW)
	if err != nil {
		return nil, err
	}
	switch x.Dtype() {
	case tensor.Float32:
		return maxPool[float32](g, x)
	case tensor.Float64:
		return maxPool[float64](g, x)
	}
	return nil, dtypeErr("MaxPool2D", x)
}

func maxPool[T cpu.Float](g cpu.Pool2D, x *gorgonia.Node) (*gorgonia.Node, error) {
	var arg []int32 // where each maximum came from, for the backward op
	name := fmt.Sprintf("MaxPool2D{%dx%d/%dx%d}", g.KH, g.KW, g.SH, g.SW)
	o := &op[T]{
		name: name, inDims: []int{4}, outDims: 4,
		shape: func(in []tensor.Shape) (tensor.Shape, error) { return poolShape(g, in[0]) },
		run: func(out []T, in [][]T, sh []tensor.Shape) {
			if cap(arg) < len(out) {
				arg = make([]int32, len(out))
			}
			arg = arg[:len(out)]
			cpu.MaxPool2DForward(g, sh[0][0]*sh[0][1], in[0], out, arg)
		},
		wrt: []bool{true},
	}
	o.grad = func(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		// out is an input only to order the backward op after the forward one.
		dx, err := apply(&op[T]{
			name: name + "Grad", inDims: []int{4, 4}, outDims: 4,
			shape: func(in []tensor.Shape) (tensor.Shape, error) {
				return tensor.Shape{in[0][0], in[0][1], g.H, g.W}, nil
			},
			run: func(dx []T, in [][]T, sh []tensor.Shape) {
				cpu.MaxPool2DBackward(g, sh[0][0]*sh[0][1], in[0], arg, dx)
			},
		}, grad, out)
		return gorgonia.Nodes{dx}, err
	}
	return apply(o, x)
}

// AvgPool2D takes the mean of each kh×kw window of x [N,C,H,W], moving by
// strideH×strideW without padding.
func AvgPool2D(x *gorgonia.Node, kh, kw, strideH, strideW int) (*gorgonia.Node, error) {
	g, err := poolGeom("AvgPool2D", x, kh, kw, strideH, strideW)
	if err != nil {
		return nil, err
	}
	switch x.Dtype() {
	case tensor.Float32:
		return avgPool[float32](g, x)
	case tensor.Float64:
		return avgPool[float64](g, x)
	}
	return nil, dtypeErr("AvgPool2D", x)
}

func avgPool[T cpu.Float](g cpu.Pool2D, x *gorgonia.Node) (*gorgonia.Node, error) {
	name := fmt.Sprintf("AvgPool2D{%dx%d/%dx%d}", g.KH, g.KW, g.SH, g.SW)
	o := &op[T]{
		name: name, inDims: []int{4}, outDims: 4,
		shape: func(in []tensor.Shape) (tensor.Shape, error) { return poolShape(g, in[0]) },
		run: func(out []T, in [][]T, sh []tensor.Shape) {
			cpu.AvgPool2DForward(g, sh[0][0]*sh[0][1], in[0], out)
		},
		wrt: []bool{true},
	}
	o.grad = func(_ gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dx, err := apply(&op[T]{
			name: name + "Grad", inDims: []int{4}, outDims: 4,
			shape: func(in []tensor.Shape) (tensor.Shape, error) {
				return tensor.Shape{in[0][0], in[0][1], g.H, g.W}, nil
			},
			run: func(dx []T, in [][]T, sh []tensor.Shape) {
				cpu.AvgPool2DBackward(g, sh[0][0]*sh[0][1], in[0], dx)
			},
		}, grad)
		return gorgonia.Nodes{dx}, err
	}
	return apply(o, x)
}

// Upsample2D repeats each pixel of x [N,C,H,W] into a factor×factor block
// (nearest neighbour), giving [N,C,factor·H,factor·W].
func Upsample2D(x *gorgonia.Node, factor int) (*gorgonia.Node, error) {
	if x.Dims() != 4 {
		return nil, shapeErr("Upsample2D", x, "[N,C,H,W] (4-D, NCHW)")
	}
	if factor < 1 {
		return nil, fmt.Errorf("Upsample2D: factor must be at least 1, got %d", factor)
	}
	switch x.Dtype() {
	case tensor.Float32:
		return upsample[float32](x, factor)
	case tensor.Float64:
		return upsample[float64](x, factor)
	}
	return nil, dtypeErr("Upsample2D", x)
}

func upsample[T cpu.Float](x *gorgonia.Node, k int) (*gorgonia.Node, error) {
	name := fmt.Sprintf("Upsample2D{x%d}", k)
	o := &op[T]{
		name: name, inDims: []int{4}, outDims: 4,
		shape: func(in []tensor.Shape) (tensor.Shape, error) {
			s := in[0]
			return tensor.Shape{s[0], s[1], s[2] * k, s[3] * k}, nil
		},
		run: func(out []T, in [][]T, sh []tensor.Shape) {
			s := sh[0]
			cpu.UpsampleForward(s[0]*s[1], s[2], s[3], k, in[0], out)
		},
		wrt: []bool{true},
	}
	o.grad = func(_ gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dx, err := apply(&op[T]{
			name: name + "Grad", inDims: []int{4}, outDims: 4,
			shape: func(in []tensor.Shape) (tensor.Shape, error) {
				s := in[0]
				if s[2]%k != 0 || s[3]%k != 0 {
					return nil, fmt.Errorf("%sGrad: gradient %v is not a multiple of %d", name, s, k)
				}
				return tensor.Shape{s[0], s[1], s[2] / k, s[3] / k}, nil
			},
			run: func(dx []T, in [][]T, sh []tensor.Shape) {
				s := sh[0]
				cpu.UpsampleBackward(s[0]*s[1], s[2]/k, s[3]/k, k, in[0], dx)
			},
		}, grad)
		return gorgonia.Nodes{dx}, err
	}
	return apply(o, x)
}
