package train_test

import (
	"math/rand"
	"testing"

	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"github.com/gopherlab/gopherlab/lib/train"
	"gorgonia.org/tensor"
)

func randomBatch(n int, shape []int, classes int) (*tensor.Dense, *tensor.Dense) {
	r := rand.New(rand.NewSource(1))
	size := n
	for _, s := range shape {
		size *= s
	}
	xs := make([]float32, size)
	for i := range xs {
		xs[i] = r.Float32()
	}
	ys := make([]int, n)
	for i := range ys {
		ys[i] = r.Intn(classes)
	}
	return tensor.New(tensor.WithShape(append([]int{n}, shape...)...), tensor.WithBacking(xs)), tensor.New(tensor.WithShape(n), tensor.WithBacking(ys))
}

func benchStep(b *testing.B, model nn.Layer, x, y *tensor.Dense) {
	step := train.NewStep(model, nn.SoftmaxCrossEntropy, optim.Adam(1e-3))
	if _, err := step.Run(x, y); err != nil { // compile outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := step.Run(x, y); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(x.Shape()[0])*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

// One training step (forward, backward, Adam) of a 784-128-10 MLP at batch 128.
func BenchmarkStepMLP(b *testing.B) {
	x, y := randomBatch(128, []int{784}, 10)
	benchStep(b, nn.Sequential(nn.Dense(784, 128), nn.ReLU(), nn.Dense(128, 10)), x, y)
}

// One training step of a small MNIST conv net at batch 64.
func BenchmarkStepConvNet(b *testing.B) {
	x, y := randomBatch(64, []int{1, 28, 28}, 10)
	benchStep(b, nn.Sequential(
		nn.Conv2D(1, 16, 3, nn.Same), nn.ReLU(), nn.MaxPool2D(2),
		nn.Conv2D(16, 32, 3, nn.Same), nn.ReLU(), nn.MaxPool2D(2),
		nn.Flatten(), nn.Dense(32*7*7, 10)), x, y)
}

// One training step of a character-level LSTM language model: batch 64,
// 20 steps, vocabulary 40, embedding 32, hidden 128, next-character targets.
func BenchmarkStepLSTM(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	ids, next := make([]int, 64*20), make([]int, 64*20)
	for i := range ids {
		ids[i], next[i] = r.Intn(40), r.Intn(40)
	}
	x := tensor.New(tensor.WithShape(64, 20), tensor.WithBacking(ids))
	y := tensor.New(tensor.WithShape(64, 20), tensor.WithBacking(next))
	lstm := nn.LSTM(32, 128, 1)
	lstm.ReturnSequences = true
	benchStep(b, nn.Sequential(nn.Embedding(40, 32), lstm, nn.Dense(128, 40)), x, y)
}
