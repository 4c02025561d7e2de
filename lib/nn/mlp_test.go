package nn_test

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"gorgonia.org/tensor"
)

// twoMoons-like data: points inside vs outside a circle of radius 1, which a
// linear model cannot separate.
func circleData(n int, seed int64) (*tensor.Dense, *tensor.Dense) {
	r := rand.New(rand.NewSource(seed))
	xs := make([]float32, 2*n)
	ys := make([]float32, n)
	for i := 0; i < n; i++ {
		a, b := r.Float64()*4-2, r.Float64()*4-2
		xs[2*i], xs[2*i+1] = float32(a), float32(b)
		if a*a+b*b < 1.5 {
			ys[i] = 1
		}
	}
	return tensor.New(tensor.WithShape(n, 2), tensor.WithBacking(xs)), tensor.New(tensor.WithShape(n, 1), tensor.WithBacking(ys))
}

func TestMLPLearnsCircle(t *testing.T) {
	nn.ManualSeed(3)
	model := nn.Sequential(nn.Dense(2, 32), nn.Tanh(), nn.Dense(32, 32), nn.ReLU(), nn.Dense(32, 1))
	x, y := circleData(256, 1)
	g := nn.NewGraph(true, 1)
	xin, yin := g.InputLike("x", x), g.InputLike("y", y)
	pred, err := model.Forward(g, xin)
	if err != nil {
		t.Fatal(err)
	}
	loss, err := nn.BCEWithLogits(pred, yin)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := g.Compile(loss, nil, pred)
	if err != nil {
		t.Fatal(err)
	}
	opt := optim.Adam(0.01)
	var first, last float64
	for step := 0; step < 300; step++ {
		if err := prog.Run(x, y); err != nil {
			t.Fatal(err)
		}
		if step == 0 {
			first = prog.LossValue()
		}
		last = prog.LossValue()
		if err := opt.Step(model.Params()); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("loss %.4f -> %.4f", first, last)
	if !(last < 0.15 && last < first/3) {
		t.Fatalf("loss did not fall enough: %.4f -> %.4f", first, last)
	}
	// Held-out accuracy through Predict (a separate inference graph sharing the weights).
	xt, yt := circleData(500, 2)
	out, err := model.Predict(xt)
	if err != nil {
		t.Fatal(err)
	}
	logits, labels := nn.Float64s(out), nn.Float64s(yt)
	correct := 0
	for i, l := range logits {
		if (l > 0) == (labels[i] > 0.5) {
			correct++
		}
	}
	acc := float64(correct) / float64(len(labels))
	if acc < 0.93 || math.IsNaN(acc) {
		t.Fatalf("held-out accuracy %.3f, want >= 0.93", acc)
	}
	t.Logf("held-out accuracy %.3f", acc)
}
