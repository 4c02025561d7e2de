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
	// Work time-major, [T, B, features], so each step's slice is contiguous
	// and gorgonia's element-wise ops take their fast path.
	seq, err := gorgonia.Transpose(x, 1, 0, 2)
	if err != nil {
		return nil, nil, nil, err
	}
	for i := 0; i < l.NumLayers; i++ {
		h, c := stateOr(g, h0, i, x.Dtype(), b, l.Hidden), stateOr(g, c0, i, x.Dtype(), b, l.Hidden)
		last := i == l.NumLayers-1
		var hs []*gorgonia.Node
		if h, c, hs, err = l.layer(g, i, seq, h, c, !last || l.ReturnSequences); err != nil {
			return nil, nil, nil, fmt.Errorf("nn: %v layer %d: %w", l, i, err)
		}
		hT, cT = append(hT, h), append(cT, c)
		if last && !l.ReturnSequences {
			return h, hT, cT, nil
		}
		if seq, err = gorgonia.Concat(0, hs...); err != nil {
			return nil, nil, nil, err
		}
	}
	if out, err = gorgonia.Transpose(seq, 1, 0, 2); err != nil {
		return nil, nil, nil, err
	}
	return out, hT, cT, nil
}

// layer runs layer i over seq [T, B, in]; with keep it also returns each
// step's h reshaped to [1, B, H] for concatenation.
func (l *LSTMLayer) layer(g *Graph, i int, seq, h, c *gorgonia.Node, keep bool) (hOut, cOut *gorgonia.Node, hs []*gorgonia.Node, err error) {
	s := seq.Shape()
	steps, b, in := s[0], s[1], s[2]
	// One matmul for the input projections of all steps.
	flat, err := gorgonia.Reshape(seq, tensor.Shape{steps * b, in})
	if err != nil {
		return nil, nil, nil, err
	}
	xw, err := gorgonia.Mul(flat, g.Param(l.WeightIH[i]))
	if err != nil {
		return nil, nil, nil, err
	}
	if xw, err = addBias(g, xw, l.Bias[i]); err != nil {
		return nil, nil, nil, err
	}
	if xw, err = gorgonia.Reshape(xw, tensor.Shape{steps, b, 4 * l.Hidden}); err != nil {
		return nil, nil, nil, err
	}
	whh := g.Param(l.WeightHH[i])
	for t := 0; t < steps; t++ {
		xt, err := gorgonia.Slice(xw, gorgonia.S(t))
		if err != nil {
			return nil, nil, nil, err
		}
		hw, err := gorgonia.Mul(h, whh)
		if err != nil {
			return nil, nil, nil, err
		}
		gates, err := gorgonia.Add(xt, hw)
		if err != nil {
			return nil, nil, nil, err
		}
		if h, c, err = ops.LSTMCell(gates, c); err != nil {
			return nil, nil, nil, err
		}
		if keep {
			h3, err := gorgonia.Reshape(h, tensor.Shape{1, b, l.Hidden})
			if err != nil {
				return nil, nil, nil, err
			}
			hs = append(hs, h3)
		}
	}
	return h, c, hs, nil
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
