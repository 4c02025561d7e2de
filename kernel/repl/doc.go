// Package repl is Gopherlab's interactive terminal front end (`gopherlab
// repl`): a read-eval-print loop over an engine.Session with a small line
// editor of its own (raw terminal mode; arrows, Home/End, Ctrl-A/E/K/U/W,
// history on Up/Down kept in a file across runs, Tab completion from the
// session), multi-line input driven by the session's IsComplete (with the
// indent it suggests), and the engine's magics. Rich values print as
// text; images, SVG and HTML are written to files whose paths are
// printed. Ctrl-C cancels the line being typed or interrupts the running
// cell; Ctrl-D on an empty line ends the loop.
package repl
