package ops

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops/cpu"
)

// ReLU is max(x, 0) elementwise, one op with a fused backward op (gorgonia's
// own builds several full-size temporaries).
func ReLU(x *gorgonia.Node) (*gorgonia.Node, error) { return activation("ReLU", cpu.ReLU, 0, x) }

// LeakyReLU is x for x > 0 and alpha·x otherwise, elementwise.
func LeakyReLU(x *gorgonia.Node, alpha float64) (*gorgonia.Node, error) {
	return activation(fmt.Sprintf("LeakyReLU(%g)", alpha), cpu.LeakyReLU, alpha, x)
}

// Tanh is tanh(x) elementwise.
func Tanh(x *gorgonia.Node) (*gorgonia.Node, error) { return activation("Tanh", cpu.Tanh, 0, x) }

// Sigmoid is 1/(1+exp(-x)) elementwise.
func Sigmoid(x *gorgonia.Node) (*gorgonia.Node, error) {
	return activation("Sigmoid", cpu.Sigmoid, 0, x)
}

func activation(name string, a cpu.Activation, alpha float64, x *gorgonia.Node) (*gorgonia.Node, error) {
	if x.IsScalar() {
		return nil, shapeErr(name, x, "a tensor (not a scalar)")
	}
	switch x.Dtype() {
	case tensor.Float32:
		return act[float32](name, a, float32(alpha), x)
	case tensor.Float64:
		return act[float64](name, a, alpha, x)
	}
	return nil, dtypeErr(name, x)
}

func act[T cpu.Float](name string, a cpu.Activation, alpha T, x *gorgonia.Node) (*gorgonia.Node, error) {
	same := func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil }
	d := x.Dims()
	o := &op[T]{
		name: name, inDims: []int{d}, outDims: d, shape: same,
		run: func(out []T, in [][]T, _ []tensor.Shape) { cpu.ActivationForward(a, alpha, in[0], out) },
		wrt: []bool{true},
	}
	o.grad = func(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dx, err := apply(&op[T]{
			name: name + "Grad", inDims: []int{d, d, d}, outDims: d, shape: same,
			run: func(dx []T, in [][]T, _ []tensor.Shape) {
				cpu.ActivationBackward(a, alpha, in[0], in[1], in[2], dx)
			},
		}, in[0], out, grad)
		return gorgonia.Nodes{dx}, err
	}
	return apply(o, x)
}
