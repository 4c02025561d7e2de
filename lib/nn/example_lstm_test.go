package nn_test

import (
	"fmt"

	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Generating a sequence one token at a time: a one-step graph takes the
// token and the LSTM states as inputs and returns the logits and the new
// states, which are fed back in on the next run.
func ExampleLSTMLayer_ForwardState() {
	const vocab, hidden = 5, 16
	nn.ManualSeed(1)
	embed, lstm, head := nn.Embedding(vocab, 8), nn.LSTM(8, hidden, 1), nn.Dense(hidden, vocab)
	// (train embed, lstm and head on sequences here, e.g. as one Sequential)

	g := nn.NewGraph(false, 1)
	tok := g.Input("token", tensor.Int, 1, 1)
	h0 := g.Input("h", tensor.Float32, 1, hidden)
	c0 := g.Input("c", tensor.Float32, 1, hidden)
	e, _ := embed.Forward(g, tok)
	out, hT, cT, err := lstm.ForwardState(g, e, []*gorgonia.Node{h0}, []*gorgonia.Node{c0})
	if err != nil {
		panic(err)
	}
	logits, _ := head.Forward(g, out)
	prog, err := g.Compile(nil, nil, logits, hT[0], cT[0])
	if err != nil {
		panic(err)
	}

	h := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(1, hidden))
	c := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(1, hidden))
	next := 0
	var seq []int
	for i := 0; i < 6; i++ {
		t := tensor.New(tensor.WithShape(1, 1), tensor.WithBacking([]int{next}))
		if err := prog.Run(t, h, c); err != nil {
			panic(err)
		}
		next = argmax(nn.Float64s(prog.Output(0))) // greedy choice
		seq = append(seq, next)
		h, c = prog.Output(1).Clone().(*tensor.Dense), prog.Output(2).Clone().(*tensor.Dense)
	}
	fmt.Println(len(seq), "tokens generated")
	// Output: 6 tokens generated
}

func argmax(xs []float64) int {
	best := 0
	for i, v := range xs {
		if v > xs[best] {
			best = i
		}
	}
	return best
}
