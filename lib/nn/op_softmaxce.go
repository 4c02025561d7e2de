package nn

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// softmaxCEOp computes mean_i(logsumexp(x_i) - x_i[t_i]) for logits x [M, V]
// and class indices t [M] in one pass, which is both faster and more stable
// than composing gorgonia's softmax, log and indexing. Rows whose target is
// ignore (when hasIgnore) are left out of the loss and the mean.
type softmaxCEOp struct {
	ignore    int
	hasIgnore bool
}

// counted reports whether a row with target k contributes to the loss.
func (op softmaxCEOp) counted(k int) bool { return !op.hasIgnore || k != op.ignore }

func (softmaxCEOp) Arity() int { return 2 }

// Type variables avoid 'b', which gorgonia's type inference reserves for
// the result.
func (softmaxCEOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(gorgonia.TensorType{Dims: 2, Of: a}, hm.TypeVariable('i'), a)
}
func (softmaxCEOp) InferShape(...gorgonia.DimSizer) (tensor.Shape, error) {
	return tensor.ScalarShape(), nil
}
func (softmaxCEOp) ReturnsPtr() bool         { return false }
func (softmaxCEOp) CallsExtern() bool        { return false }
func (softmaxCEOp) OverwritesInput() int     { return -1 }
func (op softmaxCEOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op softmaxCEOp) Hashcode() uint32      { return hashOf(op) }
func (softmaxCEOp) String() string           { return "SoftmaxCE" }
func (softmaxCEOp) DiffWRT(int) []bool       { return []bool{true, false} }

func (op softmaxCEOp) Do(vs ...gorgonia.Value) (gorgonia.Value, error) {
	x, t, err := op.inputs(vs[0], vs[1])
	if err != nil {
		return nil, err
	}
	rows, v := x.Shape()[0], x.Shape()[1]
	xs := Float64sView(x)
	var total float64
	n := 0
	for i := 0; i < rows; i++ {
		if !op.counted(t[i]) {
			continue
		}
		row := xs(i*v, (i+1)*v)
		total += logSumExp(row) - row[t[i]]
		n++
	}
	mean := total / math.Max(1, float64(n))
	if x.Dtype() == tensor.Float32 {
		return gorgonia.NewF32(float32(mean)), nil
	}
	return gorgonia.NewF64(mean), nil
}

func (op softmaxCEOp) SymDiff(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	d, err := gorgonia.ApplyOp(softmaxCEGradOp{op}, inputs[0], inputs[1], grad)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{d, nil}, nil
}

// softmaxCEGradOp computes (softmax(x) - onehot(t)) · g / M, with M the
// number of counted rows and ignored rows' gradients zero.
type softmaxCEGradOp struct{ fwd softmaxCEOp }

func (softmaxCEGradOp) Arity() int { return 3 }
func (softmaxCEGradOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	tt := gorgonia.TensorType{Dims: 2, Of: a}
	return hm.NewFnType(tt, hm.TypeVariable('i'), a, tt)
}
func (softmaxCEGradOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (softmaxCEGradOp) ReturnsPtr() bool         { return false }
func (softmaxCEGradOp) CallsExtern() bool        { return false }
func (softmaxCEGradOp) OverwritesInput() int     { return -1 }
func (op softmaxCEGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op softmaxCEGradOp) Hashcode() uint32      { return hashOf(op) }
func (op softmaxCEGradOp) String() string        { return op.fwd.String() + "Grad" }

func (op softmaxCEGradOp) Do(vs ...gorgonia.Value) (gorgonia.Value, error) {
	x, t, err := op.fwd.inputs(vs[0], vs[1])
	if err != nil {
		return nil, err
	}
	g := scalarOf(vs[2])
	rows, v := x.Shape()[0], x.Shape()[1]
	out := tensor.New(tensor.Of(x.Dtype()), tensor.WithShape(rows, v))
	xs := Float64sView(x)
	n := 0
	for _, k := range t {
		if op.fwd.counted(k) {
			n++
		}
	}
	scale := g / math.Max(1, float64(n))
	row := make([]float64, v)
	for i := 0; i < rows; i++ {
		if !op.fwd.counted(t[i]) {
			continue // the row stays zero
		}
		copy(row, xs(i*v, (i+1)*v))
		lse := logSumExp(row)
		for j := range row {
			row[j] = math.Exp(row[j]-lse) * scale
		}
		row[t[i]] -= scale
		switch d := out.Data().(type) {
		case []float32:
			for j, r := range row {
				d[i*v+j] = float32(r)
			}
		case []float64:
			copy(d[i*v:], row)
		}
	}
	return out, nil
}

// inputs validates logits and converts the targets to class indices.
func (op softmaxCEOp) inputs(xv, tv gorgonia.Value) (*tensor.Dense, []int, error) {
	x, ok := xv.(*tensor.Dense)
	if !ok || (x.Dtype() != tensor.Float32 && x.Dtype() != tensor.Float64) {
		return nil, nil, fmt.Errorf("nn: SoftmaxCrossEntropy needs float32 or float64 logits, got %T", xv)
	}
	v := x.Shape()[1]
	tt, ok := tv.(*tensor.Dense)
	if !ok {
		return nil, nil, fmt.Errorf("nn: SoftmaxCrossEntropy needs a tensor of class indices, got %T", tv)
	}
	idx, err := Indices(tt)
	if err != nil {
		return nil, nil, err
	}
	for i, k := range idx {
		if (k < 0 || k >= v) && op.counted(k) {
			return nil, nil, fmt.Errorf("nn: SoftmaxCrossEntropy target %d is class %d, outside the %d logits", i, k, v)
		}
	}
	return x, idx, nil
}

// Indices converts a tensor of whole numbers of any integer or float dtype
// to ints, such as class targets or token ids.
func Indices(t *tensor.Dense) ([]int, error) {
	switch d := t.Data().(type) {
	case []int:
		return d, nil
	case []int64:
		return convertInts(d), nil
	case []int32:
		return convertInts(d), nil
	case []uint8:
		return convertInts(d), nil
	case []float32:
		return convertInts(d), nil
	case []float64:
		return convertInts(d), nil
	}
	return nil, fmt.Errorf("nn: indices must be a tensor of integers, got dtype %v", t.Dtype())
}

func convertInts[T int64 | int32 | uint8 | float32 | float64](d []T) []int {
	out := make([]int, len(d))
	for i, v := range d {
		out[i] = int(v)
	}
	return out
}

// Float64sView returns a function giving x's elements [lo, hi) as float64s,
// without copying for float64 tensors.
func Float64sView(x *tensor.Dense) func(lo, hi int) []float64 {
	switch d := x.Data().(type) {
	case []float64:
		return func(lo, hi int) []float64 { return d[lo:hi] }
	case []float32:
		buf := []float64{}
		return func(lo, hi int) []float64 {
			buf = buf[:0]
			for _, v := range d[lo:hi] {
				buf = append(buf, float64(v))
			}
			return buf
		}
	}
	panic(fmt.Sprintf("nn: not a float tensor: %v", x.Dtype()))
}

func logSumExp(row []float64) float64 {
	m := math.Inf(-1)
	for _, v := range row {
		m = math.Max(m, v)
	}
	var s float64
	for _, v := range row {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

func hashOf(op fmt.Stringer) uint32 {
	h := fnv.New32a()
	fmt.Fprint(h, op.String())
	return h.Sum32()
}
