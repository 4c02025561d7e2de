package mnist_test

import (
	"fmt"
	"log"

	"github.com/gopherlab/gopherlab/datasets/batch"
	"github.com/gopherlab/gopherlab/datasets/mnist"
)

func Example() {
	train, test, err := mnist.Load("") // from $GOPHERLAB_DATA or the user cache
	if err != nil {
		log.Fatal(err) // the error says to run `gopherlab data fetch mnist`
	}
	train, val, _ := train.Split(5000)
	loader, _ := batch.New(train, batch.Config{Size: 128, Shuffle: true, Seed: 1, XShape: []int{784}})
	x, y, _ := loader.Next()
	fmt.Println(train.N, val.N, test.N, x.Shape(), y.Shape())
	// Output: 55000 5000 10000 (128, 784) (128)
}
