package plots

import (
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gorgonia.org/tensor"
)

// ImageGrid draws images in a grid, e.g. a batch of MNIST digits or
// generated faces. images may be:
//   - a *tensor.Dense of shape (N, C, H, W) with C 1 or 3, (N, H, W, C),
//     (N, H, W) or (H, W) for a single image, or (N, C*H*W) with ImageShape;
//   - [][]float32 or [][]float64, one flat image per row (square gray images
//     need no ImageShape; others do);
//   - a flat []float32 or []float64 of one or more images with ImageShape;
//   - []image.Image.
//
// Pixel values map to black..white by ValueRange, ScaleEach or the default
// described at ValueRange; Cmap shows grayscale in false colour. Cols,
// RowTitles, ColTitles and Captions label the grid; the figure sizes itself
// to the grid unless Size is given.
func ImageGrid(images any, opts ...Option) (*Figure, error) {
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	imgs, err := toImages("ImageGrid images", images, o)
	if err != nil {
		return nil, err
	}
	cols := o.cols
	if cols == 0 {
		cols = min(int(math.Ceil(math.Sqrt(float64(len(imgs))))), 12)
	}
	rows := (len(imgs) + cols - 1) / cols
	g := &grid{title: o.title, rowTitles: o.rowTitles, colTitles: o.colTitles}
	if len(o.captions) > 0 && len(o.captions) != len(imgs) {
		return nil, errorf("ImageGrid: %d captions for %d images; give one caption per image", len(o.captions), len(imgs))
	}
	for r := 0; r < rows; r++ {
		row := make([]image.Image, cols)
		caps := make([]string, cols)
		for c := range row {
			if i := r*cols + c; i < len(imgs) {
				row[c] = imgs[i]
				if len(o.captions) > 0 {
					caps[c] = o.captions[i]
				}
			}
		}
		g.cells = append(g.cells, row)
		g.captions = append(g.captions, caps)
	}
	if err := g.checkTitles("ImageGrid"); err != nil {
		return nil, err
	}
	desc := fmt.Sprintf("grid of %s (%dx%d)", plural(len(imgs), "image"), rows, cols)
	return g.figure(o, desc), nil
}

// Column is one column of a Compare figure: a title and one image per row,
// in any form ImageGrid accepts.
type Column struct {
	Title  string
	Images any
}

// Compare draws images side by side, one column per stage and one row per
// example: e.g. input | low-res | output | original for super-resolution.
// Every column must hold the same number of images; their sizes may differ
// (each is scaled to the cell, pixelated rather than blurred). Each column
// maps its own value range unless ValueRange or ScaleEach is given.
// RowTitles labels the examples.
func Compare(columns []Column, opts ...Option) (*Figure, error) {
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	if len(columns) == 0 {
		return nil, errorf("Compare: no columns; pass e.g. []plots.Column{{Title: \"input\", Images: x}, {Title: \"output\", Images: y}}")
	}
	g := &grid{title: o.title, rowTitles: o.rowTitles}
	rows := -1
	for ci, col := range columns {
		imgs, err := toImages(fmt.Sprintf("Compare column %d (%q)", ci, col.Title), col.Images, o)
		if err != nil {
			return nil, err
		}
		if rows >= 0 && len(imgs) != rows {
			return nil, errorf("Compare: column %q has %s but column %q has %d; every column needs one image per row",
				col.Title, plural(len(imgs), "image"), columns[0].Title, rows)
		}
		rows = len(imgs)
		if ci == 0 {
			g.cells = make([][]image.Image, rows)
		}
		for r, img := range imgs {
			g.cells[r] = append(g.cells[r], img)
		}
		g.colTitles = append(g.colTitles, col.Title)
	}
	if err := g.checkTitles("Compare"); err != nil {
		return nil, err
	}
	desc := fmt.Sprintf("comparison of %s over %s", plural(rows, "example"), plural(len(columns), "column"))
	return g.figure(o, desc), nil
}

// grid is a table of images with optional titles and captions.
type grid struct {
	title                string
	cells                [][]image.Image // rows × cols; nil cells stay blank
	rowTitles, colTitles []string
	captions             [][]string
}

func (g *grid) checkTitles(fn string) error {
	rows, cols := len(g.cells), len(g.cells[0])
	if len(g.rowTitles) > 0 && len(g.rowTitles) != rows {
		return errorf("%s: %d row titles for %d rows; give one per row", fn, len(g.rowTitles), rows)
	}
	if len(g.colTitles) > 0 && len(g.colTitles) != cols {
		return errorf("%s: %d column titles for %d columns; give one per column", fn, len(g.colTitles), cols)
	}
	return nil
}

const (
	gridGap = vg.Length(0.06 * vg.Inch)
	gridPad = vg.Length(0.1 * vg.Inch)
)

var (
	gridTitleStyle   = textStyle(13, true)
	gridColStyle     = textStyle(10.5, false)
	gridRowStyle     = textStyle(10.5, false)
	gridCaptionStyle = textStyle(9, false)
)

// figure lays the grid out: cells of the first image's aspect ratio, about
// an inch wide, with room for the titles.
func (g *grid) figure(o *config, desc string) *Figure {
	rows, cols := len(g.cells), len(g.cells[0])
	aspect := 1.0 // height / width
	for _, row := range g.cells {
		if row[0] != nil {
			b := row[0].Bounds()
			aspect = float64(b.Dy()) / float64(b.Dx())
			break
		}
	}
	cellW := vg.Length(math.Min(math.Max(7.5/float64(cols), 0.55), 1.4)) * vg.Inch
	cellH := cellW * vg.Length(aspect)
	left, top, capH := g.margins()
	w := left + vg.Length(cols)*cellW + vg.Length(cols-1)*gridGap + 2*gridPad
	h := top + vg.Length(rows)*(cellH+capH) + vg.Length(rows-1)*gridGap + 2*gridPad
	return newFigure(o, w, h, desc, g.draw)
}

// margins returns the width of the row titles, the height of the title and
// column titles, and the height of a caption line.
func (g *grid) margins() (left, top, capH vg.Length) {
	for _, t := range g.rowTitles {
		left = max(left, gridRowStyle.Width(t)+gridGap*2)
	}
	if g.title != "" {
		top += gridTitleStyle.Height(g.title) + gridGap*2
	}
	if len(g.colTitles) > 0 {
		top += gridColStyle.Height("Xg") + gridGap
	}
	for _, row := range g.captions {
		for _, c := range row {
			if c != "" {
				capH = gridCaptionStyle.Height("Xg") + gridGap/2
			}
		}
	}
	return left, top, capH
}

func (g *grid) draw(c draw.Canvas) {
	rows, cols := len(g.cells), len(g.cells[0])
	left, top, capH := g.margins()
	area := vg.Rectangle{
		Min: vg.Point{X: c.Min.X + gridPad + left, Y: c.Min.Y + gridPad},
		Max: vg.Point{X: c.Max.X - gridPad, Y: c.Max.Y - gridPad - top},
	}
	cellW := (area.Size().X - vg.Length(cols-1)*gridGap) / vg.Length(cols)
	cellH := (area.Size().Y-vg.Length(rows-1)*gridGap)/vg.Length(rows) - capH

	if g.title != "" {
		sty := gridTitleStyle
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		c.FillText(sty, vg.Point{X: (area.Min.X + area.Max.X) / 2, Y: c.Max.Y - gridPad}, g.title)
	}
	for ci, t := range g.colTitles {
		sty := gridColStyle
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		x := area.Min.X + vg.Length(ci)*(cellW+gridGap) + cellW/2
		c.FillText(sty, vg.Point{X: x, Y: area.Max.Y + gridGap}, t)
	}
	dpi := canvasDPI(c)
	for r, row := range g.cells {
		y := area.Max.Y - vg.Length(r)*(cellH+capH+gridGap) // top of the row
		if r < len(g.rowTitles) {
			sty := gridRowStyle
			sty.XAlign, sty.YAlign = draw.XRight, draw.YCenter
			c.FillText(sty, vg.Point{X: area.Min.X - gridGap*2, Y: y - cellH/2}, g.rowTitles[r])
		}
		for ci, img := range row {
			x := area.Min.X + vg.Length(ci)*(cellW+gridGap)
			if img != nil {
				cell := vg.Rectangle{Min: vg.Point{X: x, Y: y - cellH}, Max: vg.Point{X: x + cellW, Y: y}}
				drawImageFit(c, cell, img, dpi)
			}
			if r < len(g.captions) && g.captions[r][ci] != "" {
				sty := gridCaptionStyle
				sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
				c.FillText(sty, vg.Point{X: x + cellW/2, Y: y - cellH - gridGap/4}, g.captions[r][ci])
			}
		}
	}
}

// canvasDPI is the resolution of raster canvases; vector ones get images
// upscaled as for a 192-dpi screen so viewers do not blur them.
func canvasDPI(c draw.Canvas) float64 {
	if d, ok := baseCanvas(c).(interface{ DPI() float64 }); ok {
		return d.DPI()
	}
	return 192
}

// baseCanvas returns the backend under c: gonum/plot nests draw.Canvas
// values (a plot's data area wraps the figure's canvas).
func baseCanvas(c draw.Canvas) vg.Canvas {
	v := c.Canvas
	for {
		inner, ok := v.(draw.Canvas)
		if !ok {
			return v
		}
		v = inner.Canvas
	}
}

// drawImageFit draws img centred in cell, keeping its aspect ratio, scaled
// by pixel repetition so small images stay crisp.
func drawImageFit(c draw.Canvas, cell vg.Rectangle, img image.Image, dpi float64) {
	b := img.Bounds()
	sz := cell.Size()
	scale := math.Min(float64(sz.X)/float64(b.Dx()), float64(sz.Y)/float64(b.Dy()))
	w, h := vg.Length(float64(b.Dx())*scale), vg.Length(float64(b.Dy())*scale)
	r := vg.Rectangle{Min: vg.Point{X: cell.Min.X + (sz.X-w)/2, Y: cell.Min.Y + (sz.Y-h)/2}}
	r.Max = vg.Point{X: r.Min.X + w, Y: r.Min.Y + h}
	drawPixels(c, r, img, dpi)
}

// drawPixels draws img stretched over r, enlarging with nearest-neighbour
// scaling so pixels stay visible. On the PNG canvas it writes the pixels
// directly, which is sharper and several times faster than the canvas's
// bilinear resampling; on vector canvases it embeds img enlarged by pixel
// repetition so viewers do not blur it. Images shrunk to fit are left to
// the canvas's filtering, which avoids the jagged look of dropped pixels.
func drawPixels(c draw.Canvas, r vg.Rectangle, img image.Image, dpi float64) {
	if float64(img.Bounds().Dx()) > r.Size().X.Dots(dpi) {
		c.DrawImage(r, img)
		return
	}
	if vc, ok := baseCanvas(c).(*vgimg.Canvas); ok {
		if dst, ok := vc.Image().(*image.RGBA); ok {
			blit(dst, r, img, vc.DPI())
			return
		}
	}
	k := int(math.Ceil(r.Size().X.Dots(dpi) / float64(img.Bounds().Dx())))
	c.DrawImage(r, upscale(img, k))
}

// blit scales img by nearest neighbour into the pixels of dst covered by r
// (in points, y up, as vgimg lays them out), compositing over what is there.
func blit(dst *image.RGBA, r vg.Rectangle, img image.Image, dpi float64) {
	h := dst.Bounds().Dy()
	px := func(l vg.Length) int { return int(math.Round(l.Dots(dpi))) }
	dr := image.Rect(px(r.Min.X), h-px(r.Max.Y), px(r.Max.X), h-px(r.Min.Y))
	clip := dr.Intersect(dst.Bounds())
	if clip.Empty() {
		return
	}
	src := toRGBA(img)
	sb := src.Bounds()
	sx := make([]int, clip.Dx()) // source column of each destination column
	for i := range sx {
		sx[i] = sb.Min.X + (clip.Min.X+i-dr.Min.X)*sb.Dx()/dr.Dx()
	}
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		sy := sb.Min.Y + (y-dr.Min.Y)*sb.Dy()/dr.Dy()
		out := dst.Pix[dst.PixOffset(clip.Min.X, y):]
		for i, x := range sx {
			p := src.Pix[src.PixOffset(x, sy):]
			o := out[i*4 : i*4+4]
			if a := p[3]; a == 255 {
				copy(o, p[:4])
			} else {
				for ch := 0; ch < 4; ch++ { // premultiplied "over"
					o[ch] = p[ch] + uint8(uint32(o[ch])*uint32(255-a)/255)
				}
			}
		}
	}
}

// toRGBA returns img as *image.RGBA, converting if needed.
func toRGBA(img image.Image) *image.RGBA {
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba
	}
	b := img.Bounds()
	out := image.NewRGBA(b)
	stddraw.Draw(out, b, img, b.Min, stddraw.Src)
	return out
}

// upscale repeats each pixel k×k times (nearest neighbour), capped so the
// result stays under 2048 pixels a side.
func upscale(img image.Image, k int) image.Image {
	b := img.Bounds()
	k = min(k, 2048/max(b.Dx(), b.Dy()))
	if k <= 1 {
		return img
	}
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			cr, cg, cb, ca := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			px := color.RGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8), A: uint8(ca >> 8)}
			for dy := 0; dy < k; dy++ {
				row := out.Pix[out.PixOffset(x*k, y*k+dy):]
				for dx := 0; dx < k; dx++ {
					row[dx*4], row[dx*4+1], row[dx*4+2], row[dx*4+3] = px.R, px.G, px.B, px.A
				}
			}
		}
	}
	return out
}

// stack is a batch of images as values: n images of c channels (1 or 3),
// h×w pixels, stored image after image, channel-major (CHW) unless hwc.
type stack struct {
	vals       []float64
	n, c, h, w int
	hwc        bool
}

// at returns channel ch of pixel (x, y) of image i.
func (s *stack) at(i, ch, y, x int) float64 {
	if s.hwc {
		return s.vals[((i*s.h+y)*s.w+x)*s.c+ch]
	}
	return s.vals[((i*s.c+ch)*s.h+y)*s.w+x]
}

// toImages converts any accepted image input to images, mapping values to
// colours as the options say.
func toImages(what string, v any, o *config) ([]image.Image, error) {
	switch v := v.(type) {
	case []image.Image:
		if len(v) == 0 {
			return nil, errorf("%s: no images", what)
		}
		for i, img := range v {
			if img == nil {
				return nil, errorf("%s: image %d is nil", what, i)
			}
		}
		return v, nil
	case image.Image:
		return []image.Image{v}, nil
	}
	s, err := toStack(what, v, o.imageShape)
	if err != nil {
		return nil, err
	}
	cm := (*ramp)(nil)
	if o.cmap != "" {
		cm, _ = colormap(o.cmap) // validated by Cmap
	}
	lo, hi := valueRange(s.vals, o)
	imgs := make([]image.Image, s.n)
	per := s.c * s.h * s.w
	for i := range imgs {
		if o.scaleEach {
			lo, hi = minMax(s.vals[i*per : (i+1)*per])
			if lo == hi {
				lo, hi = lo-1, hi+1
			}
		}
		norm := func(x float64) float64 { return (x - lo) / (hi - lo) }
		if s.c == 1 && cm == nil {
			img := image.NewGray(image.Rect(0, 0, s.w, s.h))
			for y := 0; y < s.h; y++ {
				for x := 0; x < s.w; x++ {
					img.Pix[y*img.Stride+x] = toByte(norm(s.at(i, 0, y, x)))
				}
			}
			imgs[i] = img
			continue
		}
		img := image.NewRGBA(image.Rect(0, 0, s.w, s.h))
		for y := 0; y < s.h; y++ {
			for x := 0; x < s.w; x++ {
				var px color.RGBA
				if s.c == 1 {
					px = cm.at(norm(s.at(i, 0, y, x)))
				} else {
					px = color.RGBA{toByte(norm(s.at(i, 0, y, x))), toByte(norm(s.at(i, 1, y, x))), toByte(norm(s.at(i, 2, y, x))), 255}
				}
				img.SetRGBA(x, y, px)
			}
		}
		imgs[i] = img
	}
	return imgs, nil
}

func toByte(t float64) uint8 {
	if !(t > 0) {
		return 0
	}
	if t >= 1 {
		return 255
	}
	return uint8(math.Round(t * 255))
}

// valueRange is the value range for the whole batch: ValueRange, [0, 1] or
// [0, 255] when the values fit, else their minimum to maximum.
func valueRange(vs []float64, o *config) (lo, hi float64) {
	if o.valueRange != nil {
		return o.valueRange[0], o.valueRange[1]
	}
	lo, hi = minMax(vs)
	integral := true
	for _, v := range vs {
		if v != math.Trunc(v) {
			integral = false
			break
		}
	}
	switch {
	case lo >= 0 && hi <= 1:
		return 0, 1
	case lo >= 0 && hi <= 255 && integral:
		return 0, 255
	case lo == hi:
		return lo - 1, hi + 1
	}
	return lo, hi
}

// minMax ignores NaNs; with none finite it returns 0, 1.
func minMax(vs []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > hi {
		return 0, 1
	}
	return lo, hi
}

// toStack interprets the numeric image inputs documented at ImageGrid.
func toStack(what string, v any, shape []int) (*stack, error) {
	switch rows := v.(type) {
	case [][]float32:
		flat := make([]float64, 0)
		for _, r := range rows {
			flat = append(flat, convert(r)...)
		}
		return rowStack(what, flat, len(rows), rowLen(rows), shape)
	case [][]float64:
		flat := make([]float64, 0)
		for _, r := range rows {
			flat = append(flat, r...)
		}
		return rowStack(what, flat, len(rows), rowLen(rows), shape)
	}
	vals, tshape, err := values(what, v)
	if err != nil {
		return nil, fmt.Errorf("%w (images may also be [][]float32, [][]float64 or []image.Image)", err)
	}
	// Rows of flat images: slices, 1-D tensors, and 2-D tensors whose rows
	// are ImageShape long.
	_, isTensor := v.(*tensor.Dense)
	if !isTensor || len(tshape) <= 1 || (len(tshape) == 2 && len(shape) > 0 && tshape[1] == prod(shape)) {
		if len(shape) == 0 {
			return nil, errorf("%s: a flat slice of %d values has no image shape; add plots.ImageShape(H, W) or (C, H, W)", what, len(vals))
		}
		per := prod(shape)
		if len(vals)%per != 0 {
			return nil, errorf("%s: %d values is not a whole number of %v images", what, len(vals), shape)
		}
		return rowStack(what, vals, len(vals)/per, per, shape)
	}
	s := &stack{vals: vals}
	switch len(tshape) {
	case 4:
		switch {
		case tshape[1] == 1 || tshape[1] == 3:
			s.n, s.c, s.h, s.w = tshape[0], tshape[1], tshape[2], tshape[3]
		case tshape[3] == 1 || tshape[3] == 3:
			s.n, s.h, s.w, s.c, s.hwc = tshape[0], tshape[1], tshape[2], tshape[3], true
		default:
			return nil, errorf("%s: tensor of shape %v has neither 1 nor 3 channels in NCHW or NHWC order", what, tshape)
		}
	case 3:
		s.n, s.c, s.h, s.w = tshape[0], 1, tshape[1], tshape[2]
	case 2:
		s.n, s.c, s.h, s.w = 1, 1, tshape[0], tshape[1]
	default:
		return nil, errorf("%s: tensor of shape %v is not an image batch; use (N, C, H, W), (N, H, W) or (H, W), or (N, C*H*W) with plots.ImageShape", what, tshape)
	}
	if s.n == 0 || s.h == 0 || s.w == 0 {
		return nil, errorf("%s: tensor of shape %v holds no pixels", what, tshape)
	}
	return s, nil
}

func rowLen[T any](rows [][]T) int {
	if len(rows) == 0 {
		return 0
	}
	return len(rows[0])
}

// rowStack makes a stack of n flat images of per values each; shape gives
// (H, W) or (C, H, W), or is nil for square gray images.
func rowStack(what string, flat []float64, n, per int, shape []int) (*stack, error) {
	if n == 0 || per == 0 {
		return nil, errorf("%s: no images", what)
	}
	if len(flat) != n*per {
		return nil, errorf("%s: the images have different lengths; every row must hold one whole image of %d values", what, per)
	}
	if len(shape) == 0 {
		side := int(math.Round(math.Sqrt(float64(per))))
		if side*side != per {
			return nil, errorf("%s: rows of %d values are not square gray images; add plots.ImageShape(H, W) or (C, H, W)", what, per)
		}
		shape = []int{side, side}
	}
	if prod(shape) != per {
		return nil, errorf("%s: ImageShape%v holds %d values but each image has %d", what, shape, prod(shape), per)
	}
	s := &stack{vals: flat, n: n, c: 1}
	if len(shape) == 3 {
		s.c, s.h, s.w = shape[0], shape[1], shape[2]
	} else {
		s.h, s.w = shape[0], shape[1]
	}
	return s, nil
}

func prod(xs []int) int {
	p := 1
	for _, x := range xs {
		p *= x
	}
	return p
}
