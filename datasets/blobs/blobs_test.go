package blobs

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// components counts 4-connected regions of pixels above 0.5.
func components(img []float32, h, w int) int {
	seen := make([]bool, len(img))
	n := 0
	for start := range img {
		if seen[start] || img[start] <= 0.5 {
			continue
		}
		n++
		stack := []int{start}
		seen[start] = true
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			y, x := p/w, p%w
			for _, q := range [][2]int{{y - 1, x}, {y + 1, x}, {y, x - 1}, {y, x + 1}} {
				if q[0] < 0 || q[0] >= h || q[1] < 0 || q[1] >= w {
					continue
				}
				k := q[0]*w + q[1]
				if !seen[k] && img[k] > 0.5 {
					seen[k] = true
					stack = append(stack, k)
				}
			}
		}
	}
	return n
}

func TestCountsMatchVisibleBlobs(t *testing.T) {
	s, err := Generate(Config{N: 2000, H: 32, W: 32, MinCount: 0, MaxCount: 6, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	hist := make([]int, 7)
	for i := 0; i < s.N; i++ {
		img := s.Images[i*32*32 : (i+1)*32*32]
		if got := components(img, 32, 32); got != s.Counts[i] {
			t.Fatalf("image %d: %d blobs visible, label %d", i, got, s.Counts[i])
		}
		for _, v := range img {
			if v < 0 || v > 1 {
				t.Fatalf("pixel %v outside [0, 1]", v)
			}
		}
		hist[s.Counts[i]]++
	}
	for c, n := range hist {
		if n < 200 { // uniform over 7 values: ~286 each
			t.Errorf("count %d drawn %d times of 2000: %v", c, n, hist)
		}
	}
}

func TestSeededAndIndependentOfCores(t *testing.T) {
	a, _ := Generate(Config{N: 300, Seed: 1})
	b, _ := Generate(Config{N: 300, Seed: 1})
	c, _ := Generate(Config{N: 300, Seed: 2})
	if !slices.Equal(a.Images, b.Images) || !slices.Equal(a.Counts, b.Counts) {
		t.Fatal("same seed, different images")
	}
	if slices.Equal(a.Images, c.Images) {
		t.Fatal("different seeds, same images")
	}
	// Image i depends only on (seed, i): a longer set starts the same.
	d, _ := Generate(Config{N: 301, Seed: 1})
	if !slices.Equal(a.Images, d.Images[:len(a.Images)]) {
		t.Fatal("image content depends on N or scheduling")
	}
	if a.H != 28 || a.W != 28 || a.MaxCount != 5 || a.MinRadius != 1.5 {
		t.Fatalf("defaults %+v", a.Config)
	}
	x, y := make([]float32, 28*28), make([]float32, 1)
	a.Fill(7, x, y)
	if int(y[0]) != a.Counts[7] || !slices.Equal(x, a.Images[7*784:8*784]) || a.Image(7).Bounds().Dx() != 28 {
		t.Fatal("Fill or Image disagree with the set")
	}
}

func TestOverlapAllowed(t *testing.T) {
	s, err := Generate(Config{N: 500, MinCount: 8, MaxCount: 8, MinRadius: 3, MaxRadius: 5, Overlap: true, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	merged := 0
	for i := 0; i < s.N; i++ {
		if components(s.Images[i*784:(i+1)*784], 28, 28) < 8 {
			merged++
		}
	}
	if merged == 0 {
		t.Fatal("8 large overlapping circles never merged")
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "blobs: Config.N is 0; set the number of images to make"},
		{Config{N: 1, MaxRadius: 20}, "blobs: MaxRadius 20 does not fit a 28x28 image; make it at most 14"},
		{Config{N: 1, MinRadius: 0.5, MaxRadius: 2}, "blobs: radius range 0.5..2 must start at 1 or more"},
		{Config{N: 1, MinCount: 4, MaxCount: 2}, "blobs: count range 4..2 is empty or negative"},
		{Config{N: 1, MinCount: 40, MaxCount: 40, MaxRadius: 6}, "blobs: cannot fit 40 circles of radius 1.5..6 in 28x28 without overlap"},
	} {
		_, err := Generate(c.cfg)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %s", c.cfg, err, c.want)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for _, size := range []int{28, 32} {
		b.Run(fmt.Sprintf("50000x%dx%d", size, size), func(b *testing.B) {
			for b.Loop() {
				if _, err := Generate(Config{N: 50000, H: size, W: size, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
