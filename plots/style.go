package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Palette is the colour cycle of series and classes: matplotlib's tab10,
// which most readers already associate with "series 1, series 2, ...".
var Palette = []color.Color{
	rgb(0x1f77b4), rgb(0xff7f0e), rgb(0x2ca02c), rgb(0xd62728), rgb(0x9467bd),
	rgb(0x8c564b), rgb(0xe377c2), rgb(0x7f7f7f), rgb(0xbcbd22), rgb(0x17becf),
}

// Color returns the i-th colour of Palette, cycling.
func Color(i int) color.Color { return Palette[((i%len(Palette))+len(Palette))%len(Palette)] }

func rgb(hex uint32) color.RGBA {
	return color.RGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 255}
}

// withAlpha returns c at opacity a in [0,1], premultiplied as color.RGBA requires.
func withAlpha(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.RGBA64{
		R: uint16(float64(r) * a), G: uint16(float64(g) * a), B: uint16(float64(b) * a),
		A: uint16(65535 * a),
	}
}

var (
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	boldFont = findBold()

	inkColor   = color.Gray{Y: 0x26} // text and axes: near-black reads softer than black
	gridColor  = color.Gray{Y: 0xe5}
	frameColor = color.Gray{Y: 0xcc}
)

// findBold looks Liberation Sans Bold up in gonum's font collection
// (naming its weight directly would make golang.org/x/image a direct
// dependency of the module).
func findBold() font.Font {
	for _, f := range liberation.Collection() {
		if f.Font.Variant == sansFont.Variant && f.Font.Style == sansFont.Style && f.Font.Weight > sansFont.Weight {
			return f.Font
		}
	}
	return sansFont
}

func textStyle(size vg.Length, bold bool) text.Style {
	f := sansFont
	if bold {
		f = boldFont
	}
	return text.Style{Color: inkColor, Font: font.From(f, size), Handler: plot.DefaultTextHandler}
}

// Style gives p the package's look: Liberation Sans text, thin dark-grey
// axes with short ticks, room around the title, and denser tick marks in
// place of gonum's default ones (tickers set by hand stay). It never changes
// data or ranges, so it is safe on a plot built by hand.
func Style(p *plot.Plot) {
	p.BackgroundColor = color.White
	title := textStyle(13, true)
	title.XAlign, title.YAlign = p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign
	p.Title.TextStyle = title
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		lbl := textStyle(11, false)
		lbl.XAlign, lbl.YAlign, lbl.Rotation = a.Label.TextStyle.XAlign, a.Label.TextStyle.YAlign, a.Label.TextStyle.Rotation
		a.Label.TextStyle = lbl
		a.Label.Padding = vg.Points(4)
		tick := textStyle(9.5, false)
		tick.XAlign, tick.YAlign = a.Tick.Label.XAlign, a.Tick.Label.YAlign
		a.Tick.Label = tick
		a.LineStyle = draw.LineStyle{Color: inkColor, Width: vg.Points(0.8)}
		a.Tick.LineStyle = draw.LineStyle{Color: inkColor, Width: vg.Points(0.8)}
		a.Tick.Length = vg.Points(4)
		a.Padding = vg.Points(4)
		switch a.Tick.Marker.(type) {
		case plot.DefaultTicks:
			a.Tick.Marker = niceTicks{}
		case plot.LogTicks:
			a.Tick.Marker = logTicks{}
		}
	}
	p.Legend.TextStyle = textStyle(10, false)
}

// newPlot returns a styled plot with the options' title and axis labels and
// light grid lines drawn under the data.
func newPlot(o *config) *plot.Plot {
	p := plot.New()
	Style(p)
	p.Title.Text = o.title
	p.X.Label.Text = o.xlabel
	p.Y.Label.Text = o.ylabel
	if o.logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	if !o.noGrid {
		g := plotter.NewGrid()
		g.Vertical = draw.LineStyle{Color: gridColor, Width: vg.Points(0.6)}
		g.Horizontal = g.Vertical
		p.Add(g)
	}
	return p
}

// applyLimits applies the XLim and YLim options; it runs after the data is
// added, which widens the axes to fit it.
func applyLimits(p *plot.Plot, o *config) {
	if o.xlim != nil {
		p.X.Min, p.X.Max = o.xlim[0], o.xlim[1]
	}
	if o.ylim != nil {
		p.Y.Min, p.Y.Max = o.ylim[0], o.ylim[1]
	}
}

// legendEntry is one row of a legend.
type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

// legend is a framed legend placed in the corner of the data area that
// covers the least data, or right of it when every corner is crowded. It is
// drawn by the figure rather than as the plot's own Legend because it needs
// a background box and the data's position.
type legend struct {
	entries []legendEntry
	// pts are data points (x, y) used to find the emptiest corner.
	pts []plotter.XY
	// strict moves the legend out of the data area if it would cover any
	// point (scatter plots, where each point is data); otherwise it may
	// cover a few (the faint raw values under a smoothed line).
	strict bool
}

const (
	legendInset = vg.Length(6) // points between the data area edge and the frame
	legendPad   = vg.Length(5)
	legendThumb = vg.Length(18)
	// legendCrowded is the fraction of points a legend may cover before it
	// moves out of the data area.
	legendCrowded = 0.005
)

// drawWithLegend draws p in c with the legend lg (which may be nil).
func drawWithLegend(c draw.Canvas, p *plot.Plot, lg *legend) {
	if lg == nil || len(lg.entries) == 0 {
		p.Draw(c)
		return
	}
	w, h := lg.size(p)
	top, left, covered := lg.corner(p.DataCanvas(c), p, w, h)
	allowed := legendCrowded * float64(len(lg.pts))
	if lg.strict {
		allowed = 0
	}
	if float64(covered) <= allowed {
		p.Draw(c)
		data := p.DataCanvas(c)
		box := vg.Rectangle{}
		if left {
			box.Min.X = data.Min.X + legendInset
		} else {
			box.Min.X = data.Max.X - legendInset - w
		}
		if top {
			box.Min.Y = data.Max.Y - legendInset - h
		} else {
			box.Min.Y = data.Min.Y + legendInset
		}
		box.Max = vg.Point{X: box.Min.X + w, Y: box.Min.Y + h}
		lg.draw(c, p, box)
		return
	}
	inner := c
	inner.Max.X -= w + legendInset
	p.Draw(inner)
	data := p.DataCanvas(inner)
	box := vg.Rectangle{Min: vg.Point{X: data.Max.X + legendInset, Y: data.Max.Y - h}}
	box.Max = vg.Point{X: box.Min.X + w, Y: data.Max.Y}
	lg.draw(c, p, box)
}

// size is the size of the legend's frame.
func (l *legend) size(p *plot.Plot) (w, h vg.Length) {
	sty := p.Legend.TextStyle
	var textW vg.Length
	for _, e := range l.entries {
		textW = max(textW, sty.Width(e.name))
	}
	return legendPad*3 + legendThumb + textW, legendPad*2 + l.rowHeight(p)*vg.Length(len(l.entries))
}

func (l *legend) rowHeight(p *plot.Plot) vg.Length {
	return p.Legend.TextStyle.Height("Xg") * 1.25
}

// draw draws the framed legend in box.
func (l *legend) draw(c draw.Canvas, p *plot.Plot, box vg.Rectangle) {
	c.SetColor(withAlpha(color.White, 0.88))
	c.Fill(box.Path())
	c.SetLineStyle(draw.LineStyle{Color: frameColor, Width: vg.Points(0.6)})
	c.Stroke(box.Path())

	sty := p.Legend.TextStyle
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	rowH := l.rowHeight(p)
	y := box.Max.Y - legendPad - rowH/2
	for _, e := range l.entries {
		icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: box.Min.X + legendPad, Y: y - rowH/2},
			Max: vg.Point{X: box.Min.X + legendPad + legendThumb, Y: y + rowH/2},
		}}
		e.thumb.Thumbnail(&icon)
		c.FillText(sty, vg.Point{X: icon.Max.X + legendPad, Y: y}, e.name)
		y -= rowH
	}
}

// corner picks the corner of the data area where a w×h legend box covers
// the fewest data points, preferring top-right, top-left, bottom-right,
// bottom-left on ties (matplotlib's "best" order), and says how many
// points it covers.
func (l *legend) corner(data draw.Canvas, p *plot.Plot, w, h vg.Length) (top, left bool, covered int) {
	trX, trY := p.Transforms(&data)
	type cand struct{ top, left bool }
	best, bestN := cand{true, false}, -1
	// A margin around the box keeps the frame off nearby points too.
	const margin = vg.Length(4)
	for _, k := range []cand{{true, false}, {true, true}, {false, false}, {false, true}} {
		var r vg.Rectangle
		if k.left {
			r.Min.X, r.Max.X = data.Min.X, data.Min.X+legendInset+w+margin
		} else {
			r.Min.X, r.Max.X = data.Max.X-legendInset-w-margin, data.Max.X
		}
		if k.top {
			r.Min.Y, r.Max.Y = data.Max.Y-legendInset-h-margin, data.Max.Y
		} else {
			r.Min.Y, r.Max.Y = data.Min.Y, data.Min.Y+legendInset+h+margin
		}
		n := 0
		for _, pt := range l.pts {
			x, y := trX(pt.X), trY(pt.Y)
			if x >= r.Min.X && x <= r.Max.X && y >= r.Min.Y && y <= r.Max.Y {
				n++
			}
		}
		if bestN < 0 || n < bestN {
			best, bestN = k, n
		}
	}
	return best.top, best.left, bestN
}

// densify returns the points of a polyline with extra points along long
// segments, so corner search sees a line that crosses a corner between two
// samples.
func densify(xys plotter.XYs, p *plot.Plot) []plotter.XY {
	if len(xys) > 400 {
		return xys
	}
	const steps = 8
	out := make([]plotter.XY, 0, len(xys)*steps)
	for i := range xys {
		if i == 0 {
			out = append(out, xys[0])
			continue
		}
		a, b := xys[i-1], xys[i]
		for s := 1; s <= steps; s++ {
			t := float64(s) / steps
			y := a.Y + t*(b.Y-a.Y)
			if _, ok := p.Y.Scale.(plot.LogScale); ok && a.Y > 0 && b.Y > 0 {
				y = math.Exp(math.Log(a.Y) + t*(math.Log(b.Y)-math.Log(a.Y)))
			}
			out = append(out, plotter.XY{X: a.X + t*(b.X-a.X), Y: y})
		}
	}
	return out
}
