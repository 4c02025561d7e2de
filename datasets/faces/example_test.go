package faces_test

import (
	"fmt"
	"log"

	"github.com/gopherlab/gopherlab/datasets"
	"github.com/gopherlab/gopherlab/datasets/batch"
	"github.com/gopherlab/gopherlab/datasets/faces"
)

func Example() {
	// Any folder of face images; faces.LoadCelebA("", opts) loads CelebA
	// from the data directory.
	folder, _ := datasets.Folder("", "sfhq")
	train, val, test, err := faces.Load(folder, faces.Options{TargetH: 64, TargetW: 64})
	if err != nil {
		log.Fatal(err)
	}
	loader, _ := batch.New(train, batch.Config{Size: 64, Shuffle: true, Seed: 1})
	x, y, _ := loader.Next() // x: low-res input, y: target
	fmt.Println(x.Shape(), y.Shape(), train.Len(), val.Len(), test.Len())
	// Output: (64, 3, 16, 16) (64, 3, 64, 64) 336 42 42
}
