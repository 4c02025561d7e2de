package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
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
	vs := make([]float64, 0, len(raw))
	for _, v := range raw {
		if finite(v) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return nil, errorf("Hist: no finite values to count")
	}
	nb := o.bins
	if nb == 0 {
		nb = autoBins(vs)
	}
	bs := &bars{bins: histogram(vs, nb), fill: withAlpha(Color(0), 0.85), edge: color.White}
	if o.logY {
		bs.base = 0.5 // below a count of one, where bars on a log axis start
	}
	if o.ylabel == "" {
		o.ylabel = "count"
	}
	p := newPlot(o)
	p.Add(bs)
	applyLimits(p, o)
	desc := fmt.Sprintf("histogram of %s in %s", plural(len(vs), "value"), plural(nb, "bin"))
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

// histogram counts vs in n equal bins spanning their range; a constant
// sample gets one unit-wide bin.
func histogram(vs []float64, n int) []bar {
	lo, hi := minMax(vs)
	if lo == hi {
		lo, hi, n = lo-0.5, hi+0.5, 1
	}
	w := (hi - lo) / float64(n)
	bins := make([]bar, n)
	for i := range bins {
		bins[i] = bar{lo: lo + float64(i)*w, hi: lo + float64(i+1)*w}
	}
	for _, v := range vs {
		bins[min(int((v-lo)/w), n-1)].y++
	}
	return bins
}

// bar is one bar of a bars plotter: [lo, hi] wide, y high.
type bar struct{ lo, hi, y float64 }

// bars draws bars from base (0, or a positive floor on a log axis) up to
// each bar's y; bars at or below base are left out.
type bars struct {
	bins       []bar
	base       float64
	fill, edge color.Color
}

// Plot implements plot.Plotter.
func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, bin := range b.bins {
		if bin.y <= b.base {
			continue
		}
		b.draw(&c, vg.Rectangle{Min: vg.Point{X: trX(bin.lo), Y: trY(b.base)}, Max: vg.Point{X: trX(bin.hi), Y: trY(bin.y)}})
	}
}

// DataRange implements plot.DataRanger.
func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), b.base, b.base
	for _, bin := range b.bins {
		xmin, xmax, ymax = math.Min(xmin, bin.lo), math.Max(xmax, bin.hi), math.Max(ymax, bin.y)
	}
	return xmin, xmax, ymin, ymax
}

func (b *bars) draw(c *draw.Canvas, r vg.Rectangle) {
	c.SetColor(b.fill)
	c.Fill(r.Path())
	c.SetLineStyle(draw.LineStyle{Color: b.edge, Width: vg.Points(0.6)})
	c.Stroke(r.Path())
}

// Thumbnail implements plot.Thumbnailer.
func (b *bars) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	r.Min.Y, r.Max.Y = c.Center().Y-vg.Points(4), c.Center().Y+vg.Points(4)
	b.draw(c, r)
}
