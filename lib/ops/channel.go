package ops

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops/cpu"
)

// channelDims views a shape [N,C,...] as n samples, c channels, s positions.
func channelDims(s tensor.Shape) (n, c, pos int) {
	pos = 1
	for _, d := range s[2:] {
		pos *= d
	}
	return s[0], s[1], pos
}

func checkChannelVec(what string, x, v *gorgonia.Node) error {
	if x.Dims() < 2 {
		return shapeErr(what, x, "[N,C,...] (at least 2-D)")
	}
	if v.Dims() != 1 || v.Shape()[0] != x.Shape()[1] {
		return shapeErr(what, v, fmt.Sprintf("[%d] (one value per channel of %v)", x.Shape()[1], x.Shape()))
	}
	if v.Dtype() != x.Dtype() {
		return fmt.Errorf("%s: %s is %v but x is %v; convert one so both match", what, v.Name(), v.Dtype(), x.Dtype())
	}
	return nil
}

// BiasAdd adds b[c] to every element of channel c (axis 1) of x [N,C,...].
func BiasAdd(x, b *gorgonia.Node) (*gorgonia.Node, error) {
	if err := checkChannelVec("BiasAdd", x, b); err != nil {
		return nil, err
	}
	switch x.Dtype() {
	case tensor.Float32:
		return biasAdd[float32](x, b)
	case tensor.Float64:
		return biasAdd[float64](x, b)
	}
	return nil, dtypeErr("BiasAdd", x)
}

func biasAdd[T cpu.Float](x, b *gorgonia.Node) (*gorgonia.Node, error) {
	o := &op[T]{
		name: "BiasAdd", inDims: []int{x.Dims(), 1}, outDims: x.Dims(),
		shape: func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil },
		run: func(out []T, in [][]T, sh []tensor.Shape) {
			n, c, s := channelDims(sh[0])
			cpu.BiasAddForward(n, c, s, in[0], in[1], out)
		},
		wrt: []bool{true, true},
	}
	o.grad = func(_ gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		db, err := channelSum[T](grad)
		return gorgonia.Nodes{grad, db}, err
	}
	return apply(o, x, b)
}

// channelSum sums dy [N,C,...] over everything but axis 1.
func channelSum[T cpu.Float](dy *gorgonia.Node) (*gorgonia.Node, error) {
	return apply(&op[T]{
		name: "ChannelSum", inDims: []int{dy.Dims()}, outDims: 1,
		shape: func(in []tensor.Shape) (tensor.Shape, error) { return tensor.Shape{in[0][1]}, nil },
		run: func(out []T, in [][]T, sh []tensor.Shape) {
			n, c, s := channelDims(sh[0])
			cpu.ChannelSum(n, c, s, in[0], out)
		},
	}, dy)
}

// BNState is BatchNorm's running statistics and settings, kept across graphs
// (a training graph updates it, an inference graph reads it).
type BNState struct {
	// Mean and Var are the running per-channel mean and (unbiased) variance,
	// updated in place by every training run.
	Mean, Var *tensor.Dense
	// Momentum is the weight of each batch in the running statistics:
	// running = (1-Momentum)·running + Momentum·batch, as PyTorch.
	Momentum float64
	// Eps is added to the variance before its square root.
	Eps float64
}

// NewBNState returns running statistics for c channels of dtype dt, mean 0
// and variance 1, with PyTorch's defaults momentum 0.1 and eps 1e-5.
func NewBNState(dt tensor.Dtype, c int) *BNState {
	st := &BNState{
		Mean:     tensor.New(tensor.Of(dt), tensor.WithShape(c)),
		Var:      tensor.New(tensor.Of(dt), tensor.WithShape(c)),
		Momentum: 0.1,
		Eps:      1e-5,
	}
	switch v := st.Var.Data().(type) {
	case []float32:
		for i := range v {
			v[i] = 1
		}
	case []float64:
		for i := range v {
			v[i] = 1
		}
	}
	return st
}

// BatchNorm normalizes each channel (axis 1) of x [N,C] or [N,C,H,W] and
// scales and shifts it: y = gamma·(x-mean)/sqrt(var+eps) + beta. In training
// the mean and variance are the batch's and each run updates st's running
// statistics; otherwise st's running statistics are used.
func BatchNorm(x, gamma, beta *gorgonia.Node, st *BNState, training bool) (*gorgonia.Node, error) {
	if err := checkChannelVec("BatchNorm", x, gamma); err != nil {
		return nil, err
	}
	if err := checkChannelVec("BatchNorm", x, beta); err != nil {
		return nil, err
	}
	if x.Dims() != 2 && x.Dims() != 4 {
		return nil, shapeErr("BatchNorm", x, "[N,C] or [N,C,H,W]")
	}
	c := x.Shape()[1]
	if st == nil || st.Mean == nil || st.Var == nil {
		return nil, fmt.Errorf("BatchNorm: missing running statistics; pass NewBNState(dtype, %d)", c)
	}
	for _, t := range []*tensor.Dense{st.Mean, st.Var} {
		if !t.Shape().Eq(tensor.Shape{c}) || t.Dtype() != x.Dtype() {
			return nil, fmt.Errorf("BatchNorm: running statistics are %v %v, want %v [%d] like x", t.Dtype(), t.Shape(), x.Dtype(), c)
		}
	}
	switch x.Dtype() {
	case tensor.Float32:
		return batchNorm[float32](x, gamma, beta, st, training)
	case tensor.Float64:
		return batchNorm[float64](x, gamma, beta, st, training)
	}
	return nil, dtypeErr("BatchNorm", x)
}

func batchNorm[T cpu.Float](x, gamma, beta *gorgonia.Node, st *BNState, training bool) (*gorgonia.Node, error) {
	c := x.Shape()[1]
	// The statistics the forward run used, for the backward ops.
	mean, variance, invstd := make([]T, c), make([]T, c), make([]T, c)
	name := fmt.Sprintf("BatchNorm{training: %t}", training)
	o := &op[T]{
		name: name, inDims: []int{x.Dims(), 1, 1}, outDims: x.Dims(),
		shape: func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil },
		run: func(out []T, in [][]T, sh []tensor.Shape) {
			n, c, s := channelDims(sh[0])
			rm, rv := st.Mean.Data().([]T), st.Var.Data().([]T)
			if training {
				cpu.BatchNormStats(n, c, s, in[0], mean, variance)
				m, unbiased := T(st.Momentum), T(n*s)/T(max(1, n*s-1))
				for i := range rm {
					rm[i] += m * (mean[i] - rm[i])
					rv[i] += m * (variance[i]*unbiased - rv[i])
				}
			} else {
				copy(mean, rm)
				copy(variance, rv)
			}
			cpu.InvStd(variance, st.Eps, invstd)
			cpu.BatchNormForward(n, c, s, in[0], mean, invstd, in[1], in[2], out)
		},
		wrt: []bool{true, true, true},
	}
	o.grad = func(in gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dbeta, err := channelSum[T](grad)
		if err != nil {
			return nil, err
		}
		var scratch []T
		dgamma, err := apply(&op[T]{
			name: name + "GammaGrad", inDims: []int{x.Dims(), x.Dims()}, outDims: 1,
			shape: func(in []tensor.Shape) (tensor.Shape, error) { return tensor.Shape{in[0][1]}, nil },
			run: func(out []T, in [][]T, sh []tensor.Shape) {
				n, c, s := channelDims(sh[0])
				if len(scratch) != c {
					scratch = make([]T, c)
				}
				cpu.BatchNormParamGrads(n, c, s, in[0], in[1], mean, invstd, out, scratch)
			},
		}, in[0], grad)
		if err != nil {
			return nil, err
		}
		dx, err := apply(&op[T]{
			name: name + "Grad", inDims: []int{x.Dims(), 1, x.Dims(), 1, 1}, outDims: x.Dims(),
			shape: func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil },
			run: func(out []T, in [][]T, sh []tensor.Shape) {
				n, c, s := channelDims(sh[0])
				cpu.BatchNormBackward(n, c, s, in[0], in[2], mean, invstd, in[1], in[3], in[4], training, out)
			},
		}, in[0], in[1], grad, dgamma, dbeta)
		return gorgonia.Nodes{dx, dgamma, dbeta}, err
	}
	return apply(o, x, gamma, beta)
}
