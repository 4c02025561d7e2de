package nn

import (
	"fmt"
	"math/rand"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops"
)

// DenseLayer is a fully connected layer y = x·W + b, with W of shape
// [in, out]. Inputs of rank above 2 (such as sequences [B, T, in]) are
// applied to the last axis, as PyTorch's Linear does.
type DenseLayer struct {
	In, Out int
	Weight  *Param
	Bias    *Param // nil with NoBias

	// tied marks a layer made by Transposed: Weight is another layer's
	// [Out, In] weight, applied transposed and left to that layer to own.
	tied   bool
	glorot bool
}

// Dense returns a fully connected layer from in to out features, initialised
// like PyTorch's Linear: weights and bias from U(-1/√in, 1/√in) (or with
// Glorot, as Lasagne and Keras do). Options: NoBias, Glorot, Float64.
func Dense(in, out int, opts ...Option) *DenseLayer {
	o := makeOptions(opts)
	l := &DenseLayer{In: in, Out: out, Weight: newParam("weight", o.dtype, in, out), glorot: o.glorot}
	if o.bias {
		l.Bias = newParam("bias", o.dtype, out)
	}
	initWith(l)
	return l
}

// Linear is Dense under PyTorch's name.
func Linear(in, out int, opts ...Option) *DenseLayer { return Dense(in, out, opts...) }

// Transposed returns a layer from l.Out to l.In features that applies l's
// weight transposed, y = x·Wᵀ + b, with a bias of its own: the tied decoder
// of an autoencoder whose encoder is l. The weight stays l's: Params and
// Init of the new layer leave it out, and training a model that holds both
// layers sums the weight's gradients from its two uses. Options: NoBias.
func (l *DenseLayer) Transposed(opts ...Option) *DenseLayer {
	o := makeOptions(append([]Option{WithDtype(l.Weight.Value.Dtype())}, opts...))
	t := &DenseLayer{In: l.Out, Out: l.In, Weight: l.Weight, tied: true, glorot: l.glorot || o.glorot}
	if o.bias {
		t.Bias = newParam("bias", o.dtype, t.Out)
	}
	initWith(t)
	return t
}

// Forward implements Layer.
func (l *DenseLayer) Forward(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	shp := x.Shape()
	if len(shp) < 2 || shp[len(shp)-1] != l.In {
		return nil, fmt.Errorf("nn: %v needs input of shape [..., %d], got %v: check the previous layer's output size", l, l.In, shp)
	}
	if x.Dtype() != l.Weight.Value.Dtype() {
		return nil, dtypeMismatch(l, l.Weight, x)
	}
	flat := x
	if len(shp) > 2 {
		var err error
		if flat, err = gorgonia.Reshape(x, tensor.Shape{shp.TotalSize() / l.In, l.In}); err != nil {
			return nil, err
		}
	}
	w := g.Param(l.Weight)
	if l.tied {
		var err error
		if w, err = gorgonia.Transpose(w); err != nil {
			return nil, fmt.Errorf("nn: %v: %w", l, err)
		}
	}
	y, err := gorgonia.Mul(flat, w)
	if err != nil {
		return nil, fmt.Errorf("nn: %v: %w", l, err)
	}
	if l.Bias != nil {
		if y, err = ops.BiasAdd(y, g.Param(l.Bias)); err != nil {
			return nil, fmt.Errorf("nn: %v: %w", l, err)
		}
	}
	if len(shp) > 2 {
		out := shp.Clone()
		out[len(out)-1] = l.Out
		return gorgonia.Reshape(y, out)
	}
	return y, nil
}

// Params implements Layer; a tied layer's weight belongs to the layer it was
// made from.
func (l *DenseLayer) Params() []*Param {
	if l.tied {
		return params(l.Bias)
	}
	return params(l.Weight, l.Bias)
}

// Init implements Layer.
func (l *DenseLayer) Init(r *rand.Rand) {
	initWeights(l.Weight, l.Bias, r, l.In, l.Out, l.glorot, !l.tied)
}

func (l *DenseLayer) String() string {
	if l.tied {
		return fmt.Sprintf("Dense(%d→%d, tied)", l.In, l.Out)
	}
	return fmt.Sprintf("Dense(%d→%d)", l.In, l.Out)
}
