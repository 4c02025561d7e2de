package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

func errorf(format string, args ...any) error { return fmt.Errorf("plots: "+format, args...) }

// Figure is a drawing ready to render: one chart or a grid of panels. It is
// drawn each time it is rendered, so changes made through Plot show up in
// the next render.
type Figure struct {
	// Width and Height are the figure size (vg.Inch is one inch).
	Width, Height vg.Length
	// DPI is the resolution of PNG and JPEG output.
	DPI int

	plot *plot.Plot        // the single panel, if any
	draw func(draw.Canvas) // draws the whole figure
	desc string
}

const (
	defaultWidth  = 6 * vg.Inch
	defaultHeight = 4 * vg.Inch
)

// newFigure makes a figure of the options' size, or w×h when unset.
func newFigure(o *config, w, h vg.Length, desc string, drawFn func(draw.Canvas)) *Figure {
	if o.width > 0 {
		w, h = o.width, o.height
	}
	return &Figure{Width: w, Height: h, DPI: o.dpi, draw: drawFn, desc: desc}
}

// plotFigure makes a single-panel figure of p with the legend lg, if any.
func plotFigure(o *config, p *plot.Plot, lg *legend, desc string) *Figure {
	f := newFigure(o, defaultWidth, defaultHeight, desc, func(c draw.Canvas) { drawWithLegend(c, p, lg) })
	f.plot = p
	return f
}

// FromPlot wraps a *plot.Plot built by hand in a Figure, so it renders inline
// and saves like the helpers' figures. It does not restyle p; call Style
// first for the package's look. Size and DPI options apply.
func FromPlot(p *plot.Plot, opts ...Option) (*Figure, error) {
	if p == nil {
		return nil, errorf("FromPlot: the plot is nil; make one with plot.New()")
	}
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	desc := "plot"
	if p.Title.Text != "" {
		desc = fmt.Sprintf("plot %q", p.Title.Text)
	}
	return plotFigure(o, p, nil, desc), nil
}

// Must returns f, and panics with err if it is not nil. It shortens notebook
// cells: plots.Must(plots.Line(...)).
func Must(f *Figure, err error) *Figure {
	if err != nil {
		panic(err)
	}
	return f
}

// Plot returns the underlying plot of a single-panel figure for further
// changes (annotations, ranges, ticks), or nil for a grid of panels.
func (f *Figure) Plot() *plot.Plot { return f.plot }

// String describes the figure in a few words.
func (f *Figure) String() string {
	return fmt.Sprintf("%s (%.3gx%.3g in)", f.desc, float64(f.Width/vg.Inch), float64(f.Height/vg.Inch))
}

func (f *Figure) check() error {
	if f == nil || f.draw == nil {
		return errorf("the figure is empty; make one with a helper such as plots.Line or plots.FromPlot")
	}
	if !(f.Width > 0 && f.Height > 0) {
		return errorf("figure size %vx%v: width and height must be positive", f.Width, f.Height)
	}
	if f.DPI < 10 || f.DPI > 1200 {
		return errorf("figure DPI %d: must be between 10 and 1200", f.DPI)
	}
	return nil
}

// render draws the figure on c, turning a panic inside gonum/plot (which
// panics on some bad input) into an error.
func (f *Figure) render(c vg.CanvasSizer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errorf("drawing %s: %v", f.desc, r)
		}
	}()
	dc := draw.New(c)
	// Vector canvases start transparent; parts of a figure outside its plot
	// (an outside legend, a colour bar) need the white the plot has.
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	f.draw(dc)
	return nil
}

// maxPixels bounds raster figures (about 400 MB of RGBA), so a typo in
// Size or DPI fails instead of exhausting memory.
const maxPixels = 100e6

// Image renders the figure to an RGBA image at f.DPI.
func (f *Figure) Image() (image.Image, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	w, h := f.Width.Dots(float64(f.DPI)), f.Height.Dots(float64(f.DPI))
	if w*h > maxPixels {
		return nil, errorf("the figure would be %.0fx%.0f pixels; make Size or DPI smaller", w, h)
	}
	c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(f.DPI))
	if err := f.render(c); err != nil {
		return nil, err
	}
	return c.Image(), nil
}

// pngEncoder favours speed: figures are mostly flat colour and compress
// well anyway.
var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed}

// PNG renders the figure as PNG bytes.
func (f *Figure) PNG() ([]byte, error) {
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteTo writes the figure to w as PNG.
func (f *Figure) WriteTo(w io.Writer) (int64, error) {
	img, err := f.Image()
	if err != nil {
		return 0, err
	}
	cw := &countWriter{w: w}
	err = pngEncoder.Encode(cw, img)
	return cw.n, err
}

// SVG renders the figure as an SVG document.
func (f *Figure) SVG() ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	c := vgsvg.New(f.Width, f.Height)
	if err := f.render(c); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	// gonum's SVG canvas embeds PNG data labelled image/jpg, which strict
	// renderers (librsvg, some editors) refuse to draw, and leaves SVG's
	// default of letterboxing an image into its rectangle, where the PNG
	// canvas stretches it (heat-map cells, the colour bar).
	out := bytes.ReplaceAll(buf.Bytes(), []byte("data:image/jpg;base64,iVBOR"), []byte("data:image/png;base64,iVBOR"))
	out = bytes.ReplaceAll(out, []byte("<image "), []byte(`<image preserveAspectRatio="none" `))
	// Text is placed with Liberation Sans metrics; Arial has the same
	// metrics, so viewers without Liberation keep centred text centred.
	// (Embedding the fonts instead would add 1 MB to every file.)
	return bytes.ReplaceAll(out, []byte("font-family:Liberation Sans;"), []byte("font-family:'Liberation Sans',Arial,sans-serif;")), nil
}

// Save writes the figure to path in the format its extension names: .png,
// .svg, .jpg or .jpeg.
func (f *Figure) Save(path string) (err error) {
	ext := strings.ToLower(filepath.Ext(path))
	var data []byte
	switch ext {
	case ".png":
		data, err = f.PNG()
	case ".svg":
		data, err = f.SVG()
	case ".jpg", ".jpeg":
		data, err = f.jpeg()
	default:
		return errorf("Save(%q): unknown extension %q; use .png, .svg or .jpg", path, ext)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

func (f *Figure) jpeg() ([]byte, error) {
	img, err := f.Image()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92})
	return buf.Bytes(), err
}

// MIMEBundle renders the figure for a notebook: image/png bytes and a
// text/plain description. A figure that fails to render shows its error as
// text instead.
func (f *Figure) MIMEBundle() map[string]any {
	data, err := f.PNG()
	if err != nil {
		return map[string]any{"text/plain": err.Error()}
	}
	return map[string]any{"image/png": data, "text/plain": f.String()}
}

type countWriter struct {
	w io.Writer
	n int64
}

// Write implements io.Writer.
func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
