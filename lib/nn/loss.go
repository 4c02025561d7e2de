package nn

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Loss maps a prediction node and a target node to a scalar loss node.
// The losses of this package are Loss values, and so is any function with
// this signature.
type Loss func(pred, target *gorgonia.Node) (*gorgonia.Node, error)

func checkSameShape(name string, pred, target *gorgonia.Node) error {
	if !SameShape(pred.Shape(), target.Shape()) {
		return fmt.Errorf("nn: %s needs predictions and targets of the same shape, got %v and %v", name, pred.Shape(), target.Shape())
	}
	if pred.Dtype() != target.Dtype() {
		return fmt.Errorf("nn: %s needs predictions and targets of the same dtype, got %v and %v: convert the targets", name, pred.Dtype(), target.Dtype())
	}
	return nil
}

// constOf returns a constant scalar node of x's dtype.
func constOf(x *gorgonia.Node, v float64) *gorgonia.Node {
	if x.Dtype() == tensor.Float32 {
		return gorgonia.NewConstant(float32(v))
	}
	return gorgonia.NewConstant(v)
}

// MSE is the mean squared error over all elements.
func MSE(pred, target *gorgonia.Node) (*gorgonia.Node, error) {
	sq, err := squaredError("MSE", pred, target)
	if err != nil {
		return nil, err
	}
	return gorgonia.Mean(sq)
}

// MSESum is the summed squared error over all elements.
func MSESum(pred, target *gorgonia.Node) (*gorgonia.Node, error) {
	sq, err := squaredError("MSESum", pred, target)
	if err != nil {
		return nil, err
	}
	return gorgonia.Sum(sq)
}

func squaredError(name string, pred, target *gorgonia.Node) (*gorgonia.Node, error) {
	if err := checkSameShape(name, pred, target); err != nil {
		return nil, err
	}
	d, err := gorgonia.Sub(pred, target)
	if err != nil {
		return nil, err
	}
	return gorgonia.Square(d)
}

// BCE is the mean binary cross entropy of probabilities pred (in (0, 1),
// such as a Sigmoid layer's output) against targets in [0, 1]. Prefer
// BCEWithLogits, which is stable for saturated predictions.
func BCE(pred, target *gorgonia.Node) (*gorgonia.Node, error) {
	return WeightedBCE(1, 1)(pred, target)
}

// WeightedBCE returns a binary cross entropy on probabilities that weighs
// the positive-target term by pos and the negative-target term by neg:
// mean(-(pos·y·log p + neg·(1-y)·log(1-p))).
func WeightedBCE(pos, neg float64) Loss {
	return func(pred, target *gorgonia.Node) (*gorgonia.Node, error) {
		if err := checkSameShape("BCE", pred, target); err != nil {
			return nil, err
		}
		logP, err := gorgonia.Log(pred)
		if err != nil {
			return nil, err
		}
		q, err := gorgonia.Sub(constOf(pred, 1), pred)
		if err != nil {
			return nil, err
		}
		logQ, err := gorgonia.Log(q)
		if err != nil {
			return nil, err
		}
		nlogP, err := gorgonia.Neg(logP)
		if err != nil {
			return nil, err
		}
		nlogQ, err := gorgonia.Neg(logQ)
		if err != nil {
			return nil, err
		}
		return weightedBinary(pos, neg, target, nlogP, nlogQ)
	}
}

// BCEWithLogits is the mean binary cross entropy of sigmoid(logits)
// against targets in [0, 1], computed stably from the logits.
func BCEWithLogits(logits, target *gorgonia.Node) (*gorgonia.Node, error) {
	return WeightedBCEWithLogits(1, 1)(logits, target)
}

// WeightedBCEWithLogits returns a stable binary cross entropy on logits
// that weighs positives by pos and negatives by neg:
// mean(pos·y·softplus(-x) + neg·(1-y)·softplus(x)). Weights other than 1
// correct for a shift between the training and deployment class priors.
func WeightedBCEWithLogits(pos, neg float64) Loss {
	return func(logits, target *gorgonia.Node) (*gorgonia.Node, error) {
		if err := checkSameShape("BCEWithLogits", logits, target); err != nil {
			return nil, err
		}
		neg1, err := gorgonia.Neg(logits)
		if err != nil {
			return nil, err
		}
		spNeg, err := stableSoftplus(neg1) // -log σ(x)
		if err != nil {
			return nil, err
		}
		spPos, err := stableSoftplus(logits) // -log(1-σ(x))
		if err != nil {
			return nil, err
		}
		return weightedBinary(pos, neg, target, spNeg, spPos)
	}
}

// weightedBinary returns mean(pos·y·a + neg·(1-y)·b).
func weightedBinary(pos, neg float64, y, a, b *gorgonia.Node) (*gorgonia.Node, error) {
	ya, err := gorgonia.HadamardProd(y, a)
	if err != nil {
		return nil, err
	}
	oneMinusY, err := gorgonia.Sub(constOf(y, 1), y)
	if err != nil {
		return nil, err
	}
	yb, err := gorgonia.HadamardProd(oneMinusY, b)
	if err != nil {
		return nil, err
	}
	if pos != 1 {
		if ya, err = gorgonia.Mul(constOf(y, pos), ya); err != nil {
			return nil, err
		}
	}
	if neg != 1 {
		if yb, err = gorgonia.Mul(constOf(y, neg), yb); err != nil {
			return nil, err
		}
	}
	s, err := gorgonia.Add(ya, yb)
	if err != nil {
		return nil, err
	}
	return gorgonia.Mean(s)
}

// stableSoftplus is log(1+e^x) as relu(x) + log1p(e^-|x|), which neither
// overflows nor loses precision for large |x|.
func stableSoftplus(x *gorgonia.Node) (*gorgonia.Node, error) {
	r, err := gorgonia.Rectify(x)
	if err != nil {
		return nil, err
	}
	a, err := gorgonia.Abs(x)
	if err != nil {
		return nil, err
	}
	na, err := gorgonia.Neg(a)
	if err != nil {
		return nil, err
	}
	e, err := gorgonia.Exp(na)
	if err != nil {
		return nil, err
	}
	l, err := gorgonia.Log1p(e)
	if err != nil {
		return nil, err
	}
	return gorgonia.Add(r, l)
}

// SoftmaxCrossEntropy is the mean cross entropy of softmax(logits) over
// the last axis (the classes or vocabulary) against integer class targets:
// logits [N, V] with targets [N], or logits [B, T, V] with targets [B, T].
// Targets may be of any integer dtype, or float holding whole numbers.
func SoftmaxCrossEntropy(logits, target *gorgonia.Node) (*gorgonia.Node, error) {
	return softmaxCE(newSoftmaxCE(0, false), logits, target)
}

// SoftmaxCrossEntropyIgnoring returns SoftmaxCrossEntropy that leaves out
// positions whose target is ignore (such as the padding id of
// variable-length sequences) from the loss and its mean, like PyTorch's
// ignore_index.
func SoftmaxCrossEntropyIgnoring(ignore int) Loss {
	return func(logits, target *gorgonia.Node) (*gorgonia.Node, error) {
		return softmaxCE(newSoftmaxCE(ignore, true), logits, target)
	}
}

func softmaxCE(op *softmaxCEOp, logits, target *gorgonia.Node) (*gorgonia.Node, error) {
	ls, ts := logits.Shape(), target.Shape()
	if len(ls) < 2 || !SameShape(ts, ls[:len(ls)-1]) && !(len(ls) == 2 && ts.TotalSize() == ls[0]) {
		return nil, fmt.Errorf("nn: SoftmaxCrossEntropy needs logits [..., V] and class indices of the leading shape, got %v and %v", ls, ts)
	}
	v := ls[len(ls)-1]
	var err error
	if len(ls) > 2 {
		if logits, err = gorgonia.Reshape(logits, tensor.Shape{ls.TotalSize() / v, v}); err != nil {
			return nil, err
		}
	}
	if ts.Dims() != 1 {
		if target, err = gorgonia.Reshape(target, tensor.Shape{ts.TotalSize()}); err != nil {
			return nil, err
		}
	}
	return gorgonia.ApplyOp(op, logits, target)
}
