package nn

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// FlattenLayer reshapes [N, ...] inputs to [N, product of the rest].
type FlattenLayer struct{ stateless }

// Flatten returns a layer that flattens all axes but the first (the batch).
func Flatten() *FlattenLayer { return &FlattenLayer{} }

// Forward implements Layer.
func (*FlattenLayer) Forward(_ *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	s := x.Shape()
	if len(s) < 2 {
		return nil, fmt.Errorf("nn: Flatten needs a batch axis and at least one more, got shape %v", s)
	}
	if len(s) == 2 {
		return x, nil
	}
	return gorgonia.Reshape(x, tensor.Shape{s[0], s.TotalSize() / s[0]})
}

func (*FlattenLayer) String() string { return "Flatten" }

// ReshapeLayer reshapes each sample, keeping the batch axis.
type ReshapeLayer struct {
	stateless
	Shape []int // per-sample shape
}

// Reshape returns a layer that reshapes [N, ...] inputs to [N, shape...].
func Reshape(shape ...int) *ReshapeLayer { return &ReshapeLayer{Shape: shape} }

// Forward implements Layer.
func (l *ReshapeLayer) Forward(_ *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	s := x.Shape()
	to := append(tensor.Shape{s[0]}, l.Shape...)
	if to.TotalSize() != s.TotalSize() {
		return nil, fmt.Errorf("nn: %v cannot reshape input %v: a sample has %d elements but the target shape holds %d",
			l, s, s.TotalSize()/s[0], to.TotalSize()/s[0])
	}
	return gorgonia.Reshape(x, to)
}

func (l *ReshapeLayer) String() string {
	return "Reshape" + fmt.Sprint(tensor.Shape(l.Shape))
}
