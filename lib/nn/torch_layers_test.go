package nn_test

import (
	"math/rand"

	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/tensor"
)

type extraCase struct {
	name, kind string
	args       map[string]any
	layer      nn.Layer
	x          *tensor.Dense
	idx        bool
}

// extraLayerCases lists the PyTorch comparisons of layers beyond the
// dense/activation basics.
func extraLayerCases(r *rand.Rand) []extraCase {
	conv := func(stride, pad int) map[string]any { return map[string]any{"stride": stride, "padding": pad} }
	pool := func(k, s int) map[string]any { return map[string]any{"kernel": k, "stride": s} }
	return []extraCase{
		{"conv-valid", "conv2d", conv(1, 0), nn.Conv2D(3, 4, 3, nn.Float64), randTensor(r, 2, 3, 6, 5), false},
		{"conv-same", "conv2d", conv(1, 1), nn.Conv2D(2, 3, 3, nn.Float64, nn.Same), randTensor(r, 2, 2, 5, 5), false},
		{"conv-full", "conv2d", conv(1, 2), nn.Conv2D(2, 3, 3, nn.Float64, nn.Full, nn.NoBias()), randTensor(r, 1, 2, 4, 4), false},
		{"conv-stride2", "conv2d", conv(2, 1), nn.Conv2D(2, 3, 4, nn.Float64, nn.Stride(2), nn.Padding(1)), randTensor(r, 2, 2, 8, 8), false},
		{"convT-stride2", "convtranspose2d", conv(2, 1), nn.ConvTranspose2D(3, 2, 4, nn.Float64, nn.Stride(2), nn.Padding(1)), randTensor(r, 2, 3, 4, 4), false},
		{"convT-valid", "convtranspose2d", conv(1, 0), nn.ConvTranspose2D(2, 3, 3, nn.Float64), randTensor(r, 1, 2, 4, 3), false},
		{"maxpool", "maxpool2d", pool(2, 2), nn.MaxPool2D(2), randTensor(r, 2, 3, 6, 6), false},
		{"maxpool-overlap", "maxpool2d", pool(3, 2), nn.MaxPool2D(3, nn.Stride(2)), randTensor(r, 1, 2, 7, 7), false},
		{"avgpool", "avgpool2d", pool(2, 2), nn.AvgPool2D(2), randTensor(r, 2, 3, 6, 6), false},
		{"upsample", "upsample", map[string]any{"factor": 2}, nn.Upsample(2), randTensor(r, 2, 2, 3, 4), false},
		{"batchnorm-4d", "batchnorm", map[string]any{"training": true}, withRandomAffine(r, nn.BatchNorm(3, nn.Float64)), randTensor(r, 4, 3, 3, 2), false},
		{"batchnorm-2d", "batchnorm", map[string]any{"training": true}, withRandomAffine(r, nn.BatchNorm(5, nn.Float64)), randTensor(r, 6, 5), false},
		{"embedding", "embedding", nil, nn.Embedding(7, 4, nn.Float64), classes(r, 7, 2, 5), true},
		{"lstm-last", "lstm", lstmArgs(1, 5, false), nn.LSTM(3, 5, 1, nn.Float64), randTensor(r, 2, 4, 3), false},
		{"lstm-stacked-seq", "lstm", lstmArgs(2, 4, true), returnSeq(nn.LSTM(3, 4, 2, nn.Float64)), randTensor(r, 3, 5, 3), false},
	}
}

func lstmArgs(layers, hidden int, seq bool) map[string]any {
	return map[string]any{"layers": layers, "hidden": hidden, "sequences": seq}
}

func returnSeq(l *nn.LSTMLayer) *nn.LSTMLayer {
	l.ReturnSequences = true
	return l
}

// withRandomAffine gives a BatchNorm non-trivial gamma and beta.
func withRandomAffine(r *rand.Rand, l *nn.BatchNormLayer) *nn.BatchNormLayer {
	for _, p := range []*nn.Param{l.Weight, l.Bias} {
		d := p.Value.Data().([]float64)
		for i := range d {
			d[i] = r.NormFloat64()
		}
	}
	return l
}
