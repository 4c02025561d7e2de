package nn_test

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestParamNamesAndCounts(t *testing.T) {
	inner := nn.Sequential(nn.Dense(4, 3), nn.ReLU(), nn.BatchNorm(3))
	m := nn.Sequential(nn.Dense(5, 4, nn.NoBias()), inner)
	var names []string
	for _, p := range m.Params() {
		names = append(names, p.Name)
	}
	want := "0.weight 1.0.weight 1.0.bias 1.2.weight 1.2.bias 1.2.running_mean 1.2.running_var"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("names %q, want %q", got, want)
	}
	// Buffers are not trainable parameters.
	if got := m.NumParams(); got != 5*4+4*3+3+3+3 {
		t.Fatalf("NumParams = %d", got)
	}
}

func TestSeededInit(t *testing.T) {
	build := func() *nn.Model { return nn.Sequential(nn.Dense(3, 4), nn.Conv2D(1, 2, 3)) }
	nn.ManualSeed(7)
	a := build()
	nn.ManualSeed(7)
	b := build()
	c := build() // the source has moved on
	for i, p := range a.Params() {
		if !slices.Equal(p.Float64s(), b.Params()[i].Float64s()) {
			t.Fatalf("%s differs under the same seed", p.Name)
		}
	}
	if slices.Equal(a.Params()[0].Float64s(), c.Params()[0].Float64s()) {
		t.Fatal("different draws gave identical weights")
	}
	c.Init(rand.New(rand.NewSource(9)))
	w1 := c.Params()[0].Float64s()
	c.Init(rand.New(rand.NewSource(9)))
	if !slices.Equal(w1, c.Params()[0].Float64s()) {
		t.Fatal("Init with the same explicit source gave different weights")
	}
}

func TestSummaryBundle(t *testing.T) {
	m := nn.Sequential(nn.Dense(4, 8), nn.ReLU(), nn.Dense(8, 2))
	s := m.Summary(4)
	if s.Err != nil || len(s.Rows) != 3 || s.TotalParams != 4*8+8+8*2+2 {
		t.Fatalf("summary %+v", s)
	}
	if got := s.Rows[2].OutputShape; len(got) != 1 || got[0] != 2 {
		t.Fatalf("last output shape %v", got)
	}
	b := s.MIMEBundle()
	html, _ := b["text/html"].(string)
	if !strings.Contains(html, "<table>") || !strings.Contains(html, "Dense(8→2)") || !strings.Contains(html, "58") {
		t.Fatalf("html %q", html)
	}
	if b["text/plain"] != s.String() {
		t.Fatal("text/plain differs from String")
	}
	ae := nn.Sequential(nn.Sequential(nn.Dense(4, 2), nn.ReLU()), nn.Sequential(nn.Dense(2, 4)))
	var got []string
	for _, r := range ae.Summary(4).Rows {
		got = append(got, fmt.Sprintf("%s %v %d", r.Layer, r.OutputShape, r.Params))
	}
	want := []string{"Sequential(2 layers) [2] 10", "  Dense(4→2) [2] 10", "  ReLU [2] 0", "Sequential(1 layers) [4] 12", "  Dense(2→4) [4] 12"}
	if !slices.Equal(got, want) {
		t.Fatalf("nested summary rows\n%q\nwant\n%q", got, want)
	}
	if bad := ae.Summary(3); bad.Err == nil || !strings.Contains(bad.Err.Error(), "layer 0.0 (Dense(4→2))") {
		t.Fatalf("nested bad summary error %v", bad.Err)
	}
	bad := m.Summary(5) // wrong input size: the error names the layer
	if bad.Err == nil || !strings.Contains(bad.Err.Error(), "layer 0 (Dense(4→8))") || !strings.Contains(bad.String(), "error:") {
		t.Fatalf("bad summary error %v", bad.Err)
	}
}

func TestModesAndPredictCache(t *testing.T) {
	nn.ManualSeed(1)
	m := nn.Sequential(nn.Dense(6, 6), nn.Dropout(0.5))
	x := tensor.New(tensor.WithShape(3, 6), tensor.WithBacking(make([]float32, 18)))
	for i := range x.Data().([]float32) {
		x.Data().([]float32)[i] = 1
	}
	a, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := m.Predict(x)
	if !slices.Equal(nn.Float64s(a), nn.Float64s(b)) {
		t.Fatal("inference mode is not deterministic")
	}
	m.Train()
	c, _ := m.Predict(x)
	zeros := 0
	for _, v := range nn.Float64s(c) {
		if v == 0 {
			zeros++
		}
	}
	if zeros == 0 {
		t.Fatal("training mode applied no dropout")
	}
	m.Eval()
	// The weights are shared: changing them changes the cached graph's output.
	w := m.Params()[0].Value.Data().([]float32)
	w[0] += 10
	d, _ := m.Predict(x)
	if slices.Equal(nn.Float64s(a), nn.Float64s(d)) {
		t.Fatal("cached graph did not see the updated weights")
	}
	// The input was not modified by the graph.
	for _, v := range x.Data().([]float32) {
		if v != 1 {
			t.Fatal("Predict modified its input")
		}
	}
}

func TestBatchNormEvalUsesRunningStats(t *testing.T) {
	bn := nn.BatchNorm(2)
	m := nn.Sequential(bn)
	x := tensor.New(tensor.WithShape(4, 2), tensor.WithBacking([]float32{1, 10, 3, 20, 5, 30, 7, 40}))
	m.Train()
	if _, err := m.Predict(x); err != nil {
		t.Fatal(err)
	}
	mean := bn.RunningMean.Float64s()
	if mean[0] < 0.39 || mean[0] > 0.41 || mean[1] < 2.49 || mean[1] > 2.51 { // 0.1 · batch mean (4, 25)
		t.Fatalf("running mean after one training batch: %v", mean)
	}
	m.Eval()
	y, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	// Eval normalises with the running statistics, not the batch's: the
	// output mean of channel 0 is far from 0.
	out := nn.Float64s(y)
	if m0 := (out[0] + out[2] + out[4] + out[6]) / 4; m0 < 1 {
		t.Fatalf("eval output mean %.3f looks batch-normalised", m0)
	}
}

func TestClearErrors(t *testing.T) {
	g := nn.NewGraph(false, 1)
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"dense size", func() error {
			_, err := nn.Dense(3, 2).Forward(g, g.Input("a", tensor.Float32, 4, 5))
			return err
		}, "needs input of shape [..., 3], got (4, 5)"},
		{"dtype", func() error {
			_, err := nn.Dense(5, 2, nn.Float64).Forward(g, g.Input("b", tensor.Float32, 4, 5))
			return err
		}, "has float64 weights but its input is float32: convert the data to float64, or build the layers without the nn.Float64 option"},
		{"conv channels", func() error {
			_, err := nn.Conv2D(3, 4, 3).Forward(g, g.Input("c", tensor.Float32, 2, 1, 8, 8))
			return err
		}, "needs input [N, 3, H, W], got (2, 1, 8, 8)"},
		{"loss shapes", func() error {
			_, err := nn.MSE(g.Input("d", tensor.Float32, 4, 1), g.Input("e", tensor.Float32, 4))
			return err
		}, "same shape, got (4, 1) and (4)"},
		{"reshape", func() error {
			_, err := nn.Reshape(3, 3).Forward(g, g.Input("f", tensor.Float32, 2, 10))
			return err
		}, "a sample has 10 elements but the target shape holds 9"},
	}
	for _, c := range cases {
		err := c.run()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
	// Out-of-range classes fail the run with the position and the range.
	g2 := nn.NewGraph(false, 1)
	l, err := nn.SoftmaxCrossEntropy(g2.Input("l", tensor.Float32, 2, 3), g2.Input("t", tensor.Int, 2))
	if err != nil {
		t.Fatal(err)
	}
	p, err := g2.Compile(nil, nil, l)
	if err != nil {
		t.Fatal(err)
	}
	err = p.Run(tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(make([]float32, 6))), tensor.New(tensor.WithShape(2), tensor.WithBacking([]int{1, 3})))
	if err == nil || !strings.Contains(err.Error(), "target 1 is class 3, outside the 3 logits") {
		t.Fatalf("out-of-range class error: %v", err)
	}
}

func TestLambda(t *testing.T) {
	double := nn.Lambda("Double", func(g *nn.Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
		return gorgonia.Add(x, x)
	})
	m := nn.Sequential(double)
	x := tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float32{1, -3}))
	y, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	if got := nn.Float64s(y); got[0] != 2 || got[1] != -6 || m.Summary(2).Rows[0].Layer != "Double" {
		t.Fatalf("Lambda gave %v", got)
	}
}

func TestPredictBatchesMatchesPredict(t *testing.T) {
	nn.ManualSeed(2)
	m := nn.Sequential(nn.Conv2D(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Dense(2*4*4, 3))
	r := rand.New(rand.NewSource(1))
	v := make([]float32, 11*36)
	for i := range v {
		v[i] = r.Float32()
	}
	x := tensor.New(tensor.WithShape(11, 1, 6, 6), tensor.WithBacking(v))
	want, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	for _, bs := range []int{1, 4, 5, 11, 50} {
		got, err := m.PredictBatches(x, bs)
		if err != nil {
			t.Fatalf("batch %d: %v", bs, err)
		}
		if !nn.SameShape(got.Shape(), want.Shape()) {
			t.Fatalf("batch %d: shape %v, want %v", bs, got.Shape(), want.Shape())
		}
		g, w := nn.Float64s(got), nn.Float64s(want)
		for i := range w {
			if math.Abs(g[i]-w[i]) > 1e-6 {
				t.Fatalf("batch %d: output %d = %g, want %g", bs, i, g[i], w[i])
			}
		}
	}
	if _, err := m.PredictBatches(x, 0); err == nil || !strings.Contains(err.Error(), "batch size of at least 1") {
		t.Fatalf("batch size 0: %v", err)
	}
}

func TestGlorotInit(t *testing.T) {
	nn.ManualSeed(4)
	check := func(name string, w, b *nn.Param, bound float64) {
		t.Helper()
		maxAbs := 0.0
		for _, v := range w.Float64s() {
			maxAbs = math.Max(maxAbs, math.Abs(v))
		}
		if maxAbs > bound || maxAbs < 0.9*bound {
			t.Errorf("%s: max |w| = %g, want just under %g", name, maxAbs, bound)
		}
		for _, v := range b.Float64s() {
			if v != 0 {
				t.Fatalf("%s: bias %g, want 0", name, v)
			}
		}
	}
	d := nn.Dense(300, 100, nn.Glorot)
	c := nn.Conv2D(8, 16, 5, nn.Glorot)
	check("dense", d.Weight, d.Bias, math.Sqrt(6.0/400))
	check("conv", c.Weight, c.Bias, math.Sqrt(6.0/(25*24)))
	m := nn.Sequential(d, c)
	m.Init(rand.New(rand.NewSource(1))) // re-initialising keeps the scheme
	check("dense after Init", d.Weight, d.Bias, math.Sqrt(6.0/400))
	if p := nn.Dense(300, 100); math.Abs(p.Bias.Float64s()[0]) == 0 {
		t.Error("without Glorot the bias should be drawn, as PyTorch does")
	}
}
