package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
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
	p.Add(fastScatter{sc})
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

// fastScatter draws its points on PNG canvases by stamping one pre-drawn
// anti-aliased disc per colour straight into the pixels, which is some ten
// times faster than filling a path per point (10k points in a few ms); on
// vector canvases it draws glyphs as plotter.Scatter does.
type fastScatter struct{ *plotter.Scatter }

// Plot implements plot.Plotter.
func (s fastScatter) Plot(c draw.Canvas, p *plot.Plot) {
	vc, ok := baseCanvas(c).(*vgimg.Canvas)
	if !ok {
		s.Scatter.Plot(c, p)
		return
	}
	dst, ok := vc.Image().(*image.RGBA)
	if !ok {
		s.Scatter.Plot(c, p)
		return
	}
	dpi, h := vc.DPI(), float64(dst.Bounds().Dy())
	trX, trY := p.Transforms(&c)
	sprites := map[draw.GlyphStyle]*image.RGBA{}
	for i, xy := range s.XYs {
		pt := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		if !c.Contains(pt) {
			continue
		}
		sty := s.GlyphStyle
		if s.GlyphStyleFunc != nil {
			sty = s.GlyphStyleFunc(i)
		}
		sp, ok := sprites[sty]
		if !ok {
			sp = disc(sty.Color, sty.Radius.Dots(dpi))
			sprites[sty] = sp
		}
		half := sp.Bounds().Dx() / 2
		x0 := int(math.Round(pt.X.Dots(dpi))) - half
		y0 := int(math.Round(h-pt.Y.Dots(dpi))) - half
		over(dst, sp, image.Pt(x0, y0))
	}
}

// GlyphBoxes implements plot.GlyphBoxer. Only the extreme points can need
// padding at the edges, so it returns their boxes rather than one per point
// (which made padding cost more than drawing for big point clouds).
func (s fastScatter) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if len(s.XYs) == 0 {
		return nil
	}
	ext := [4]int{} // indices of min x, max x, min y, max y
	for i, xy := range s.XYs {
		if xy.X < s.XYs[ext[0]].X {
			ext[0] = i
		}
		if xy.X > s.XYs[ext[1]].X {
			ext[1] = i
		}
		if xy.Y < s.XYs[ext[2]].Y {
			ext[2] = i
		}
		if xy.Y > s.XYs[ext[3]].Y {
			ext[3] = i
		}
	}
	boxes := make([]plot.GlyphBox, 0, 4)
	for _, i := range ext {
		sty := s.GlyphStyle
		if s.GlyphStyleFunc != nil {
			sty = s.GlyphStyleFunc(i)
		}
		xy := s.XYs[i]
		boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(xy.X), Y: p.Y.Norm(xy.Y), Rectangle: sty.Rectangle()})
	}
	return boxes
}

// disc returns an anti-aliased disc of radius r pixels in colour col,
// premultiplied, centred in an odd-sized square.
func disc(col color.Color, r float64) *image.RGBA {
	n := 2*int(math.Ceil(r)) + 3
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	cr, cg, cb, ca := col.RGBA()
	c := float64(n / 2)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			cov := math.Max(0, math.Min(1, r+0.5-math.Hypot(float64(x)-c, float64(y)-c)))
			if cov == 0 {
				continue
			}
			o := img.PixOffset(x, y)
			img.Pix[o] = uint8(float64(cr>>8) * cov)
			img.Pix[o+1] = uint8(float64(cg>>8) * cov)
			img.Pix[o+2] = uint8(float64(cb>>8) * cov)
			img.Pix[o+3] = uint8(float64(ca>>8) * cov)
		}
	}
	return img
}

// over composites the premultiplied src onto dst with its top-left at at.
func over(dst, src *image.RGBA, at image.Point) {
	r := src.Bounds().Add(at).Intersect(dst.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			s := src.Pix[src.PixOffset(x-at.X, y-at.Y):]
			a := uint32(s[3])
			if a == 0 {
				continue
			}
			d := dst.Pix[dst.PixOffset(x, y):]
			for ch := 0; ch < 4; ch++ {
				d[ch] = s[ch] + uint8(uint32(d[ch])*(255-a)/255)
			}
		}
	}
}

// glyphThumb draws a glyph as a legend thumbnail.
type glyphThumb draw.GlyphStyle

// Thumbnail implements plot.Thumbnailer.
func (g glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(draw.GlyphStyle(g), c.Center()) }
