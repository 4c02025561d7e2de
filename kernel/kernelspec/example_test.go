package kernelspec_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gopherlab/gopherlab/kernel/kernelspec"
)

func ExampleInstall() {
	prefix, err := os.MkdirTemp("", "prefix")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(prefix)
	// As `gopherlab install --prefix PREFIX` does, with the running binary.
	dir, err := kernelspec.Install(kernelspec.Location{Prefix: prefix}, "/usr/local/bin/gopherlab")
	if err != nil {
		panic(err)
	}
	rel, _ := filepath.Rel(prefix, dir)
	fmt.Println(rel)
	b, _ := os.ReadFile(filepath.Join(dir, "kernel.json"))
	var spec kernelspec.Spec
	json.Unmarshal(b, &spec)
	fmt.Println(spec.Argv, spec.DisplayName)
	// Output:
	// share/jupyter/kernels/gopherlab
	// [/usr/local/bin/gopherlab kernel {connection_file}] Go (Gopherlab)
}
