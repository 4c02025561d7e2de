package symbols

import (
	"reflect"

	"github.com/traefik/yaegi/stdlib"
)

// Symbols maps "importpath/name" to the exported values of that package,
// in the form interp.Interpreter.Use takes. The generated files fill it at
// init. It does not include the standard library: see All.
var Symbols = map[string]map[string]reflect.Value{}

// All returns the standard library's tables and Symbols, ready for Use.
func All() []map[string]map[string]reflect.Value {
	return []map[string]map[string]reflect.Value{stdlib.Symbols, Symbols}
}

// One line per preloaded package (the run line is long so that a new
// package is one line to add).
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/kernel/display
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/lib/nn
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/lib/optim
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/lib/train
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/lib/checkpoint
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/lib/metrics
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/lib/ops
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/lib/blas
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/plots
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/datasets
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/datasets/batch
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/datasets/mnist
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/datasets/blobs
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/datasets/faces
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/datasets/text
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols github.com/gopherlab/gopherlab/datasets/cmudict
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/gonum/mat
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/gonum/floats
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/gonum/stat
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/gonum/stat/distuv
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/plot
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/plot/plotter
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/plot/plotutil
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/plot/palette
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/plot/vg
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/plot/vg/draw
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gonum.org/v1/plot/vg/vgimg
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gorgonia.org/gorgonia
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name symbols gorgonia.org/tensor
