package ops

import (
	"math/rand"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// runNet builds a small conv net, runs it twice and returns the loss and the
// parameter gradients, with or without ShareBuffers.
func runNet(t *testing.T, share bool) (loss float64, grads [][]float32, ops, buffers int) {
	t.Helper()
	r := rand.New(rand.NewSource(5))
	g := gorgonia.NewGraph()
	node := func(name string, shape ...int) *gorgonia.Node {
		return gorgonia.NodeFromAny(g, randDense(r, tensor.Float32, shape...), gorgonia.WithName(name))
	}
	x := node("x", 4, 3, 12, 12)
	w1, b1 := node("w1", 8, 3, 3, 3), node("b1", 8)
	gamma, beta := node("gamma", 8), node("beta", 8)
	w2 := node("w2", 8, 4, 4, 4)
	w3 := node("w3", 2, 4, 3, 3)
	params := gorgonia.Nodes{w1, b1, gamma, beta, w2, w3}

	h := must(Conv2D(x, w1, Same(3, 3)))
	h = must(BiasAdd(h, b1))
	h = must(BatchNorm(h, gamma, beta, NewBNState(tensor.Float32, 8), true))
	// Two branches whose gradients gorgonia sums, possibly in place.
	h = must(gorgonia.Add(must(LeakyReLU(h, 0.2)), must(Sigmoid(h))))
	h = must(MaxPool2D(h, 2, 2, 2, 2))
	h = must(ConvTranspose2D(h, w2, Strided(2, 1)))
	h = must(ReLU(h))
	h = must(Conv2D(h, w3, Valid()))
	h = must(Tanh(h))
	h = must(AvgPool2D(h, 2, 2, 2, 2))
	l := must(gorgonia.Mean(must(gorgonia.Square(h))))
	if _, err := gorgonia.Grad(l, params...); err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g, gorgonia.BindDualValues(params...))
	defer m.Close()
	if share {
		if err := ShareBuffers(m); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		loss = float64(l.Value().Data().(float32))
		grads = grads[:0]
		for _, p := range params {
			gv, err := p.Grad()
			if err != nil {
				t.Fatal(err)
			}
			grads = append(grads, append([]float32(nil), gv.Data().([]float32)...))
		}
		m.Reset()
	}
	bufs := map[*[]float32]bool{}
	for _, n := range g.AllNodes() {
		if o, ok := n.Op().(*op[float32]); ok && o.shared != nil {
			ops++
			bufs[o.shared] = true
		}
	}
	return loss, grads, ops, len(bufs)
}

func must(n *gorgonia.Node, err error) *gorgonia.Node {
	if err != nil {
		panic(err)
	}
	return n
}

// TestShareBuffers checks that sharing output memory along gorgonia's
// register allocation changes no result, and that it does share.
func TestShareBuffers(t *testing.T) {
	l0, g0, _, _ := runNet(t, false)
	l1, g1, ops, bufs := runNet(t, true)
	if bufs == 0 || bufs >= ops {
		t.Fatalf("%d ops got %d buffers; sharing should give fewer", ops, bufs)
	}
	t.Logf("%d ops share %d buffers", ops, bufs)
	if l0 != l1 {
		t.Fatalf("loss %v with shared buffers, %v without", l1, l0)
	}
	for i := range g0 {
		for j := range g0[i] {
			if g0[i][j] != g1[i][j] {
				t.Fatalf("gradient %d[%d] = %v with shared buffers, %v without", i, j, g1[i][j], g0[i][j])
			}
		}
	}
}
