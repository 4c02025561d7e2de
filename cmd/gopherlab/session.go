package main

import (
	"io"
	"os"
	"runtime"
	"strings"

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

// languageInfo is the notebook metadata the kernel reports in its
// kernel_info_reply, so that a notebook run headless carries the same.
func languageInfo() map[string]any {
	return map[string]any{
		"name":            "go",
		"version":         strings.TrimPrefix(runtime.Version(), "go"),
		"mimetype":        "text/x-go",
		"file_extension":  ".go",
		"codemirror_mode": "go",
		"pygments_lexer":  "go",
	}
}

// stderrIsTerminal is decided before any session redirects fd 2.
var stderrIsTerminal = isTerminal(os.Stderr)
