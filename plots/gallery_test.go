package plots

import (
	"image"
	"image/color"
	_ "image/png"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"gorgonia.org/tensor"
)

// galleryFigures builds one figure of every kind from synthetic data that
// looks like a training run's.
func galleryFigures(t *testing.T) map[string]*Figure {
	rng := rand.New(rand.NewSource(1))
	steps := 300
	train, val := make([]float64, steps), make([]float64, 0, steps/10)
	for i := range train {
		base := 2.3*math.Exp(-float64(i)/60) + 0.08
		train[i] = base * (1 + 0.25*rng.NormFloat64())
		if i%10 == 0 {
			val = append(val, base*1.15+0.02)
		}
	}
	valX := make([]float64, len(val))
	for i := range valX {
		valX[i] = float64(i * 10)
	}
	figs := map[string]*Figure{}
	add := func(name string) func(*Figure, error) {
		return func(f *Figure, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			figs[name] = f
		}
	}
	add("loss")(Loss(train, nil, Smooth(0.9)))
	add("lines")(Line([]Series{{Name: "train", Y: train}, {Name: "validation", X: valX, Y: val}}, LogY(), Smooth(0.8), Title("Loss (log scale)"), XLabel("step"), YLabel("cross-entropy")))

	n := 1500
	xs, ys, labs := make([]float64, n), make([]float64, n), make([]int, n)
	for i := range xs {
		labs[i] = i % 10
		a := float64(labs[i]) / 10 * 2 * math.Pi
		xs[i] = 4*math.Cos(a) + rng.NormFloat64()
		ys[i] = 4*math.Sin(a) + rng.NormFloat64()
	}
	add("scatter")(Scatter(xs, ys, labs, Title("t-SNE of MNIST embeddings"), LabelNames("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")))

	w := make([]float32, 5000)
	for i := range w {
		w[i] = float32(rng.NormFloat64() * 0.05)
	}
	add("hist")(Hist(w, Title("conv1 weights"), XLabel("weight")))

	probs, hits := make([]float64, 4000), make([]bool, 4000)
	for i := range probs {
		p := 0.1 + 0.9*math.Sqrt(rng.Float64())
		probs[i] = p
		hits[i] = rng.Float64() < p*p // overconfident model
	}
	add("reliability")(Reliability(probs, hits, Title("Calibration on the test set")))

	conf := make([][]int, 10)
	for i := range conf {
		conf[i] = make([]int, 10)
		for j := range conf[i] {
			conf[i][j] = rng.Intn(8)
		}
		conf[i][i] = 900 + rng.Intn(90)
	}
	add("heatmap")(Heatmap(conf, Annotate(), Title("Confusion matrix"), XLabel("predicted"), YLabel("true")))
	att := tensor.New(tensor.WithShape(24, 32), tensor.WithBacking(make([]float32, 24*32)))
	for r := 0; r < 24; r++ {
		for c := 0; c < 32; c++ {
			att.SetAt(float32(math.Sin(float64(r)/4)*math.Cos(float64(c)/5)), r, c)
		}
	}
	add("heatmap_signed")(Heatmap(att, Cmap("coolwarm"), Title("Weights")))

	digits := tensor.New(tensor.WithShape(16, 1, 28, 28), tensor.WithBacking(blobs(rng, 16, 28)))
	caps := make([]string, 16)
	for i := range caps {
		caps[i] = "pred " + string(rune('0'+i%10))
	}
	add("grid")(ImageGrid(digits, Title("Samples"), Captions(caps...)))
	// Colour gradients in [-1, 1]: red grows to the right, green downwards,
	// blue differs per image.
	rgbBatch := make([]float32, 6*3*32*32)
	for i := 0; i < 6; i++ {
		for y := 0; y < 32; y++ {
			for x := 0; x < 32; x++ {
				rgbBatch[((i*3+0)*32+y)*32+x] = float32(x)/15.5 - 1
				rgbBatch[((i*3+1)*32+y)*32+x] = float32(y)/15.5 - 1
				rgbBatch[((i*3+2)*32+y)*32+x] = float32(i)/2.5 - 1
			}
		}
	}
	faces := tensor.New(tensor.WithShape(6, 3, 32, 32), tensor.WithBacking(rgbBatch))
	add("grid_rgb")(ImageGrid(faces, ValueRange(-1, 1), Cols(3), RowTitles("real", "fake"), ColTitles("a", "b", "c")))

	hr := blobs(rng, 3, 28)
	lr := make([]float64, 3*14*14)
	for i := 0; i < 3; i++ {
		for y := 0; y < 14; y++ {
			for x := 0; x < 14; x++ {
				lr[(i*14+y)*14+x] = float64(hr[(i*28+2*y)*28+2*x])
			}
		}
	}
	imgs := []image.Image{}
	for i := 0; i < 3; i++ {
		g := image.NewGray(image.Rect(0, 0, 28, 28))
		for j := range g.Pix {
			g.Pix[j] = uint8(255 * math.Min(1, float64(hr[i*28*28+j])*1.1))
		}
		imgs = append(imgs, g)
	}
	hrT := tensor.New(tensor.WithShape(3, 28, 28), tensor.WithBacking(hr))
	add("compare")(Compare([]Column{
		{Title: "low-res", Images: lr},
		{Title: "output", Images: imgs},
		{Title: "original", Images: hrT},
	}, ImageShape(14, 14), RowTitles("#1", "#2", "#3"), Title("Super-resolution")))
	return figs
}

// blobs makes n size×size gray images in [0, 1] with a bright ring each.
func blobs(rng *rand.Rand, n, size int) []float32 {
	out := make([]float32, n*size*size)
	for i := 0; i < n; i++ {
		cx, cy := 9+rng.Float64()*10, 9+rng.Float64()*10
		rad := 4 + rng.Float64()*4
		for y := 0; y < size; y++ {
			for x := 0; x < size; x++ {
				d := math.Abs(math.Hypot(float64(x)-cx, float64(y)-cy) - rad)
				out[(i*size+y)*size+x] = float32(math.Max(0, 1-d/2))
			}
		}
	}
	return out
}

// TestGallery renders every kind of figure to PNG and SVG, checks the PNG
// has the figure's pixel size and is not blank, and keeps the files in
// $PLOTS_GALLERY when it is set, for looking at them.
func TestGallery(t *testing.T) {
	dir := os.Getenv("PLOTS_GALLERY")
	if dir == "" {
		dir = t.TempDir()
	}
	for name, f := range galleryFigures(t) {
		path := filepath.Join(dir, name+".png")
		if err := f.Save(path); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img := decodePNGFile(t, path)
		wantW, wantH := int(math.Round(f.Width.Dots(float64(f.DPI)))), int(math.Round(f.Height.Dots(float64(f.DPI))))
		if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
			t.Errorf("%s: PNG is %dx%d, want %dx%d", name, b.Dx(), b.Dy(), wantW, wantH)
		}
		if ink := inkFraction(img, img.Bounds()); ink < 0.01 {
			t.Errorf("%s: only %.4f of the pixels are not white", name, ink)
		}
		if err := f.Save(filepath.Join(dir, name+".svg")); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// inkFraction is the fraction of pixels in r that are not near-white.
func inkFraction(img image.Image, r image.Rectangle) float64 {
	ink := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !nearWhite(img.At(x, y)) {
				ink++
			}
		}
	}
	return float64(ink) / float64(max(r.Dx()*r.Dy(), 1))
}

func nearWhite(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 0xf000 && g > 0xf000 && b > 0xf000
}

func decodePNGFile(t *testing.T, path string) image.Image {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, _, err := image.Decode(fh)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}
