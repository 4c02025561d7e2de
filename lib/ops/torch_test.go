package ops

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/internal/testenv"
)

const python = "/usr/bin/python3"

// requireTorch skips when PyTorch is unavailable, except under CI, where
// the reference comparison must run (testenv.Missing).
func requireTorch(t *testing.T) {
	t.Helper()
	if err := exec.Command(python, "-c", "import torch").Run(); err != nil {
		testenv.Missing(t, "%s cannot import torch (%v); install python3-torch to compare with PyTorch", python, err)
	}
}

type torchCase struct {
	Name   string         `json:"name"`
	Op     string         `json:"op"`
	Params map[string]any `json:"params"`
	Shapes [][]int        `json:"shapes"`

	build builder
	bn    *BNState
}

func writeF32(t *testing.T, path string, d []float32) {
	t.Helper()
	b := make([]byte, 4*len(d))
	for i, v := range d {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readF32(t *testing.T, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := make([]float32, len(b)/4)
	for i := range d {
		d[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return d
}

func closeTo(t *testing.T, what string, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, torch has %d", what, len(got), len(want))
	}
	for i := range want {
		g, w := float64(got[i]), float64(want[i])
		if math.Abs(g-w) > 1e-4*(1+math.Abs(w)) {
			t.Fatalf("%s[%d] = %v, torch %v", what, i, g, w)
		}
	}
}

func convCase(name, op string, p ConvParams, x, w []int) torchCase {
	f := Conv2D
	if op == "conv_transpose2d" {
		f = ConvTranspose2D
	}
	return torchCase{
		Name: name, Op: op, Shapes: [][]int{x, w},
		Params: map[string]any{"sh": p.StrideH, "sw": p.StrideW, "ph": p.PadH, "pw": p.PadW},
		build:  one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return f(in[0], in[1], p) }),
	}
}

func poolCase(name, op string, kh, kw, sh, sw int, x []int) torchCase {
	f := MaxPool2D
	if op == "avg_pool2d" {
		f = AvgPool2D
	}
	return torchCase{
		Name: name, Op: op, Shapes: [][]int{x},
		Params: map[string]any{"kh": kh, "kw": kw, "sh": sh, "sw": sw},
		build:  one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return f(in[0], kh, kw, sh, sw) }),
	}
}

func actCase(name, op string, f func(*gorgonia.Node) (*gorgonia.Node, error)) torchCase {
	return torchCase{
		Name: name, Op: op, Shapes: [][]int{{4, 3, 5, 5}}, Params: map[string]any{},
		build: one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return f(in[0]) }),
	}
}

func bnCase(name string, training bool, x []int) torchCase {
	st := NewBNState(tensor.Float32, x[1])
	r := rand.New(rand.NewSource(3))
	for i, m := range st.Mean.Data().([]float32) {
		st.Mean.Data().([]float32)[i] = m + float32(r.NormFloat64())
		st.Var.Data().([]float32)[i] = 0.5 + r.Float32()
	}
	return torchCase{
		Name: name, Op: "batch_norm", Shapes: [][]int{x, {x[1]}, {x[1]}},
		Params: map[string]any{"training": training, "momentum": st.Momentum, "eps": st.Eps},
		build: one(func(in []*gorgonia.Node) (*gorgonia.Node, error) {
			return BatchNorm(in[0], in[1], in[2], st, training)
		}),
		bn: st,
	}
}

// TestAgainstPyTorch runs every op forward and backward (with ShareBuffers)
// on fixed random float32 inputs and compares outputs, gradients (of
// Σ out⊙r for random r) and BatchNorm's running statistics with PyTorch 1.13
// on the same inputs.
func TestAgainstPyTorch(t *testing.T) {
	requireTorch(t)
	cases := []torchCase{
		convCase("conv-ae1", "conv2d", Valid(), []int{4, 1, 28, 28}, []int{32, 1, 7, 7}),
		convCase("conv-ae2", "conv2d", Valid(), []int{2, 32, 34, 34}, []int{1, 32, 7, 7}),
		convCase("conv-s2p1", "conv2d", Strided(2, 1), []int{3, 3, 16, 16}, []int{8, 3, 4, 4}),
		convCase("conv-same5", "conv2d", Same(5, 5), []int{2, 8, 9, 9}, []int{3, 8, 5, 5}),
		convCase("conv-rect", "conv2d", ConvParams{StrideH: 1, StrideW: 2, PadH: 2, PadW: 1}, []int{2, 3, 7, 9}, []int{4, 3, 3, 2}),
		convCase("convT-dcgan", "conv_transpose2d", Strided(2, 1), []int{2, 16, 8, 8}, []int{16, 8, 4, 4}),
		convCase("convT-s1", "conv_transpose2d", Same(3, 3), []int{2, 4, 6, 5}, []int{4, 6, 3, 3}),
		poolCase("maxpool2", "max_pool2d", 2, 2, 2, 2, []int{3, 4, 22, 22}),
		poolCase("maxpool3s2", "max_pool2d", 3, 3, 2, 2, []int{2, 3, 9, 8}),
		poolCase("avgpool4", "avg_pool2d", 4, 4, 4, 4, []int{2, 3, 16, 16}),
		{
			Name: "upsample2", Op: "upsample", Shapes: [][]int{{2, 3, 5, 4}}, Params: map[string]any{"factor": 2},
			build: one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return Upsample2D(in[0], 2) }),
		},
		{
			Name: "bias4d", Op: "bias_add", Shapes: [][]int{{3, 5, 4, 4}, {5}}, Params: map[string]any{},
			build: one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return BiasAdd(in[0], in[1]) }),
		},
		{
			Name: "bias2d", Op: "bias_add", Shapes: [][]int{{6, 7}, {7}}, Params: map[string]any{},
			build: one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return BiasAdd(in[0], in[1]) }),
		},
		actCase("relu", "relu", ReLU),
		actCase("leaky_relu", "leaky_relu", func(x *gorgonia.Node) (*gorgonia.Node, error) { return LeakyReLU(x, 0.2) }),
		actCase("tanh", "tanh", Tanh),
		actCase("sigmoid", "sigmoid", Sigmoid),
		bnCase("bn-train-4d", true, []int{4, 3, 5, 5}),
		bnCase("bn-eval-4d", false, []int{4, 3, 5, 5}),
		bnCase("bn-train-2d", true, []int{8, 6}),
		{
			Name: "lstm", Op: "lstm_cell", Shapes: [][]int{{5, 12}, {5, 3}}, Params: map[string]any{},
			build: func(in []*gorgonia.Node) ([]*gorgonia.Node, error) {
				h, c, err := LSTMCell(in[0], in[1])
				return []*gorgonia.Node{h, c}, err
			},
		},
	}

	dir := t.TempDir()
	type result struct {
		outs, grads [][]float32
	}
	results := make([]result, len(cases))
	for ci, c := range cases {
		d := filepath.Join(dir, c.Name)
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewSource(int64(ci)))
		inputs := make([]*tensor.Dense, len(c.Shapes))
		for i, s := range c.Shapes {
			inputs[i] = randDense(r, tensor.Float32, s...)
			writeF32(t, filepath.Join(d, fmt.Sprintf("in%d", i)), inputs[i].Data().([]float32))
		}
		if c.bn != nil {
			writeF32(t, filepath.Join(d, "running_mean"), c.bn.Mean.Data().([]float32))
			writeF32(t, filepath.Join(d, "running_var"), c.bn.Var.Data().([]float32))
		}
		g, in, loss, outs, weights := lossGraph(t, r, c.build, inputs)
		for k, w := range weights {
			writeF32(t, filepath.Join(d, fmt.Sprintf("r%d", k)), w.Data().([]float32))
		}
		grads, err := gorgonia.Grad(loss, in...)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		m := gorgonia.NewTapeMachine(g)
		// Shared buffers must not change any result.
		if err := ShareBuffers(m, outs...); err != nil {
			t.Fatal(err)
		}
		if err := m.RunAll(); err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		var res result
		for _, o := range outs {
			res.outs = append(res.outs, append([]float32(nil), o.Value().Data().([]float32)...))
		}
		for _, gn := range grads {
			res.grads = append(res.grads, append([]float32(nil), gn.Value().Data().([]float32)...))
		}
		results[ci] = res
		m.Close()
	}
	spec, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cases.json"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, filepath.Join("testdata", "torch_ref.py"), dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("torch_ref.py: %v\n%s", err, out)
	}
	for ci, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			d := filepath.Join(dir, c.Name)
			for k, got := range results[ci].outs {
				closeTo(t, fmt.Sprintf("output %d", k), got, readF32(t, filepath.Join(d, fmt.Sprintf("out%d", k))))
			}
			for i, got := range results[ci].grads {
				closeTo(t, fmt.Sprintf("gradient of input %d", i), got, readF32(t, filepath.Join(d, fmt.Sprintf("grad%d", i))))
			}
			if c.bn != nil {
				closeTo(t, "running mean", c.bn.Mean.Data().([]float32), readF32(t, filepath.Join(d, "running_mean.out")))
				closeTo(t, "running var", c.bn.Var.Data().([]float32), readF32(t, filepath.Join(d, "running_var.out")))
			}
		})
	}
}
