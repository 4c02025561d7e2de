package plots

import (
	"math"
	"math/rand"
	"testing"

	"gorgonia.org/tensor"
)

// benchPNG renders f to PNG b.N times (the work behind a notebook display).
func benchPNG(b *testing.B, f *Figure, err error) {
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLossPNG is the target case: a 6x4in loss figure at 96 dpi, two
// series of 1000 and 100 points with smoothing; it must stay well under
// 100ms.
func BenchmarkLossPNG(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	train, val := make([]float64, 1000), make([]float64, 100)
	for i := range train {
		train[i] = math.Exp(-float64(i)/300) * (1 + 0.2*rng.NormFloat64())
	}
	for i := range val {
		val[i] = math.Exp(-float64(i)/30) + 0.05
	}
	vx := make([]float64, len(val))
	for i := range vx {
		vx[i] = float64(i * 10)
	}
	f, err := Line([]Series{{Name: "train", Y: train}, {Name: "validation", X: vx, Y: val}}, Smooth(0.9), Title("Loss"))
	benchPNG(b, f, err)
}

func BenchmarkScatter10kPNG(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	n := 10000
	x, y, l := make([]float64, n), make([]float64, n), make([]int, n)
	for i := range x {
		x[i], y[i], l[i] = rng.NormFloat64(), rng.NormFloat64(), i%10
	}
	f, err := Scatter(x, y, l)
	benchPNG(b, f, err)
}

func BenchmarkImageGrid64PNG(b *testing.B) {
	batch := tensor.New(tensor.WithShape(64, 1, 28, 28), tensor.WithBacking(make([]float32, 64*28*28)))
	f, err := ImageGrid(batch)
	benchPNG(b, f, err)
}

func BenchmarkHeatmapAnnotatedPNG(b *testing.B) {
	m := make([][]float64, 10)
	for i := range m {
		m[i] = make([]float64, 10)
		m[i][i] = 100
	}
	f, err := Heatmap(m, Annotate())
	benchPNG(b, f, err)
}
