package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Heatmap draws a matrix as coloured cells with a colour bar, row 0 at the
// top as in a printed matrix (a confusion matrix, attention weights, a
// weight matrix). data is [][]float64, [][]float32, [][]int or a 2-D
// *tensor.Dense. Cmap picks the colours (default viridis; "coolwarm" for
// signed values), Annotate writes the values in the cells, XTicks and
// YTicks name the columns and rows.
func Heatmap(data any, opts ...Option) (*Figure, error) {
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	m, err := toMatrix(data)
	if err != nil {
		return nil, err
	}
	if len(o.xticks) > 0 && len(o.xticks) != m.cols {
		return nil, errorf("Heatmap: %d XTicks for %d columns; give one per column", len(o.xticks), m.cols)
	}
	if len(o.yticks) > 0 && len(o.yticks) != m.rows {
		return nil, errorf("Heatmap: %d YTicks for %d rows; give one per row", len(o.yticks), m.rows)
	}
	cm, err := colormap(o.cmap)
	if err != nil {
		return nil, err
	}
	lo, hi := minMax(m.vals)
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	if o.cmap == "coolwarm" { // a diverging map centres zero
		a := math.Max(math.Abs(lo), math.Abs(hi))
		lo, hi = -a, a
	}
	cm.SetMin(lo)
	cm.SetMax(hi)

	p := plot.New()
	Style(p)
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = o.title, o.xlabel, o.ylabel
	cells := &matrixCells{m: m, cm: cm, annotate: o.annotate}
	p.Add(cells)
	p.X.Min, p.X.Max = -0.5, float64(m.cols)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(m.rows)-0.5
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.Tick.Marker = indexTicks(m.cols, o.xticks)
	p.Y.Tick.Marker = indexTicks(m.rows, o.yticks)

	w, h := vg.Length(6.4)*vg.Inch, vg.Length(4.8)*vg.Inch
	if m.rows == m.cols {
		w, h = 5.6*vg.Inch, 4.6*vg.Inch
	}
	desc := fmt.Sprintf("heat map of a %dx%d matrix, values %.4g to %.4g", m.rows, m.cols, lo, hi)
	f := newFigure(o, w, h, desc, func(c draw.Canvas) { drawWithColorBar(c, p, cm) })
	f.plot = p
	return f, nil
}

// matrix is a dense row-major matrix.
type matrix struct {
	vals       []float64
	rows, cols int
}

func (m *matrix) at(r, c int) float64 { return m.vals[r*m.cols+c] }

func toMatrix(v any) (*matrix, error) {
	var rows [][]float64
	switch v := v.(type) {
	case [][]float64:
		rows = v
	case [][]float32:
		for _, r := range v {
			rows = append(rows, convert(r))
		}
	case [][]int:
		for _, r := range v {
			rows = append(rows, convert(r))
		}
	default:
		vals, shape, err := values("Heatmap data", v)
		if err != nil {
			return nil, fmt.Errorf("%w (or [][]float64, [][]float32, [][]int)", err)
		}
		if len(shape) != 2 {
			return nil, errorf("Heatmap: data of shape %v is not a matrix; pass a 2-D tensor or [][]float64", shape)
		}
		if shape[0] == 0 || shape[1] == 0 {
			return nil, errorf("Heatmap: the matrix of shape %v is empty", shape)
		}
		return &matrix{vals: vals, rows: shape[0], cols: shape[1]}, nil
	}
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, errorf("Heatmap: the matrix is empty")
	}
	m := &matrix{rows: len(rows), cols: len(rows[0])}
	for i, r := range rows {
		if len(r) != m.cols {
			return nil, errorf("Heatmap: row %d has %d values but row 0 has %d; rows must be equally long", i, len(r), m.cols)
		}
		m.vals = append(m.vals, r...)
	}
	return m, nil
}

// indexTicks labels cell centres 0..n-1 (or with names); with many cells
// only about ten are labelled.
func indexTicks(n int, names []string) plot.Ticker {
	step := 1
	if len(names) == 0 && n > 12 {
		step = niceStep(int(math.Ceil(float64(n) / 10)))
	}
	var ticks plot.ConstantTicks
	for i := 0; i < n; i += step {
		label := fmt.Sprint(i)
		if len(names) > 0 {
			label = names[i]
		}
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: label})
	}
	return ticks
}

// niceStep rounds s up to 1, 2 or 5 times a power of ten.
func niceStep(s int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*p >= s {
				return m * p
			}
		}
	}
}

// matrixCells draws a matrix as an image over the cells [-0.5, cols-0.5] ×
// [-0.5, rows-0.5], optionally with the values written in.
type matrixCells struct {
	m        *matrix
	cm       *ramp
	annotate bool
}

// nanColor marks missing values.
var nanColor = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}

func (mc *matrixCells) color(r, c int) color.RGBA {
	v := mc.m.at(r, c)
	if !finite(v) {
		return nanColor
	}
	return mc.cm.at((v - mc.cm.min) / (mc.cm.max - mc.cm.min))
}

// Plot implements plot.Plotter.
func (mc *matrixCells) Plot(c draw.Canvas, p *plot.Plot) {
	m := mc.m
	img := image.NewRGBA(image.Rect(0, 0, m.cols, m.rows))
	for r := 0; r < m.rows; r++ {
		for col := 0; col < m.cols; col++ {
			img.SetRGBA(col, r, mc.color(r, col))
		}
	}
	trX, trY := p.Transforms(&c)
	// Row -0.5 is at the top: the Y axis is inverted.
	rect := vg.Rectangle{
		Min: vg.Point{X: trX(-0.5), Y: trY(float64(m.rows) - 0.5)},
		Max: vg.Point{X: trX(float64(m.cols) - 0.5), Y: trY(-0.5)},
	}
	drawPixels(c, rect, img, canvasDPI(c))
	if !mc.annotate {
		return
	}
	integral := true
	for _, v := range m.vals {
		integral = integral && v == math.Trunc(v)
	}
	sty := textStyle(cellFontSize(rect, m), false)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	for r := 0; r < m.rows; r++ {
		for col := 0; col < m.cols; col++ {
			v := m.at(r, col)
			s := fmt.Sprintf("%.2g", v)
			if integral {
				s = fmt.Sprint(int64(v))
			}
			sty.Color = color.White
			if luminance(mc.color(r, col)) > 0.5 {
				sty.Color = inkColor
			}
			c.FillText(sty, vg.Point{X: trX(float64(col)), Y: trY(float64(r))}, s)
		}
	}
}

// cellFontSize fits annotations in the cells: at most 10pt, at least 5pt.
func cellFontSize(rect vg.Rectangle, m *matrix) vg.Length {
	cell := math.Min(float64(rect.Size().X)/float64(m.cols), float64(rect.Size().Y)/float64(m.rows))
	return vg.Length(math.Max(math.Min(cell*0.35, 10), 5))
}

// luminance is the relative luminance of c in [0, 1].
func luminance(c color.RGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

// Colour bar geometry, right of the data area.
const (
	barGap   = vg.Length(0.15 * vg.Inch)
	barWidth = vg.Length(0.18 * vg.Inch)
	barRoom  = vg.Length(0.95 * vg.Inch) // gap + bar + tick labels
)

// drawWithColorBar draws p in c with a vertical colour bar of cm to its
// right, as tall as p's data area.
func drawWithColorBar(c draw.Canvas, p *plot.Plot, cm *ramp) {
	main := c
	main.Max.X -= barRoom
	rotateCrowdedTicks(p, main)
	p.Draw(main)
	data := p.DataCanvas(main)
	bar := vg.Rectangle{
		Min: vg.Point{X: data.Max.X + barGap, Y: data.Min.Y},
		Max: vg.Point{X: data.Max.X + barGap + barWidth, Y: data.Max.Y},
	}
	// Several pixels wide: some SVG renderers drop a 1-pixel-wide image
	// scaled up.
	const steps, width = 256, 8
	img := image.NewRGBA(image.Rect(0, 0, width, steps))
	for i := 0; i < steps; i++ {
		for x := 0; x < width; x++ {
			img.SetRGBA(x, steps-1-i, cm.at(float64(i)/(steps-1)))
		}
	}
	drawPixels(c, bar, img, canvasDPI(c))
	c.SetLineStyle(draw.LineStyle{Color: inkColor, Width: vg.Points(0.8)})
	c.Stroke(bar.Path())
	sty := p.Y.Tick.Label
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	for _, t := range (niceTicks{}).Ticks(cm.min, cm.max) {
		if t.IsMinor() || t.Value < cm.min || t.Value > cm.max {
			continue
		}
		y := bar.Min.Y + vg.Length((t.Value-cm.min)/(cm.max-cm.min))*bar.Size().Y
		c.StrokeLine2(p.Y.Tick.LineStyle, bar.Max.X, y, bar.Max.X+p.Y.Tick.Length, y)
		c.FillText(sty, vg.Point{X: bar.Max.X + p.Y.Tick.Length + vg.Points(2), Y: y}, t.Label)
	}
}

// rotateCrowdedTicks turns the X tick labels by 45° when the widest would
// not fit between its neighbours (class names under a confusion matrix).
func rotateCrowdedTicks(p *plot.Plot, c draw.Canvas) {
	ticks := p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max)
	if len(ticks) < 2 {
		return
	}
	sty := p.X.Tick.Label
	sty.Rotation = 0
	widest := vg.Length(0)
	for _, t := range ticks {
		widest = max(widest, sty.Width(t.Label))
	}
	spacing := p.DataCanvas(c).Size().X * vg.Length((ticks[1].Value-ticks[0].Value)/(p.X.Max-p.X.Min))
	if widest > spacing*0.9 {
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YTop
	}
}
