package batch

import (
	"fmt"
	"math/rand/v2"

	"gorgonia.org/tensor"
)

type subset struct {
	Source
	idx []int
}

func (s subset) Len() int { return len(s.idx) }

func (s subset) Fill(i int, x, y []float32) error { return s.Source.Fill(s.idx[i], x, y) }

// Subset returns the examples of src at the indices idx, in that order.
func Subset(src Source, idx []int) (Source, error) {
	for _, i := range idx {
		if i < 0 || i >= src.Len() {
			return nil, fmt.Errorf("batch: Subset index %d is outside the source's %d examples", i, src.Len())
		}
	}
	return subset{src, append([]int(nil), idx...)}, nil
}

// Slice returns examples lo..hi-1 of src.
func Slice(src Source, lo, hi int) (Source, error) {
	if lo < 0 || hi > src.Len() || lo > hi {
		return nil, fmt.Errorf("batch: Slice [%d, %d) is outside the source's %d examples", lo, hi, src.Len())
	}
	idx := make([]int, hi-lo)
	for i := range idx {
		idx[i] = lo + i
	}
	return subset{src, idx}, nil
}

// Split shuffles src's examples with seed and returns the first n as the
// second result (e.g. a validation set) and the rest as the first.
func Split(src Source, n int, seed uint64) (rest, held Source, err error) {
	if n < 0 || n > src.Len() {
		return nil, nil, fmt.Errorf("batch: Split of %d examples from a source of %d", n, src.Len())
	}
	perm := rand.New(rand.NewPCG(seed, 0)).Perm(src.Len())
	return subset{src, perm[n:]}, subset{src, perm[:n]}, nil
}

type tensors struct {
	x, y           []float32
	xShape, yShape []int
	xs, ys         int
}

func (t *tensors) Len() int { return len(t.x) / t.xs }

func (t *tensors) Shapes() (x, y []int) { return t.xShape, t.yShape }

func (t *tensors) Fill(i int, x, y []float32) error {
	copy(x, t.x[i*t.xs:(i+1)*t.xs])
	copy(y, t.y[i*t.ys:(i+1)*t.ys])
	return nil
}

// FromTensors makes a Source of in-memory float32 tensors whose first axis
// indexes the examples, e.g. x [N, 2] and y [N].
func FromTensors(x, y *tensor.Dense) (Source, error) {
	xd, ok1 := x.Data().([]float32)
	yd, ok2 := y.Data().([]float32)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("batch: FromTensors needs float32 tensors, got %v and %v", x.Dtype(), y.Dtype())
	}
	xs, ys := x.Shape(), y.Shape()
	if len(xs) == 0 || len(ys) == 0 || xs[0] != ys[0] || xs[0] == 0 {
		return nil, fmt.Errorf("batch: FromTensors needs x and y with the same non-zero first axis (examples), got shapes %v and %v", xs, ys)
	}
	return &tensors{x: xd, y: yd, xShape: append([]int(nil), xs[1:]...), yShape: append([]int(nil), ys[1:]...),
		xs: prod(xs[1:]), ys: prod(ys[1:])}, nil
}
