package optim

import "github.com/gopherlab/gopherlab/lib/nn"

// SGDOptimizer is stochastic gradient descent with optional momentum,
// Nesterov momentum and L2 weight decay, following torch.optim.SGD.
type SGDOptimizer struct {
	LearningRate float64
	Momentum     float64
	Nesterov     bool
	WeightDecay  float64

	core
}

// SGD returns plain stochastic gradient descent with learning rate lr; set
// Momentum, Nesterov and WeightDecay on the result as needed.
func SGD(lr float64) *SGDOptimizer { return &SGDOptimizer{LearningRate: lr} }

// Step implements Optimizer.
func (o *SGDOptimizer) Step(params []*nn.Param) error {
	var slotNames []string
	if o.Momentum != 0 {
		slotNames = []string{"momentum"}
	}
	first := o.steps == 0
	return o.step(params, slotNames,
		func(w, g []float32, s [][]float32) { sgdStep(o, first, w, g, s) },
		func(w, g []float64, s [][]float64) { sgdStep(o, first, w, g, s) })
}

func sgdStep[T float](o *SGDOptimizer, first bool, w, g []T, s [][]T) {
	lr, mom, wd := T(o.LearningRate), T(o.Momentum), T(o.WeightDecay)
	for i := range w {
		d := g[i] + wd*w[i]
		if mom != 0 {
			b := s[0]
			if first {
				b[i] = d
			} else {
				b[i] = mom*b[i] + d
			}
			if o.Nesterov {
				d += mom * b[i]
			} else {
				d = b[i]
			}
		}
		w[i] -= lr * d
	}
}

// LR implements Optimizer.
func (o *SGDOptimizer) LR() float64 { return o.LearningRate }

// SetLR implements Optimizer.
func (o *SGDOptimizer) SetLR(lr float64) { o.LearningRate = lr }

// State implements Optimizer.
func (o *SGDOptimizer) State() *State {
	return o.state("sgd", map[string]float64{
		"lr": o.LearningRate, "momentum": o.Momentum, "nesterov": flag(o.Nesterov), "weight_decay": o.WeightDecay})
}

// SetState implements Optimizer.
func (o *SGDOptimizer) SetState(s *State) error {
	if err := o.restore(s, "sgd"); err != nil {
		return err
	}
	o.LearningRate, o.Momentum, o.WeightDecay = s.Scalars["lr"], s.Scalars["momentum"], s.Scalars["weight_decay"]
	o.Nesterov = s.Scalars["nesterov"] != 0
	return nil
}
