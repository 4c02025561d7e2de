package ops_test

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops"
)

// A 2×2 box filter over a 3×3 image, and the filter's gradient.
func ExampleConv2D() {
	g := gorgonia.NewGraph()
	x := gorgonia.NodeFromAny(g, tensor.New(tensor.WithShape(1, 1, 3, 3),
		tensor.WithBacking([]float32{1, 2, 3, 4, 5, 6, 7, 8, 9})), gorgonia.WithName("x"))
	w := gorgonia.NodeFromAny(g, tensor.New(tensor.WithShape(1, 1, 2, 2),
		tensor.WithBacking([]float32{1, 1, 1, 1})), gorgonia.WithName("w"))
	y, err := ops.Conv2D(x, w, ops.Valid())
	if err != nil {
		panic(err)
	}
	loss := gorgonia.Must(gorgonia.Sum(y))
	grads, err := gorgonia.Grad(loss, w)
	if err != nil {
		panic(err)
	}
	m := gorgonia.NewTapeMachine(g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		panic(err)
	}
	fmt.Println(y.Shape(), y.Value().Data())
	fmt.Println(grads[0].Value().Data())
	// Output:
	// (1, 1, 2, 2) [12 16 24 28]
	// [12 16 24 28]
}

// A DCGAN generator block doubles the image size with a stride-2
// transposed convolution, then normalizes and rectifies.
func ExampleConvTranspose2D() {
	g := gorgonia.NewGraph()
	x := gorgonia.NewTensor(g, tensor.Float32, 4, gorgonia.WithShape(8, 128, 8, 8), gorgonia.WithName("x"))
	w := gorgonia.NewTensor(g, tensor.Float32, 4, gorgonia.WithShape(128, 64, 4, 4), gorgonia.WithName("w"))
	gamma := gorgonia.NewTensor(g, tensor.Float32, 1, gorgonia.WithShape(64), gorgonia.WithName("gamma"))
	beta := gorgonia.NewTensor(g, tensor.Float32, 1, gorgonia.WithShape(64), gorgonia.WithName("beta"))
	h, err := ops.ConvTranspose2D(x, w, ops.Strided(2, 1))
	if err != nil {
		panic(err)
	}
	if h, err = ops.BatchNorm(h, gamma, beta, ops.NewBNState(tensor.Float32, 64), true); err != nil {
		panic(err)
	}
	if h, err = ops.ReLU(h); err != nil {
		panic(err)
	}
	fmt.Println(h.Shape())
	// Output: (8, 64, 16, 16)
}

// Shape errors say what was expected.
func ExampleMaxPool2D() {
	g := gorgonia.NewGraph()
	x := gorgonia.NewTensor(g, tensor.Float32, 2, gorgonia.WithShape(8, 10), gorgonia.WithName("x"))
	_, err := ops.MaxPool2D(x, 2, 2, 2, 2)
	fmt.Println(err)
	// Output: MaxPool2D: x has shape (8, 10), want [N,C,H,W] (4-D, NCHW)
}
