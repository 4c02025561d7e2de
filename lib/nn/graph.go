package nn

import (
	"errors"
	"fmt"
	"math/rand"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops"
)

// Graph is a gorgonia expression graph being built from models. It binds
// each Param used in it to one node whose value is the Param's tensor, so
// all graphs built from a model share its weights.
type Graph struct {
	// G is the underlying gorgonia graph; gorgonia operations can be mixed
	// freely with layers on it.
	G *gorgonia.ExprGraph
	// Training selects training behaviour (dropout active, batch
	// statistics in BatchNorm) over inference behaviour.
	Training bool

	rng       *rand.Rand
	nodes     map[*Param]*gorgonia.Node // guarded nodes, used in computations
	raw       map[*Param]*gorgonia.Node // bound nodes, differentiated against
	params    []*Param
	inputs    []*gorgonia.Node
	isInput   map[*gorgonia.Node]bool // the guarded nodes Input returned
	beforeRun []func()
}

// NewGraph returns an empty graph in training or inference mode. Random
// behaviour during runs (dropout masks) is drawn from a source seeded with
// seed.
func NewGraph(training bool, seed int64) *Graph {
	return &Graph{
		G:        gorgonia.NewGraph(),
		Training: training,
		rng:      rand.New(rand.NewSource(seed)),
		nodes:    map[*Param]*gorgonia.Node{},
		raw:      map[*Param]*gorgonia.Node{},
		isInput:  map[*gorgonia.Node]bool{},
	}
}

// Param returns the node of p in this graph, creating it on first use. The
// node is a guarded copy of the tensor (see guardOp) so no operation can
// overwrite the parameter during a run.
func (g *Graph) Param(p *Param) *gorgonia.Node {
	if n, ok := g.nodes[p]; ok {
		return n
	}
	raw := gorgonia.NodeFromAny(g.G, p.Value, gorgonia.WithName(fmt.Sprintf("%s#%p", p.Name, p)))
	n := mustGuard(raw)
	g.nodes[p], g.raw[p] = n, raw
	g.params = append(g.params, p)
	return n
}

// mustGuard wraps n in a guardOp; it cannot fail for a tensor node.
func mustGuard(n *gorgonia.Node) *gorgonia.Node {
	gn, err := guard(n)
	if err != nil {
		panic(fmt.Sprintf("nn: guarding %v: %v", n, err))
	}
	return gn
}

// Params returns the parameters used in the graph so far, in order of first use.
func (g *Graph) Params() []*Param { return g.params }

// Input adds an input node of the given dtype and shape. Inputs are fed to
// Program.Run in the order they were added.
func (g *Graph) Input(name string, dt tensor.Dtype, shape ...int) *gorgonia.Node {
	n := gorgonia.NewTensor(g.G, dt, len(shape), gorgonia.WithShape(shape...), gorgonia.WithName(name))
	g.inputs = append(g.inputs, n)
	gn := mustGuard(n)
	g.isInput[gn] = true
	return gn
}

// IsInput reports whether n is a data input node returned by Input, which
// layers need no gradient for.
func (g *Graph) IsInput(n *gorgonia.Node) bool { return g.isInput[n] }

// InputLike adds an input node with the dtype and shape of t.
func (g *Graph) InputLike(name string, t *tensor.Dense) *gorgonia.Node {
	return g.Input(name, t.Dtype(), t.Shape()...)
}

// Inputs returns the graph's raw input nodes in order (Input returns a
// guarded copy of each, which is what computations should use).
func (g *Graph) Inputs() []*gorgonia.Node { return g.inputs }

// Rand returns the graph's random source, for layers that draw per run.
func (g *Graph) Rand() *rand.Rand { return g.rng }

// BeforeRun registers f to be called before every run of a program compiled
// from the graph, such as refilling a dropout mask bound to a node.
func (g *Graph) BeforeRun(f func()) { g.beforeRun = append(g.beforeRun, f) }

// Program is a compiled graph: a forward pass producing outputs and,
// when it has a loss, a backward pass producing gradients for its
// parameters.
type Program struct {
	Graph   *Graph
	Loss    *gorgonia.Node
	Outputs []*gorgonia.Node

	wrt   []*Param
	grads []*gorgonia.Node
	vm    gorgonia.VM
}

// Compile compiles g. With a non-nil loss (a scalar node) the program also
// computes the gradient of loss with respect to each parameter in wrt (all
// trainable parameters used in the graph when wrt is nil) and stores it in
// the parameter's Grad after each run. outputs are further nodes whose
// values Output returns after a run. Other intermediate nodes share memory
// with each other (see ops.ShareBuffers), so their values after a run are
// not meaningful: pass any node to read as an output.
func (g *Graph) Compile(loss *gorgonia.Node, wrt []*Param, outputs ...*gorgonia.Node) (*Program, error) {
	// Outputs are read through guards: gorgonia may reuse an output's
	// register for a later in-place op (the loss, or the backward pass),
	// and a guard's read keeps the value live until it has been copied.
	guarded := make([]*gorgonia.Node, len(outputs))
	for i, o := range outputs {
		guarded[i] = mustGuard(o)
	}
	p := &Program{Graph: g, Loss: loss, Outputs: guarded}
	if loss != nil {
		if !loss.IsScalar() {
			return nil, fmt.Errorf("nn: the loss must be a scalar node, got shape %v: reduce it with gorgonia.Mean or gorgonia.Sum", loss.Shape())
		}
		if wrt == nil {
			for _, prm := range g.params {
				if !prm.Buffer {
					wrt = append(wrt, prm)
				}
			}
		}
		if len(wrt) == 0 {
			return nil, errors.New("nn: the graph has no trainable parameters to differentiate")
		}
		nodes := make(gorgonia.Nodes, len(wrt))
		for i, prm := range wrt {
			n, ok := g.raw[prm]
			if !ok {
				return nil, fmt.Errorf("nn: parameter %q is not used in this graph, so the loss does not depend on it", prm.Name)
			}
			nodes[i] = n
		}
		grads, err := gorgonia.Grad(loss, nodes...)
		if err != nil {
			return nil, fmt.Errorf("nn: differentiating the loss: %w", err)
		}
		p.wrt, p.grads = wrt, grads
	}
	p.vm = gorgonia.NewTapeMachine(g.G)
	// lib/ops' outputs share memory by lifetime, as PyTorch frees
	// activations once used; what Run and Output read afterwards is kept.
	keep := guarded
	if loss != nil {
		keep = append(keep, loss)
	}
	if err := ops.ShareBuffers(p.vm, keep...); err != nil {
		p.vm.Close()
		return nil, fmt.Errorf("nn: %w", err)
	}
	return p, nil
}

// Run feeds inputs to the graph's input nodes (in the order Input created
// them), runs the program and, if it has a loss, stores the gradients in the
// parameters' Grad fields.
func (p *Program) Run(inputs ...*tensor.Dense) error {
	in := p.Graph.inputs
	if len(inputs) != len(in) {
		return fmt.Errorf("nn: the program takes %d inputs, got %d", len(in), len(inputs))
	}
	for i, t := range inputs {
		if !SameShape(t.Shape(), in[i].Shape()) || t.Dtype() != in[i].Dtype() {
			return fmt.Errorf("nn: input %d (%s) must be %v of shape %v, got %v of shape %v",
				i, in[i].Name(), in[i].Dtype(), in[i].Shape(), t.Dtype(), t.Shape())
		}
		if err := gorgonia.Let(in[i], t); err != nil {
			return fmt.Errorf("nn: binding input %d: %w", i, err)
		}
	}
	for _, f := range p.Graph.beforeRun {
		f()
	}
	p.vm.Reset()
	if err := p.vm.RunAll(); err != nil {
		return fmt.Errorf("nn: running the graph: %w", err)
	}
	for i, prm := range p.wrt {
		gv, ok := p.grads[i].Value().(*tensor.Dense)
		if !ok {
			return fmt.Errorf("nn: gradient of %q is not a dense tensor", prm.Name)
		}
		if prm.Grad == nil || !SameShape(prm.Grad.Shape(), gv.Shape()) || prm.Grad.Dtype() != gv.Dtype() {
			prm.Grad = tensor.New(tensor.Of(gv.Dtype()), tensor.WithShape(gv.Shape().Clone()...))
		}
		if err := tensor.Copy(prm.Grad, gv); err != nil {
			return fmt.Errorf("nn: copying the gradient of %q: %w", prm.Name, err)
		}
	}
	return nil
}

// Params returns the parameters the program differentiates, in order.
func (p *Program) Params() []*Param { return p.wrt }

// LossValue returns the loss of the last run as a float64.
func (p *Program) LossValue() float64 {
	if p.Loss == nil || p.Loss.Value() == nil {
		return 0
	}
	return scalarOf(p.Loss.Value())
}

// Output returns the value of the i-th output node after the last run. The
// tensor is owned by the program and is overwritten by the next run; Clone it
// to keep it.
func (p *Program) Output(i int) *tensor.Dense {
	if i < 0 || i >= len(p.Outputs) {
		return nil
	}
	t, _ := p.Outputs[i].Value().(*tensor.Dense)
	return t
}

// OutputScalar returns the value of the i-th output node, a scalar such as
// a loss, after the last run.
func (p *Program) OutputScalar(i int) float64 {
	if i < 0 || i >= len(p.Outputs) || p.Outputs[i].Value() == nil {
		return 0
	}
	return scalarOf(p.Outputs[i].Value())
}

// Close releases the program's machine.
func (p *Program) Close() error { return p.vm.Close() }

func scalarOf(v gorgonia.Value) float64 {
	switch x := v.Data().(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case []float64:
		return x[0]
	case []float32:
		return float64(x[0])
	}
	return 0
}
