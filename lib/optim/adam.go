package optim

import (
	"math"

	"github.com/gopherlab/gopherlab/lib/nn"
)

// AdamOptimizer is Adam (Kingma & Ba) with bias correction, following
// torch.optim.Adam: WeightDecay adds an L2 term to the gradient, or, with
// Decoupled set, decays the weights directly as AdamW does.
type AdamOptimizer struct {
	LearningRate float64
	Beta1, Beta2 float64
	Eps          float64
	WeightDecay  float64
	Decoupled    bool

	core
}

// Adam returns an Adam optimizer with learning rate lr and PyTorch's
// defaults beta1 0.9, beta2 0.999, eps 1e-8 and no weight decay.
func Adam(lr float64) *AdamOptimizer {
	return &AdamOptimizer{LearningRate: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// AdamW returns Adam with decoupled weight decay wd (torch.optim.AdamW).
func AdamW(lr, wd float64) *AdamOptimizer {
	o := Adam(lr)
	o.WeightDecay, o.Decoupled = wd, true
	return o
}

// Step implements Optimizer.
func (o *AdamOptimizer) Step(params []*nn.Param) error {
	return o.step(params, []string{"m", "v"},
		func(w, g []float32, s [][]float32) { adamStep(o, w, g, s[0], s[1]) },
		func(w, g []float64, s [][]float64) { adamStep(o, w, g, s[0], s[1]) })
}

func adamStep[T float](o *AdamOptimizer, w, g, m, v []T) {
	b1, b2 := o.Beta1, o.Beta2
	c1 := 1 - math.Pow(b1, float64(o.steps))
	c2 := 1 - math.Pow(b2, float64(o.steps))
	stepSize := o.LearningRate / c1
	sqrtC2 := math.Sqrt(c2)
	for i := range w {
		gi := float64(g[i])
		wi := float64(w[i])
		if o.WeightDecay != 0 {
			if o.Decoupled {
				wi *= 1 - o.LearningRate*o.WeightDecay
			} else {
				gi += o.WeightDecay * wi
			}
		}
		mi := b1*float64(m[i]) + (1-b1)*gi
		vi := b2*float64(v[i]) + (1-b2)*gi*gi
		m[i], v[i] = T(mi), T(vi)
		w[i] = T(wi - stepSize*mi/(math.Sqrt(vi)/sqrtC2+o.Eps))
	}
}

// LR implements Optimizer.
func (o *AdamOptimizer) LR() float64 { return o.LearningRate }

// SetLR implements Optimizer.
func (o *AdamOptimizer) SetLR(lr float64) { o.LearningRate = lr }

// State implements Optimizer.
func (o *AdamOptimizer) State() *State {
	return o.state("adam", map[string]float64{
		"lr": o.LearningRate, "beta1": o.Beta1, "beta2": o.Beta2, "eps": o.Eps,
		"weight_decay": o.WeightDecay, "decoupled": flag(o.Decoupled)})
}

// SetState implements Optimizer.
func (o *AdamOptimizer) SetState(s *State) error {
	if err := o.restore(s, "adam"); err != nil {
		return err
	}
	sc := s.Scalars
	o.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay = sc["lr"], sc["beta1"], sc["beta2"], sc["eps"], sc["weight_decay"]
	o.Decoupled = sc["decoupled"] != 0
	return nil
}
