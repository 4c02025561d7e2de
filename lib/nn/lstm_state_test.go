package nn_test

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Running an LSTM over a sequence in two halves, carrying the final states
// of the first half into the second as initial states, must give the same
// final hidden state as one pass over the whole sequence.
func TestLSTMForwardStateCarriesState(t *testing.T) {
	nn.ManualSeed(5)
	l := nn.LSTM(3, 4, 2, nn.Float64)
	x := randTensor(rand.New(rand.NewSource(1)), 2, 6, 3)
	first, err := x.Slice(nil, gorgonia.S(0, 3))
	if err != nil {
		t.Fatal(err)
	}
	second, _ := x.Slice(nil, gorgonia.S(3, 6))
	half := func(v tensor.View) *tensor.Dense { return v.(*tensor.Dense).Materialize().(*tensor.Dense) }

	g := nn.NewGraph(false, 1)
	whole, _, _, err := l.ForwardState(g, g.InputLike("x", x), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	x1, x2 := half(first), half(second)
	_, h1, c1, err := l.ForwardState(g, g.InputLike("x1", x1), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	split, _, _, err := l.ForwardState(g, g.InputLike("x2", x2), h1, c1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.Compile(nil, nil, whole, split)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(x, x1, x2); err != nil {
		t.Fatal(err)
	}
	a, b := nn.Float64s(p.Output(0)), nn.Float64s(p.Output(1))
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			t.Fatalf("h[%d]: whole %.15g, split %.15g", i, a[i], b[i])
		}
	}
	if _, _, _, err := l.ForwardState(g, g.InputLike("x3", x1), h1[:1], nil); err == nil {
		t.Fatal("one initial state for two layers was accepted")
	}
}
