package engine

import (
	"strings"

	"github.com/gopherlab/gopherlab/kernel/display"
)

// Output is where a running cell's effects go: its text streams, its rich
// displays and its requests for input. The Jupyter kernel, the headless
// notebook runner and the REPL each provide one.
type Output interface {
	display.Sink
	// Stream delivers text written to "stdout" or "stderr", in order.
	Stream(name, text string)
	// Input asks the user for a line of input. It returns an error when the
	// front end cannot answer (e.g. Jupyter's allow_stdin=false).
	Input(prompt string, password bool) (string, error)
}

// Error is a failed cell, in the shape of Jupyter's error reply. Every
// non-nil error that Session.Execute returns is an *Error.
type Error struct {
	Name      string   // e.g. "CompileError", "panic", "Interrupted", "Exit"
	Value     string   // the message
	Traceback []string // lines shown to the user; they name the cell line
}

func (e *Error) Error() string {
	if len(e.Traceback) > 0 {
		return strings.Join(e.Traceback, "\n")
	}
	return e.Name + ": " + e.Value
}

// Completion is the answer to a completion request: Matches replace the
// cell text between Start and End, counted in Unicode code points as
// Jupyter (protocol 5.2+) counts cursor positions.
type Completion struct {
	Matches    []string
	Start, End int
	Metadata   map[string]any
}

// Inspection is the answer to an inspection request (Shift-Tab in Jupyter).
type Inspection struct {
	Found  bool
	Bundle map[string]any // text/plain, optionally text/markdown
}
