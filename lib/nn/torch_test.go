package nn_test

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand"
	"os/exec"
	"testing"

	"github.com/gopherlab/gopherlab/internal/testenv"
	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// This file checks layers, losses and optimizers against PyTorch: the Go
// side builds each case in float64 with random inputs and weights, sends
// them to testdata/torch_ref.py (Debian's python3-torch) and compares the
// forward output and the gradients of sum(out * upstream), or of the loss.

type tspec struct {
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

type torchCase struct {
	Name     string           `json:"name"`
	Kind     string           `json:"kind"`
	Args     map[string]any   `json:"args,omitempty"`
	Inputs   map[string]tspec `json:"inputs,omitempty"`
	Params   map[string]tspec `json:"params,omitempty"`
	Upstream *tspec           `json:"upstream,omitempty"`
	Diff     []string         `json:"diff,omitempty"`
	Grads    []tspec          `json:"grads,omitempty"`
}

type torchResult struct {
	Out   tspec            `json:"out"`
	Grads map[string]tspec `json:"grads"`
	Steps []tspec          `json:"steps"`
	Extra map[string]tspec `json:"extra"`
}

func spec(t *tensor.Dense) tspec {
	d := nn.Float64s(t)
	if d == nil { // integer class indices
		idx, _ := nn.Indices(t)
		for _, v := range idx {
			d = append(d, float64(v))
		}
	}
	return tspec{Shape: []int(t.Shape().Clone()), Data: d}
}

func randTensor(r *rand.Rand, shape ...int) *tensor.Dense {
	n := 1
	for _, s := range shape {
		n *= s
	}
	d := make([]float64, n)
	for i := range d {
		d[i] = r.NormFloat64()
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(d))
}

// goResult is what the Go side computed for a case.
type goResult struct {
	out   *tensor.Dense
	grads map[string]*tensor.Dense
	extra map[string]*tensor.Dense // compared with torchResult.Extra
}

// layerCase runs layer on x (differentiable unless xIsIndex) and
// backpropagates sum(out * upstream).
func layerCase(t *testing.T, r *rand.Rand, name, kind string, args map[string]any, layer nn.Layer, x *tensor.Dense, xIsIndex bool) (torchCase, goResult) {
	t.Helper()
	g := nn.NewGraph(true, 1)
	xp := &nn.Param{Name: "x", Value: x}
	var xn *gorgonia.Node
	if xIsIndex {
		xn = g.InputLike("x", x)
	} else {
		xn = g.Param(xp)
	}
	out, err := layer.Forward(g, xn)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	up := randTensor(r, out.Shape()...)
	prod, err := gorgonia.HadamardProd(out, gorgonia.NodeFromAny(g.G, up, gorgonia.WithName("upstream")))
	if err != nil {
		t.Fatal(err)
	}
	loss, err := gorgonia.Sum(prod)
	if err != nil {
		t.Fatal(err)
	}
	var wrt []*nn.Param
	for _, p := range layer.Params() {
		if !p.Buffer {
			wrt = append(wrt, p)
		}
	}
	if !xIsIndex {
		wrt = append([]*nn.Param{xp}, wrt...)
	}
	prog, err := g.Compile(loss, wrt, out)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var in []*tensor.Dense
	if xIsIndex {
		in = append(in, x)
	}
	if err := prog.Run(in...); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tc := torchCase{Name: name, Kind: kind, Args: args, Inputs: map[string]tspec{"x": spec(x)},
		Params: map[string]tspec{}, Upstream: &tspec{Shape: []int(up.Shape()), Data: nn.Float64s(up)}}
	res := goResult{out: prog.Output(0).Clone().(*tensor.Dense), grads: map[string]*tensor.Dense{}}
	for _, p := range wrt {
		res.grads[p.Name] = p.Grad.Clone().(*tensor.Dense)
		if p != xp {
			tc.Params[p.Name] = spec(p.Value)
		}
	}
	if !xIsIndex {
		tc.Diff = []string{"x"}
	}
	return tc, res
}

// lossCase evaluates loss(pred, target) and its gradient for pred.
func lossCase(t *testing.T, name, kind string, args map[string]any, loss nn.Loss, pred, target *tensor.Dense) (torchCase, goResult) {
	t.Helper()
	g := nn.NewGraph(true, 1)
	pp := &nn.Param{Name: "pred", Value: pred}
	l, err := loss(g.Param(pp), g.InputLike("target", target))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	prog, err := g.Compile(l, []*nn.Param{pp}, l)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := prog.Run(target); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := tensor.New(tensor.WithShape(), tensor.WithBacking([]float64{prog.OutputScalar(0)}))
	tc := torchCase{Name: name, Kind: "loss:" + kind, Args: args, Diff: []string{"pred"},
		Inputs: map[string]tspec{"pred": spec(pred), "target": spec(target)}}
	return tc, goResult{out: out, grads: map[string]*tensor.Dense{"pred": pp.Grad.Clone().(*tensor.Dense)}}
}

// optimCase applies grads one by one to a copy of w and records w after each step.
func optimCase(t *testing.T, name, kind string, args map[string]any, opt optim.Optimizer, w *tensor.Dense, grads []*tensor.Dense) (torchCase, []*tensor.Dense) {
	t.Helper()
	p := &nn.Param{Name: "w", Value: w.Clone().(*tensor.Dense)}
	tc := torchCase{Name: name, Kind: "optim:" + kind, Args: args, Params: map[string]tspec{"w": spec(w)}}
	var steps []*tensor.Dense
	for _, g := range grads {
		p.Grad = g.Clone().(*tensor.Dense)
		if err := opt.Step([]*nn.Param{p}); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, p.Value.Clone().(*tensor.Dense))
		tc.Grads = append(tc.Grads, spec(g))
	}
	return tc, steps
}

func runTorch(t *testing.T, cases []torchCase) map[string]torchResult {
	t.Helper()
	if exec.Command("/usr/bin/python3", "-c", "import torch").Run() != nil {
		testenv.Missing(t, "PyTorch is not installed for /usr/bin/python3 (Debian: python3-torch)")
	}
	req, err := json.Marshal(map[string]any{"cases": cases})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/python3", "testdata/torch_ref.py")
	cmd.Stdin = bytes.NewReader(req)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("torch_ref.py: %v\n%s", err, stderr.String())
	}
	res := map[string]torchResult{}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func assertClose(t *testing.T, what string, got *tensor.Dense, want tspec) {
	t.Helper()
	g := nn.Float64s(got)
	if len(g) != len(want.Data) {
		t.Errorf("%s: %d values (shape %v), PyTorch has %d (shape %v)", what, len(g), got.Shape(), len(want.Data), want.Shape)
		return
	}
	for i := range g {
		if d := math.Abs(g[i] - want.Data[i]); d > 1e-9+1e-7*math.Abs(want.Data[i]) || math.IsNaN(g[i]) {
			t.Errorf("%s[%d] = %.12g, PyTorch %.12g", what, i, g[i], want.Data[i])
			return
		}
	}
}

// probs returns values in (0.05, 0.95).
func probs(r *rand.Rand, shape ...int) *tensor.Dense {
	t := randTensor(r, shape...)
	d := t.Data().([]float64)
	for i := range d {
		d[i] = 0.05 + 0.9*r.Float64()
	}
	return t
}

func classes(r *rand.Rand, n int, shape ...int) *tensor.Dense {
	size := 1
	for _, s := range shape {
		size *= s
	}
	d := make([]int, size)
	for i := range d {
		d[i] = r.Intn(n)
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(d))
}

func TestAgainstPyTorch(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	nn.ManualSeed(42)
	var cases []torchCase
	layerWant := map[string]goResult{}
	addLayer := func(name, kind string, args map[string]any, l nn.Layer, x *tensor.Dense, idx bool) {
		tc, res := layerCase(t, r, name, kind, args, l, x, idx)
		if bn, ok := l.(*nn.BatchNormLayer); ok {
			res.extra = map[string]*tensor.Dense{"running_mean": bn.RunningMean.Value, "running_var": bn.RunningVar.Value}
		}
		cases = append(cases, tc)
		layerWant[name] = res
	}
	addLoss := func(name, kind string, args map[string]any, l nn.Loss, pred, target *tensor.Dense) {
		tc, res := lossCase(t, name, kind, args, l, pred, target)
		cases = append(cases, tc)
		layerWant[name] = res
	}
	optimWant := map[string][]*tensor.Dense{}
	addOptim := func(name, kind string, args map[string]any, o optim.Optimizer) {
		w := randTensor(r, 3, 2)
		grads := []*tensor.Dense{randTensor(r, 3, 2), randTensor(r, 3, 2), randTensor(r, 3, 2), randTensor(r, 3, 2)}
		tc, steps := optimCase(t, name, kind, args, o, w, grads)
		cases = append(cases, tc)
		optimWant[name] = steps
	}

	addLayer("dense", "dense", nil, nn.Dense(5, 3, nn.Float64), randTensor(r, 4, 5), false)
	addLayer("dense-nobias", "dense", nil, nn.Dense(5, 3, nn.Float64, nn.NoBias()), randTensor(r, 4, 5), false)
	addLayer("dense-seq", "dense", nil, nn.Dense(5, 3, nn.Float64), randTensor(r, 2, 3, 5), false)
	addLayer("relu", "relu", nil, nn.ReLU(), randTensor(r, 4, 6), false)
	addLayer("leakyrelu", "leakyrelu", map[string]any{"alpha": 0.2}, nn.LeakyReLU(0.2), randTensor(r, 4, 6), false)
	addLayer("tanh", "tanh", nil, nn.Tanh(), randTensor(r, 4, 6), false)
	addLayer("sigmoid", "sigmoid", nil, nn.Sigmoid(), randTensor(r, 4, 6), false)
	addLayer("softmax", "softmax", nil, nn.Softmax(), randTensor(r, 4, 6), false)
	for _, c := range extraLayerCases(r) {
		addLayer(c.name, c.kind, c.args, c.layer, c.x, c.idx)
	}

	addLoss("mse", "mse", nil, nn.MSE, randTensor(r, 4, 3), randTensor(r, 4, 3))
	addLoss("mse-sum", "mse_sum", nil, nn.MSESum, randTensor(r, 4, 3), randTensor(r, 4, 3))
	addLoss("bce", "bce", nil, nn.BCE, probs(r, 6, 1), probs(r, 6, 1))
	addLoss("bce-logits", "bce_logits", nil, nn.BCEWithLogits, randTensor(r, 6, 2), probs(r, 6, 2))
	wargs := map[string]any{"pos": 3.0, "neg": 0.5}
	addLoss("wbce", "wbce", wargs, nn.WeightedBCE(3, 0.5), probs(r, 6, 1), probs(r, 6, 1))
	addLoss("wbce-logits", "wbce_logits", wargs, nn.WeightedBCEWithLogits(3, 0.5), randTensor(r, 6, 1), probs(r, 6, 1))
	big := randTensor(r, 5, 1)
	for i, v := range []float64{40, -40, 25, -0.5, 60} { // saturated logits stay finite
		big.Data().([]float64)[i] = v
	}
	addLoss("bce-logits-saturated", "bce_logits", nil, nn.BCEWithLogits, big, probs(r, 5, 1))
	addLoss("softmax-ce", "softmax_ce", nil, nn.SoftmaxCrossEntropy, randTensor(r, 5, 7), classes(r, 7, 5))
	addLoss("softmax-ce-seq", "softmax_ce", nil, nn.SoftmaxCrossEntropy, randTensor(r, 2, 3, 7), classes(r, 7, 2, 3))
	padded := classes(r, 3, 4, 5) // about a third of the positions are the padding id 0
	addLoss("softmax-ce-ignore", "softmax_ce", map[string]any{"ignore": 0}, nn.SoftmaxCrossEntropyIgnoring(0), randTensor(r, 4, 5, 3), padded)

	sgdM := optim.SGD(0.1)
	sgdM.Momentum, sgdM.WeightDecay = 0.9, 0.01
	sgdN := optim.SGD(0.1)
	sgdN.Momentum, sgdN.Nesterov = 0.9, true
	adam := optim.Adam(0.01)
	adam.WeightDecay = 0.1
	rms := optim.RMSprop(0.01)
	rms.Momentum = 0.5
	addOptim("sgd", "sgd", map[string]any{"lr": 0.1}, optim.SGD(0.1))
	addOptim("sgd-momentum", "sgd", map[string]any{"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}, sgdM)
	addOptim("sgd-nesterov", "sgd", map[string]any{"lr": 0.1, "momentum": 0.9, "nesterov": true}, sgdN)
	addOptim("adam", "adam", map[string]any{"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1}, adam)
	addOptim("adamw", "adamw", map[string]any{"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1}, optim.AdamW(0.01, 0.1))
	addOptim("rmsprop", "rmsprop", map[string]any{"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0.5}, rms)

	ref := runTorch(t, cases)
	for name, res := range layerWant {
		want, ok := ref[name]
		if !ok {
			t.Errorf("%s: no PyTorch result", name)
			continue
		}
		assertClose(t, name+" forward", res.out, want.Out)
		for p, g := range res.grads {
			w, ok := want.Grads[p]
			if !ok {
				t.Errorf("%s: PyTorch has no gradient for %s", name, p)
				continue
			}
			assertClose(t, name+" grad "+p, g, w)
		}
		for k, v := range res.extra {
			assertClose(t, name+" "+k, v, want.Extra[k])
		}
	}
	for name, steps := range optimWant {
		for i, s := range steps {
			assertClose(t, name+" step "+string(rune('1'+i)), s, ref[name].Steps[i])
		}
	}
	t.Logf("%d cases compared with PyTorch", len(cases))
}
