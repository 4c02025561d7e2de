package ops

import (
	"fmt"
	"math"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops/cpu"
)

// Embedding looks up rows of table [V,D] for ids of any shape S, giving
// S×[D]. ids hold whole numbers in [0,V) and have table's dtype (float32
// holds every id below 2²⁴ exactly); they are not differentiated.
func Embedding(table, ids *gorgonia.Node) (*gorgonia.Node, error) {
	if table.Dims() != 2 {
		return nil, shapeErr("Embedding", table, "[V,D]")
	}
	if ids.Dtype() != table.Dtype() {
		return nil, fmt.Errorf("Embedding: ids are %v but the table is %v; store ids as %v", ids.Dtype(), table.Dtype(), table.Dtype())
	}
	switch table.Dtype() {
	case tensor.Float32:
		return embedding[float32](table, ids)
	case tensor.Float64:
		return embedding[float64](table, ids)
	}
	return nil, dtypeErr("Embedding", table)
}

func embedding[T cpu.Float](table, ids *gorgonia.Node) (*gorgonia.Node, error) {
	v, d := table.Shape()[0], table.Shape()[1]
	dims := ids.Dims()
	if ids.IsScalar() {
		dims = 0
	}
	o := &op[T]{
		name: fmt.Sprintf("Embedding{%dx%d}", v, d), inDims: []int{2, dims}, outDims: dims + 1,
		shape: func(in []tensor.Shape) (tensor.Shape, error) {
			if err := checkShape(in[0], v, d); err != nil {
				return nil, err
			}
			return append(in[1].Clone(), d), nil
		},
		check: func(in [][]T) error {
			for _, id := range in[1] {
				if id < 0 || int(id) >= v || T(math.Trunc(float64(id))) != id {
					return fmt.Errorf("Embedding: id %v is not a whole number in [0,%d)", id, v)
				}
			}
			return nil
		},
		run: func(out []T, in [][]T, _ []tensor.Shape) { cpu.EmbeddingForward(d, in[0], in[1], out) },
		wrt: []bool{true, false},
	}
	o.grad = func(in gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dt, err := apply(&op[T]{
			name: o.name + "Grad", inDims: []int{dims, dims + 1}, outDims: 2,
			shape: func([]tensor.Shape) (tensor.Shape, error) { return tensor.Shape{v, d}, nil },
			run:   func(out []T, in [][]T, _ []tensor.Shape) { cpu.EmbeddingBackward(d, in[0], in[1], out) },
		}, in[1], grad)
		return gorgonia.Nodes{dt, nil}, err
	}
	return apply(o, table, ids)
}
