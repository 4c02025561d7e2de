package nn

import (
	"fmt"
	"hash"
	"sync/atomic"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// guardOp copies a bound value (an input or a parameter) or an output into a buffer of
// its own. Gorgonia's tape machine lets element-wise ops overwrite an input
// register that is not read later, and for input and parameter nodes that
// register holds the caller's tensor: without the guard, nn.Tanh() as a
// first layer would overwrite the user's data, and a loss applied to a
// parameter would overwrite the parameter. The copy costs one memcpy per run.
type guardOp struct {
	id  uint64 // distinct ops per node, so gorgonia does not merge guards
	buf *tensor.Dense
}

var guardIDs atomic.Uint64

func guard(n *gorgonia.Node) (*gorgonia.Node, error) {
	return gorgonia.ApplyOp(&guardOp{id: guardIDs.Add(1)}, n)
}

func (*guardOp) Arity() int { return 1 }
func (*guardOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(a, a)
}
func (*guardOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (*guardOp) ReturnsPtr() bool        { return false }
func (*guardOp) CallsExtern() bool       { return false }
func (*guardOp) OverwritesInput() int    { return -1 }
func (o *guardOp) WriteHash(h hash.Hash) { fmt.Fprint(h, o.String()) }
func (o *guardOp) Hashcode() uint32      { return hashOf(o) }
func (o *guardOp) String() string        { return fmt.Sprintf("guard#%d", o.id) }
func (*guardOp) DiffWRT(int) []bool      { return []bool{true} }

func (*guardOp) SymDiff(_ gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	return gorgonia.Nodes{grad}, nil
}

func (o *guardOp) Do(vs ...gorgonia.Value) (gorgonia.Value, error) {
	t, ok := vs[0].(*tensor.Dense)
	if !ok {
		return vs[0], nil // scalars are values, never shared
	}
	if o.buf == nil || !SameShape(o.buf.Shape(), t.Shape()) || o.buf.Dtype() != t.Dtype() {
		o.buf = tensor.New(tensor.Of(t.Dtype()), tensor.WithShape(t.Shape().Clone()...))
	}
	if err := tensor.Copy(o.buf, t); err != nil {
		return nil, err
	}
	return o.buf, nil
}
