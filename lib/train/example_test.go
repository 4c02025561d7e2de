package train_test

import (
	"context"
	"fmt"
	"math"
	"math/rand"

	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"github.com/gopherlab/gopherlab/lib/train"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func ExampleFitTensors() {
	x, y := blobs(600, 1) // 2-D points of 3 classes
	nn.ManualSeed(1)
	model := nn.Sequential(nn.Dense(2, 16), nn.ReLU(), nn.Dense(16, 3))
	hist, err := train.FitTensors(context.Background(), model, x, y, train.Config{
		Loss:            nn.SoftmaxCrossEntropy,
		Optimizer:       optim.Adam(0.02),
		Epochs:          10,
		BatchSize:       32,
		ValidationSplit: 0.2,
		Metrics:         []train.Metric{train.Accuracy},
		Callbacks:       []train.Callback{train.EarlyStopping(3, 1e-3)},
		Quiet:           true, // in Jupyter, progress renders as a live bar and plot
	})
	if err != nil {
		panic(err)
	}
	acc := hist.Metric("val_accuracy")
	fmt.Println("validation accuracy above 0.95:", acc[len(acc)-1] > 0.95)
	// Output: validation accuracy above 0.95: true
}

func ExampleNewStep() {
	x, y := blobs(256, 2)
	nn.ManualSeed(2)
	model := nn.Sequential(nn.Dense(2, 16), nn.Tanh(), nn.Dense(16, 3))
	step := train.NewStep(model, nn.SoftmaxCrossEntropy, optim.SGD(0.5))
	first, _ := step.Run(x, y)
	var last float64
	for i := 0; i < 100; i++ {
		last, _ = step.Run(x, y) // forward, backward and update
	}
	fmt.Println("loss fell by more than half:", last < first/2)
	// Output: loss fell by more than half: true
}

// A GAN trains two models with alternating custom steps. Each step's build
// function wires the models together on a graph and returns the loss; the
// step only updates the parameters it was given.
func ExampleNewCustomStep() {
	nn.ManualSeed(3)
	gen := nn.Sequential(nn.Dense(2, 16), nn.Tanh(), nn.Dense(16, 1))
	disc := nn.Sequential(nn.Dense(1, 16), nn.LeakyReLU(0.2), nn.Dense(16, 1))

	// Inputs: real samples, noise, ones, zeros.
	dStep := train.NewCustomStep(func(g *nn.Graph, in []*gorgonia.Node) (*gorgonia.Node, error) {
		fake, err := gen.Forward(g, in[1])
		if err != nil {
			return nil, err
		}
		realLogits, err := disc.Forward(g, in[0])
		if err != nil {
			return nil, err
		}
		fakeLogits, err := disc.Forward(g, fake)
		if err != nil {
			return nil, err
		}
		lr, err := nn.BCEWithLogits(realLogits, in[2])
		if err != nil {
			return nil, err
		}
		lf, err := nn.BCEWithLogits(fakeLogits, in[3])
		if err != nil {
			return nil, err
		}
		return gorgonia.Add(lr, lf)
	}, disc.Params(), optim.Adam(0.01))

	// Inputs: noise, ones. The generator is rewarded for fooling disc.
	gStep := train.NewCustomStep(func(g *nn.Graph, in []*gorgonia.Node) (*gorgonia.Node, error) {
		fake, err := gen.Forward(g, in[0])
		if err != nil {
			return nil, err
		}
		logits, err := disc.Forward(g, fake)
		if err != nil {
			return nil, err
		}
		return nn.BCEWithLogits(logits, in[1])
	}, gen.Params(), optim.Adam(0.01))

	const batch = 64
	r := rand.New(rand.NewSource(1))
	sample := func(shape []int, f func() float64) *tensor.Dense {
		d := make([]float32, shape[0]*shape[1])
		for i := range d {
			d[i] = float32(f())
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(d))
	}
	one := func() float64 { return 1 }
	zero := func() float64 { return 0 }
	ones, zeros := sample([]int{batch, 1}, one), sample([]int{batch, 1}, zero)
	for i := 0; i < 600; i++ {
		real := sample([]int{batch, 1}, func() float64 { return 3 + 0.5*r.NormFloat64() })
		if _, err := dStep.Run(real, sample([]int{batch, 2}, r.NormFloat64), ones, zeros); err != nil {
			panic(err)
		}
		if _, err := gStep.Run(sample([]int{batch, 2}, r.NormFloat64), ones); err != nil {
			panic(err)
		}
	}
	fake, err := gen.Predict(sample([]int{1000, 2}, r.NormFloat64))
	if err != nil {
		panic(err)
	}
	var mean float64
	for _, v := range nn.Float64s(fake) {
		mean += v / 1000
	}
	fmt.Println("generated mean near the real mean 3:", math.Abs(mean-3) < 0.5)
	// Output: generated mean near the real mean 3: true
}

// sineData is a Dataset: any type with Next, Reset and Len works with Fit.
type sineData struct {
	batches, pos int
	r            *rand.Rand
}

func (d *sineData) Len() int { return d.batches }

func (d *sineData) Reset(epoch int) { d.pos, d.r = 0, rand.New(rand.NewSource(int64(epoch))) }

func (d *sineData) Next() (x, y *tensor.Dense, ok bool) {
	if d.pos == d.batches {
		return nil, nil, false
	}
	d.pos++
	xs, ys := make([]float32, 32), make([]float32, 32)
	for i := range xs {
		v := d.r.Float64()*6 - 3
		xs[i], ys[i] = float32(v), float32(math.Sin(v))
	}
	return tensor.New(tensor.WithShape(32, 1), tensor.WithBacking(xs)), tensor.New(tensor.WithShape(32, 1), tensor.WithBacking(ys)), true
}

func ExampleFit() {
	nn.ManualSeed(4)
	model := nn.Sequential(nn.Dense(1, 32), nn.Tanh(), nn.Dense(32, 1))
	hist, err := train.Fit(context.Background(), model, &sineData{batches: 50}, train.Config{
		Loss: nn.MSE, Optimizer: optim.Adam(0.01), Epochs: 8,
		Validation: &sineData{batches: 5}, Quiet: true,
	})
	if err != nil {
		panic(err)
	}
	val := hist.ValLoss()
	fmt.Println("fits sin(x):", val[len(val)-1] < 0.01)
	// Output: fits sin(x): true
}

// Random flips for an autoencoder: input and target are flipped together,
// differently in every epoch and the same way in every run.
func ExampleAugment() {
	// One 2×3 image, whose pixels are 0..5.
	x := tensor.New(tensor.WithShape(1, 1, 2, 3), tensor.WithBacking([]float32{0, 1, 2, 3, 4, 5}))
	data, _ := train.Tensors(x, x, 1, 1)
	flipped := train.Augment(data, 7, train.RandomFlips(true, true))
	for epoch := range 6 {
		flipped.Reset(epoch)
		bx, by, _ := flipped.Next()
		fmt.Println(epoch, bx.Data(), by.Data())
	}
	// Output:
	// 0 [0 1 2 3 4 5] [0 1 2 3 4 5]
	// 1 [0 1 2 3 4 5] [0 1 2 3 4 5]
	// 2 [0 1 2 3 4 5] [0 1 2 3 4 5]
	// 3 [2 1 0 5 4 3] [2 1 0 5 4 3]
	// 4 [5 4 3 2 1 0] [5 4 3 2 1 0]
	// 5 [3 4 5 0 1 2] [3 4 5 0 1 2]
}
