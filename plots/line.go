package plots

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named line. Y holds the values (any data type the package
// accepts); X holds their positions, or is nil for 0, 1, 2, ... With
// Points the values are drawn as unconnected markers, unsmoothed: e.g.
// measurements over a theoretical curve.
type Series struct {
	Name   string
	X, Y   any
	Points bool
}

// Line plots one or more series as lines, e.g. a training loss over steps.
// With Smooth the lines are exponential moving averages drawn over faint
// raw values; with LogY the vertical axis is logarithmic. Non-finite values
// (a diverged loss) are left out and counted in the description.
func Line(series []Series, opts ...Option) (*Figure, error) {
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	if len(series) == 0 {
		return nil, errorf("Line: no series; pass e.g. []plots.Series{{Name: \"train\", Y: losses}}")
	}
	names := make([]string, len(series))
	all := make([]plotter.XYs, len(series))
	dropped := 0
	for i, s := range series {
		names[i] = s.Name
		if names[i] == "" {
			names[i] = fmt.Sprintf("series %d", i+1)
		}
		xys, n, err := seriesXYs(names[i], s, o.logY)
		if err != nil {
			return nil, err
		}
		all[i], dropped = xys, dropped+n
	}
	dx := step(all)
	p := newPlot(o)
	lg := &legend{}
	for i, xys := range all {
		col := Color(i)
		if series[i].Points {
			lg.pts = append(lg.pts, xys...)
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, errorf("Line: series %q: %v", names[i], err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
			p.Add(sc)
			lg.entries = append(lg.entries, legendEntry{names[i], sc})
			continue
		}
		lg.pts = append(lg.pts, densify(xys, p)...)
		if o.smooth > 0 {
			raw, err := plotter.NewLine(xys)
			if err != nil {
				return nil, errorf("Line: series %q: %v", names[i], err)
			}
			raw.LineStyle = draw.LineStyle{Color: withAlpha(col, 0.25), Width: vg.Points(1)}
			p.Add(raw)
			xys = ema(xys, o.smooth, dx, o.logY)
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, errorf("Line: series %q: %v", names[i], err)
		}
		l.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(1.75)}
		p.Add(l)
		if len(series) > 1 || series[i].Name != "" {
			lg.entries = append(lg.entries, legendEntry{names[i], l})
		}
	}
	applyLimits(p, o)
	desc := fmt.Sprintf("line plot of %s", strings.Join(names, ", "))
	if o.title != "" {
		desc = fmt.Sprintf("%q: %s", o.title, desc)
	}
	if dropped > 0 {
		why := "not finite"
		if o.logY {
			why = "not finite or not positive"
		}
		desc += fmt.Sprintf(" (%s %s left out)", plural(dropped, "value"), why)
	}
	return plotFigure(o, p, lg, desc), nil
}

// Loss plots a training loss and, if val is not nil, a validation loss, both
// at x = 0, 1, 2, ...: the most common figure of a training notebook. For a
// validation loss logged less often than the training loss, use Line with X.
func Loss(train, val any, opts ...Option) (*Figure, error) {
	series := []Series{{Name: "train", Y: train}}
	if val != nil {
		series = append(series, Series{Name: "validation", Y: val})
	}
	opts = append([]Option{Title("Loss"), XLabel("step"), YLabel("loss")}, opts...)
	return Line(series, opts...)
}

// seriesXYs pairs a series' X and Y, leaving out points that cannot be
// drawn (not finite, or not positive on a log axis); it reports how many.
func seriesXYs(name string, s Series, logY bool) (plotter.XYs, int, error) {
	ys, err := vector(fmt.Sprintf("series %q Y", name), s.Y)
	if err != nil {
		return nil, 0, err
	}
	var xs []float64
	if s.X != nil {
		if xs, err = vector(fmt.Sprintf("series %q X", name), s.X); err != nil {
			return nil, 0, err
		}
		if len(xs) != len(ys) {
			return nil, 0, errorf("series %q has %d X values and %d Y values; they must pair up", name, len(xs), len(ys))
		}
	}
	xys := make(plotter.XYs, 0, len(ys))
	for i, y := range ys {
		x := float64(i)
		if xs != nil {
			x = xs[i]
		}
		if !finite(x) || !finite(y) || (logY && y <= 0) {
			continue
		}
		xys = append(xys, plotter.XY{X: x, Y: y})
	}
	if len(xys) == 0 {
		if logY {
			return nil, 0, errorf("series %q has no positive finite values to draw on a log scale", name)
		}
		return nil, 0, errorf("series %q has no finite values to draw", name)
	}
	return xys, len(ys) - len(xys), nil
}

// ema smooths y with an exponential moving average of weight w per step of
// dx on the x axis, debiased as in Adam and TensorBoard so the start is not
// pulled towards zero. Weighting by x distance keeps the same time constant
// for a validation series logged every tenth step. On a log axis it
// averages log values, which is what the eye compares there.
func ema(xys plotter.XYs, w, dx float64, logY bool) plotter.XYs {
	out := make(plotter.XYs, len(xys))
	acc, norm := 0.0, 0.0
	for i, p := range xys {
		wi := w
		if i > 0 && dx > 0 {
			wi = math.Pow(w, math.Abs(p.X-xys[i-1].X)/dx)
		}
		y := p.Y
		if logY {
			y = math.Log(y)
		}
		acc = wi*acc + (1-wi)*y
		norm = wi*norm + (1 - wi)
		s := acc / norm
		if logY {
			s = math.Exp(s)
		}
		out[i] = plotter.XY{X: p.X, Y: s}
	}
	return out
}

// step is the smallest median x spacing of the series: the unit of
// smoothing.
func step(all []plotter.XYs) float64 {
	best := 0.0
	for _, xys := range all {
		if len(xys) < 2 {
			continue
		}
		d := make([]float64, len(xys)-1)
		for i := range d {
			d[i] = math.Abs(xys[i+1].X - xys[i].X)
		}
		sort.Float64s(d)
		if m := d[len(d)/2]; m > 0 && (best == 0 || m < best) {
			best = m
		}
	}
	return best
}
