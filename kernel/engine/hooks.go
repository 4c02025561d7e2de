package engine

import (
	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/lib/train"
	"github.com/gopherlab/gopherlab/plots"
)

// wireLibraries points the preloaded libraries' hooks at package display:
// live plots and Fit's progress then show (and update in place) in the
// running cell, and a Fit called without a context stops when the cell is
// interrupted. The libraries cannot import the kernel, so the kernel sets
// their hooks; the hooks are process-wide and setting them again is
// harmless.
func wireLibraries() {
	plots.SetPublisher(display.Publish)
	train.SetPublisher(display.Publish)
	train.SetDefaultContext(display.Context)
}
