package display

import (
	"context"
	"fmt"
	"image"
	"os"
	"sync"
)

// state is the per-cell environment the kernel installs.
var state struct {
	sync.Mutex
	sink Sink
	ctx  context.Context
}

// SetSink installs the sink that receives displays from now on; the kernel
// calls it before each cell. A nil sink makes displays print text/plain to
// os.Stdout.
func SetSink(s Sink) {
	state.Lock()
	state.sink = s
	state.Unlock()
}

// SetContext installs the running cell's context, which the kernel cancels
// on interrupt; Context returns it.
func SetContext(ctx context.Context) {
	state.Lock()
	state.ctx = ctx
	state.Unlock()
}

// Context returns the running cell's context: it is cancelled when the user
// interrupts the cell. Pass it to long computations (training, downloads)
// so that they stop on interrupt. Outside a kernel it is
// context.Background().
func Context() context.Context {
	state.Lock()
	defer state.Unlock()
	if state.ctx == nil {
		return context.Background()
	}
	return state.ctx
}

// publish sends d to the current sink, or prints its text to os.Stdout
// when there is none.
func publish(d Data) {
	state.Lock()
	s := state.sink
	state.Unlock()
	if s != nil {
		s.Display(d)
		return
	}
	if text, ok := d.Bundle["text/plain"].(string); ok {
		fmt.Fprintln(os.Stdout, text)
	}
}

// Publish shows bundle under the display id (empty for none); update
// replaces an existing display with that id instead of adding one. Its
// signature is the one lower packages (plots, lib/train) take in their
// SetPublisher hooks, so the kernel hands them this function.
func Publish(bundle map[string]any, id string, update bool) {
	publish(Data{Bundle: bundle, ID: id, Update: update})
}

// Show displays v with the same rules as a cell's final value (see Bundle).
func Show(v any) { publish(Data{Bundle: Bundle(v)}) }

// HTML displays an HTML fragment.
func HTML(s string) { Show(Raw("text/html", s)) }

// Markdown displays Markdown text.
func Markdown(s string) { Show(Raw("text/markdown", s)) }

// LaTeX displays a LaTeX formula, e.g. `$\sum_i x_i$`.
func LaTeX(s string) { Show(Raw("text/latex", s)) }

// SVG displays an SVG document.
func SVG(s string) { Show(Raw("image/svg+xml", s)) }

// PNG displays PNG-encoded image bytes.
func PNG(b []byte) { Show(Raw("image/png", b)) }

// JPEG displays JPEG-encoded image bytes.
func JPEG(b []byte) { Show(Raw("image/jpeg", b)) }

// Image displays img as a PNG.
func Image(img image.Image) { Show(img) }

// JSON displays v (any JSON-marshalable value) as an application/json tree.
func JSON(v any) { Show(Raw("application/json", v)) }

// Text displays plain text, unquoted.
func Text(s string) { publish(Data{Bundle: map[string]any{"text/plain": s}}) }

// ClearOutput clears the cell's output; with wait, the front end clears it
// only when the next output arrives, which avoids flicker in animations.
func ClearOutput(wait bool) {
	state.Lock()
	s := state.sink
	state.Unlock()
	if s != nil {
		s.ClearOutput(wait)
	}
}
