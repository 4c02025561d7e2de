// Package metrics scores probabilistic binary classifiers on plain
// []float64 data: log loss (binary cross entropy, per sample, averaged or
// class-weighted), the area under the ROC curve, and the correction of
// predicted probabilities for a change of class prior between training and
// test data (prior shift: the class frequencies change, p(x|y) does not).
//
// Probabilities are in [0, 1] and labels are 0 or 1, one per probability;
// every function returns an error naming the first bad value. The loops
// are compiled, so notebook cells can score millions of predictions
// without looping themselves.
package metrics
