package optim

import (
	"fmt"
	"math"

	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/tensor"
)

// Optimizer updates parameters from their gradients.
type Optimizer interface {
	// Step applies one update to each trainable parameter that has a
	// gradient.
	Step(params []*nn.Param) error
	// LR returns the current learning rate.
	LR() float64
	// SetLR changes the learning rate (schedules call it).
	SetLR(lr float64)
	// State exports the optimizer's state for checkpoints.
	State() *State
	// SetState restores a state exported by the same kind of optimizer.
	SetState(s *State) error
}

// State is an optimizer's exportable state.
type State struct {
	// Kind names the optimizer ("sgd", "adam", "rmsprop").
	Kind string
	// Steps is the number of updates applied so far.
	Steps int
	// Scalars holds the hyper-parameters, such as "lr" and "beta1".
	Scalars map[string]float64
	// Slots holds per-parameter tensors, keyed "slot/paramName", such as
	// "m/0.weight".
	Slots map[string]*tensor.Dense
}

// slots holds per-parameter state tensors keyed by slot and parameter name,
// so a restored state attaches to the parameters of a rebuilt model.
type slots map[string]*tensor.Dense

// get returns the slot for p, zero-initialised on first use.
func (s slots) get(slot string, p *nn.Param) (*tensor.Dense, error) {
	key := slot + "/" + p.Name
	t, ok := s[key]
	if !ok {
		t = tensor.New(tensor.Of(p.Value.Dtype()), tensor.WithShape(p.Value.Shape().Clone()...))
		s[key] = t
		return t, nil
	}
	if !nn.SameShape(t.Shape(), p.Value.Shape()) || t.Dtype() != p.Value.Dtype() {
		return nil, fmt.Errorf("optim: state %q is %v %v but parameter %q is %v %v: the state belongs to a different model",
			key, t.Dtype(), t.Shape(), p.Name, p.Value.Dtype(), p.Value.Shape())
	}
	return t, nil
}

// cloneSlots deep-copies slot tensors, so an exported or restored state
// does not share memory with the optimizer that keeps training.
func cloneSlots(m map[string]*tensor.Dense) map[string]*tensor.Dense {
	out := make(map[string]*tensor.Dense, len(m))
	for k, v := range m {
		out[k] = v.Clone().(*tensor.Dense)
	}
	return out
}

// core is the bookkeeping every optimizer shares: the number of updates
// applied and the per-parameter state slots.
type core struct {
	steps int
	st    slots
}

// step counts one more update, then runs it on every trainable parameter
// of params with the state slots names (f32 or f64 by the parameter's
// dtype), so update rules that need the step number see this update's.
func (c *core) step(params []*nn.Param, names []string,
	f32 func(w, g []float32, s [][]float32), f64 func(w, g []float64, s [][]float64)) error {
	if c.st == nil {
		c.st = slots{}
	}
	c.steps++
	for _, p := range params {
		ok, err := trainable(p)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := update(p, c.st, names, f32, f64); err != nil {
			return err
		}
	}
	return nil
}

// state exports c as an optimizer state of the given kind.
func (c *core) state(kind string, scalars map[string]float64) *State {
	return &State{Kind: kind, Steps: c.steps, Slots: cloneSlots(c.st), Scalars: scalars}
}

// restore loads the steps and slots of s, which must be of the given kind.
func (c *core) restore(s *State, kind string) error {
	if s == nil {
		return fmt.Errorf("optim: nil state")
	}
	if s.Kind != kind {
		return fmt.Errorf("optim: cannot load %q optimizer state into a %q optimizer: create the same kind of optimizer as the one saved", s.Kind, kind)
	}
	c.steps, c.st = s.Steps, cloneSlots(s.Slots)
	return nil
}

// flag stores a bool option among a State's scalars.
func flag(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// float is the element type of parameters.
type float interface{ float32 | float64 }

// trainable reports whether p should be updated, and checks its gradient.
func trainable(p *nn.Param) (bool, error) {
	if p.Buffer || p.Grad == nil {
		return false, nil
	}
	if !nn.SameShape(p.Grad.Shape(), p.Value.Shape()) || p.Grad.Dtype() != p.Value.Dtype() {
		return false, fmt.Errorf("optim: gradient of %q is %v %v but the parameter is %v %v",
			p.Name, p.Grad.Dtype(), p.Grad.Shape(), p.Value.Dtype(), p.Value.Shape())
	}
	return true, nil
}

// update runs a per-parameter update on float32 or float64 data, passing
// the parameter, its gradient and the requested state slots as slices of
// the same element type.
func update(p *nn.Param, st slots, names []string,
	f32 func(w, g []float32, s [][]float32), f64 func(w, g []float64, s [][]float64)) error {
	ts := make([]*tensor.Dense, len(names))
	for i, n := range names {
		t, err := st.get(n, p)
		if err != nil {
			return err
		}
		ts[i] = t
	}
	switch w := p.Value.Data().(type) {
	case []float32:
		f32(w, p.Grad.Data().([]float32), slotData[float32](ts))
	case []float64:
		f64(w, p.Grad.Data().([]float64), slotData[float64](ts))
	default:
		return fmt.Errorf("optim: parameter %q has dtype %v; only float32 and float64 are trainable", p.Name, p.Value.Dtype())
	}
	return nil
}

func slotData[T float](ts []*tensor.Dense) [][]T {
	out := make([][]T, len(ts))
	for i, t := range ts {
		out[i] = t.Data().([]T)
	}
	return out
}

// ClipGradNorm scales all gradients of params together so that their
// global L2 norm is at most maxNorm, and returns the norm before clipping.
func ClipGradNorm(params []*nn.Param, maxNorm float64) float64 {
	var sq float64
	for _, p := range params {
		if p.Grad != nil && !p.Buffer {
			for _, v := range nn.Float64s(p.Grad) {
				sq += v * v
			}
		}
	}
	norm := math.Sqrt(sq)
	if norm > maxNorm && norm > 0 {
		scale := maxNorm / norm
		for _, p := range params {
			if p.Grad != nil && !p.Buffer {
				mapGrad(p.Grad, func(v float64) float64 { return v * scale })
			}
		}
	}
	return norm
}

// ClipGradValue clamps every gradient element of params to [-v, v].
func ClipGradValue(params []*nn.Param, v float64) {
	for _, p := range params {
		if p.Grad != nil && !p.Buffer {
			mapGrad(p.Grad, func(x float64) float64 { return math.Max(-v, math.Min(v, x)) })
		}
	}
}

func mapGrad(t *tensor.Dense, f func(float64) float64) {
	switch d := t.Data().(type) {
	case []float32:
		for i, x := range d {
			d[i] = float32(f(float64(x)))
		}
	case []float64:
		for i, x := range d {
			d[i] = f(x)
		}
	}
}
