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

// lstmOp is a [B,4H]×[B,H] → [B,H] elementwise op of the cell.
func lstmOp[T cpu.Float](name string, kernel func(b, h int, gates, state, out []T)) *op[T] {
	return &op[T]{
		name: name, inDims: []int{2, 2}, outDims: 2,
		shape: func(in []tensor.Shape) (tensor.Shape, error) { return in[1].Clone(), nil },
		run: func(out []T, in [][]T, sh []tensor.Shape) {
			kernel(sh[1][0], sh[1][1], in[0], in[1], out)
		},
	}
}

// lstmGradOp is a backward op of the cell on (gates, state, upstream grad).
func lstmGradOp[T cpu.Float](name string, outGates bool, kernel func(b, h int, gates, state, grad, out []T)) *op[T] {
	return &op[T]{
		name: name, inDims: []int{2, 2, 2}, outDims: 2,
		shape: func(in []tensor.Shape) (tensor.Shape, error) {
			if outGates {
				return in[0].Clone(), nil
			}
			return in[1].Clone(), nil
		},
		run: func(out []T, in [][]T, sh []tensor.Shape) {
			kernel(sh[1][0], sh[1][1], in[0], in[1], in[2], out)
		},
	}
}

func lstmCell[T cpu.Float](gates, cPrev *gorgonia.Node) (h, c *gorgonia.Node, err error) {
	// Each backward op needs one of a kernel's two results; the other goes
	// to a scratch slice.
	var spare []T
	other := func(n int) []T {
		if cap(spare) < n {
			spare = make([]T, n)
		}
		return spare[:n]
	}
	cOp := lstmOp[T]("LSTMCellC", cpu.LSTMCellC[T])
	cOp.wrt = []bool{true, true}
	cOp.grad = func(in gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dg, err := apply(lstmGradOp[T]("LSTMCellCGradGates", true, func(b, h int, g, c0, dc, out []T) {
			cpu.LSTMCellCGrads(b, h, g, c0, dc, out, other(b*h))
		}), in[0], in[1], grad)
		if err != nil {
			return nil, err
		}
		dc0, err := apply(lstmGradOp[T]("LSTMCellCGradState", false, func(b, h int, g, c0, dc, out []T) {
			cpu.LSTMCellCGrads(b, h, g, c0, dc, other(4*b*h), out)
		}), in[0], in[1], grad)
		return gorgonia.Nodes{dg, dc0}, err
	}
	if c, err = apply(cOp, gates, cPrev); err != nil {
		return nil, nil, err
	}
	hOp := lstmOp[T]("LSTMCellH", cpu.LSTMCellH[T])
	hOp.wrt = []bool{true, true}
	hOp.grad = func(in gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dg, err := apply(lstmGradOp[T]("LSTMCellHGradGates", true, func(b, h int, g, c, dh, out []T) {
			cpu.LSTMCellHGrads(b, h, g, c, dh, out, other(b*h))
		}), in[0], in[1], grad)
		if err != nil {
			return nil, err
		}
		dc, err := apply(lstmGradOp[T]("LSTMCellHGradState", false, func(b, h int, g, c, dh, out []T) {
			cpu.LSTMCellHGrads(b, h, g, c, dh, other(4*b*h), out)
		}), in[0], in[1], grad)
		return gorgonia.Nodes{dg, dc}, err
	}
	if h, err = apply(hOp, gates, c); err != nil {
		return nil, nil, err
	}
	return h, c, nil
}
