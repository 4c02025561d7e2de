// Package plots draws the figures a machine-learning notebook needs in one
// short call: loss curves (with smoothing and a log scale), scatter plots of
// embeddings coloured by label, histograms, reliability (calibration)
// diagrams, heat maps with a colour bar, image grids and side-by-side
// comparisons of images, panels of several figures, and a live plot that
// redraws in place while a model trains.
//
// Every helper returns a *Figure and an error (wrap the call in Must to
// keep a notebook cell short). A Figure renders to PNG or SVG
// (Figure.PNG, Figure.SVG, Figure.WriteTo, Figure.Save) and has a
// MIMEBundle method, so a notebook shows it inline when it is a cell's last
// value. Figures are drawn with gonum.org/v1/plot; Figure.Plot exposes the
// underlying *plot.Plot of single-panel figures for further customisation,
// and FromPlot and Style bring a *plot.Plot built by hand into the same
// look.
//
// Data arguments typed any accept []float64, []float32, []int, []int64,
// []uint8 and gorgonia.org/tensor *tensor.Dense of those element types;
// images also accept []image.Image. Options (Title, LogY, Smooth, Bins,
// ValueRange, Size, ...) are shared by all helpers; a helper ignores options
// that do not apply to it.
//
// Live plots publish through a hook the notebook kernel installs with
// SetPublisher; without one (a compiled program, the REPL) they only render
// when asked, or to a file given with LiveFile.
package plots
