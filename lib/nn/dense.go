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
}

// Dense returns a fully connected layer from in to out features, initialised
// like PyTorch's Linear: weights and bias from U(-1/√in, 1/√in).
func Dense(in, out int, opts ...Option) *DenseLayer {
	o := makeOptions(opts)
	l := &DenseLayer{In: in, Out: out, Weight: newParam("weight", o.dtype, in, out)}
	if o.bias {
		l.Bias = newParam("bias", o.dtype, out)
	}
	initWith(l)
	return l
}

// Linear is Dense under PyTorch's name.
func Linear(in, out int, opts ...Option) *DenseLayer { return Dense(in, out, opts...) }

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
	y, err := gorgonia.Mul(flat, g.Param(l.Weight))
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

// Params implements Layer.
func (l *DenseLayer) Params() []*Param { return params(l.Weight, l.Bias) }

// Init implements Layer.
func (l *DenseLayer) Init(r *rand.Rand) {
	bound := fanInBound(l.In)
	uniformInit(l.Weight.Value, r, bound)
	if l.Bias != nil {
		uniformInit(l.Bias.Value, r, bound)
	}
}

func (l *DenseLayer) String() string { return fmt.Sprintf("Dense(%d→%d)", l.In, l.Out) }
