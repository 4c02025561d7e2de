package main

import (
	"math"
	"math/rand"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops"
)

// ae is the MNIST-sized convolutional autoencoder of bench/train.sh.
type ae struct {
	graphModel // state holds the momentum buffers
	x          *tensor.Dense
}

func newAE(r *rand.Rand) (*ae, error) {
	const n = 128
	g := gorgonia.NewGraph()
	m := &ae{x: randomInput(r, n, 1, 28, 28)}
	x := gorgonia.NodeFromAny(g, m.x, gorgonia.WithName("x"))
	w1 := newParam(g, r, "w1", 1/math.Sqrt(49), 32, 1, 7, 7)
	b1 := newParam(g, r, "b1", 1/math.Sqrt(49), 32)
	d1 := newParam(g, r, "d1", 1/math.Sqrt(3872), 3872, 64)
	c1 := newParam(g, r, "c1", 1/math.Sqrt(3872), 64)
	d2 := newParam(g, r, "d2", 1/math.Sqrt(64), 64, 9248)
	c2 := newParam(g, r, "c2", 1/math.Sqrt(64), 9248)
	w2 := newParam(g, r, "w2", 1/math.Sqrt(32*49), 1, 32, 7, 7)
	b2 := newParam(g, r, "b2", 1/math.Sqrt(32*49), 1)
	m.params = []*param{w1, b1, d1, c1, d2, c2, w2, b2}

	first := ops.Valid()
	first.NoInputGrad = true
	h := must(ops.Conv2D(x, w1.node, first))
	h = must(ops.BiasAdd(h, b1.node))
	h = must(ops.MaxPool2D(h, 2, 2, 2, 2))
	h = must(gorgonia.Reshape(h, tensor.Shape{n, 3872}))
	h = must(ops.ReLU(must(ops.BiasAdd(must(gorgonia.Mul(h, d1.node)), c1.node))))
	h = must(ops.ReLU(must(ops.BiasAdd(must(gorgonia.Mul(h, d2.node)), c2.node))))
	h = must(gorgonia.Reshape(h, tensor.Shape{n, 32, 17, 17}))
	h = must(ops.Upsample2D(h, 2))
	h = must(ops.Conv2D(h, w2.node, ops.Valid()))
	y := must(ops.BiasAdd(h, b2.node))
	loss := must(gorgonia.Mean(must(gorgonia.Square(must(gorgonia.Sub(y, x))))))
	return m, m.compile(g, loss)
}

// step runs forward and backward and applies SGD with Nesterov momentum as
// torch.optim.SGD(lr=0.01, momentum=0.975, nesterov=True).
func (m *ae) step() error {
	const lr, mom = 0.01, 0.975
	return m.run(func(w, gs, v []float32) {
		for j, g := range gs {
			v[j] = mom*v[j] + g
			w[j] -= lr * (g + mom*v[j])
		}
	})
}

func must(n *gorgonia.Node, err error) *gorgonia.Node {
	if err != nil {
		panic(err)
	}
	return n
}
