package nn

import (
	"fmt"
	"math/rand"

	"github.com/gopherlab/gopherlab/lib/ops"
	"gorgonia.org/gorgonia"
)

// ConvLayer is a 2-D convolution (Conv2D) or transposed convolution
// (ConvTranspose2D) over NCHW inputs, with square kernels.
type ConvLayer struct {
	In, Out, Kernel int
	Stride, Pad     int
	// Weight is [Out, In, K, K] for Conv2D and [In, Out, K, K] for
	// ConvTranspose2D, as in PyTorch.
	Weight    *Param
	Bias      *Param // [Out]; nil with NoBias
	Transpose bool

	// tied marks a layer made by Transposed, whose Weight another layer owns.
	tied   bool
	glorot bool
}

// Conv2D returns a convolution from in to out channels with a k×k kernel.
// Options: Stride(s); Valid (default), Same, Full or Padding(p); NoBias;
// Glorot; Float64. Weights are initialised like PyTorch's Conv2d.
func Conv2D(in, out, k int, opts ...Option) *ConvLayer { return newConv(false, in, out, k, opts) }

// ConvTranspose2D returns a transposed convolution from in to out channels
// with a k×k kernel, as PyTorch's ConvTranspose2d (no output padding): the
// output side is (side-1)·stride - 2·pad + k, so Stride(2), Padding(1) and
// k = 4 double the size.
func ConvTranspose2D(in, out, k int, opts ...Option) *ConvLayer {
	return newConv(true, in, out, k, opts)
}

func newConv(transpose bool, in, out, k int, opts []Option) *ConvLayer {
	o := makeOptions(opts)
	l := &ConvLayer{In: in, Out: out, Kernel: k, Stride: max(o.stride, 1), Transpose: transpose, glorot: o.glorot}
	switch o.padding.mode {
	case "same":
		l.Pad = (k - 1) / 2
	case "full":
		l.Pad = k - 1
	case "explicit":
		l.Pad = o.padding.n
	}
	if transpose {
		l.Weight = newParam("weight", o.dtype, in, out, k, k)
	} else {
		l.Weight = newParam("weight", o.dtype, out, in, k, k)
	}
	if o.bias {
		l.Bias = newParam("bias", o.dtype, out)
	}
	initWith(l)
	return l
}

// Transposed returns the transpose of l sharing its weight, with a bias of
// its own: a ConvTranspose2D from l.Out to l.In channels for a Conv2D, and a
// Conv2D for a ConvTranspose2D, with the same kernel, stride and padding.
// The two layers use one [C1, C2, K, K] tensor, since PyTorch's layout puts
// a convolution's output channels first and a transposed one's input
// channels first. It is the tied decoder of a convolutional autoencoder: for
// a 'valid' Conv2D it is the 'full' convolution with the flipped kernel.
// Params and Init of the new layer leave the weight to l. Options: NoBias.
func (l *ConvLayer) Transposed(opts ...Option) *ConvLayer {
	o := makeOptions(append([]Option{WithDtype(l.Weight.Value.Dtype())}, opts...))
	t := &ConvLayer{In: l.Out, Out: l.In, Kernel: l.Kernel, Stride: l.Stride, Pad: l.Pad,
		Weight: l.Weight, Transpose: !l.Transpose, tied: true, glorot: l.glorot || o.glorot}
	if o.bias {
		t.Bias = newParam("bias", o.dtype, t.Out)
	}
	initWith(t)
	return t
}

// Forward implements Layer.
func (l *ConvLayer) Forward(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	if s := x.Shape(); len(s) != 4 || s[1] != l.In {
		return nil, fmt.Errorf("nn: %v needs input [N, %d, H, W], got %v: check the previous layer's channels, or Reshape flat data to images", l, l.In, s)
	}
	if x.Dtype() != l.Weight.Value.Dtype() {
		return nil, dtypeMismatch(l, l.Weight, x)
	}
	// Data inputs need no gradient, which saves a whole backward convolution.
	p := ops.ConvParams{StrideH: l.Stride, StrideW: l.Stride, PadH: l.Pad, PadW: l.Pad, NoInputGrad: g.IsInput(x)}
	conv := ops.Conv2D
	if l.Transpose {
		conv = ops.ConvTranspose2D
	}
	y, err := conv(x, g.Param(l.Weight), p)
	if err != nil {
		return nil, fmt.Errorf("nn: %v: %w", l, err)
	}
	if l.Bias != nil {
		if y, err = ops.BiasAdd(y, g.Param(l.Bias)); err != nil {
			return nil, fmt.Errorf("nn: %v: %w", l, err)
		}
	}
	return y, nil
}

// Params implements Layer; a tied layer's weight belongs to the layer it was
// made from.
func (l *ConvLayer) Params() []*Param {
	if l.tied {
		return params(l.Bias)
	}
	return params(l.Weight, l.Bias)
}

// Init implements Layer: U(-1/√fanIn, 1/√fanIn) with PyTorch's fan-in
// (dimension 1 of the weight times the kernel area), or Glorot's scheme.
func (l *ConvLayer) Init(r *rand.Rand) {
	area := l.Kernel * l.Kernel
	ws := l.Weight.Shape()
	initWeights(l.Weight, l.Bias, r, ws[1]*area, ws[0]*area, l.glorot, !l.tied)
}

func (l *ConvLayer) String() string {
	name := "Conv2D"
	if l.Transpose {
		name = "ConvTranspose2D"
	}
	s := fmt.Sprintf("%s(%d→%d, %dx%d", name, l.In, l.Out, l.Kernel, l.Kernel)
	if l.Stride != 1 {
		s += fmt.Sprintf(", stride %d", l.Stride)
	}
	if l.Pad != 0 {
		s += fmt.Sprintf(", pad %d", l.Pad)
	}
	if l.tied {
		s += ", tied"
	}
	return s + ")"
}

// PoolLayer is max or average pooling over k×k windows of NCHW inputs.
type PoolLayer struct {
	stateless
	Kernel, Stride int
	Avg            bool
}

// MaxPool2D returns max pooling over k×k windows, moving by k unless
// Stride is given; partial windows at the border are dropped.
func MaxPool2D(k int, opts ...Option) *PoolLayer { return newPool(false, k, opts) }

// AvgPool2D returns average pooling over k×k windows, moving by k unless
// Stride is given.
func AvgPool2D(k int, opts ...Option) *PoolLayer { return newPool(true, k, opts) }

func newPool(avg bool, k int, opts []Option) *PoolLayer {
	o := makeOptions(opts)
	s := o.stride
	if s == 0 {
		s = k
	}
	return &PoolLayer{Kernel: k, Stride: s, Avg: avg}
}

// Forward implements Layer.
func (l *PoolLayer) Forward(_ *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	pool := ops.MaxPool2D
	if l.Avg {
		pool = ops.AvgPool2D
	}
	y, err := pool(x, l.Kernel, l.Kernel, l.Stride, l.Stride)
	if err != nil {
		return nil, fmt.Errorf("nn: %v: %w", l, err)
	}
	return y, nil
}

func (l *PoolLayer) String() string {
	name := "MaxPool2D"
	if l.Avg {
		name = "AvgPool2D"
	}
	if l.Stride != l.Kernel {
		return fmt.Sprintf("%s(%d, stride %d)", name, l.Kernel, l.Stride)
	}
	return fmt.Sprintf("%s(%d)", name, l.Kernel)
}

// UpsampleLayer repeats each pixel into a Factor×Factor block.
type UpsampleLayer struct {
	stateless
	Factor int
}

// Upsample returns nearest-neighbour upsampling of NCHW inputs by factor.
func Upsample(factor int) *UpsampleLayer { return &UpsampleLayer{Factor: factor} }

// Forward implements Layer.
func (l *UpsampleLayer) Forward(_ *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	y, err := ops.Upsample2D(x, l.Factor)
	if err != nil {
		return nil, fmt.Errorf("nn: %v: %w", l, err)
	}
	return y, nil
}

func (l *UpsampleLayer) String() string { return fmt.Sprintf("Upsample(%d)", l.Factor) }
