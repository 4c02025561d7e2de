package nn

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"sync"

	"gorgonia.org/tensor"
)

// Param is one tensor of a model's state. Trainable parameters receive a
// gradient in Grad after each backward run; buffers (such as BatchNorm's
// running statistics) are saved in checkpoints but never trained.
type Param struct {
	// Name is the parameter's path in its model, such as "0.weight".
	// Sequential prefixes the names of its layers' parameters with the
	// layer's index, as PyTorch's state_dict does.
	Name string
	// Value is the parameter itself. Graphs bind their nodes to it, so
	// updating it in place changes every graph built from the model; to
	// set new values, copy into it (tensor.Copy) rather than replacing it.
	Value *tensor.Dense
	// Grad holds the gradient of the loss with respect to Value after the
	// last backward run (nil before the first one).
	Grad *tensor.Dense
	// Buffer marks state that is not trained by gradients.
	Buffer bool
}

func newParam(name string, dt tensor.Dtype, shape ...int) *Param {
	return &Param{Name: name, Value: tensor.New(tensor.Of(dt), tensor.WithShape(shape...))}
}

// Shape returns the shape of the parameter's value.
func (p *Param) Shape() tensor.Shape { return p.Value.Shape() }

// Size returns the number of elements of the parameter.
func (p *Param) Size() int { return p.Value.Shape().TotalSize() }

// Float64s returns a copy of the parameter's values as float64s, whatever
// its dtype. It is meant for inspection and tests.
func (p *Param) Float64s() []float64 { return Float64s(p.Value) }

// Float64s returns a copy of the elements of a float32 or float64 tensor as
// float64s (nil for other dtypes).
func Float64s(t *tensor.Dense) []float64 {
	switch d := t.Data().(type) {
	case []float64:
		return append([]float64(nil), d...)
	case []float32:
		out := make([]float64, len(d))
		for i, v := range d {
			out[i] = float64(v)
		}
		return out
	case float64:
		return []float64{d}
	case float32:
		return []float64{float64(d)}
	}
	return nil
}

// setAll writes values drawn from f into a float tensor.
func fill(t *tensor.Dense, f func() float64) {
	switch d := t.Data().(type) {
	case []float64:
		for i := range d {
			d[i] = f()
		}
	case []float32:
		for i := range d {
			d[i] = float32(f())
		}
	default:
		panic(fmt.Sprintf("nn: cannot fill a %v tensor", t.Dtype()))
	}
}

// uniformInit fills t from U(-bound, bound).
func uniformInit(t *tensor.Dense, r *rand.Rand, bound float64) {
	fill(t, func() float64 { return (2*r.Float64() - 1) * bound })
}

// constInit fills t with v.
func constInit(t *tensor.Dense, v float64) { fill(t, func() float64 { return v }) }

// fanInBound is PyTorch's default bound for Linear and Conv layers:
// kaiming_uniform with a=sqrt(5) for weights gives 1/sqrt(fanIn), the same
// bound as its biases.
func fanInBound(fanIn int) float64 { return 1 / math.Sqrt(float64(fanIn)) }

// initWeights draws a Dense or convolution weight and zeroes or draws its
// bias: Glorot's scheme from the fans when glorot is set, else PyTorch's
// default bound from the fan-in for both.
func initWeights(w, b *Param, r *rand.Rand, fanIn, fanOut int, glorot, ownsWeight bool) {
	bound := fanInBound(fanIn)
	if glorot {
		bound = math.Sqrt(6 / float64(fanIn+fanOut))
	}
	if ownsWeight {
		uniformInit(w.Value, r, bound)
	}
	switch {
	case b == nil:
	case glorot:
		constInit(b.Value, 0)
	default:
		uniformInit(b.Value, r, fanInBound(fanIn))
	}
}

var (
	seedMu  sync.Mutex
	seedRNG = rand.New(rand.NewSource(1))
)

// ManualSeed reseeds the source that layer constructors draw their initial
// weights from, like torch.manual_seed: the same seed and the same sequence
// of constructors give the same weights.
func ManualSeed(seed int64) {
	seedMu.Lock()
	defer seedMu.Unlock()
	seedRNG = rand.New(rand.NewSource(seed))
}

// initWith initialises a freshly constructed layer from the package source.
func initWith(l Layer) {
	seedMu.Lock()
	defer seedMu.Unlock()
	l.Init(seedRNG)
}

// SameShape reports whether a and b have the same dimensions exactly.
// (tensor.Shape.Eq also equates vector-like shapes such as (4, 1) and (4).)
func SameShape(a, b tensor.Shape) bool {
	return slices.Equal(a, b)
}
