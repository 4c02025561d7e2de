package ops

import (
	"fmt"
	"hash"
	"hash/fnv"
	"sync/atomic"
	"unsafe"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops/cpu"
)

// op is every Op of this package: a kernel on typed slices plus the
// gorgonia plumbing. Forward ops set wrt and grad; backward ops leave them nil
// and are not differentiable themselves.
type op[T cpu.Float] struct {
	name    string // with parameters, for String
	inDims  []int  // rank of each input
	outDims int
	shape   func(in []tensor.Shape) (tensor.Shape, error)
	run     func(out []T, in [][]T, shapes []tensor.Shape)
	check   func(in [][]T) error // optional check of input values before run
	wrt     []bool
	grad    func(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error)

	id     uint64         // keeps stateful ops from being merged as common subexpressions
	node   *gorgonia.Node // the node the op computes
	buf    *tensor.Dense  // output reused between runs
	shared *[]T           // memory shared with other ops' outputs (ShareBuffers)
	sbuf   *tensor.Dense  // buf's counterpart on shared
}

var opIDs atomic.Uint64

var (
	_ gorgonia.SDOp            = (*op[float32])(nil)
	_ gorgonia.UsePreallocDoer = (*op[float32])(nil)
)

// apply makes o's node from inputs.
func apply[T cpu.Float](o *op[T], inputs ...*gorgonia.Node) (*gorgonia.Node, error) {
	o.id = opIDs.Add(1)
	n, err := gorgonia.ApplyOp(o, inputs...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.name, err)
	}
	o.node = n
	return n, nil
}

func (o *op[T]) Arity() int { return len(o.inDims) }

func (o *op[T]) Type() hm.Type {
	a := hm.TypeVariable('a')
	ts := make([]hm.Type, 0, len(o.inDims)+1)
	for _, d := range o.inDims {
		ts = append(ts, gorgonia.TensorType{Dims: d, Of: a})
	}
	return hm.NewFnType(append(ts, gorgonia.TensorType{Dims: o.outDims, Of: a})...)
}

func (o *op[T]) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	shapes, err := gorgonia.DimSizersToShapes(in)
	if err != nil {
		return nil, err
	}
	return o.shape(shapes)
}

func (o *op[T]) ReturnsPtr() bool      { return false }
func (o *op[T]) CallsExtern() bool     { return false }
func (o *op[T]) OverwritesInput() int  { return -1 }
func (o *op[T]) String() string        { return o.name }
func (o *op[T]) WriteHash(h hash.Hash) { fmt.Fprintf(h, "%s#%d", o.name, o.id) }

func (o *op[T]) Hashcode() uint32 {
	h := fnv.New32a()
	o.WriteHash(h)
	return h.Sum32()
}

func (o *op[T]) DiffWRT(n int) []bool {
	if o.wrt == nil {
		return make([]bool, n)
	}
	return o.wrt
}

func (o *op[T]) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	if o.grad == nil {
		return nil, fmt.Errorf("%s is a gradient op and cannot be differentiated again", o.name)
	}
	return o.grad(in, out, grad)
}

// inputs checks the values and returns their data, their shapes and the
// output's shape.
func (o *op[T]) inputs(vals []gorgonia.Value) ([][]T, []tensor.Shape, tensor.Shape, error) {
	if len(vals) != len(o.inDims) {
		return nil, nil, nil, fmt.Errorf("%s: got %d inputs, want %d", o.name, len(vals), len(o.inDims))
	}
	data := make([][]T, len(vals))
	shapes := make([]tensor.Shape, len(vals))
	for i, v := range vals {
		d, ok := v.(*tensor.Dense)
		if !ok {
			return nil, nil, nil, fmt.Errorf("%s: input %d is a %T, want a *tensor.Dense", o.name, i, v)
		}
		if d.IsView() || !d.DataOrder().IsRowMajor() {
			d = d.Materialize().(*tensor.Dense)
		}
		if data[i], ok = d.Data().([]T); !ok {
			return nil, nil, nil, fmt.Errorf("%s: input %d has dtype %v; all inputs of one op must be %T", o.name, i, d.Dtype(), *new(T))
		}
		shapes[i] = d.Shape()
	}
	if o.check != nil {
		if err := o.check(data); err != nil {
			return nil, nil, nil, err
		}
	}
	s, err := o.shape(shapes)
	if err != nil {
		return nil, nil, nil, err
	}
	return data, shapes, s, nil
}

// Do runs the kernel into the op's own output buffer.
func (o *op[T]) Do(vals ...gorgonia.Value) (gorgonia.Value, error) {
	in, shapes, s, err := o.inputs(vals)
	if err != nil {
		return nil, err
	}
	out := o.output(s, in)
	o.run(out.Data().([]T), in, shapes)
	return out, nil
}

// output is the buffer Do writes: the shared one when the op has one and it
// is not also an input, else the op's own.
func (o *op[T]) output(s tensor.Shape, in [][]T) *tensor.Dense {
	if o.shared != nil && len(*o.shared) >= s.TotalSize() {
		sh := (*o.shared)[:s.TotalSize()]
		free := true
		for _, d := range in {
			free = free && !overlap(sh, d)
		}
		if free {
			if o.sbuf == nil || !o.sbuf.Shape().Eq(s) {
				o.sbuf = tensor.New(tensor.WithShape(s...), tensor.WithBacking(sh))
			}
			return o.sbuf
		}
	}
	if o.buf == nil || !o.buf.Shape().Eq(s) {
		o.buf = tensor.New(tensor.WithShape(s...), tensor.Of(dtypeOf[T]()))
	}
	return o.buf
}

// UsePreallocDo runs the kernel into prealloc when it fits and shares no
// memory with the inputs, and into the op's own buffer otherwise.
func (o *op[T]) UsePreallocDo(prealloc gorgonia.Value, vals ...gorgonia.Value) (gorgonia.Value, error) {
	p, ok := prealloc.(*tensor.Dense)
	if !ok || p.IsView() {
		return o.Do(vals...)
	}
	pd, ok := p.Data().([]T)
	if !ok || len(pd) == 0 {
		return o.Do(vals...)
	}
	in, shapes, s, err := o.inputs(vals)
	if err != nil {
		return nil, err
	}
	if !p.Shape().Eq(s) {
		return o.Do(vals...)
	}
	for _, d := range in {
		if overlap(pd, d) {
			return o.Do(vals...)
		}
	}
	o.run(pd, in, shapes)
	return p, nil
}

func overlap[T cpu.Float](a, b []T) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	size := unsafe.Sizeof(a[0])
	a0, b0 := uintptr(unsafe.Pointer(&a[0])), uintptr(unsafe.Pointer(&b[0]))
	return a0 < b0+uintptr(len(b))*size && b0 < a0+uintptr(len(a))*size
}

func dtypeOf[T cpu.Float]() tensor.Dtype {
	if _, ok := any(*new(T)).(float64); ok {
		return tensor.Float64
	}
	return tensor.Float32
}
