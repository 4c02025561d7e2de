package train_test

import (
	"testing"

	"github.com/gopherlab/gopherlab/lib/train"
	"gorgonia.org/tensor"
)

func TestAccuracyMetrics(t *testing.T) {
	probs := tensor.New(tensor.WithShape(4, 3), tensor.WithBacking([]float32{
		0.7, 0.2, 0.1, // 0
		0.1, 0.8, 0.1, // 1
		0.3, 0.3, 0.4, // 2
		0.5, 0.4, 0.1, // 0
	}))
	ids := tensor.New(tensor.WithShape(4), tensor.WithBacking([]int{0, 1, 1, 2}))
	if got := train.Accuracy.Fn(probs, ids); got != 0.5 {
		t.Errorf("class-index accuracy %g, want 0.5", got)
	}
	onehot := tensor.New(tensor.WithShape(4, 3), tensor.WithBacking([]float32{1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1}))
	if got := train.Accuracy.Fn(probs, onehot); got != 0.5 {
		t.Errorf("one-hot accuracy %g, want 0.5", got)
	}
	// Ignoring class 2 leaves samples 0, 1, 2 (targets 0, 1, 1): two correct.
	if got := train.AccuracyIgnoring(2).Fn(probs, ids); got != 2.0/3 {
		t.Errorf("accuracy ignoring 2: %g, want 2/3", got)
	}
	bin := tensor.New(tensor.WithShape(3, 1), tensor.WithBacking([]float32{0.9, 0.2, 0.6}))
	lab := tensor.New(tensor.WithShape(3, 1), tensor.WithBacking([]float32{1, 0, 0}))
	if got := train.Accuracy.Fn(bin, lab); got != 2.0/3 {
		t.Errorf("binary accuracy %g, want 2/3", got)
	}
	logits := tensor.New(tensor.WithShape(3, 1), tensor.WithBacking([]float32{0.3, -2, -0.1}))
	if got := train.LogitAccuracy.Fn(logits, lab); got != 1 {
		t.Errorf("logit accuracy %g, want 1", got)
	}
}
