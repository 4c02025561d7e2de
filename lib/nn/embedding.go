package nn

import (
	"fmt"
	"hash"
	"math/rand"
	"sync/atomic"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// EmbeddingLayer maps integer ids to learned vectors: ids of any shape S
// give S×Dim. Ids may be of any integer dtype, or float holding whole numbers.
type EmbeddingLayer struct {
	Vocab, Dim int
	Weight     *Param // [Vocab, Dim]
}

// Embedding returns a lookup table of vocab vectors of size dim,
// initialised from N(0, 1) as PyTorch's Embedding.
func Embedding(vocab, dim int, opts ...Option) *EmbeddingLayer {
	o := makeOptions(opts)
	l := &EmbeddingLayer{Vocab: vocab, Dim: dim, Weight: newParam("weight", o.dtype, vocab, dim)}
	initWith(l)
	return l
}

// Forward implements Layer.
func (l *EmbeddingLayer) Forward(g *Graph, ids *gorgonia.Node) (*gorgonia.Node, error) {
	op := &embeddingOp{id: embedIDs.Add(1), vocab: l.Vocab, idsDims: ids.Dims()}
	y, err := gorgonia.ApplyOp(op, g.Param(l.Weight), ids)
	if err != nil {
		return nil, fmt.Errorf("nn: %v: %w", l, err)
	}
	return y, nil
}

// Params implements Layer.
func (l *EmbeddingLayer) Params() []*Param { return []*Param{l.Weight} }

// Init implements Layer.
func (l *EmbeddingLayer) Init(r *rand.Rand) { fill(l.Weight.Value, r.NormFloat64) }

func (l *EmbeddingLayer) String() string { return fmt.Sprintf("Embedding(%d, %d)", l.Vocab, l.Dim) }

var embedIDs atomic.Uint64

// embeddingOp gathers rows of a table [V, D] by ids of shape S, giving S×D;
// embeddingGradOp scatter-adds the output gradient back into a [V, D] table.
type embeddingOp struct {
	id      uint64
	vocab   int
	idsDims int
	grad    bool // the backward op: inputs (ids, dOut), output [V, D]
}

func (o *embeddingOp) Arity() int {
	return 2
}

func (o *embeddingOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	table := gorgonia.TensorType{Dims: 2, Of: a}
	out := gorgonia.TensorType{Dims: o.idsDims + 1, Of: a}
	ids := hm.TypeVariable('i') // any dtype; not 'b', which gorgonia's inference reserves
	if o.grad {
		return hm.NewFnType(ids, out, table)
	}
	return hm.NewFnType(table, ids, out)
}

func (o *embeddingOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	shapes, err := gorgonia.DimSizersToShapes(in)
	if err != nil {
		return nil, err
	}
	if o.grad {
		d := shapes[1][len(shapes[1])-1]
		return tensor.Shape{o.vocab, d}, nil
	}
	return append(shapes[1].Clone(), shapes[0][1]), nil
}

func (o *embeddingOp) ReturnsPtr() bool      { return false }
func (o *embeddingOp) CallsExtern() bool     { return false }
func (o *embeddingOp) OverwritesInput() int  { return -1 }
func (o *embeddingOp) WriteHash(h hash.Hash) { fmt.Fprint(h, o.String()) }
func (o *embeddingOp) Hashcode() uint32      { return hashOf(o) }
func (o *embeddingOp) String() string        { return fmt.Sprintf("Embedding#%d(grad=%v)", o.id, o.grad) }
func (o *embeddingOp) DiffWRT(n int) []bool  { return []bool{true, false} }

func (o *embeddingOp) SymDiff(in gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	g := &embeddingOp{id: embedIDs.Add(1), vocab: o.vocab, idsDims: o.idsDims, grad: true}
	d, err := gorgonia.ApplyOp(g, in[1], grad)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{d, nil}, nil
}

func (o *embeddingOp) Do(vs ...gorgonia.Value) (gorgonia.Value, error) {
	var tableV, idsV, gradV gorgonia.Value
	if o.grad {
		idsV, gradV = vs[0], vs[1]
	} else {
		tableV, idsV = vs[0], vs[1]
	}
	idsT, ok := idsV.(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("nn: Embedding needs a tensor of ids, got %T", idsV)
	}
	ids, err := Indices(idsT)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		if id < 0 || id >= o.vocab {
			return nil, fmt.Errorf("nn: Embedding id %d at position %d is outside the vocabulary of %d", id, i, o.vocab)
		}
	}
	if o.grad {
		g := gradV.(*tensor.Dense)
		d := g.Shape()[g.Dims()-1]
		out := tensor.New(tensor.Of(g.Dtype()), tensor.WithShape(o.vocab, d))
		switch gd := g.Data().(type) {
		case []float32:
			scatterAdd(out.Data().([]float32), gd, ids, d)
		case []float64:
			scatterAdd(out.Data().([]float64), gd, ids, d)
		}
		return out, nil
	}
	table := tableV.(*tensor.Dense)
	d := table.Shape()[1]
	out := tensor.New(tensor.Of(table.Dtype()), tensor.WithShape(append(idsT.Shape().Clone(), d)...))
	switch td := table.Data().(type) {
	case []float32:
		gatherRows(out.Data().([]float32), td, ids, d)
	case []float64:
		gatherRows(out.Data().([]float64), td, ids, d)
	}
	return out, nil
}

func gatherRows[T float32 | float64](dst, table []T, ids []int, d int) {
	for i, id := range ids {
		copy(dst[i*d:(i+1)*d], table[id*d:(id+1)*d])
	}
}

func scatterAdd[T float32 | float64](dst, src []T, ids []int, d int) {
	for i, id := range ids {
		row := dst[id*d : (id+1)*d]
		for j, v := range src[i*d : (i+1)*d] {
			row[j] += v
		}
	}
}
