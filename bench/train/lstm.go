package main

import (
	"math"
	"math/rand"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/ops"
)

// lstm is the next-token model of bench/train.sh: embedding 5000×50, a
// 2-layer LSTM of 256 unrolled over 16 steps, dense 256→5000 on the last
// step, softmax cross entropy, RMSprop.
type lstm struct {
	graphModel // state holds RMSprop's squared-gradient averages
}

func newLSTM(r *rand.Rand) (*lstm, error) {
	const (
		n, steps, vocab, emb, hid = 128, 16, 5000, 50, 256
	)
	g := gorgonia.NewGraph()
	m := &lstm{}
	table := newParam(g, r, "emb", math.Sqrt(3), vocab, emb) // N(0,1)-like spread
	m.params = append(m.params, table)
	bound := 1 / math.Sqrt(hid)
	type layer struct{ wih, whh, b *param }
	layers := make([]layer, 2)
	for l, in := range []int{emb, hid} {
		layers[l] = layer{
			wih: newParam(g, r, "wih", bound, in, 4*hid),
			whh: newParam(g, r, "whh", bound, hid, 4*hid),
			b:   newParam(g, r, "b", bound, 4*hid),
		}
		m.params = append(m.params, layers[l].wih, layers[l].whh, layers[l].b)
	}
	out := newParam(g, r, "out", bound, hid, vocab)
	outB := newParam(g, r, "outb", bound, vocab)
	m.params = append(m.params, out, outB)

	zeros := func(name string) *gorgonia.Node {
		return gorgonia.NodeFromAny(g, tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(n, hid)), gorgonia.WithName(name))
	}
	h := []*gorgonia.Node{zeros("h0"), zeros("h1")}
	c := []*gorgonia.Node{zeros("c0"), zeros("c1")}
	for t := 0; t < steps; t++ {
		ids := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(n))
		for i, d := 0, ids.Data().([]float32); i < n; i++ {
			d[i] = float32(r.Intn(vocab))
		}
		x := must(ops.Embedding(table.node, gorgonia.NodeFromAny(g, ids)))
		for l, ly := range layers {
			gates := must(gorgonia.Add(must(gorgonia.Mul(x, ly.wih.node)), must(gorgonia.Mul(h[l], ly.whh.node))))
			gates = must(ops.BiasAdd(gates, ly.b.node))
			var err error
			if h[l], c[l], err = ops.LSTMCell(gates, c[l]); err != nil {
				return nil, err
			}
			x = h[l]
		}
	}
	logits := must(ops.BiasAdd(must(gorgonia.Mul(h[1], out.node)), outB.node))
	target := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(n))
	for i, d := 0, target.Data().([]float32); i < n; i++ {
		d[i] = float32(r.Intn(vocab))
	}
	loss := must(nn.SoftmaxCrossEntropy(logits, gorgonia.NodeFromAny(g, target, gorgonia.WithName("target"))))
	return m, m.compile(g, loss)
}

// step runs forward and backward and applies torch.optim.RMSprop(lr=0.001).
func (m *lstm) step() error {
	const lr, alpha, eps = 0.001, 0.99, 1e-8
	return m.run(func(w, gs, sq []float32) {
		for j, g := range gs {
			sq[j] = alpha*sq[j] + (1-alpha)*g*g
			w[j] -= lr * g / (float32(math.Sqrt(float64(sq[j]))) + eps)
		}
	})
}
