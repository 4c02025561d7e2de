package optim

import (
	"math"

	"github.com/gopherlab/gopherlab/lib/nn"
)

// RMSpropOptimizer divides the gradient by a running root mean square of
// recent gradients, following torch.optim.RMSprop (not centered).
type RMSpropOptimizer struct {
	LearningRate float64
	Alpha        float64 // smoothing constant of the squared-gradient average
	Eps          float64
	Momentum     float64
	WeightDecay  float64

	core
}

// RMSprop returns an RMSprop optimizer with learning rate lr and PyTorch's
// defaults alpha 0.99 and eps 1e-8.
func RMSprop(lr float64) *RMSpropOptimizer {
	return &RMSpropOptimizer{LearningRate: lr, Alpha: 0.99, Eps: 1e-8}
}

// Step implements Optimizer.
func (o *RMSpropOptimizer) Step(params []*nn.Param) error {
	names := []string{"square_avg"}
	if o.Momentum != 0 {
		names = append(names, "momentum")
	}
	return o.step(params, names,
		func(w, g []float32, s [][]float32) { rmspropStep(o, w, g, s) },
		func(w, g []float64, s [][]float64) { rmspropStep(o, w, g, s) })
}

func rmspropStep[T float](o *RMSpropOptimizer, w, g []T, s [][]T) {
	sq := s[0]
	for i := range w {
		gi := float64(g[i]) + o.WeightDecay*float64(w[i])
		a := o.Alpha*float64(sq[i]) + (1-o.Alpha)*gi*gi
		sq[i] = T(a)
		d := gi / (math.Sqrt(a) + o.Eps)
		if o.Momentum != 0 {
			b := o.Momentum*float64(s[1][i]) + d
			s[1][i] = T(b)
			d = b
		}
		w[i] -= T(o.LearningRate * d)
	}
}

// LR implements Optimizer.
func (o *RMSpropOptimizer) LR() float64 { return o.LearningRate }

// SetLR implements Optimizer.
func (o *RMSpropOptimizer) SetLR(lr float64) { o.LearningRate = lr }

// State implements Optimizer.
func (o *RMSpropOptimizer) State() *State {
	return o.state("rmsprop", map[string]float64{
		"lr": o.LearningRate, "alpha": o.Alpha, "eps": o.Eps, "momentum": o.Momentum, "weight_decay": o.WeightDecay})
}

// SetState implements Optimizer.
func (o *RMSpropOptimizer) SetState(s *State) error {
	if err := o.restore(s, "rmsprop"); err != nil {
		return err
	}
	sc := s.Scalars
	o.LearningRate, o.Alpha, o.Eps, o.Momentum, o.WeightDecay = sc["lr"], sc["alpha"], sc["eps"], sc["momentum"], sc["weight_decay"]
	return nil
}
