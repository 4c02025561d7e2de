package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Panels lays figures out side by side in one figure, like matplotlib's
// subplots: e.g. loss and accuracy curves next to each other. Cols sets the
// number of columns (default: all in one row, at most 3); Title adds a
// title over all panels. Each panel gets an equal share of the size, which
// defaults to 4.5×3.2 inches per panel.
func Panels(figs []*Figure, opts ...Option) (*Figure, error) {
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	if len(figs) == 0 {
		return nil, errorf("Panels: no figures; pass e.g. []*plots.Figure{loss, acc}")
	}
	for i, f := range figs {
		if err := f.check(); err != nil {
			return nil, fmt.Errorf("Panels: figure %d: %w", i, err)
		}
	}
	cols := o.cols
	if cols == 0 {
		cols = min(len(figs), 3)
	}
	rows := int(math.Ceil(float64(len(figs)) / float64(cols)))
	titleH := vg.Length(0)
	sty := gridTitleStyle
	if o.title != "" {
		// Below the title, a gap as wide as the panels' own separation keeps it
		// apart from the panels' titles.
		titleH = sty.Height(o.title) + gridGap + vg.Points(12)
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(12), PadY: vg.Points(12), PadTop: titleH}
	drawAll := func(c draw.Canvas) {
		if o.title != "" {
			s := sty
			s.XAlign, s.YAlign = draw.XCenter, draw.YTop
			c.FillText(s, vg.Point{X: c.Center().X, Y: c.Max.Y - gridGap}, o.title)
		}
		for i, f := range figs {
			f.draw(tiles.At(c, i%cols, i/cols))
		}
	}
	w := vg.Length(cols) * 4.5 * vg.Inch
	h := vg.Length(rows)*3.2*vg.Inch + titleH
	desc := fmt.Sprintf("%s in %dx%d panels", plural(len(figs), "figure"), rows, cols)
	return newFigure(o, w, h, desc, drawAll), nil
}
