package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Reliability draws a reliability (calibration) diagram: predicted
// probabilities are grouped into equal-width bins (Bins, default 10) and
// each bin's observed frequency of positive outcomes is drawn against its
// mean predicted probability, with the diagonal of perfect calibration. The
// legend gives the expected calibration error (ECE).
//
// probs are predicted probabilities in [0, 1]; outcomes are []bool or 0/1
// numbers, one per probability. For a classifier, pass the confidence of
// each predicted class and whether the prediction was right.
func Reliability(probs, outcomes any, opts ...Option) (*Figure, error) {
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	ps, err := vector("Reliability probs", probs)
	if err != nil {
		return nil, err
	}
	ys, err := outcomeValues(outcomes)
	if err != nil {
		return nil, err
	}
	if len(ps) != len(ys) {
		return nil, errorf("Reliability: %d probabilities and %d outcomes; give one outcome per probability", len(ps), len(ys))
	}
	if len(ps) == 0 {
		return nil, errorf("Reliability: no predictions")
	}
	for i, p := range ps {
		if !(p >= 0 && p <= 1) {
			return nil, errorf("Reliability: probability %d is %g, outside [0, 1]; pass probabilities (after softmax or sigmoid), not logits", i, p)
		}
		if ys[i] != 0 && ys[i] != 1 {
			return nil, errorf("Reliability: outcome %d is %g; outcomes must be 0 or 1 (or bool)", i, ys[i])
		}
	}
	nb := o.bins
	if nb == 0 {
		nb = 10
	}
	bins := calibrate(ps, ys, nb)
	ece := 0.0
	for _, b := range bins {
		ece += float64(b.n) / float64(len(ps)) * math.Abs(b.freq-b.conf)
	}

	if o.xlabel == "" {
		o.xlabel = "predicted probability"
	}
	if o.ylabel == "" {
		o.ylabel = "observed frequency"
	}
	p := newPlot(o)
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, err
	}
	diag.LineStyle = draw.LineStyle{Color: rgb(0x7f7f7f), Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	bars := &bars{fill: withAlpha(Color(0), 0.25), edge: withAlpha(Color(0), 0.6)}
	for _, b := range bins {
		if b.n > 0 {
			bars.bins = append(bars.bins, bar{b.lo, b.hi, b.freq})
		}
	}
	var pts plotter.XYs
	for _, b := range bins {
		if b.n > 0 {
			pts = append(pts, plotter.XY{X: b.conf, Y: b.freq})
		}
	}
	curve, marks, err := plotter.NewLinePoints(pts)
	if err != nil {
		return nil, err
	}
	curve.LineStyle = draw.LineStyle{Color: Color(0), Width: vg.Points(1.75)}
	marks.GlyphStyle = draw.GlyphStyle{Color: Color(0), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
	p.Add(bars, diag, curve, marks)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	applyLimits(p, o)
	model := fmt.Sprintf("model (ECE %.3f)", ece)
	lg := &legend{
		entries: []legendEntry{{model, lineMarks{curve, marks}}, {"perfectly calibrated", diag}, {"bin frequency", bars}},
		pts:     append(densify(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}, p), densify(pts, p)...),
	}
	desc := fmt.Sprintf("reliability diagram of %s in %s, ECE %.4f", plural(len(ps), "prediction"), plural(nb, "bin"), ece)
	return plotFigure(o, p, lg, desc), nil
}

// outcomeValues accepts []bool besides the numeric types.
func outcomeValues(v any) ([]float64, error) {
	if bs, ok := v.([]bool); ok {
		out := make([]float64, len(bs))
		for i, b := range bs {
			if b {
				out[i] = 1
			}
		}
		return out, nil
	}
	return vector("Reliability outcomes", v)
}

// calBin is one bin of a reliability diagram.
type calBin struct {
	lo, hi     float64
	n          int
	conf, freq float64 // mean probability, observed frequency
}

func calibrate(ps, ys []float64, nb int) []calBin {
	bins := make([]calBin, nb)
	for i := range bins {
		bins[i].lo, bins[i].hi = float64(i)/float64(nb), float64(i+1)/float64(nb)
	}
	for i, p := range ps {
		k := min(int(p*float64(nb)), nb-1)
		bins[k].n++
		bins[k].conf += p
		bins[k].freq += ys[i]
	}
	for i := range bins {
		if n := float64(bins[i].n); n > 0 {
			bins[i].conf /= n
			bins[i].freq /= n
		}
	}
	return bins
}

// lineMarks is a legend thumbnail of a line with markers.
type lineMarks struct {
	line  *plotter.Line
	marks *plotter.Scatter
}

// Thumbnail implements plot.Thumbnailer.
func (l lineMarks) Thumbnail(c *draw.Canvas) {
	l.line.Thumbnail(c)
	l.marks.Thumbnail(c)
}
