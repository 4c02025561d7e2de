package train

import (
	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/tensor"
)

// Metric is a named per-batch measure of predictions against targets. Fit
// averages it over each epoch, weighting batches by their size.
type Metric struct {
	Name string
	Fn   func(pred, target *tensor.Dense) float64
}

// Accuracy is the fraction of correct predictions. With more than one
// output per sample it compares the arg-max class with the target class
// (an index, or the arg-max of a one-hot row); with one output it
// thresholds probabilities at 0.5.
var Accuracy = Metric{Name: "accuracy", Fn: func(p, t *tensor.Dense) float64 { return accuracy(p, t, 0.5, -1) }}

// LogitAccuracy is Accuracy for single-output models whose outputs are
// logits (thresholded at 0), as trained with nn.BCEWithLogits.
var LogitAccuracy = Metric{Name: "accuracy", Fn: func(p, t *tensor.Dense) float64 { return accuracy(p, t, 0, -1) }}

// AccuracyIgnoring is Accuracy over class-index targets that leaves out
// positions whose target is ignore, matching
// nn.SoftmaxCrossEntropyIgnoring. ignore must not be negative.
func AccuracyIgnoring(ignore int) Metric {
	return Metric{Name: "accuracy", Fn: func(p, t *tensor.Dense) float64 { return accuracy(p, t, 0.5, ignore) }}
}

// accuracy skips samples whose class-index target is ignore (when >= 0).
func accuracy(pred, target *tensor.Dense, threshold float64, ignore int) float64 {
	p, t := nn.Float64s(pred), nn.Float64s(target)
	if t == nil { // integer targets
		idx, err := nn.Indices(target)
		if err != nil {
			return 0
		}
		t = make([]float64, len(idx))
		for i, v := range idx {
			t[i] = float64(v)
		}
	}
	shp := pred.Shape()
	classes := shp[len(shp)-1]
	n := len(p) / classes
	if n == 0 {
		return 0
	}
	correct, counted := 0, 0
	for i := 0; i < n; i++ {
		if ignore >= 0 && len(t) == n && int(t[i]) == ignore {
			continue
		}
		counted++
		if classes == 1 {
			if (p[i] > threshold) == (t[i] > 0.5) {
				correct++
			}
			continue
		}
		want := 0
		if len(t) == len(p) { // one-hot
			want = argmax(t[i*classes : (i+1)*classes])
		} else {
			want = int(t[i])
		}
		if argmax(p[i*classes:(i+1)*classes]) == want {
			correct++
		}
	}
	if counted == 0 {
		return 0
	}
	return float64(correct) / float64(counted)
}

func argmax(xs []float64) int {
	best := 0
	for i, v := range xs {
		if v > xs[best] {
			best = i
		}
	}
	return best
}
