package nn

import (
	"fmt"
	"math/rand"
	"strings"
	"sync"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Model is a sequence of layers applied in order, built by Sequential. It
// is itself a Layer, so models nest (an autoencoder can be
// Sequential(encoder, decoder)), and it adds model-level conveniences:
// NumParams, Summary, Predict and the training/inference mode.
type Model struct {
	Layers []Layer

	mu       sync.Mutex
	training bool
	cache    map[string]*Program
}

// Sequential returns a model applying layers in order. It names each
// layer's parameters by the layer's index ("0.weight", "2.bias", and
// "1.0.weight" for a nested model), so each layer should belong to one model.
func Sequential(layers ...Layer) *Model {
	for i, l := range layers {
		for _, p := range l.Params() {
			p.Name = fmt.Sprintf("%d.%s", i, p.Name)
		}
	}
	return &Model{Layers: layers}
}

// Forward implements Layer by applying each layer in turn.
func (m *Model) Forward(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	for i, l := range m.Layers {
		var err error
		if x, err = l.Forward(g, x); err != nil {
			return nil, fmt.Errorf("layer %d: %w", i, err)
		}
	}
	return x, nil
}

// Params implements Layer: every parameter and buffer of every layer.
func (m *Model) Params() []*Param {
	var ps []*Param
	for _, l := range m.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}

// Init implements Layer: it reinitialises every layer from r, so
// m.Init(rand.New(rand.NewSource(seed))) gives reproducible weights.
func (m *Model) Init(r *rand.Rand) {
	for _, l := range m.Layers {
		l.Init(r)
	}
}

// NumParams returns the number of trainable scalars in the model.
func (m *Model) NumParams() int { return NumParams(m) }

// NumParams returns the number of trainable scalars in l.
func NumParams(l Layer) int {
	n := 0
	for _, p := range l.Params() {
		if !p.Buffer {
			n += p.Size()
		}
	}
	return n
}

// Dtype returns the dtype of the model's parameters (Float32 when it has none).
func (m *Model) Dtype() tensor.Dtype { return dtypeOf(m) }

func dtypeOf(l Layer) tensor.Dtype {
	if ps := l.Params(); len(ps) > 0 {
		return ps[0].Value.Dtype()
	}
	return tensor.Float32
}

// Train puts the model in training mode for Predict (dropout active,
// BatchNorm using batch statistics). train.Fit always trains in training mode.
func (m *Model) Train() { m.setTraining(true) }

// Eval puts the model in inference mode, the default.
func (m *Model) Eval() { m.setTraining(false) }

// Training reports whether the model is in training mode.
func (m *Model) Training() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.training
}

func (m *Model) setTraining(t bool) {
	m.mu.Lock()
	m.training = t
	m.mu.Unlock()
}

// maxCachedGraphs bounds the inference graphs a model keeps compiled.
const maxCachedGraphs = 8

// Predict runs the model forward on x (whose first axis is the batch) in
// the model's current mode and returns a new tensor. The compiled graph is
// cached per input shape, dtype and mode, so repeated calls are cheap.
func (m *Model) Predict(x *tensor.Dense) (*tensor.Dense, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := fmt.Sprintf("%v%v%v", x.Dtype(), x.Shape(), m.training)
	prog, ok := m.cache[key]
	if !ok {
		g := NewGraph(m.training, 1)
		y, err := m.Forward(g, g.InputLike("x", x))
		if err != nil {
			return nil, fmt.Errorf("nn: building the model for input %v: %w", x.Shape(), err)
		}
		if prog, err = g.Compile(nil, nil, y); err != nil {
			return nil, err
		}
		if m.cache == nil {
			m.cache = map[string]*Program{}
		}
		if len(m.cache) >= maxCachedGraphs { // bound memory when shapes vary
			for k, old := range m.cache {
				old.Close()
				delete(m.cache, k)
				break
			}
		}
		m.cache[key] = prog
	}
	if err := prog.Run(x); err != nil {
		return nil, err
	}
	return prog.Output(0).Clone().(*tensor.Dense), nil
}

// PredictBatches is Predict in batches of batchSize samples along x's first
// axis, as Keras's predict(x, batch_size=...) does: the output is the same,
// in eval mode, while the memory held by the graph is that of one batch.
func (m *Model) PredictBatches(x *tensor.Dense, batchSize int) (*tensor.Dense, error) {
	if batchSize < 1 {
		return nil, fmt.Errorf("nn: PredictBatches needs a batch size of at least 1, got %d", batchSize)
	}
	if x.Dims() < 1 {
		return nil, fmt.Errorf("nn: PredictBatches needs a batch axis, got a scalar")
	}
	n := x.Shape()[0]
	if n <= batchSize {
		return m.Predict(x)
	}
	var outs []*tensor.Dense
	for lo := 0; lo < n; lo += batchSize {
		v, err := x.Slice(tensor.S(lo, min(lo+batchSize, n)))
		if err != nil {
			return nil, err
		}
		chunk := v.(*tensor.Dense).Materialize().(*tensor.Dense)
		if chunk.Dims() < x.Dims() { // a batch of one loses its axis
			if err := chunk.Reshape(append([]int{1}, x.Shape()[1:]...)...); err != nil {
				return nil, err
			}
		}
		y, err := m.Predict(chunk)
		if err != nil {
			return nil, fmt.Errorf("nn: batch at sample %d: %w", lo, err)
		}
		outs = append(outs, y)
	}
	return outs[0].Concat(0, outs[1:]...)
}

func (m *Model) String() string {
	parts := make([]string, len(m.Layers))
	for i, l := range m.Layers {
		parts[i] = l.String()
	}
	return "Sequential(" + strings.Join(parts, ", ") + ")"
}
