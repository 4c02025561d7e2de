// Package display shows rich output (HTML, Markdown, LaTeX, SVG, images,
// JSON, plots, progress bars) from Gopherlab cells.
//
// It is preloaded in every session under the name display. A cell calls
// display.HTML("<b>hi</b>") or display.Show(v); a display that must change
// in place is made with New and updated through its Handle. The kernel
// installs a Sink before each cell (SetSink) and the running cell's context
// (SetContext); with no sink, as in a plain compiled program, displays print
// their text/plain form to os.Stdout.
//
// Rich rendering follows one rule set, used both for Show and for the value
// of a cell's final expression (see Bundle): a value with a method
// MIMEBundle() map[string]any renders as that bundle, an image.Image and a
// gonum *plot.Plot as image/png, anything else as text/plain.
//
// The package is a leaf: it imports nothing from the kernel, so compiled
// library code may use it too.
package display
