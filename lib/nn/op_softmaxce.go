package nn

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// softmaxCEOp computes mean_i(logsumexp(x_i) - x_i[t_i]) for logits x [M, V]
// and class indices t [M] in one pass, which is faster, leaner and more
// stable than composing gorgonia's softmax, log and indexing. Rows whose
// target is ignore (when hasIgnore) are left out of the loss and the mean.
// Rows are processed in parallel. Each node
// has its own op (hence the id), which keeps each row's log-sum-exp for the
// backward op.
type softmaxCEOp struct {
	ignore    int
	hasIgnore bool
	id        uint64
	lse       []float64
}

var ceIDs atomic.Uint64

func newSoftmaxCE(ignore int, hasIgnore bool) *softmaxCEOp {
	return &softmaxCEOp{ignore: ignore, hasIgnore: hasIgnore, id: ceIDs.Add(1)}
}

// counted reports whether a row with target k contributes to the loss.
func (op *softmaxCEOp) counted(k int) bool { return !op.hasIgnore || k != op.ignore }

func (*softmaxCEOp) Arity() int { return 2 }

// Type variables avoid 'b', which gorgonia's type inference reserves for
// the result.
func (*softmaxCEOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(gorgonia.TensorType{Dims: 2, Of: a}, hm.TypeVariable('i'), a)
}
func (*softmaxCEOp) InferShape(...gorgonia.DimSizer) (tensor.Shape, error) {
	return tensor.ScalarShape(), nil
}
func (*softmaxCEOp) ReturnsPtr() bool         { return false }
func (*softmaxCEOp) CallsExtern() bool        { return false }
func (*softmaxCEOp) OverwritesInput() int     { return -1 }
func (op *softmaxCEOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *softmaxCEOp) Hashcode() uint32      { return hashOf(op) }
func (*softmaxCEOp) DiffWRT(int) []bool       { return []bool{true, false} }

func (op *softmaxCEOp) String() string {
	if op.hasIgnore {
		return fmt.Sprintf("SoftmaxCE#%d(ignore %d)", op.id, op.ignore)
	}
	return fmt.Sprintf("SoftmaxCE#%d", op.id)
}

func (op *softmaxCEOp) Do(vs ...gorgonia.Value) (gorgonia.Value, error) {
	x, t, err := op.inputs(vs[0], vs[1])
	if err != nil {
		return nil, err
	}
	rows, v := x.Shape()[0], x.Shape()[1]
	if len(op.lse) != rows {
		op.lse = make([]float64, rows)
	}
	perRow := make([]float64, rows) // summed in order below, so results are reproducible
	switch d := x.Data().(type) {
	case []float32:
		ceForward32(op, d, t, v, perRow)
	case []float64:
		ceForward64(op, d, t, v, perRow)
	}
	var total float64
	for _, l := range perRow {
		total += l
	}
	mean := total / math.Max(1, float64(op.countRows(t)))
	if x.Dtype() == tensor.Float32 {
		return gorgonia.NewF32(float32(mean)), nil
	}
	return gorgonia.NewF64(mean), nil
}

func (op *softmaxCEOp) countRows(t []int) int {
	n := 0
	for _, k := range t {
		if op.counted(k) {
			n++
		}
	}
	return n
}

// SymDiff passes the loss node to the backward op as well: reading it
// orders the backward op after this one, whose log-sum-exps it reuses.
func (op *softmaxCEOp) SymDiff(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	d, err := gorgonia.ApplyOp(&softmaxCEGradOp{fwd: op}, inputs[0], inputs[1], output, grad)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{d, nil}, nil
}

// softmaxCEGradOp computes (softmax(x) - onehot(t)) · g / M, with M the
// number of counted rows and ignored rows' gradients zero, into a buffer
// reused between runs. Its inputs are x, t, the loss and g.
type softmaxCEGradOp struct {
	fwd *softmaxCEOp
	buf *tensor.Dense
}

func (*softmaxCEGradOp) Arity() int { return 4 }
func (*softmaxCEGradOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	tt := gorgonia.TensorType{Dims: 2, Of: a}
	return hm.NewFnType(tt, hm.TypeVariable('i'), a, a, tt)
}
func (*softmaxCEGradOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (*softmaxCEGradOp) ReturnsPtr() bool         { return false }
func (*softmaxCEGradOp) CallsExtern() bool        { return false }
func (*softmaxCEGradOp) OverwritesInput() int     { return -1 }
func (op *softmaxCEGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *softmaxCEGradOp) Hashcode() uint32      { return hashOf(op) }
func (op *softmaxCEGradOp) String() string        { return op.fwd.String() + "Grad" }

func (op *softmaxCEGradOp) Do(vs ...gorgonia.Value) (gorgonia.Value, error) {
	x, t, err := op.fwd.inputs(vs[0], vs[1])
	if err != nil {
		return nil, err
	}
	rows, v := x.Shape()[0], x.Shape()[1]
	if op.buf == nil || op.buf.Dtype() != x.Dtype() || !SameShape(op.buf.Shape(), x.Shape()) {
		op.buf = tensor.New(tensor.Of(x.Dtype()), tensor.WithShape(rows, v))
	}
	scale := scalarOf(vs[3]) / math.Max(1, float64(op.fwd.countRows(t)))
	if len(op.fwd.lse) != rows {
		return nil, fmt.Errorf("nn: SoftmaxCrossEntropy backward ran before its forward pass")
	}
	switch d := x.Data().(type) {
	case []float32:
		ceBackward32(op.fwd, op.buf.Data().([]float32), d, t, v, scale)
	case []float64:
		ceBackward64(op.fwd, op.buf.Data().([]float64), d, t, v, scale)
	}
	return op.buf, nil
}

// inputs validates logits and converts the targets to class indices.
func (op *softmaxCEOp) inputs(xv, tv gorgonia.Value) (*tensor.Dense, []int, error) {
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

// The row kernels below are written out for float32 and float64 rather
// than generic: Go's generic instantiation of these loops measured 2-5x
// slower.

// ceForward32 stores each counted row's log-sum-exp in op.lse and its loss
// in perRow.
func ceForward32(op *softmaxCEOp, x []float32, t []int, v int, perRow []float64) {
	parallelRows(len(t), v, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if op.counted(t[i]) {
				row := x[i*v : (i+1)*v]
				m := float32(math.Inf(-1))
				for _, x := range row {
					if x > m {
						m = x
					}
				}
				var s float64
				for _, x := range row {
					s += math.Exp(float64(x - m))
				}
				op.lse[i] = float64(m) + math.Log(s)
				perRow[i] = op.lse[i] - float64(row[t[i]])
			}
		}
	})
}

// ceForward64 is ceForward32 for float64 logits.
func ceForward64(op *softmaxCEOp, x []float64, t []int, v int, perRow []float64) {
	parallelRows(len(t), v, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if op.counted(t[i]) {
				row := x[i*v : (i+1)*v]
				m := math.Inf(-1)
				for _, x := range row {
					if x > m {
						m = x
					}
				}
				var s float64
				for _, x := range row {
					s += math.Exp(x - m)
				}
				op.lse[i] = m + math.Log(s)
				perRow[i] = op.lse[i] - row[t[i]]
			}
		}
	})
}

// ceBackward32 writes (softmax(x_i) - onehot(t_i))·scale into dst, reusing
// the forward pass's log-sum-exps, and zeroes ignored rows.
func ceBackward32(op *softmaxCEOp, dst, x []float32, t []int, v int, scale float64) {
	parallelRows(len(t), v, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out := dst[i*v : (i+1)*v]
			if !op.counted(t[i]) {
				clear(out)
				continue
			}
			lse := op.lse[i]
			for j, x := range x[i*v : (i+1)*v] {
				out[j] = float32(math.Exp(float64(x)-lse) * scale)
			}
			out[t[i]] -= float32(scale)
		}
	})
}

// ceBackward64 is ceBackward32 for float64 logits.
func ceBackward64(op *softmaxCEOp, dst, x []float64, t []int, v int, scale float64) {
	parallelRows(len(t), v, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out := dst[i*v : (i+1)*v]
			if !op.counted(t[i]) {
				clear(out)
				continue
			}
			lse := op.lse[i]
			for j, x := range x[i*v : (i+1)*v] {
				out[j] = math.Exp(x-lse) * scale
			}
			out[t[i]] -= scale
		}
	})
}

// parallelRows splits rows over GOMAXPROCS goroutines when the work
// (rows × cost per row) is worth it.
func parallelRows(rows, cost int, f func(lo, hi int)) {
	w := runtime.GOMAXPROCS(0)
	if w == 1 || rows < 2 || rows*cost < 1<<15 {
		f(0, rows)
		return
	}
	chunk := (rows + w - 1) / w
	var wg sync.WaitGroup
	for lo := 0; lo < rows; lo += chunk {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			f(lo, hi)
		}(lo, min(lo+chunk, rows))
	}
	wg.Wait()
}

func hashOf(op fmt.Stringer) uint32 {
	h := fnv.New32a()
	fmt.Fprint(h, op.String())
	return h.Sum32()
}
