package optim

import "math"

// Schedule adjusts an optimizer's learning rate at the end of each epoch.
// metric is the epoch's monitored value (validation loss when there is
// one, else training loss); only ReduceOnPlateau uses it.
type Schedule interface {
	EpochEnd(opt Optimizer, epoch int, metric float64)
}

// StepSchedule multiplies the learning rate by Gamma every StepSize epochs.
type StepSchedule struct {
	StepSize int
	Gamma    float64
}

// StepLR returns a schedule decaying the learning rate by gamma every
// stepSize epochs, like torch.optim.lr_scheduler.StepLR.
func StepLR(stepSize int, gamma float64) *StepSchedule {
	return &StepSchedule{StepSize: stepSize, Gamma: gamma}
}

// EpochEnd implements Schedule; epoch counts from 0.
func (s *StepSchedule) EpochEnd(opt Optimizer, epoch int, _ float64) {
	if s.StepSize > 0 && (epoch+1)%s.StepSize == 0 {
		opt.SetLR(opt.LR() * s.Gamma)
	}
}

// ExponentialSchedule multiplies the learning rate by Gamma every epoch.
type ExponentialSchedule struct{ Gamma float64 }

// ExponentialLR returns a schedule decaying the learning rate by gamma
// every epoch.
func ExponentialLR(gamma float64) *ExponentialSchedule { return &ExponentialSchedule{Gamma: gamma} }

// EpochEnd implements Schedule.
func (s *ExponentialSchedule) EpochEnd(opt Optimizer, _ int, _ float64) {
	opt.SetLR(opt.LR() * s.Gamma)
}

// PlateauSchedule multiplies the learning rate by Factor when the metric
// has not improved by more than MinDelta for Patience epochs, down to MinLR.
type PlateauSchedule struct {
	Factor   float64
	Patience int
	MinDelta float64
	MinLR    float64

	best float64
	bad  int
	seen bool
}

// ReduceOnPlateau returns a schedule like
// torch.optim.lr_scheduler.ReduceLROnPlateau in "min" mode.
func ReduceOnPlateau(factor float64, patience int) *PlateauSchedule {
	return &PlateauSchedule{Factor: factor, Patience: patience, MinDelta: 1e-4}
}

// EpochEnd implements Schedule.
func (s *PlateauSchedule) EpochEnd(opt Optimizer, _ int, metric float64) {
	if !s.seen || metric < s.best-s.MinDelta {
		s.best, s.bad, s.seen = metric, 0, true
		return
	}
	s.bad++
	if s.bad > s.Patience {
		opt.SetLR(math.Max(opt.LR()*s.Factor, s.MinLR))
		s.bad = 0
	}
}
