package nn

import (
	"fmt"
	"math/rand"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Layer is one differentiable building block: it adds its computation to a
// graph and owns its parameters. Models are Layers too, so they nest.
type Layer interface {
	// Forward adds the layer's computation on x to g and returns its output.
	Forward(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error)
	// Params returns the layer's parameters (nil for parameterless layers).
	Params() []*Param
	// Init (re)initialises the parameters from r.
	Init(r *rand.Rand)
	// String describes the layer, as in "Dense(784→128)".
	String() string
}

// Option configures a layer constructor.
type Option func(*options)

type options struct {
	dtype   tensor.Dtype
	bias    bool
	stride  int
	padding padding
	glorot  bool
}

// padding is a convolution's padding rule.
type padding struct {
	mode string // "valid", "same", "full" or "explicit"
	n    int    // for "explicit"
}

func makeOptions(opts []Option) options {
	o := options{dtype: tensor.Float32, bias: true, padding: padding{mode: "valid"}}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// WithDtype makes a layer's parameters of dtype dt (tensor.Float32 or
// tensor.Float64; Float32 by default).
func WithDtype(dt tensor.Dtype) Option { return func(o *options) { o.dtype = dt } }

// Float64 makes a layer's parameters float64; it is WithDtype(tensor.Float64).
var Float64 Option = WithDtype(tensor.Float64)

// Glorot initialises a Dense or convolution layer as Lasagne and Keras do by
// default: weights from U(-b, b) with b = √(6 / (fanIn + fanOut)) (Glorot
// and Bengio 2010; PyTorch's xavier_uniform_) and zero biases, where the fans
// of a convolution count the kernel area. The layer keeps the scheme for
// later Init calls. Without it layers start as PyTorch's do.
var Glorot Option = func(o *options) { o.glorot = true }

// NoBias leaves out a layer's additive bias.
func NoBias() Option { return func(o *options) { o.bias = false } }

// params collects non-nil parameters.
func params(ps ...*Param) []*Param {
	var out []*Param
	for _, p := range ps {
		if p != nil {
			out = append(out, p)
		}
	}
	return out
}

// stateless provides Params and Init for layers without parameters.
type stateless struct{}

func (stateless) Params() []*Param { return nil }
func (stateless) Init(*rand.Rand)  {}

// Stride sets a convolution's or pooling's step (default 1 for
// convolutions, the window size for pooling).
func Stride(s int) Option { return func(o *options) { o.stride = s } }

// Padding sets a convolution's symmetric zero padding to p on each side.
func Padding(p int) Option { return func(o *options) { o.padding = padding{mode: "explicit", n: p} } }

// Convolution padding rules: Valid (no padding, the default), Same (keeps
// the size at stride 1, for odd kernels) and Full (every partial overlap).
var (
	Valid Option = func(o *options) { o.padding = padding{mode: "valid"} }
	Same  Option = func(o *options) { o.padding = padding{mode: "same"} }
	Full  Option = func(o *options) { o.padding = padding{mode: "full"} }
)

// dtypeMismatch explains an input whose dtype differs from the layer's weights.
func dtypeMismatch(l Layer, w *Param, x *gorgonia.Node) error {
	fix := "build every layer with the nn.Float64 option"
	if x.Dtype() == tensor.Float32 {
		fix = "build the layers without the nn.Float64 option"
	}
	return fmt.Errorf("nn: %v has %v weights but its input is %v: convert the data to %v, or %s",
		l, w.Value.Dtype(), x.Dtype(), w.Value.Dtype(), fix)
}
