package plots

import (
	"fmt"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Scatter plots points (x[i], y[i]), e.g. a 2-D embedding; with y nil, x
// may be an (N, 2) tensor of points. If labels is not nil, point i is
// coloured by the integer labels[i] and the legend lists the labels (named
// with LabelNames). Points are drawn in input order, so no class hides
// another wholesale.
func Scatter(x, y, labels any, opts ...Option) (*Figure, error) {
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	xs, ys, err := scatterXY(x, y)
	if err != nil {
		return nil, err
	}
	if len(xs) != len(ys) {
		return nil, errorf("Scatter: x has %d values and y has %d; they must pair up", len(xs), len(ys))
	}
	var lab []int
	if labels != nil {
		lv, err := vector("Scatter labels", labels)
		if err != nil {
			return nil, err
		}
		if len(lv) != len(xs) {
			return nil, errorf("Scatter: %d labels for %d points; give one label per point or nil", len(lv), len(xs))
		}
		lab = make([]int, len(lv))
		for i, v := range lv {
			lab[i] = int(v)
			if float64(lab[i]) != v {
				return nil, errorf("Scatter: label %d is %g; labels must be integers (class ids)", i, v)
			}
		}
	}

	xys := make(plotter.XYs, 0, len(xs))
	keep := make([]int, 0, len(xs)) // input index of each drawn point
	for i := range xs {
		if finite(xs[i]) && finite(ys[i]) {
			xys = append(xys, plotter.XY{X: xs[i], Y: ys[i]})
			keep = append(keep, i)
		}
	}
	if len(xys) == 0 {
		return nil, errorf("Scatter: no finite points to draw")
	}

	p := newPlot(o)
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, errorf("Scatter: %v", err)
	}
	// Smaller, translucent dots for big point clouds, so density shows.
	radius, alpha := vg.Points(3), 0.85
	if len(xys) > 2000 {
		radius, alpha = vg.Points(1.6), 0.6
	}
	glyph := func(c int) draw.GlyphStyle {
		return draw.GlyphStyle{Color: withAlpha(Color(c), alpha), Radius: radius, Shape: draw.CircleGlyph{}}
	}
	sc.GlyphStyle = glyph(0)
	lg := &legend{pts: xys, strict: true}
	desc := fmt.Sprintf("scatter plot of %s", plural(len(xys), "point"))
	if lab != nil {
		classes := map[int]int{} // label -> palette index, in sorted label order
		for _, l := range lab {
			classes[l] = 0
		}
		sorted := make([]int, 0, len(classes))
		for l := range classes {
			sorted = append(sorted, l)
		}
		sort.Ints(sorted)
		for i, l := range sorted {
			classes[l] = i
			name := fmt.Sprint(l)
			if l >= 0 && l < len(o.labelNames) {
				name = o.labelNames[l]
			}
			thumb := glyph(i)
			thumb.Radius = vg.Points(3.5)
			lg.entries = append(lg.entries, legendEntry{name, glyphThumb(thumb)})
		}
		sc.GlyphStyleFunc = func(i int) draw.GlyphStyle { return glyph(classes[lab[keep[i]]]) }
		desc += fmt.Sprintf(" in %s", plural(len(sorted), "label"))
		if len(sorted) > 20 {
			lg.entries = nil // a legend of dozens of entries would hide the data
		}
	}
	p.Add(sc)
	applyLimits(p, o)
	return plotFigure(o, p, lg, desc), nil
}

// scatterXY reads the coordinates: two vectors, or one (N, 2) tensor.
func scatterXY(x, y any) (xs, ys []float64, err error) {
	if y != nil {
		if xs, err = vector("Scatter x", x); err != nil {
			return nil, nil, err
		}
		ys, err = vector("Scatter y", y)
		return xs, ys, err
	}
	vals, shape, err := values("Scatter x", x)
	if err != nil {
		return nil, nil, err
	}
	if len(shape) != 2 || shape[1] != 2 {
		return nil, nil, errorf("Scatter: y is nil, so x must be an (N, 2) tensor of points, not shape %v; or pass x and y separately", shape)
	}
	xs, ys = make([]float64, shape[0]), make([]float64, shape[0])
	for i := range xs {
		xs[i], ys[i] = vals[2*i], vals[2*i+1]
	}
	return xs, ys, nil
}

// glyphThumb draws a glyph as a legend thumbnail.
type glyphThumb draw.GlyphStyle

// Thumbnail implements plot.Thumbnailer.
func (g glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(draw.GlyphStyle(g), c.Center()) }
