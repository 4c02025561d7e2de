package checkpoint_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gopherlab/gopherlab/lib/checkpoint"
	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
)

func ExampleSave() {
	dir, _ := os.MkdirTemp("", "ckpt")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.ckpt")

	model := nn.Sequential(nn.Dense(4, 8), nn.ReLU(), nn.Dense(8, 1))
	opt := optim.Adam(1e-3)
	if err := checkpoint.Save(path, model, opt, 1200, 3); err != nil {
		panic(err)
	}

	// Later, or in another process: rebuild the same architecture and load.
	restored := nn.Sequential(nn.Dense(4, 8), nn.ReLU(), nn.Dense(8, 1))
	step, epoch, err := checkpoint.Load(path, restored, optim.Adam(1e-3))
	fmt.Println(step, epoch, err)

	_, _, err = checkpoint.Load(path, nn.Sequential(nn.Dense(4, 16), nn.ReLU(), nn.Dense(16, 1)), nil)
	fmt.Println(err)
	// Output:
	// 1200 3 <nil>
	// checkpoint: parameter "0.weight" has shape (4, 8) in the checkpoint but (4, 16) in the model: build the model with the same layer sizes as the saved one
}
