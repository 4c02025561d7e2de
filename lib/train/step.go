package train

import (
	"fmt"
	"math"
	"strings"

	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// BuildFunc adds a loss computed from input nodes to a graph. Inputs are
// created from the tensors passed to Step.Run, in order.
type BuildFunc func(g *nn.Graph, inputs []*gorgonia.Node) (loss *gorgonia.Node, err error)

// Step performs training steps: forward, backward, optional gradient
// clipping, and an optimizer update of its parameters. It compiles one
// graph per distinct set of input shapes and reuses it.
type Step struct {
	// Params are the parameters updated by Run.
	Params []*nn.Param
	// Opt updates Params.
	Opt optim.Optimizer
	// ClipNorm, when positive, rescales the gradients to this global norm.
	ClipNorm float64
	// ClipValue, when positive, clamps each gradient element to ±ClipValue.
	ClipValue float64
	// Count is the number of updates done; it seeds per-step randomness
	// (dropout masks), so a resumed run draws the same masks.
	Count int
	// Seed is the base seed of per-step randomness.
	Seed int64

	build func(g *nn.Graph, in []*gorgonia.Node) (*gorgonia.Node, []*gorgonia.Node, error)
	progs map[string]*nn.Program
	last  *nn.Program
}

// NewStep returns a step training model on loss(model(x), y) with opt;
// Run takes (x, y).
func NewStep(model nn.Layer, loss nn.Loss, opt optim.Optimizer) *Step {
	return &Step{Params: model.Params(), Opt: opt, progs: map[string]*nn.Program{},
		build: func(g *nn.Graph, in []*gorgonia.Node) (*gorgonia.Node, []*gorgonia.Node, error) {
			if len(in) != 2 {
				return nil, nil, fmt.Errorf("train: a model step takes (x, y), got %d tensors", len(in))
			}
			pred, err := model.Forward(g, in[0])
			if err != nil {
				return nil, nil, err
			}
			l, err := loss(pred, in[1])
			if err != nil {
				return nil, nil, err
			}
			return l, []*gorgonia.Node{pred}, nil
		}}
}

// NewCustomStep returns a step minimising the loss that build adds to a
// graph, updating only params with opt. It is how multi-network models
// train: a GAN's generator step builds discriminator(generator(z)) but
// passes only the generator's parameters.
func NewCustomStep(build BuildFunc, params []*nn.Param, opt optim.Optimizer) *Step {
	return &Step{Params: params, Opt: opt, progs: map[string]*nn.Program{},
		build: func(g *nn.Graph, in []*gorgonia.Node) (*gorgonia.Node, []*gorgonia.Node, error) {
			l, err := build(g, in)
			return l, nil, err
		}}
}

// program returns the compiled program for these inputs and mode.
func (s *Step) program(training bool, inputs []*tensor.Dense) (*nn.Program, error) {
	var key strings.Builder
	fmt.Fprint(&key, training)
	for i, t := range inputs {
		if t == nil {
			return nil, fmt.Errorf("train: input %d of the step is nil", i)
		}
		fmt.Fprintf(&key, "|%v%v", t.Dtype(), t.Shape())
	}
	if p, ok := s.progs[key.String()]; ok {
		return p, nil
	}
	g := nn.NewGraph(training, s.Seed)
	in := make([]*gorgonia.Node, len(inputs))
	for i, t := range inputs {
		in[i] = g.InputLike(fmt.Sprintf("input%d", i), t)
	}
	loss, outs, err := s.build(g, in)
	if err != nil {
		return nil, fmt.Errorf("train: building the graph: %w", err)
	}
	var p *nn.Program
	if training {
		var wrt []*nn.Param
		for _, prm := range s.Params {
			if !prm.Buffer {
				wrt = append(wrt, prm)
			}
		}
		p, err = g.Compile(loss, wrt, outs...)
	} else {
		p, err = g.Compile(nil, nil, append([]*gorgonia.Node{loss}, outs...)...)
	}
	if err != nil {
		return nil, err
	}
	s.progs[key.String()] = p
	return p, nil
}

// Run does one training step on inputs and returns the loss before the
// update. A NaN or infinite loss is an error and leaves the parameters as
// they were.
func (s *Step) Run(inputs ...*tensor.Dense) (float64, error) {
	p, err := s.program(true, inputs)
	if err != nil {
		return 0, err
	}
	p.Graph.Rand().Seed(s.Seed*1000003 + int64(s.Count))
	if err := p.Run(inputs...); err != nil {
		return 0, err
	}
	s.last = p
	if l := p.LossValue(); math.IsNaN(l) || math.IsInf(l, 0) {
		return l, fmt.Errorf("train: the loss is %v, so the step was not applied: lower the learning rate, clip gradients (ClipNorm), or check the data for NaNs", l)
	}
	if s.ClipValue > 0 {
		optim.ClipGradValue(s.Params, s.ClipValue)
	}
	if s.ClipNorm > 0 {
		optim.ClipGradNorm(s.Params, s.ClipNorm)
	}
	if err := s.Opt.Step(s.Params); err != nil {
		return 0, err
	}
	s.Count++
	return p.LossValue(), nil
}

// Eval computes the loss on inputs in inference mode, without updating.
func (s *Step) Eval(inputs ...*tensor.Dense) (float64, error) {
	p, err := s.program(false, inputs)
	if err != nil {
		return 0, err
	}
	if err := p.Run(inputs...); err != nil {
		return 0, err
	}
	s.last = p
	return p.OutputScalar(0), nil
}

// Output returns the model's prediction from the last Run or Eval of a
// NewStep step (nil for custom steps). It is overwritten by the next call.
func (s *Step) Output() *tensor.Dense {
	if s.last == nil {
		return nil
	}
	i := 0
	if s.last.Loss == nil { // inference programs output the loss first
		i = 1
	}
	return s.last.Output(i)
}
