package ops

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// builder makes an op's output nodes from its input nodes.
type builder func(in []*gorgonia.Node) ([]*gorgonia.Node, error)

func randDense(r *rand.Rand, dt tensor.Dtype, shape ...int) *tensor.Dense {
	t := tensor.New(tensor.Of(dt), tensor.WithShape(shape...))
	switch d := t.Data().(type) {
	case []float64:
		for i := range d {
			d[i] = r.NormFloat64()
		}
	case []float32:
		for i := range d {
			d[i] = float32(r.NormFloat64())
		}
	}
	return t
}

// lossGraph builds loss = Σₖ Σ outₖ ⊙ Rₖ with fixed random Rₖ, so every
// output element weighs differently in the gradient.
func lossGraph(t *testing.T, r *rand.Rand, build builder, inputs []*tensor.Dense) (g *gorgonia.ExprGraph, in []*gorgonia.Node, loss *gorgonia.Node, outs []*gorgonia.Node, weights []*tensor.Dense) {
	t.Helper()
	g = gorgonia.NewGraph()
	for i, v := range inputs {
		in = append(in, gorgonia.NodeFromAny(g, v, gorgonia.WithName(fmt.Sprintf("in%d", i))))
	}
	outs, err := build(in)
	if err != nil {
		t.Fatal(err)
	}
	for k, o := range outs {
		weights = append(weights, randDense(r, o.Dtype(), o.Shape()...))
		rk := gorgonia.NodeFromAny(g, weights[k], gorgonia.WithName(fmt.Sprintf("r%d", k)))
		term := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.HadamardProd(o, rk))))
		if loss == nil {
			loss = term
		} else {
			loss = gorgonia.Must(gorgonia.Add(loss, term))
		}
	}
	return g, in, loss, outs, weights
}

func scalar(t *testing.T, n *gorgonia.Node) float64 {
	switch v := n.Value().Data().(type) {
	case float64:
		return v
	case float32:
		return float64(v)
	}
	t.Fatalf("loss is %T", n.Value().Data())
	return 0
}

// checkGrad compares the symbolic gradients of build's outputs, through
// gorgonia.Grad and a TapeMachine run twice (to exercise reused buffers),
// with central finite differences of the loss, in float64.
func checkGrad(t *testing.T, build builder, wrt []bool, shapes ...[]int) {
	t.Helper()
	r := rand.New(rand.NewSource(7))
	inputs := make([]*tensor.Dense, len(shapes))
	for i, s := range shapes {
		inputs[i] = randDense(r, tensor.Float64, s...)
	}
	g, in, loss, _, _ := lossGraph(t, r, build, inputs)
	var wrtNodes gorgonia.Nodes
	var wrtIdx []int
	for i, w := range wrt {
		if w {
			wrtNodes = append(wrtNodes, in[i])
			wrtIdx = append(wrtIdx, i)
		}
	}
	grads, err := gorgonia.Grad(loss, wrtNodes...)
	if err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g)
	defer m.Close()
	run := func() float64 {
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		m.Reset()
		return scalar(t, loss)
	}
	run()
	run()
	analytic := make([][]float64, len(grads))
	for k, gn := range grads {
		analytic[k] = append([]float64(nil), gn.Value().Data().([]float64)...)
	}
	const h = 1e-5
	for k, i := range wrtIdx {
		data := inputs[i].Data().([]float64)
		for j := range data {
			old := data[j]
			data[j] = old + h
			up := run()
			data[j] = old - h
			down := run()
			data[j] = old
			num := (up - down) / (2 * h)
			if got := analytic[k][j]; math.Abs(got-num) > 1e-6*(1+math.Abs(num)) {
				t.Fatalf("d loss / d input%d[%d]: symbolic %v, finite differences %v", i, j, got, num)
			}
		}
	}
}

func one(f func(in []*gorgonia.Node) (*gorgonia.Node, error)) builder {
	return func(in []*gorgonia.Node) ([]*gorgonia.Node, error) {
		n, err := f(in)
		return []*gorgonia.Node{n}, err
	}
}

func TestGradConv2D(t *testing.T) {
	for _, c := range []struct {
		name string
		x, w []int
		p    ConvParams
	}{
		{"valid", []int{2, 2, 6, 5}, []int{3, 2, 3, 3}, Valid()},
		{"same-fewer-filters", []int{2, 4, 5, 5}, []int{1, 4, 3, 3}, Same(3, 3)},
		{"stride2-pad1", []int{2, 3, 8, 8}, []int{4, 3, 4, 4}, Strided(2, 1)},
		{"full", []int{1, 2, 4, 4}, []int{2, 2, 3, 2}, Full(3, 2)},
		{"1x1", []int{2, 3, 3, 3}, []int{2, 3, 1, 1}, Valid()},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return Conv2D(in[0], in[1], c.p) }),
				[]bool{true, true}, c.x, c.w)
		})
	}
	t.Run("NoInputGrad", func(t *testing.T) {
		p := Valid()
		p.NoInputGrad = true
		checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return Conv2D(in[0], in[1], p) }),
			[]bool{false, true}, []int{2, 2, 5, 5}, []int{2, 2, 3, 3})
	})
}

func TestGradConvTranspose2D(t *testing.T) {
	for _, c := range []struct {
		name string
		x, w []int
		p    ConvParams
	}{
		{"stride2-pad1-k4", []int{2, 3, 4, 4}, []int{3, 2, 4, 4}, Strided(2, 1)},
		{"stride1", []int{2, 2, 4, 3}, []int{2, 3, 3, 3}, Valid()},
		{"stride3-pad0", []int{1, 2, 3, 3}, []int{2, 2, 3, 2}, Strided(3, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return ConvTranspose2D(in[0], in[1], c.p) }),
				[]bool{true, true}, c.x, c.w)
		})
	}
}

func TestGradPooling(t *testing.T) {
	t.Run("max2", func(t *testing.T) {
		checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return MaxPool2D(in[0], 2, 2, 2, 2) }),
			[]bool{true}, []int{2, 3, 6, 5})
	})
	t.Run("max3-overlapping", func(t *testing.T) {
		checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return MaxPool2D(in[0], 3, 2, 1, 2) }),
			[]bool{true}, []int{1, 2, 5, 6})
	})
	t.Run("avg", func(t *testing.T) {
		checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return AvgPool2D(in[0], 3, 2, 2, 1) }),
			[]bool{true}, []int{2, 2, 7, 5})
	})
	t.Run("upsample", func(t *testing.T) {
		checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return Upsample2D(in[0], 3) }),
			[]bool{true}, []int{2, 2, 3, 2})
	})
}

func TestGradBiasAdd(t *testing.T) {
	checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return BiasAdd(in[0], in[1]) }),
		[]bool{true, true}, []int{2, 3, 2, 4}, []int{3})
	checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return BiasAdd(in[0], in[1]) }),
		[]bool{true, true}, []int{4, 5}, []int{5})
}

func TestGradBatchNorm(t *testing.T) {
	for _, training := range []bool{true, false} {
		for _, shape := range [][]int{{3, 2, 3, 2}, {5, 3}} {
			t.Run(fmt.Sprintf("training=%t/%v", training, shape), func(t *testing.T) {
				c := shape[1]
				st := NewBNState(tensor.Float64, c)
				// Non-trivial running statistics for eval mode.
				copy(st.Mean.Data().([]float64), []float64{0.3, -0.2, 0.1}[:c])
				copy(st.Var.Data().([]float64), []float64{1.5, 0.7, 2}[:c])
				st.Momentum = 0 // finite differences need runs that do not change the state
				checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) {
					return BatchNorm(in[0], in[1], in[2], st, training)
				}), []bool{true, true, true}, shape, []int{c}, []int{c})
			})
		}
	}
}

func TestGradLSTMCell(t *testing.T) {
	checkGrad(t, func(in []*gorgonia.Node) ([]*gorgonia.Node, error) {
		h, c, err := LSTMCell(in[0], in[1])
		return []*gorgonia.Node{h, c}, err
	}, []bool{true, true}, []int{3, 8}, []int{3, 2})
}

func TestGradActivations(t *testing.T) {
	for name, f := range map[string]func(*gorgonia.Node) (*gorgonia.Node, error){
		"relu":    ReLU,
		"leaky":   func(x *gorgonia.Node) (*gorgonia.Node, error) { return LeakyReLU(x, 0.2) },
		"tanh":    Tanh,
		"sigmoid": Sigmoid,
	} {
		t.Run(name, func(t *testing.T) {
			checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) { return f(in[0]) }),
				[]bool{true}, []int{3, 7, 2})
		})
	}
}

func TestGradEmbedding(t *testing.T) {
	g := gorgonia.NewGraph()
	table := gorgonia.NodeFromAny(g, randDense(rand.New(rand.NewSource(1)), tensor.Float64, 5, 3), gorgonia.WithName("table"))
	ids := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{4, 0, 4, 1, 2, 4}))
	idNode := gorgonia.NodeFromAny(g, ids, gorgonia.WithName("ids"))
	emb, err := Embedding(table, idNode)
	if err != nil {
		t.Fatal(err)
	}
	if !emb.Shape().Eq(tensor.Shape{2, 3, 3}) {
		t.Fatalf("shape %v, want (2, 3, 3)", emb.Shape())
	}
	// Gradient through the lookup, with the ids fixed.
	checkGrad(t, one(func(in []*gorgonia.Node) (*gorgonia.Node, error) {
		return Embedding(in[0], gorgonia.NodeFromAny(in[0].Graph(), ids, gorgonia.WithName("ids")))
	}), []bool{true}, []int{5, 3})

	bad := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{1, 5}))
	bg := gorgonia.NewGraph()
	tb := gorgonia.NodeFromAny(bg, randDense(rand.New(rand.NewSource(1)), tensor.Float64, 5, 3), gorgonia.WithName("table"))
	if _, err := Embedding(tb, gorgonia.NodeFromAny(bg, bad, gorgonia.WithName("ids"))); err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(bg)
	defer m.Close()
	if err := m.RunAll(); err == nil || !strings.Contains(err.Error(), "id 5 is not a whole number in [0,5)") {
		t.Fatalf("out-of-range id: err = %v", err)
	}
}
