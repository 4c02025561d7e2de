package optim_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"gorgonia.org/tensor"
)

func param(vals, grads []float64) *nn.Param {
	return &nn.Param{Name: "w",
		Value: tensor.New(tensor.WithShape(len(vals)), tensor.WithBacking(append([]float64(nil), vals...))),
		Grad:  tensor.New(tensor.WithShape(len(grads)), tensor.WithBacking(append([]float64(nil), grads...)))}
}

func TestClipping(t *testing.T) {
	a, b := param([]float64{0, 0}, []float64{3, 0}), param([]float64{0}, []float64{4})
	norm := optim.ClipGradNorm([]*nn.Param{a, b}, 1)
	if norm != 5 {
		t.Fatalf("norm before clipping %g, want 5", norm)
	}
	got := append(a.Grad.Data().([]float64), b.Grad.Data().([]float64)...)
	if math.Abs(got[0]-0.6) > 1e-12 || math.Abs(got[2]-0.8) > 1e-12 {
		t.Fatalf("clipped grads %v, want [0.6 0 0.8]", got)
	}
	c := param([]float64{0, 0, 0}, []float64{-5, 0.5, 7})
	optim.ClipGradValue([]*nn.Param{c}, 1)
	if g := c.Grad.Data().([]float64); g[0] != -1 || g[1] != 0.5 || g[2] != 1 {
		t.Fatalf("value-clipped grads %v", g)
	}
}

func TestSchedules(t *testing.T) {
	o := optim.SGD(1)
	s := optim.StepLR(2, 0.1)
	for e := 0; e < 5; e++ {
		s.EpochEnd(o, e, 0)
	}
	if math.Abs(o.LR()-0.01) > 1e-15 {
		t.Fatalf("StepLR after 5 epochs: %g, want 0.01", o.LR())
	}
	o.SetLR(1)
	optim.ExponentialLR(0.5).EpochEnd(o, 0, 0)
	if o.LR() != 0.5 {
		t.Fatalf("ExponentialLR: %g", o.LR())
	}
	o.SetLR(1)
	p := optim.ReduceOnPlateau(0.5, 1)
	for e, m := range []float64{1, 0.5, 0.5, 0.5, 0.5, 0.5} {
		p.EpochEnd(o, e, m)
	}
	// Improvements at epochs 0 and 1; then every second flat epoch halves.
	if o.LR() != 0.25 {
		t.Fatalf("ReduceOnPlateau: %g, want 0.25", o.LR())
	}
}

// An optimizer restored from its exported state continues exactly as the
// original would have.
func TestStateRoundTrip(t *testing.T) {
	for _, mk := range []func() optim.Optimizer{
		func() optim.Optimizer { o := optim.SGD(0.1); o.Momentum = 0.9; return o },
		func() optim.Optimizer { return optim.Adam(0.1) },
		func() optim.Optimizer { o := optim.RMSprop(0.1); o.Momentum = 0.3; return o },
	} {
		a, b := mk(), mk()
		pa := param([]float64{1, 2}, []float64{0.5, -1})
		for i := 0; i < 3; i++ {
			a.Step([]*nn.Param{pa})
		}
		pb := param(pa.Float64s(), []float64{0.5, -1})
		if err := b.SetState(a.State()); err != nil {
			t.Fatal(err)
		}
		a.Step([]*nn.Param{pa})
		b.Step([]*nn.Param{pb})
		if wa, wb := pa.Float64s(), pb.Float64s(); wa[0] != wb[0] || wa[1] != wb[1] {
			t.Fatalf("%s: restored optimizer diverged: %v vs %v", a.State().Kind, wa, wb)
		}
	}
	err := optim.Adam(1).SetState(optim.SGD(1).State())
	if err == nil || !strings.Contains(err.Error(), `cannot load "sgd" optimizer state into a "adam" optimizer`) {
		t.Fatalf("kind mismatch error: %v", err)
	}
}

func TestFloat32Params(t *testing.T) {
	p := &nn.Param{Name: "w", Value: tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, 1})),
		Grad: tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, -1}))}
	if err := optim.Adam(0.1).Step([]*nn.Param{p}); err != nil {
		t.Fatal(err)
	}
	// Adam's first step moves each weight by lr against the gradient's sign.
	if w := p.Value.Data().([]float32); math.Abs(float64(w[0])-0.9) > 1e-6 || math.Abs(float64(w[1])-1.1) > 1e-6 {
		t.Fatalf("float32 Adam step gave %v", w)
	}
}

// An optimizer built as a struct literal, without its constructor, keeps
// its state like one from the constructor.
func TestZeroValueOptimizer(t *testing.T) {
	o := &optim.SGDOptimizer{LearningRate: 0.1, Momentum: 0.9}
	p := param([]float64{1}, []float64{0.5})
	for i := 0; i < 2; i++ {
		if err := o.Step([]*nn.Param{p}); err != nil {
			t.Fatal(err)
		}
	}
	// The momentum buffer is 0.5, then 0.9*0.5+0.5 = 0.95: w = 1 - 0.05 - 0.095.
	if w := p.Float64s()[0]; math.Abs(w-0.855) > 1e-12 {
		t.Fatalf("w = %v after two momentum steps, want 0.855", w)
	}
	if s := o.State(); s.Steps != 2 || len(s.Slots) != 1 {
		t.Fatalf("state has %d steps and %d slots, want 2 and 1", s.Steps, len(s.Slots))
	}
}
