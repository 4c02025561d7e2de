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
	return nil
}
