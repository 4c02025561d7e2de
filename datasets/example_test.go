package datasets_test

import (
	"fmt"

	"github.com/gopherlab/gopherlab/datasets"
)

func ExampleList() {
	for _, info := range datasets.List() {
		fmt.Printf("%-14s %d files\n", info.Name, len(info.Files))
	}
	// Output:
	// celeba         0 files
	// cmudict        1 files
	// fashion-mnist  4 files
	// mnist          4 files
	// rhymedata      26 files
	// sfhq           0 files
}
