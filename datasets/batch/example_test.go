package batch_test

import (
	"fmt"

	"github.com/gopherlab/gopherlab/datasets/batch"
	"gorgonia.org/tensor"
)

func Example() {
	// Six examples of two features, labels 0..2.
	x := tensor.New(tensor.WithShape(6, 2), tensor.WithBacking([]float32{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}))
	y := tensor.New(tensor.WithShape(6), tensor.WithBacking([]float32{0, 1, 2, 0, 1, 2}))
	src, _ := batch.FromTensors(x, y)
	loader, _ := batch.New(src, batch.Config{Size: 4, OneHot: 3})
	for epoch := 0; epoch < 2; epoch++ {
		loader.Reset(epoch)
		for {
			xb, yb, ok := loader.Next()
			if !ok {
				break
			}
			fmt.Println(epoch, xb.Shape(), yb.Shape())
		}
	}
	// Output:
	// 0 (4, 2) (4, 3)
	// 0 (2, 2) (2, 3)
	// 1 (4, 2) (4, 3)
	// 1 (2, 2) (2, 3)
}
