package nn_test

import (
	"math/rand"
	"testing"

	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/tensor"
)

// Forward and backward of the softmax cross entropy over a 5000-word
// vocabulary for 64 sequences of 20 steps (1280 rows).
func BenchmarkSoftmaxCrossEntropy(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	logits := make([]float32, 1280*5000)
	for i := range logits {
		logits[i] = float32(r.NormFloat64())
	}
	ids := make([]int, 1280)
	for i := range ids {
		ids[i] = r.Intn(5000)
	}
	x := tensor.New(tensor.WithShape(1280, 5000), tensor.WithBacking(logits))
	y := tensor.New(tensor.WithShape(1280), tensor.WithBacking(ids))
	g := nn.NewGraph(true, 1)
	p := &nn.Param{Name: "logits", Value: x}
	loss, err := nn.SoftmaxCrossEntropy(g.Param(p), g.InputLike("y", y))
	if err != nil {
		b.Fatal(err)
	}
	prog, err := g.Compile(loss, []*nn.Param{p})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := prog.Run(y); err != nil {
			b.Fatal(err)
		}
	}
}
