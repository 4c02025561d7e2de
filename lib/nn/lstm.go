package nn

import (
	"fmt"
	"math"
	"math/rand"

	"github.com/gopherlab/gopherlab/lib/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LSTMLayer is a stack of LSTM layers over batch-first sequences
// [B, T, In], as PyTorch's LSTM with batch_first=True. Gates are in
// PyTorch's order (input, forget, cell, output).
type LSTMLayer struct {
	In, Hidden, NumLayers int
	// ReturnSequences makes Forward return every step's hidden state
	// [B, T, Hidden] rather than the last one [B, Hidden].
	ReturnSequences bool
	// Per layer l: WeightIH[l] [in, 4·Hidden], WeightHH[l] [Hidden, 4·Hidden]
	// and one Bias[l] [4·Hidden] (PyTorch's b_ih + b_hh).
	WeightIH, WeightHH, Bias []*Param
}

// LSTM returns numLayers stacked LSTM layers from in features to hidden
// units, returning the last hidden state; set ReturnSequences for all of
// them. Weights are initialised from U(-1/√hidden, 1/√hidden) as PyTorch.
func LSTM(in, hidden, numLayers int, opts ...Option) *LSTMLayer {
	o := makeOptions(opts)
	l := &LSTMLayer{In: in, Hidden: hidden, NumLayers: numLayers}
	for i := 0; i < numLayers; i++ {
		inSize := in
		if i > 0 {
			inSize = hidden
		}
		l.WeightIH = append(l.WeightIH, newParam(fmt.Sprintf("weight_ih_l%d", i), o.dtype, inSize, 4*hidden))
		l.WeightHH = append(l.WeightHH, newParam(fmt.Sprintf("weight_hh_l%d", i), o.dtype, hidden, 4*hidden))
		l.Bias = append(l.Bias, newParam(fmt.Sprintf("bias_l%d", i), o.dtype, 4*hidden))
	}
	initWith(l)
	return l
}

// Forward implements Layer, starting from zero states.
func (l *LSTMLayer) Forward(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	out, _, _, err := l.ForwardState(g, x, nil, nil)
	return out, err
}

// ForwardState runs the stack from initial states h0 and c0 (one [B,
// Hidden] node per layer; nil for zeros) and also returns each layer's
// final hidden and cell states, for carrying state across calls or
// seeding a decoder.
func (l *LSTMLayer) ForwardState(g *Graph, x *gorgonia.Node, h0, c0 []*gorgonia.Node) (out *gorgonia.Node, hT, cT []*gorgonia.Node, err error) {
	s := x.Shape()
	if len(s) != 3 || s[2] != l.In {
		return nil, nil, nil, fmt.Errorf("nn: %v needs input [batch, time, %d], got %v", l, l.In, s)
	}
	for _, st := range [][]*gorgonia.Node{h0, c0} {
		if st != nil && len(st) != l.NumLayers {
			return nil, nil, nil, fmt.Errorf("nn: %v needs %d initial states (one per layer), got %d", l, l.NumLayers, len(st))
		}
	}
	b := s[0]
	// Work time-major, [T, B, features], so each step's slice is a
	// contiguous view. Steps are projected one by one and each layer feeds
	// its per-step outputs straight to the next: slicing a whole-sequence
	// projection (or a concatenation) would make gorgonia's backward pass
	// build and sum a full-sequence gradient per step, T times the memory.
	seq, err := gorgonia.Transpose(x, 1, 0, 2)
	if err != nil {
		return nil, nil, nil, err
	}
	xs := make([]*gorgonia.Node, s[1])
	for t := range xs {
		if xs[t], err = gorgonia.Slice(seq, gorgonia.S(t)); err != nil {
			return nil, nil, nil, err
		}
	}
	for i := 0; i < l.NumLayers; i++ {
		h, c := stateOr(g, h0, i, x.Dtype(), b, l.Hidden), stateOr(g, c0, i, x.Dtype(), b, l.Hidden)
		if h, c, err = l.layer(g, i, xs, h, c); err != nil {
			return nil, nil, nil, fmt.Errorf("nn: %v layer %d: %w", l, i, err)
		}
		hT, cT = append(hT, h), append(cT, c)
	}
	if !l.ReturnSequences {
		return hT[len(hT)-1], hT, cT, nil
	}
	for t, h := range xs {
		if xs[t], err = gorgonia.Reshape(h, tensor.Shape{1, b, l.Hidden}); err != nil {
			return nil, nil, nil, err
		}
	}
	if seq, err = gorgonia.Concat(0, xs...); err != nil {
		return nil, nil, nil, err
	}
	if out, err = gorgonia.Transpose(seq, 1, 0, 2); err != nil {
		return nil, nil, nil, err
	}
	return out, hT, cT, nil
}

// layer runs layer i over the steps xs (each [B, in]) from states h and c,
// replacing each xs[t] with the step's hidden state, and returns the final
// states.
func (l *LSTMLayer) layer(g *Graph, i int, xs []*gorgonia.Node, h, c *gorgonia.Node) (hOut, cOut *gorgonia.Node, err error) {
	wih, whh, bias := g.Param(l.WeightIH[i]), g.Param(l.WeightHH[i]), g.Param(l.Bias[i])
	for t, xt := range xs {
		xw, err := gorgonia.Mul(xt, wih)
		if err != nil {
			return nil, nil, err
		}
		hw, err := gorgonia.Mul(h, whh)
		if err != nil {
			return nil, nil, err
		}
		gates, err := gorgonia.Add(xw, hw)
		if err != nil {
			return nil, nil, err
		}
		if gates, err = ops.BiasAdd(gates, bias); err != nil {
			return nil, nil, err
		}
		if h, c, err = ops.LSTMCell(gates, c); err != nil {
			return nil, nil, err
		}
		xs[t] = h
	}
	return h, c, nil
}

// stateOr returns states[i], or a zero state when states is nil.
func stateOr(g *Graph, states []*gorgonia.Node, i int, dt tensor.Dtype, b, hidden int) *gorgonia.Node {
	if states != nil {
		return states[i]
	}
	z := tensor.New(tensor.Of(dt), tensor.WithShape(b, hidden))
	return gorgonia.NodeFromAny(g.G, z, gorgonia.WithName(fmt.Sprintf("lstm-zero#%p", z)))
}

// Params implements Layer.
func (l *LSTMLayer) Params() []*Param {
	var ps []*Param
	for i := range l.WeightIH {
		ps = append(ps, l.WeightIH[i], l.WeightHH[i], l.Bias[i])
	}
	return ps
}

// Init implements Layer.
func (l *LSTMLayer) Init(r *rand.Rand) {
	bound := 1 / math.Sqrt(float64(l.Hidden))
	for _, p := range l.Params() {
		uniformInit(p.Value, r, bound)
	}
}

func (l *LSTMLayer) String() string {
	s := fmt.Sprintf("LSTM(%d→%d", l.In, l.Hidden)
	if l.NumLayers > 1 {
		s += fmt.Sprintf(", %d layers", l.NumLayers)
	}
	if l.ReturnSequences {
		s += ", sequences"
	}
	return s + ")"
}
