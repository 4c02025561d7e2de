package nn

import (
	"fmt"

	"gorgonia.org/gorgonia"

	"github.com/gopherlab/gopherlab/lib/ops"
)

// Activation is a parameterless element-wise (or, for Softmax, per-row)
// layer.
type Activation struct {
	stateless
	name string
	fn   func(x *gorgonia.Node) (*gorgonia.Node, error)
}

// Forward implements Layer.
func (a *Activation) Forward(_ *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	y, err := a.fn(x)
	if err != nil {
		return nil, fmt.Errorf("nn: %s: %w", a.name, err)
	}
	return y, nil
}

func (a *Activation) String() string { return a.name }

// The element-wise activations are lib/ops' fused ops: one output buffer
// and one backward op each, where gorgonia's build several full-size
// temporaries.

// ReLU returns the layer max(x, 0).
func ReLU() *Activation { return &Activation{name: "ReLU", fn: ops.ReLU} }

// LeakyReLU returns the layer x for x > 0 and alpha·x otherwise.
func LeakyReLU(alpha float64) *Activation {
	return &Activation{name: fmt.Sprintf("LeakyReLU(%g)", alpha), fn: func(x *gorgonia.Node) (*gorgonia.Node, error) {
		return ops.LeakyReLU(x, alpha)
	}}
}

// Tanh returns the hyperbolic tangent layer.
func Tanh() *Activation { return &Activation{name: "Tanh", fn: ops.Tanh} }

// Sigmoid returns the logistic layer 1/(1+e^-x).
func Sigmoid() *Activation { return &Activation{name: "Sigmoid", fn: ops.Sigmoid} }

// Softmax returns the layer normalising the last axis into probabilities.
func Softmax() *Activation {
	return &Activation{name: "Softmax", fn: func(x *gorgonia.Node) (*gorgonia.Node, error) {
		return gorgonia.SoftMax(x, x.Dims()-1)
	}}
}

// LambdaLayer is a parameterless layer computing a function.
type LambdaLayer struct {
	stateless
	Name string
	Fn   func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error)
}

// Lambda returns a parameterless layer named name that computes fn, the
// quickest way to put custom graph code into a Sequential (and, in the
// interpreter, simpler than a type implementing Layer).
func Lambda(name string, fn func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error)) *LambdaLayer {
	return &LambdaLayer{Name: name, Fn: fn}
}

// Forward implements Layer.
func (l *LambdaLayer) Forward(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	y, err := l.Fn(g, x)
	if err != nil {
		return nil, fmt.Errorf("nn: %s: %w", l.Name, err)
	}
	return y, nil
}

func (l *LambdaLayer) String() string { return l.Name }
