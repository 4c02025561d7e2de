package blobs_test

import (
	"fmt"

	"github.com/gopherlab/gopherlab/datasets/batch"
	"github.com/gopherlab/gopherlab/datasets/blobs"
)

func Example() {
	set, err := blobs.Generate(blobs.Config{N: 1000, H: 32, W: 32, MinCount: 1, MaxCount: 9, Seed: 42})
	if err != nil {
		panic(err)
	}
	loader, _ := batch.New(set, batch.Config{Size: 100, Shuffle: true, Seed: 1})
	x, y, _ := loader.Next()
	fmt.Println(x.Shape(), y.Shape(), loader.Len())
	// Output: (100, 1, 32, 32) (100) 10
}
