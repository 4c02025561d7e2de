package train_test

import (
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gopherlab/gopherlab/internal/testenv"
	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"github.com/gopherlab/gopherlab/lib/train"
	"gorgonia.org/tensor"
)

// mnistDir finds the shared MNIST files: $GOPHERLAB_DATA/mnist, or
// ../shared/datasets/mnist relative to the repository root.
func mnistDir(t *testing.T) string {
	dirs := []string{filepath.Join("..", "..", "..", "shared", "datasets", "mnist")}
	if d := os.Getenv("GOPHERLAB_DATA"); d != "" {
		dirs = append([]string{filepath.Join(d, "mnist")}, dirs...)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "train-images-idx3-ubyte.gz")); err == nil {
			return d
		}
	}
	testenv.Missing(t, "MNIST not found: set GOPHERLAB_DATA or provide ../shared/datasets/mnist")
	return ""
}

// readIDX reads the first n records of a gzipped IDX file (magic, dims, bytes).
func readIDX(t *testing.T, path string, n int) ([]int, []byte) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var magic uint32
	if err := binary.Read(z, binary.BigEndian, &magic); err != nil {
		t.Fatal(err)
	}
	dims := make([]int, magic&0xff)
	size := 1
	for i := range dims {
		var d uint32
		if err := binary.Read(z, binary.BigEndian, &d); err != nil {
			t.Fatal(err)
		}
		dims[i] = int(d)
		if i > 0 {
			size *= int(d)
		}
	}
	dims[0] = n
	buf := make([]byte, n*size)
	if _, err := io.ReadFull(z, buf); err != nil {
		t.Fatal(err)
	}
	return dims, buf
}

func mnist(t *testing.T, dir, split string, n int) (*tensor.Dense, *tensor.Dense) {
	_, img := readIDX(t, filepath.Join(dir, split+"-images-idx3-ubyte.gz"), n)
	_, lab := readIDX(t, filepath.Join(dir, split+"-labels-idx1-ubyte.gz"), n)
	xs := make([]float32, len(img))
	for i, b := range img {
		xs[i] = float32(b) / 255
	}
	ys := make([]int, n)
	for i, b := range lab {
		ys[i] = int(b)
	}
	return tensor.New(tensor.WithShape(n, 1, 28, 28), tensor.WithBacking(xs)), tensor.New(tensor.WithShape(n), tensor.WithBacking(ys))
}

// A small conv net trained on 4000 MNIST digits for 2 epochs must classify
// 1000 held-out test digits with at least 90% accuracy.
func TestConvNetLearnsMNIST(t *testing.T) {
	dir := mnistDir(t)
	x, y := mnist(t, dir, "train", 4000)
	xt, yt := mnist(t, dir, "t10k", 1000)
	nn.ManualSeed(1)
	model := nn.Sequential(
		nn.Conv2D(1, 8, 3, nn.Same), nn.ReLU(), nn.MaxPool2D(2),
		nn.Conv2D(8, 16, 3, nn.Same), nn.BatchNorm(16), nn.ReLU(), nn.MaxPool2D(2),
		nn.Flatten(), nn.Dropout(0.2), nn.Dense(16*7*7, 10),
	)
	start := time.Now()
	hist, err := train.FitTensors(context.Background(), model, x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(2e-3), Epochs: 2, BatchSize: 64,
		Metrics: []train.Metric{train.Accuracy}, Seed: 1, Quiet: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	loss, acc, err := train.Evaluate(context.Background(), model, mustTensors(t, xt, yt, 250), nn.SoftmaxCrossEntropy, train.Accuracy)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s\ntest loss %.3f, test accuracy %.3f (%.1fs)", hist, loss, acc["accuracy"], time.Since(start).Seconds())
	if acc["accuracy"] < 0.90 {
		t.Fatalf("test accuracy %.3f, want >= 0.90", acc["accuracy"])
	}
}

func mustTensors(t *testing.T, x, y *tensor.Dense, bs int) *train.TensorData {
	d, err := train.Tensors(x, y, bs, 0)
	if err != nil {
		t.Fatal(err)
	}
	d.Shuffle = false
	return d
}

// recallFirst makes sequences of random tokens 1..3 whose target is the
// first token: the model must carry it across all steps.
func recallFirst(n, steps int, seed int64) (*tensor.Dense, *tensor.Dense) {
	r := rand.New(rand.NewSource(seed))
	ids := make([]int, n*steps)
	ys := make([]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < steps; j++ {
			ids[i*steps+j] = 1 + r.Intn(3)
		}
		ys[i] = ids[i*steps]
	}
	return tensor.New(tensor.WithShape(n, steps), tensor.WithBacking(ids)), tensor.New(tensor.WithShape(n), tensor.WithBacking(ys))
}

func TestLSTMLearnsToRecallFirstToken(t *testing.T) {
	x, y := recallFirst(512, 8, 1)
	nn.ManualSeed(2)
	model := nn.Sequential(nn.Embedding(4, 8), nn.LSTM(8, 24, 1), nn.Dense(24, 4))
	_, err := train.FitTensors(context.Background(), model, x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.01), Epochs: 25, BatchSize: 64, ClipNorm: 5, Seed: 1, Quiet: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	xt, yt := recallFirst(300, 8, 2)
	_, acc, err := train.Evaluate(context.Background(), model, mustTensors(t, xt, yt, 100), nn.SoftmaxCrossEntropy, train.Accuracy)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("held-out accuracy %.3f (chance 0.33)", acc["accuracy"])
	if acc["accuracy"] < 0.95 {
		t.Fatalf("held-out accuracy %.3f, want >= 0.95", acc["accuracy"])
	}
}

// shiftTargets makes sequences whose target at step t is the token at t-1
// (0 at t=0): a sequence-to-sequence task for ReturnSequences and a Dense
// layer applied to every step.
func TestStackedLSTMSequenceOutputs(t *testing.T) {
	const n, steps = 384, 6
	r := rand.New(rand.NewSource(3))
	ids, ys := make([]int, n*steps), make([]int, n*steps)
	for i := range ids {
		ids[i] = 1 + r.Intn(4)
		if i%steps > 0 {
			ys[i] = ids[i-1]
		}
	}
	x := tensor.New(tensor.WithShape(n, steps), tensor.WithBacking(ids))
	y := tensor.New(tensor.WithShape(n, steps), tensor.WithBacking(ys))
	nn.ManualSeed(4)
	lstm := nn.LSTM(8, 16, 2)
	lstm.ReturnSequences = true
	model := nn.Sequential(nn.Embedding(5, 8), lstm, nn.Dense(16, 5))
	hist, err := train.FitTensors(context.Background(), model, x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.02), Epochs: 20, BatchSize: 64,
		Metrics: []train.Metric{train.Accuracy}, Seed: 1, Quiet: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	acc := hist.Metric("accuracy")
	if a := acc[len(acc)-1]; a < 0.95 {
		t.Fatalf("per-step training accuracy %.3f after 20 epochs, want >= 0.95\n%s", a, hist)
	}
	out, err := model.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out.Shape()) != "(384, 6, 5)" {
		t.Fatalf("prediction shape %v, want (384, 6, 5)", out.Shape())
	}
}

// A small convolutional autoencoder (FitTensors with nil targets) must
// reconstruct MNIST digits much better than predicting the mean image.
func TestConvAutoencoderReconstructs(t *testing.T) {
	dir := mnistDir(t)
	x, _ := mnist(t, dir, "train", 2048)
	nn.ManualSeed(3)
	model := nn.Sequential(
		nn.Conv2D(1, 8, 3, nn.Same), nn.ReLU(), nn.MaxPool2D(2), // 14x14
		nn.Conv2D(8, 4, 3, nn.Same), nn.ReLU(), nn.MaxPool2D(2), // 7x7
		nn.ConvTranspose2D(4, 8, 4, nn.Stride(2), nn.Padding(1)), nn.ReLU(), // 14x14
		nn.Upsample(2), nn.Conv2D(8, 1, 3, nn.Same), nn.Sigmoid(), // 28x28
	)
	hist, err := train.FitTensors(context.Background(), model, x, nil, train.Config{
		Loss: nn.MSE, Optimizer: optim.Adam(3e-3), Epochs: 6, BatchSize: 32, Seed: 1, Quiet: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	// Baseline: the MSE of always predicting the mean pixel value.
	px := nn.Float64s(x)
	var mean, base float64
	for _, v := range px {
		mean += v / float64(len(px))
	}
	for _, v := range px {
		base += (v - mean) * (v - mean) / float64(len(px))
	}
	l := hist.Loss()
	t.Logf("reconstruction MSE %.4f after %d epochs; mean-pixel baseline %.4f", l[len(l)-1], len(l), base)
	if l[len(l)-1] > base/3 {
		t.Fatalf("reconstruction MSE %.4f is not well below the baseline %.4f", l[len(l)-1], base)
	}
}
