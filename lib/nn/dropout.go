package nn

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// DropoutLayer zeroes each element with probability P during training and
// scales the kept ones by 1/(1-P); in inference it is the identity.
type DropoutLayer struct {
	stateless
	P float64
}

// Dropout returns a dropout layer with drop probability p in [0, 1).
func Dropout(p float64) *DropoutLayer {
	if p < 0 || p >= 1 {
		panic(fmt.Sprintf("nn: Dropout probability must be in [0, 1), got %g", p))
	}
	return &DropoutLayer{P: p}
}

// Forward implements Layer. The mask is an input node refilled from the
// graph's seeded source before every run, so training is reproducible.
func (l *DropoutLayer) Forward(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	if !g.Training || l.P == 0 {
		return x, nil
	}
	mask := tensor.New(tensor.Of(x.Dtype()), tensor.WithShape(x.Shape()...))
	keep, scale := 1-l.P, 1/(1-l.P)
	rng := g.Rand()
	g.BeforeRun(func() {
		fill(mask, func() float64 {
			if rng.Float64() < keep {
				return scale
			}
			return 0
		})
	})
	m := gorgonia.NodeFromAny(g.G, mask, gorgonia.WithName(fmt.Sprintf("dropout-mask#%p", mask)))
	return gorgonia.HadamardProd(x, m)
}

func (l *DropoutLayer) String() string { return fmt.Sprintf("Dropout(%g)", l.P) }
