package nn_test

import (
	"fmt"

	"github.com/gopherlab/gopherlab/lib/nn"
	"gorgonia.org/tensor"
)

func ExampleSequential() {
	model := nn.Sequential(
		nn.Reshape(1, 28, 28),
		nn.Conv2D(1, 8, 3, nn.Same), nn.ReLU(), nn.MaxPool2D(2),
		nn.Flatten(),
		nn.Dense(8*14*14, 10),
	)
	fmt.Println(model.NumParams())
	fmt.Print(model.Summary(784))
	// Output:
	// 15770
	// ──────────────────────────────────────────────────────────
	// Layer                      Output Shape             Params
	// ──────────────────────────────────────────────────────────
	// Reshape(1, 28, 28)         (None, 1, 28, 28)             0
	// Conv2D(1→8, 3x3, pad 1)    (None, 8, 28, 28)            80
	// ReLU                       (None, 8, 28, 28)             0
	// MaxPool2D(2)               (None, 8, 14, 14)             0
	// Flatten                    (None, 1568)                  0
	// Dense(1568→10)             (None, 10)                15690
	// ──────────────────────────────────────────────────────────
	// Total params: 15770
}

func ExampleModel_Predict() {
	nn.ManualSeed(1)
	model := nn.Sequential(nn.Dense(3, 2), nn.Softmax())
	x := tensor.New(tensor.WithShape(4, 3), tensor.WithBacking(make([]float32, 12)))
	probs, err := model.Predict(x) // compiled once for shape (4, 3), then cached
	if err != nil {
		panic(err)
	}
	row := nn.Float64s(probs)[:2]
	fmt.Println(probs.Shape(), row[0]+row[1] > 0.999)
	// Output: (4, 2) true
}

// A tied autoencoder: the decoder applies the encoder's weights transposed,
// so only its biases are new parameters.
func ExampleDenseLayer_Transposed() {
	conv := nn.Conv2D(1, 8, 5, nn.Glorot)
	dense := nn.Dense(8*12*12, 16, nn.Glorot)
	ae := nn.Sequential(
		conv, nn.Flatten(), dense, nn.ReLU(),
		dense.Transposed(), nn.Reshape(8, 12, 12), conv.Transposed(),
	)
	fmt.Print(ae.Summary(1, 16, 16))
	// Output:
	// ──────────────────────────────────────────────────────────────────
	// Layer                              Output Shape             Params
	// ──────────────────────────────────────────────────────────────────
	// Conv2D(1→8, 5x5)                   (None, 8, 12, 12)           208
	// Flatten                            (None, 1152)                  0
	// Dense(1152→16)                     (None, 16)                18448
	// ReLU                               (None, 16)                    0
	// Dense(16→1152, tied)               (None, 1152)               1152
	// Reshape(8, 12, 12)                 (None, 8, 12, 12)             0
	// ConvTranspose2D(8→1, 5x5, tied)    (None, 1, 16, 16)             1
	// ──────────────────────────────────────────────────────────────────
	// Total params: 19809
}
