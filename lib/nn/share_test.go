package nn_test

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Intermediate values share memory after Compile; an intermediate node
// passed as an output must still hold its value after the run, though the
// layers (and backward ops) after it reuse that memory.
func TestCompiledOutputSurvivesSharing(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	head := nn.Sequential(nn.Dense(6, 16, nn.Float64))
	tail := nn.Sequential(nn.ReLU(), nn.Dense(16, 16, nn.Float64), nn.Sigmoid(), nn.Dense(16, 16, nn.Float64), nn.Tanh(), nn.Dense(16, 1, nn.Float64))
	x, y := randTensor(r, 5, 6), randTensor(r, 5, 1)
	wantHidden, err := head.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	wantPred, err := tail.Predict(wantHidden)
	if err != nil {
		t.Fatal(err)
	}
	for _, training := range []bool{false, true} {
		g := nn.NewGraph(training, 1)
		hidden, err := head.Forward(g, g.InputLike("x", x))
		if err != nil {
			t.Fatal(err)
		}
		pred, err := tail.Forward(g, hidden)
		if err != nil {
			t.Fatal(err)
		}
		var loss *gorgonia.Node
		inputs := []*tensor.Dense{x}
		if training {
			if loss, err = nn.MSE(pred, g.InputLike("y", y)); err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, y)
		}
		prog, err := g.Compile(loss, nil, hidden, pred)
		if err != nil {
			t.Fatal(err)
		}
		if err := prog.Run(inputs...); err != nil {
			t.Fatal(err)
		}
		for i, want := range []*tensor.Dense{wantHidden, wantPred} {
			got := prog.Output(i).Data().([]float64)
			for j, w := range want.Data().([]float64) {
				if math.Abs(got[j]-w) > 1e-12 {
					t.Fatalf("training=%v: output %d [%d] = %g after the run, want %g", training, i, j, got[j], w)
				}
			}
		}
	}
}
