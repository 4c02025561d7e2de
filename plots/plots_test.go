package plots

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gorgonia.org/tensor"
)

func render(t *testing.T, f *Figure, err error) image.Image {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	img, err := f.Image()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// dataRect is the pixel rectangle of a single-panel figure's data area.
func dataRect(t *testing.T, f *Figure, c draw.Canvas) image.Rectangle {
	t.Helper()
	d := f.Plot().DataCanvas(c)
	h := f.Height.Dots(float64(f.DPI))
	px := func(l vg.Length) int { return int(math.Round(l.Dots(float64(f.DPI)))) }
	return image.Rect(px(d.Min.X), int(math.Round(h))-px(d.Max.Y), px(d.Max.X), int(math.Round(h))-px(d.Min.Y))
}

func canvasFor(f *Figure) draw.Canvas {
	return draw.New(vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(f.DPI)))
}

// near says whether c is within tol (0-255 scale) of want on every channel.
func near(c color.Color, want color.Color, tol int) bool {
	r, g, b, _ := c.RGBA()
	wr, wg, wb, _ := want.RGBA()
	d := func(a, b uint32) bool { return math.Abs(float64(a>>8)-float64(b>>8)) <= float64(tol) }
	return d(r, wr) && d(g, wg) && d(b, wb)
}

// count counts pixels in r whose colour is near want.
func count(img image.Image, r image.Rectangle, want color.Color) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(img.At(x, y), want, 40) {
				n++
			}
		}
	}
	return n
}

// corners returns the top-left, top-right, bottom-left and bottom-right
// thirds-by-thirds of r.
func corners(r image.Rectangle) (tl, tr, bl, br image.Rectangle) {
	x1, x2 := r.Min.X+r.Dx()/3, r.Max.X-r.Dx()/3
	y1, y2 := r.Min.Y+r.Dy()/3, r.Max.Y-r.Dy()/3
	return image.Rect(r.Min.X, r.Min.Y, x1, y1), image.Rect(x2, r.Min.Y, r.Max.X, y1),
		image.Rect(r.Min.X, y2, x1, r.Max.Y), image.Rect(x2, y2, r.Max.X, r.Max.Y)
}

func TestLineInkFollowsData(t *testing.T) {
	ys := make([]float64, 50)
	for i := range ys {
		ys[i] = float64(i)
	}
	f, err := Line([]Series{{Y: ys}})
	img := render(t, f, err)
	if b := img.Bounds(); b.Dx() != 576 || b.Dy() != 384 {
		t.Fatalf("default figure is %v, want 576x384 (6x4in at 96dpi)", b.Size())
	}
	tl, tr, bl, br := corners(dataRect(t, f, canvasFor(f)))
	blue := Color(0)
	if count(img, bl, blue) < 30 || count(img, tr, blue) < 30 {
		t.Errorf("rising line: want ink lower-left and upper-right, got %d and %d pixels", count(img, bl, blue), count(img, tr, blue))
	}
	if n := count(img, tl, blue) + count(img, br, blue); n > 0 {
		t.Errorf("rising line: %d line pixels upper-left or lower-right, want none", n)
	}
}

func TestLineSeriesColoursAndLogScale(t *testing.T) {
	// On a log axis 1, 10, 100 are evenly spaced: the line is straight and
	// passes the data area's centre.
	f, err := Line([]Series{{Name: "a", X: []float64{0, 1, 2}, Y: []float32{1, 10, 100}}, {Name: "b", Y: []int{100, 100, 100}}}, LogY(), Size(4, 4))
	img := render(t, f, err)
	r := dataRect(t, f, canvasFor(f))
	c := image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
	if n := count(img, image.Rect(c.X-4, c.Y-4, c.X+5, c.Y+5), Color(0)); n == 0 {
		t.Errorf("log scale: no ink of series a near the data centre %v", c)
	}
	top := image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+(r.Dy()/8))
	if n := count(img, top, Color(1)); n < 20 {
		t.Errorf("series b (constant at the max) should run along the top in the second colour; %d pixels", n)
	}
}

// A Points series marks its values without joining them: two points at
// opposite corners leave the centre of the data area blank, where the same
// values as a line pass.
func TestLinePointsSeries(t *testing.T) {
	for _, points := range []bool{false, true} {
		f, err := Line([]Series{{Name: "a", X: []float64{0, 2}, Y: []float64{0, 2}, Points: points}}, Size(4, 4))
		img := render(t, f, err)
		r := dataRect(t, f, canvasFor(f))
		c := image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
		centre := count(img, image.Rect(c.X-4, c.Y-4, c.X+5, c.Y+5), Color(0))
		if points && centre > 0 {
			t.Errorf("points: %d pixels of ink at the centre, want none (no connecting line)", centre)
		}
		if !points && centre == 0 {
			t.Errorf("line: no ink at the centre")
		}
		if points {
			// A marker sits at the lower-left corner of the data.
			if n := count(img, image.Rect(r.Min.X-6, r.Max.Y-6, r.Min.X+7, r.Max.Y+7), Color(0)); n < 10 {
				t.Errorf("points: %d pixels of the marker at (0, 0), want a filled circle", n)
			}
		}
	}
}

func TestLineLeavesOutNonFinite(t *testing.T) {
	f, err := Loss([]float64{3, 2, math.NaN(), 1, math.Inf(1)}, []float64{3, 2.5})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.String(), "2 values not finite left out") {
		t.Errorf("description %q should count the 2 left-out values", f.String())
	}
	if _, err := f.PNG(); err != nil {
		t.Fatal(err)
	}
}

func TestEMA(t *testing.T) {
	flat := ema(plotter.XYs{{X: 0, Y: 5}, {X: 1, Y: 5}, {X: 2, Y: 5}}, 0.9, 1, false)
	for _, p := range flat {
		if math.Abs(p.Y-5) > 1e-12 {
			t.Fatalf("EMA of a constant must stay constant (debiased), got %v", flat)
		}
	}
	s := ema(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 10}}, 0.5, 1, false)
	// debiased: (0.5*0.5*0 + 0.5*10) / (1-0.25) = 6.667
	if math.Abs(s[1].Y-20.0/3) > 1e-9 {
		t.Errorf("EMA step: got %v, want 6.667", s[1].Y)
	}
	// A series sampled every 10 steps decays as much per sample as the
	// dense one does over 10 steps.
	sparse := ema(plotter.XYs{{X: 0, Y: 0}, {X: 10, Y: 10}}, 0.5, 1, false)
	q := math.Pow(0.5, 10) // the weight of the old average after 10 steps
	want := (1 - q) * 10 / (q*0.5 + 1 - q)
	if math.Abs(sparse[1].Y-want) > 1e-9 {
		t.Errorf("spaced EMA: got %v, want %v", sparse[1].Y, want)
	}
}

func TestTicks(t *testing.T) {
	labels := func(ts []plot.Tick) string {
		var out []string
		for _, tk := range ts {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return strings.Join(out, " ")
	}
	if got := labels(niceTicks{}.Ticks(0, 299)); got != "0 50 100 150 200 250" {
		t.Errorf("niceTicks(0, 299) = %q", got)
	}
	if got := labels(niceTicks{}.Ticks(-0.16, 0.17)); got != "-0.15 -0.10 -0.05 0.00 0.05 0.10 0.15" {
		t.Errorf("niceTicks(-0.16, 0.17) = %q", got)
	}
	if got := labels(logTicks{}.Ticks(0.04, 3)); got != "0.05 0.1 0.2 0.5 1 2" {
		t.Errorf("logTicks(0.04, 3) = %q", got)
	}
	if got := labels(logTicks{}.Ticks(1e-4, 10)); got != "0.0001 0.001 0.01 0.1 1 10" {
		t.Errorf("logTicks(1e-4, 10) = %q", got)
	}
}

func TestLegendAvoidsData(t *testing.T) {
	rising := plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}
	falling := plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}}
	for _, tc := range []struct {
		name      string
		xys       plotter.XYs
		top, left bool
	}{{"rising", rising, true, true}, {"falling", falling, true, false}} {
		p := plot.New()
		l, _ := plotter.NewLine(tc.xys)
		p.Add(l)
		c := draw.New(vgimg.New(6*vg.Inch, 4*vg.Inch))
		lg := &legend{pts: densify(tc.xys, p)}
		top, left, n := lg.corner(p.DataCanvas(c), p, vg.Inch, vg.Inch/2)
		if top != tc.top || left != tc.left || n != 0 {
			t.Errorf("%s line: legend at top=%v left=%v covering %d points; want top=%v left=%v covering none", tc.name, top, left, n, tc.top, tc.left)
		}
	}
}

func TestFigureOutputs(t *testing.T) {
	f, err := Hist([]float64{1, 2, 2, 3, 3, 3}, Title("counts <&>"), Size(3, 2), DPI(50), Bins(3))
	if err != nil {
		t.Fatal(err)
	}
	img := render(t, f, nil)
	if b := img.Bounds(); b.Dx() != 150 || b.Dy() != 100 {
		t.Errorf("Size(3,2) DPI(50): got %v, want 150x100", b.Size())
	}

	b := f.MIMEBundle()
	png, ok := b["image/png"].([]byte)
	if !ok || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("MIMEBundle image/png is %T, want PNG bytes", b["image/png"])
	}
	if s, ok := b["text/plain"].(string); !ok || !strings.Contains(s, "histogram of 6 values in 3 bins") {
		t.Errorf("MIMEBundle text/plain = %v", b["text/plain"])
	}
	var buf bytes.Buffer
	n, err := f.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) || !bytes.HasPrefix(buf.Bytes(), []byte("\x89PNG")) {
		t.Errorf("WriteTo wrote %d bytes (buffer %d), err %v", n, buf.Len(), err)
	}

	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	elems := map[string]int{}
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elems[tok.Name.Local]++
		case xml.CharData:
			texts = append(texts, string(tok))
		}
	}
	if elems["svg"] != 1 || elems["path"] < 5 || elems["text"] < 3 {
		t.Errorf("SVG elements %v: want one svg, paths and texts", elems)
	}
	if !strings.Contains(strings.Join(texts, "|"), "counts <&>") {
		t.Errorf("SVG text does not contain the (escaped) title")
	}

	grid, err := ImageGrid([]image.Image{image.NewGray(image.Rect(0, 0, 2, 2))})
	if err != nil {
		t.Fatal(err)
	}
	svg, err = grid.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte(`xlink:href="data:image/png;base64,`)) || bytes.Contains(svg, []byte("image/jpg")) {
		t.Error("SVG images must be embedded as image/png data")
	}
	if !bytes.Contains(svg, []byte(`<image preserveAspectRatio="none" `)) {
		t.Error("SVG images must fill their rectangle as in PNG output")
	}

	dir := t.TempDir()
	for _, name := range []string{"a.png", "a.svg", "a.jpg"} {
		if err := f.Save(filepath.Join(dir, name)); err != nil {
			t.Errorf("Save(%s): %v", name, err)
		}
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() < 100 {
			t.Errorf("Save(%s) wrote nothing useful", name)
		}
	}
	if err := f.Save(filepath.Join(dir, "a.gif")); err == nil || !strings.Contains(err.Error(), ".png") {
		t.Errorf("Save(.gif) error %v should list the supported extensions", err)
	}
}

func TestFromPlot(t *testing.T) {
	p := plot.New()
	Style(p)
	p.Title.Text = "mine"
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	l.Color = color.RGBA{R: 255, A: 255}
	p.Add(l)
	f, err := FromPlot(p, Size(4, 3))
	img := render(t, f, err)
	if got := count(img, img.Bounds(), color.RGBA{R: 255, A: 255}); got < 50 {
		t.Errorf("the hand-built plot's red line is missing (%d pixels)", got)
	}
	if f.Plot() != p || !strings.Contains(f.String(), `"mine"`) {
		t.Errorf("FromPlot figure: Plot()=%p (want %p), String()=%q", f.Plot(), p, f.String())
	}
	// A plotter that panics becomes an error, not a crash.
	p.Add(panicky{})
	if _, err := f.PNG(); err == nil {
		t.Error("rendering a plot with a broken plotter should fail with an error")
	}
	if _, err := FromPlot(nil); err == nil {
		t.Error("FromPlot(nil) should fail")
	}
}

func TestScatterColoursByLabel(t *testing.T) {
	// Class 0 on the left, class 1 on the right.
	var xs, ys []float64
	var labels []int
	for i := 0; i < 40; i++ {
		xs, ys, labels = append(xs, float64(i%2)*10+float64(i%5)*0.1), append(ys, float64(i%7)), append(labels, i%2)
	}
	f, err := Scatter(xs, ys, labels, LabelNames("cat", "dog"))
	img := render(t, f, err)
	r := dataRect(t, f, canvasFor(f))
	left := image.Rect(r.Min.X, r.Min.Y, r.Min.X+r.Dx()/3, r.Max.Y)
	right := image.Rect(r.Max.X-r.Dx()/3, r.Min.Y, r.Max.X, r.Max.Y)
	if count(img, left, Color(0)) < 50 || count(img, right, Color(1)) < 50 {
		t.Errorf("class 0 should be blue on the left (%d px) and class 1 orange on the right (%d px)", count(img, left, Color(0)), count(img, right, Color(1)))
	}
	if n := count(img, left, Color(1)); n > 0 {
		t.Errorf("%d orange pixels on the left, where only class 0 is", n)
	}
}

func TestReliability(t *testing.T) {
	bins := calibrate([]float64{0.05, 0.15, 0.95, 0.95, 1}, []float64{0, 1, 1, 0, 1}, 10)
	if bins[0].n != 1 || bins[1].n != 1 || bins[9].n != 3 {
		t.Fatalf("bin counts %d %d %d, want 1 1 3 (p=1 goes to the last bin)", bins[0].n, bins[1].n, bins[9].n)
	}
	if math.Abs(bins[9].freq-2.0/3) > 1e-12 || math.Abs(bins[9].conf-(0.95+0.95+1)/3) > 1e-12 {
		t.Errorf("last bin freq %v conf %v", bins[9].freq, bins[9].conf)
	}
	// Outcomes drawn exactly at their probability: ECE near zero.
	var ps []float64
	var hits []bool
	for b := 0; b < 10; b++ {
		p := (float64(b) + 0.5) / 10
		for i := 0; i < 100; i++ {
			ps = append(ps, p)
			hits = append(hits, i < int(math.Round(p*100)))
		}
	}
	f, err := Reliability(ps, hits)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.String(), "ECE 0.0000") {
		t.Errorf("calibrated predictions: %q should report ECE 0", f.String())
	}
	render(t, f, nil)
}

func TestHeatmapCells(t *testing.T) {
	m := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{0, 1, 2, 3, 4, 5}))
	f, err := Heatmap(m, Cmap("gray"))
	img := render(t, f, err)
	// Reproduce the layout of drawWithColorBar to find the cells.
	c := canvasFor(f)
	c.Max.X -= barRoom
	r := dataRect(t, f, c)
	cell := func(row, col int) color.Color {
		return img.At(r.Min.X+(2*col+1)*r.Dx()/6, r.Min.Y+(2*row+1)*r.Dy()/4)
	}
	for i, want := range []uint8{0, 51, 102, 153, 204, 255} {
		if got := cell(i/3, i%3); !near(got, color.Gray{Y: want}, 3) {
			t.Errorf("cell (%d,%d) is %v, want gray %d (row 0 on top)", i/3, i%3, got, want)
		}
	}
}

func TestImageGridPixelValues(t *testing.T) {
	const side = 8
	batch := make([]float32, 3*side*side) // black, white, mid-gray in [-1, 1]
	for i := range batch {
		batch[i] = []float32{-1, 1, 0}[i/(side*side)]
	}
	x := tensor.New(tensor.WithShape(3, 1, side, side), tensor.WithBacking(batch))
	f, err := ImageGrid(x, ValueRange(-1, 1), Cols(3))
	img := render(t, f, err)
	for i, want := range []uint8{0, 255, 128} {
		if got := gridCellCentre(f, img, 3, i); !near(got, color.Gray{Y: want}, 1) {
			t.Errorf("image %d: centre pixel %v, want gray %d", i, got, want)
		}
	}

	// RGB in NCHW: a pure red and a pure blue image, values in [0, 1].
	rgb := make([]float64, 2*3*side*side)
	for i := 0; i < side*side; i++ {
		rgb[i] = 1                 // image 0, R
		rgb[(3+2)*side*side+i] = 1 // image 1, B
	}
	f, err = ImageGrid(tensor.New(tensor.WithShape(2, 3, side, side), tensor.WithBacking(rgb)))
	img = render(t, f, err)
	if got := gridCellCentre(f, img, 2, 0); !near(got, color.RGBA{255, 0, 0, 255}, 1) {
		t.Errorf("red image shows %v", got)
	}
	if got := gridCellCentre(f, img, 2, 1); !near(got, color.RGBA{0, 0, 255, 255}, 1) {
		t.Errorf("blue image shows %v", got)
	}

	// Flat rows of square images and image.Image values.
	white := image.NewGray(image.Rect(0, 0, 5, 5))
	for i := range white.Pix {
		white.Pix[i] = 255
	}
	f, err = ImageGrid([]image.Image{white, image.NewGray(image.Rect(0, 0, 5, 5))})
	img = render(t, f, err)
	if !near(gridCellCentre(f, img, 2, 0), color.White, 0) || !near(gridCellCentre(f, img, 2, 1), color.Black, 0) {
		t.Error("[]image.Image: want a white then a black cell")
	}
	f, err = ImageGrid([][]float64{make([]float64, 16), {0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255}})
	img = render(t, f, err)
	if !near(gridCellCentre(f, img, 2, 1), color.White, 0) {
		t.Error("byte-valued rows should map 255 to white")
	}
}

// gridCellCentre returns the centre pixel of cell i of a one-row grid of n
// untitled cells, following grid.draw's layout.
func gridCellCentre(f *Figure, img image.Image, n, i int) color.Color {
	dpi := float64(f.DPI)
	cellW := (f.Width - 2*gridPad - vg.Length(n-1)*gridGap) / vg.Length(n)
	x := gridPad + vg.Length(i)*(cellW+gridGap) + cellW/2
	return img.At(int(x.Dots(dpi)), int((f.Height / 2).Dots(dpi)))
}

func TestCompare(t *testing.T) {
	lo := make([]float32, 2*4*4)
	hi := make([]float32, 2*8*8)
	for i := range hi {
		hi[i] = 1
	}
	f, err := Compare([]Column{{Title: "low", Images: tensor.New(tensor.WithShape(2, 4, 4), tensor.WithBacking(lo))},
		{Title: "high", Images: tensor.New(tensor.WithShape(2, 1, 8, 8), tensor.WithBacking(hi))}},
		RowTitles("a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(f.String(), "comparison of 2 examples over 2 columns") {
		t.Errorf("description %q", f.String())
	}
	if _, err := Compare([]Column{{Title: "x", Images: lo}, {Title: "y", Images: hi}}, ImageShape(4, 4)); err == nil || !strings.Contains(err.Error(), "one image per row") {
		t.Errorf("columns of 2 and 4 images: error %v", err)
	}
	render(t, f, nil)
}

func TestBadInputErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"no series", second(Line(nil)), "no series"},
		{"wrong type", second(Line([]Series{{Y: "abc"}})), "pass a []float64"},
		{"x/y mismatch", second(Line([]Series{{X: []float64{1}, Y: []float64{1, 2}}})), "pair up"},
		{"log of negatives", second(Line([]Series{{Y: []float64{-1, 0}}}, LogY())), "log scale"},
		{"bad smooth", second(Loss([]float64{1}, nil, Smooth(1))), "Smooth(1)"},
		{"scatter lengths", second(Scatter([]float64{1, 2}, []float64{1}, nil)), "pair up"},
		{"scatter without y", second(Scatter([]float64{1, 2}, nil, nil)), "(N, 2) tensor"},
		{"fractional labels", second(Scatter([]float64{1}, []float64{1}, []float64{0.5})), "integers"},
		{"logits", second(Reliability([]float64{2.5}, []bool{true})), "not logits"},
		{"ragged", second(Heatmap([][]float64{{1, 2}, {3}})), "equally long"},
		{"3-D heat map", second(Heatmap(tensor.New(tensor.WithShape(2, 2, 2), tensor.WithBacking(make([]float64, 8))))), "not a matrix"},
		{"unknown cmap", second(Heatmap([][]float64{{1}}, Cmap("jet"))), "viridis"},
		{"flat without shape", second(ImageGrid(make([]float32, 10))), "ImageShape"},
		{"channels", second(ImageGrid(tensor.New(tensor.WithShape(1, 5, 4, 4), tensor.WithBacking(make([]float32, 80))))), "channels"},
		{"captions", second(ImageGrid(make([]float32, 32), ImageShape(4, 4), Captions("a"))), "one caption per image"},
		{"bad size", second(Hist([]float64{1}, Size(0, 3))), "positive"},
		{"huge", third(Hist([]float64{1}, Size(200, 200), DPI(600))), "make Size or DPI smaller"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, tc.err, tc.want)
		}
	}
}

// panicky is a broken plotter.
type panicky struct{}

func (panicky) Plot(draw.Canvas, *plot.Plot) { panic("broken") }

func second(_ *Figure, err error) error { return err }

// third renders a figure made without error and returns the render error.
func third(f *Figure, err error) error {
	if err != nil {
		return err
	}
	_, err = f.PNG()
	return err
}

func TestTensorViews(t *testing.T) {
	full := tensor.New(tensor.WithShape(3, 4), tensor.WithBacking([]float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
	row, err := full.Slice(tensor.S(1))
	if err != nil {
		t.Fatal(err)
	}
	vs, err := vector("row", row)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 4 || vs[0] != 4 || vs[3] != 7 {
		t.Errorf("row 1 of a view: got %v, want [4 5 6 7]", vs)
	}
}

func TestPanels(t *testing.T) {
	up, err := Line([]Series{{Y: []float64{0, 1}}})
	if err != nil {
		t.Fatal(err)
	}
	down, err := Line([]Series{{Y: []float64{1, 0}}}, Title("down"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Panels([]*Figure{up, down}, Title("both"), Size(8, 3))
	img := render(t, f, err)
	if b := img.Bounds(); b.Dx() != 768 || b.Dy() != 288 {
		t.Fatalf("Panels Size(8,3): %v", b.Size())
	}
	// Left panel rises, right panel falls: compare ink in the upper third
	// at each panel's left and right ends.
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	band := func(x0, x1 int) int { return count(img, image.Rect(x0, h/6, x1, h/2), Color(0)) }
	if band(w/4, w/2-20) == 0 || band(w/2+20, w*3/4) == 0 {
		t.Errorf("want the rising line's end in the left panel's upper right and the falling line's start in the right panel's upper left")
	}
	if band(w/8, w/4) > 0 || band(w*3/4+10, w-10) > 0 {
		t.Errorf("ink in a panel's upper region where its line is low")
	}
	if _, err := Panels(nil); err == nil {
		t.Error("Panels(nil) should fail")
	}
}

func TestHistLogY(t *testing.T) {
	f, err := Hist([]int{0, 0, 0, 0, 1, 200, 255}, LogY(), Bins(5))
	img := render(t, f, err)
	if ink := count(img, img.Bounds(), Color(0)); ink < 100 {
		t.Errorf("log-scale histogram shows %d bar pixels", ink)
	}
	bins := histogram([]float64{0, 1, 2, 3, 4}, 2)
	if bins[0].y != 2 || bins[1].y != 3 || bins[1].hi != 4 {
		t.Errorf("histogram of 0..4 in 2 bins: %+v, want 2 then 3 (the max in the last bin)", bins)
	}
}

func TestHeatmapRotatesCrowdedNames(t *testing.T) {
	m := [][]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}
	long, err := Heatmap(m, XTicks("airplane automobile", "bird of prey", "domestic cat", "deer in the woods"))
	render(t, long, err)
	if long.Plot().X.Tick.Label.Rotation == 0 {
		t.Error("long column names should be rotated")
	}
	short, err := Heatmap(m, XTicks("a", "b", "c", "d"))
	render(t, short, err)
	if short.Plot().X.Tick.Label.Rotation != 0 {
		t.Error("short column names should stay horizontal")
	}
}

func TestBoldFontFound(t *testing.T) {
	if boldFont.Typeface != "Liberation" || boldFont.Variant != "Sans" || boldFont.Weight <= sansFont.Weight {
		t.Errorf("title font %+v is not Liberation Sans Bold", boldFont)
	}
}

func TestImageGridKeepsPixelsCrisp(t *testing.T) {
	// A 2x2 checkerboard enlarged to a 1.4in cell: just either side of the
	// middle the colours must be pure, not blended as resampling would.
	board := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0, 1, 1, 0}))
	f, err := ImageGrid(board)
	img := render(t, f, err)
	dpi := float64(f.DPI)
	cell := (f.Width - 2*gridPad).Dots(dpi)
	at := func(fx, fy float64) color.Color {
		return img.At(int(gridPad.Dots(dpi)+fx*cell), int(gridPad.Dots(dpi)+fy*cell))
	}
	for _, tc := range []struct {
		fx, fy float64
		want   color.Color
	}{{0.45, 0.45, color.Black}, {0.55, 0.45, color.White}, {0.45, 0.55, color.White}, {0.55, 0.55, color.Black}} {
		if got := at(tc.fx, tc.fy); !near(got, tc.want, 0) {
			t.Errorf("at (%.2f, %.2f) of the cell: %v, want %v", tc.fx, tc.fy, got, tc.want)
		}
	}
}

func TestScatterOfPointTensor(t *testing.T) {
	pts := tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float32{0, 0, 1, 5, 2, 10}))
	f, err := Scatter(pts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := f.Plot()
	if p.X.Min != 0 || p.X.Max != 2 || p.Y.Min != 0 || p.Y.Max != 10 {
		t.Errorf("axes %v..%v, %v..%v: want x 0..2 and y 0..10 from the columns", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
}

func TestSVGBackgroundCoversFigure(t *testing.T) {
	// A heat map's colour bar lies outside its plot, which paints only its
	// own area: the figure must paint the whole page white.
	f, err := Heatmap([][]float64{{1, 2}, {3, 4}})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	w, h := f.Width.Points(), f.Height.Points()
	page := fmt.Sprintf(`<path d="M0,0L%[1]v,0L%[1]v,%[2]vL0,%[2]vZ" style="fill:#FFFFFF"`, w, h)
	if !bytes.Contains(svg, []byte(page)) {
		t.Errorf("SVG lacks a white background over the whole %vx%v page", w, h)
	}
}

func TestImageGridNHWC(t *testing.T) {
	const side = 6
	px := make([]float32, side*side*3)
	for i := 0; i < side*side; i++ {
		px[i*3+1] = 1 // green, channels last
	}
	f, err := ImageGrid(tensor.New(tensor.WithShape(1, side, side, 3), tensor.WithBacking(px)))
	img := render(t, f, err)
	if got := gridCellCentre(f, img, 1, 0); !near(got, color.RGBA{0, 255, 0, 255}, 1) {
		t.Errorf("NHWC green image shows %v", got)
	}
}
