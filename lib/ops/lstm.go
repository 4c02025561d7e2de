package ops

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops/cpu"
)

// LSTMCell applies an LSTM cell's gate nonlinearities and state update to
// gates [B,4H], the pre-activations x·Wᵢₕ + h·Wₕₕ + b in PyTorch's order
// (input, forget, cell, output), and the previous cell state cPrev [B,H]:
// c = σ(f)·cPrev + σ(i)·tanh(g) and h = σ(o)·tanh(c).
func LSTMCell(gates, cPrev *gorgonia.Node) (h, c *gorgonia.Node, err error) {
	if gates.Dims() != 2 || gates.Shape()[1]%4 != 0 {
		return nil, nil, shapeErr("LSTMCell", gates, "[B,4H]")
	}
	b, hid := gates.Shape()[0], gates.Shape()[1]/4
	if cPrev.Dims() != 2 || cPrev.Shape()[0] != b || cPrev.Shape()[1] != hid {
		return nil, nil, shapeErr("LSTMCell", cPrev, fmt.Sprintf("[%d,%d] to match gates %v", b, hid, gates.Shape()))
	}
	if gates.Dtype() != cPrev.Dtype() {
		return nil, nil, fmt.Errorf("LSTMCell: gates are %v but cPrev is %v; convert one so both match", gates.Dtype(), cPrev.Dtype())
	}
	switch gates.Dtype() {
	case tensor.Float32:
		return lstmCell[float32](gates, cPrev)
	case tensor.Float64:
		return lstmCell[float64](gates, cPrev)
	}
	return nil, nil, dtypeErr("LSTMCell", gates)
}

// lstmGradOp is a backward op of the cell: (state, upstream grad) → its
// result, shaped like gates (outGates) or like the state.
func lstmGradOp[T cpu.Float](name string, outGates bool, kernel func(b, h int, state, grad, out []T)) *op[T] {
	return &op[T]{
		name: name, inDims: []int{2, 2}, outDims: 2,
		shape: func(in []tensor.Shape) (tensor.Shape, error) {
			if outGates {
				return tensor.Shape{in[0][0], 4 * in[0][1]}, nil
			}
			return in[0].Clone(), nil
		},
		run: func(out []T, in [][]T, sh []tensor.Shape) { kernel(sh[0][0], sh[0][1], in[0], in[1], out) },
	}
}

func lstmCell[T cpu.Float](gates, cPrev *gorgonia.Node) (h, c *gorgonia.Node, err error) {
	b, hid := cPrev.Shape()[0], cPrev.Shape()[1]
	// Saved by the forward ops for the backward ones: the activated gates
	// and tanh(c). Each backward op needs one of its kernel's two results;
	// the other goes to spare.
	act, tc := make([]T, 4*b*hid), make([]T, b*hid)
	spare := make([]T, 4*b*hid)
	state := func(in []tensor.Shape) (tensor.Shape, error) { return in[1].Clone(), nil }

	cOp := &op[T]{
		name: "LSTMCellC", inDims: []int{2, 2}, outDims: 2, shape: state,
		run: func(out []T, in [][]T, _ []tensor.Shape) { cpu.LSTMCellC(b, hid, in[0], in[1], out, act) },
		wrt: []bool{true, true},
	}
	cOp.grad = func(in gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dg, err := apply(lstmGradOp[T]("LSTMCellCGradGates", true, func(b, h int, c0, dc, out []T) {
			cpu.LSTMCellCGrads(b, h, act, c0, dc, out, spare[:b*h])
		}), in[1], grad)
		if err != nil {
			return nil, err
		}
		dc0, err := apply(lstmGradOp[T]("LSTMCellCGradState", false, func(b, h int, c0, dc, out []T) {
			cpu.LSTMCellCGrads(b, h, act, c0, dc, spare, out)
		}), in[1], grad)
		return gorgonia.Nodes{dg, dc0}, err
	}
	if c, err = apply(cOp, gates, cPrev); err != nil {
		return nil, nil, err
	}
	hOp := &op[T]{
		name: "LSTMCellH", inDims: []int{2, 2}, outDims: 2, shape: state,
		run: func(out []T, in [][]T, _ []tensor.Shape) { cpu.LSTMCellH(b, hid, in[0], in[1], out, act, tc) },
		wrt: []bool{true, true},
	}
	hOp.grad = func(in gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		// in[1] (c) orders these after the forward ops that fill act and tc.
		dg, err := apply(lstmGradOp[T]("LSTMCellHGradGates", true, func(b, h int, _, dh, out []T) {
			cpu.LSTMCellHGrads(b, h, act, tc, dh, out, spare[:b*h])
		}), in[1], grad)
		if err != nil {
			return nil, err
		}
		dc, err := apply(lstmGradOp[T]("LSTMCellHGradState", false, func(b, h int, _, dh, out []T) {
			cpu.LSTMCellHGrads(b, h, act, tc, dh, spare, out)
		}), in[1], grad)
		return gorgonia.Nodes{dg, dc}, err
	}
	if h, err = apply(hOp, gates, c); err != nil {
		return nil, nil, err
	}
	return h, c, nil
}
