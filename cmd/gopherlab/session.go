package main

import (
	"io"
	"os"

	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/notebook"
)

// newSession starts a session that captures file descriptors 1 and 2, so
// that what compiled library code prints lands in the cell, as in Jupyter.
// The runner closes each session before starting the next.
func newSession() (notebook.Executor, error) {
	s, err := engine.New(engine.Options{CaptureFDs: true})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// logWriter reaches the terminal's stderr even while a session captures fd 2.
func logWriter() io.Writer { return engine.LogWriter() }

// stderrIsTerminal is decided before any session redirects fd 2.
var stderrIsTerminal = isTerminal(os.Stderr)
