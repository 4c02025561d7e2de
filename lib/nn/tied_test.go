package nn_test

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/tensor"
)

// grads runs one forward and backward pass of m on x with a summed squared
// error against target and returns the loss and each parameter's gradient.
func grads(t *testing.T, m nn.Layer, x, target *tensor.Dense) (float64, map[string][]float64) {
	t.Helper()
	g := nn.NewGraph(true, 1)
	in, tgt := g.InputLike("x", x), g.InputLike("y", target)
	out, err := m.Forward(g, in)
	if err != nil {
		t.Fatal(err)
	}
	loss, err := nn.MSESum(out, tgt)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := g.Compile(loss, m.Params())
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	if err := prog.Run(x, target); err != nil {
		t.Fatal(err)
	}
	gs := map[string][]float64{}
	for _, p := range m.Params() {
		gs[p.Name] = nn.Float64s(p.Grad)
	}
	return prog.LossValue(), gs
}

func randDense(r *rand.Rand, shape ...int) *tensor.Dense {
	n := tensor.Shape(shape).TotalSize()
	v := make([]float64, n)
	for i := range v {
		v[i] = r.NormFloat64()
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

func copyParam(t *testing.T, dst, src *nn.Param) {
	t.Helper()
	if err := tensor.Copy(dst.Value, src.Value); err != nil {
		t.Fatal(err)
	}
}

func closeAll(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-9*(1+math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %.12g, want %.12g", what, i, got[i], want[i])
		}
	}
}

// A tied pair must compute what an untied twin with a copied (transposed)
// weight computes, and its shared weight's gradient must be the sum of the
// twin's two weight gradients.
func TestTiedDenseMatchesUntiedTwin(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	enc := nn.Dense(5, 3, nn.Float64)
	dec := enc.Transposed()
	tied := nn.Sequential(enc, nn.Tanh(), dec)
	if s := dec.String(); s != "Dense(3→5, tied)" {
		t.Errorf("String() = %q", s)
	}
	var names []string
	for _, p := range tied.Params() {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, " "); got != "0.weight 0.bias 2.bias" {
		t.Fatalf("params %q: the shared weight must be listed once, by its owner", got)
	}
	if got, want := tied.NumParams(), 5*3+3+5; got != want {
		t.Fatalf("NumParams = %d, want %d", got, want)
	}

	a, b := nn.Dense(5, 3, nn.Float64), nn.Dense(3, 5, nn.Float64)
	twin := nn.Sequential(a, nn.Tanh(), b)
	copyParam(t, a.Weight, enc.Weight)
	copyParam(t, a.Bias, enc.Bias)
	copyParam(t, b.Bias, dec.Bias)
	w := nn.Float64s(enc.Weight.Value) // [5, 3]
	bw := b.Weight.Value.Data().([]float64)
	for i := 0; i < 5; i++ {
		for j := 0; j < 3; j++ {
			bw[j*5+i] = w[i*3+j]
		}
	}

	x, y := randDense(r, 4, 5), randDense(r, 4, 5)
	lt, gt := grads(t, tied, x, y)
	lu, gu := grads(t, twin, x, y)
	closeAll(t, "loss", []float64{lt}, []float64{lu})
	want := append([]float64(nil), gu["0.weight"]...)
	for i := 0; i < 5; i++ {
		for j := 0; j < 3; j++ {
			want[i*3+j] += gu["2.weight"][j*5+i]
		}
	}
	closeAll(t, "grad of the tied weight", gt["0.weight"], want)
	closeAll(t, "grad of the decoder bias", gt["2.bias"], gu["2.bias"])

	// Re-initialising the model must not draw the shared weight twice.
	before := nn.Float64s(enc.Weight.Value)
	dec.Init(rand.New(rand.NewSource(1)))
	closeAll(t, "weight after the tied layer's Init", nn.Float64s(enc.Weight.Value), before)
}

func TestTiedConvMatchesUntiedTwin(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	enc := nn.Conv2D(2, 3, 3, nn.Float64, nn.Stride(2))
	dec := enc.Transposed()
	if dec.In != 3 || dec.Out != 2 || !dec.Transpose || dec.Stride != 2 {
		t.Fatalf("Transposed() = %v", dec)
	}
	if back := dec.Transposed(); back.Transpose || back.In != 2 || back.Out != 3 {
		t.Fatalf("the transpose of a transposed convolution is %v, want a Conv2D(2→3)", back)
	}
	tied := nn.Sequential(enc, nn.Tanh(), dec)
	if got, want := tied.NumParams(), 3*2*9+3+2; got != want {
		t.Fatalf("NumParams = %d, want %d", got, want)
	}
	a, b := nn.Conv2D(2, 3, 3, nn.Float64, nn.Stride(2)), nn.ConvTranspose2D(3, 2, 3, nn.Float64, nn.Stride(2))
	twin := nn.Sequential(a, nn.Tanh(), b)
	copyParam(t, a.Weight, enc.Weight)
	copyParam(t, a.Bias, enc.Bias)
	copyParam(t, b.Weight, enc.Weight) // one layout serves both
	copyParam(t, b.Bias, dec.Bias)

	x, y := randDense(r, 2, 2, 7, 7), randDense(r, 2, 2, 7, 7)
	lt, gt := grads(t, tied, x, y)
	lu, gu := grads(t, twin, x, y)
	closeAll(t, "loss", []float64{lt}, []float64{lu})
	want := append([]float64(nil), gu["0.weight"]...)
	for i, v := range gu["2.weight"] {
		want[i] += v
	}
	closeAll(t, "grad of the tied kernel", gt["0.weight"], want)
}
