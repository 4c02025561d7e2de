package metrics

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Eps is the clipping applied to probabilities before taking logs, as in
// Kaggle's log loss and scikit-learn's log_loss: a confident wrong answer
// costs -log(1e-15) ≈ 34.5 rather than infinity.
const Eps = 1e-15

// check validates probabilities (or, with probs false, any finite scores)
// and their 0/1 labels.
func check(fn string, p, y []float64, probs bool) error {
	if len(p) != len(y) {
		return fmt.Errorf("metrics.%s: %d predictions and %d labels; give one label per prediction", fn, len(p), len(y))
	}
	if len(p) == 0 {
		return fmt.Errorf("metrics.%s: no predictions", fn)
	}
	for i, v := range p {
		if probs && !(v >= 0 && v <= 1) {
			return fmt.Errorf("metrics.%s: probability %d is %g, outside [0, 1]; pass probabilities (after a sigmoid), not logits", fn, i, v)
		}
		if !probs && (math.IsNaN(v) || math.IsInf(v, 0)) {
			return fmt.Errorf("metrics.%s: score %d is %g; scores must be finite", fn, i, v)
		}
		if y[i] != 0 && y[i] != 1 {
			return fmt.Errorf("metrics.%s: label %d is %g; labels must be 0 or 1", fn, i, y[i])
		}
	}
	return nil
}

func logLoss(p, y float64) float64 {
	p = math.Min(math.Max(p, Eps), 1-Eps)
	if y == 1 {
		return -math.Log(p)
	}
	return -math.Log1p(-p)
}

// LogLosses returns each prediction's log loss, -log p for a positive
// label and -log(1-p) for a negative one, with p clipped to [Eps, 1-Eps].
// Use it for standard errors and weighted means (gonum's stat.Mean and
// stat.StdDev).
func LogLosses(p, y []float64) ([]float64, error) {
	if err := check("LogLosses", p, y, true); err != nil {
		return nil, err
	}
	out := make([]float64, len(p))
	for i := range p {
		out[i] = logLoss(p[i], y[i])
	}
	return out, nil
}

// LogLoss is the mean log loss (binary cross entropy) of probabilities p
// for labels y: -(1/n) Σ y log p + (1-y) log(1-p).
func LogLoss(p, y []float64) (float64, error) {
	return WeightedLogLoss(p, y, 1, 1)
}

// WeightedLogLoss is the weighted mean log loss, weighting positives by
// pos and negatives by neg: Σ w_i l_i / Σ w_i. With pos = r'/r and
// neg = (1-r')/(1-r), where r is the positive rate of y, it estimates the
// log loss the same predictions would get on data whose positive rate is
// r' (the weights then average to 1).
func WeightedLogLoss(p, y []float64, pos, neg float64) (float64, error) {
	if !(pos >= 0 && neg >= 0) || math.IsInf(pos, 0) || math.IsInf(neg, 0) || pos+neg == 0 {
		return 0, fmt.Errorf("metrics.WeightedLogLoss: class weights %g and %g; they must be finite, not negative and not both zero", pos, neg)
	}
	if err := check("WeightedLogLoss", p, y, true); err != nil {
		return 0, err
	}
	var sum, wsum float64
	for i := range p {
		w := neg
		if y[i] == 1 {
			w = pos
		}
		sum += w * logLoss(p[i], y[i])
		wsum += w
	}
	if wsum == 0 {
		return 0, errors.New("metrics.WeightedLogLoss: every label has weight zero; the labels contain only the class weighted 0")
	}
	return sum / wsum, nil
}

// AUC is the area under the ROC curve of scores for labels y: the
// probability that a random positive scores higher than a random negative,
// ties counting one half (the Mann-Whitney U statistic over n₊n₋). Scores
// may be probabilities, logits or any finite ranking. It depends only on
// the order of the scores, so a strictly increasing transform leaves it
// unchanged.
func AUC(scores, y []float64) (float64, error) {
	if err := check("AUC", scores, y, false); err != nil {
		return 0, err
	}
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	// Sum of the positives' ranks, tied scores sharing their mean rank.
	var rankSum float64
	var npos int
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // mean of ranks i+1 .. j
		for k := i; k < j; k++ {
			if y[idx[k]] == 1 {
				rankSum += mid
				npos++
			}
		}
		i = j
	}
	nneg := len(y) - npos
	if npos == 0 || nneg == 0 {
		return 0, fmt.Errorf("metrics.AUC: %d positives and %d negatives; AUC needs both classes", npos, nneg)
	}
	u := rankSum - float64(npos)*float64(npos+1)/2
	return u / (float64(npos) * float64(nneg)), nil
}

// ShiftPrior converts probabilities p of a model fitted where the positive
// rate is r into probabilities for data whose positive rate is rPrime,
// assuming p(x|y) is the same in both (prior shift). By Bayes' rule
//
//	p' = a p / (a p + b (1-p)),  a = rPrime/r,  b = (1-rPrime)/(1-r),
//
// which adds logit(rPrime) - logit(r) to every logit. The order of the
// predictions, and so their AUC, is unchanged.
func ShiftPrior(p []float64, r, rPrime float64) ([]float64, error) {
	if !(r > 0 && r < 1) || !(rPrime > 0 && rPrime < 1) {
		return nil, fmt.Errorf("metrics.ShiftPrior: rates r = %g and r' = %g; both must be strictly between 0 and 1", r, rPrime)
	}
	a, b := rPrime/r, (1-rPrime)/(1-r)
	out := make([]float64, len(p))
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("metrics.ShiftPrior: probability %d is %g, outside [0, 1]; pass probabilities (after a sigmoid), not logits", i, v)
		}
		out[i] = a * v / (a*v + b*(1-v))
	}
	return out, nil
}
