package plots

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Hist draws a histogram of data (e.g. weights or activations). The
// number of bins is Bins(n) or, by default, the Freedman–Diaconis choice
// clamped to [10, 100]. Non-finite values are left out and counted in the
// description.
func Hist(data any, opts ...Option) (*Figure, error) {
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	raw, _, err := values("Hist data", data)
	if err != nil {
		return nil, err
	}
	vs := make(plotter.Values, 0, len(raw))
	for _, v := range raw {
		if finite(v) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return nil, errorf("Hist: no finite values to count")
	}
	bins := o.bins
	if bins == 0 {
		bins = autoBins(vs)
	}
	h, err := plotter.NewHist(vs, bins)
	if err != nil {
		return nil, errorf("Hist: %v", err)
	}
	h.FillColor = withAlpha(Color(0), 0.85)
	h.LineStyle = draw.LineStyle{Color: withAlpha(rgb(0xffffff), 0.9), Width: vg.Points(0.5)}
	if o.ylabel == "" {
		o.ylabel = "count"
	}
	p := newPlot(o)
	p.Add(h)
	applyLimits(p, o)
	desc := fmt.Sprintf("histogram of %s in %s", plural(len(vs), "value"), plural(bins, "bin"))
	if n := len(raw) - len(vs); n > 0 {
		desc += fmt.Sprintf(" (%s not finite left out)", plural(n, "value"))
	}
	return plotFigure(o, p, nil, desc), nil
}

// autoBins is the Freedman–Diaconis bin count, clamped to [10, 100].
func autoBins(vs []float64) int {
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	q := func(p float64) float64 { return s[int(p*float64(len(s)-1))] }
	iqr := q(0.75) - q(0.25)
	span := s[len(s)-1] - s[0]
	if iqr <= 0 || span <= 0 {
		return 10
	}
	width := 2 * iqr / math.Cbrt(float64(len(s)))
	return min(max(int(math.Ceil(span/width)), 10), 100)
}
