package nn

import (
	"fmt"
	"math/rand"

	"github.com/gopherlab/gopherlab/lib/ops"
	"gorgonia.org/gorgonia"
)

// BatchNormLayer normalises each channel (axis 1) of [N, C] or [N, C, H, W]
// inputs with batch statistics in training and running statistics in
// inference, then scales by Weight (gamma) and shifts by Bias (beta).
type BatchNormLayer struct {
	Channels int
	Weight   *Param // gamma [C]
	Bias     *Param // beta [C]
	// RunningMean and RunningVar are buffers: saved in checkpoints,
	// updated by every training run, not trained by gradients.
	RunningMean, RunningVar *Param
	// State holds the running statistics (sharing RunningMean's and
	// RunningVar's tensors) with Momentum (0.1) and Eps (1e-5), as PyTorch.
	State *ops.BNState
}

// BatchNorm returns batch normalisation over c channels.
func BatchNorm(c int, opts ...Option) *BatchNormLayer {
	o := makeOptions(opts)
	st := ops.NewBNState(o.dtype, c)
	l := &BatchNormLayer{Channels: c,
		Weight:      newParam("weight", o.dtype, c),
		Bias:        newParam("bias", o.dtype, c),
		RunningMean: &Param{Name: "running_mean", Value: st.Mean, Buffer: true},
		RunningVar:  &Param{Name: "running_var", Value: st.Var, Buffer: true},
		State:       st,
	}
	initWith(l)
	return l
}

// Forward implements Layer.
func (l *BatchNormLayer) Forward(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	// Loading a checkpoint copies into the buffers' tensors, which State shares.
	l.State.Mean, l.State.Var = l.RunningMean.Value, l.RunningVar.Value
	y, err := ops.BatchNorm(x, g.Param(l.Weight), g.Param(l.Bias), l.State, g.Training)
	if err != nil {
		return nil, fmt.Errorf("nn: %v: %w", l, err)
	}
	return y, nil
}

// Params implements Layer.
func (l *BatchNormLayer) Params() []*Param {
	return params(l.Weight, l.Bias, l.RunningMean, l.RunningVar)
}

// Init implements Layer: gamma 1, beta 0, running mean 0 and variance 1.
func (l *BatchNormLayer) Init(*rand.Rand) {
	constInit(l.Weight.Value, 1)
	constInit(l.Bias.Value, 0)
	constInit(l.RunningMean.Value, 0)
	constInit(l.RunningVar.Value, 1)
}

func (l *BatchNormLayer) String() string { return fmt.Sprintf("BatchNorm(%d)", l.Channels) }
