package faces_test

import (
	"fmt"
	"log"

	"github.com/gopherlab/gopherlab/datasets/batch"
	"github.com/gopherlab/gopherlab/datasets/faces"
)

func Example() {
	// CelebA from the data directory; faces.Load(folder, ...) takes any
	// folder of images instead.
	train, val, test, err := faces.LoadCelebA("", faces.Options{TargetH: 64, TargetW: 64})
	if err != nil {
		log.Fatal(err) // says where to put CelebA
	}
	loader, _ := batch.New(train, batch.Config{Size: 64, Shuffle: true, Seed: 1})
	x, y, _ := loader.Next() // x: low-res input [64 3 16 16], y: target [64 3 64 64]
	fmt.Println(x.Shape(), y.Shape(), val.Len(), test.Len())
}
