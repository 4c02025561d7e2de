package blobs

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"runtime"

	"github.com/gopherlab/gopherlab/datasets/internal/parallel"
)

// Config describes a set of blob images. Zero fields take the defaults in
// brackets.
type Config struct {
	N                    int     // number of images (required)
	H, W                 int     // image size in pixels [28x28]
	MinCount, MaxCount   int     // circles per image, inclusive [1..5]; MinCount may be 0 when MaxCount is set
	MinRadius, MaxRadius float64 // circle radius in pixels, at least 1 [1.5..4]
	// Overlap allows circles to overlap. By default circles keep at least one
	// pixel apart, so the count is the number of visible blobs.
	Overlap bool
	Seed    uint64
}

// Set is a generated set of images and their circle counts.
type Set struct {
	Config
	Images []float32 // N*H*W values in [0, 1]; 1 inside circles
	Counts []int     // circles in each image
}

func (c *Config) defaults() error {
	if c.N <= 0 {
		return fmt.Errorf("blobs: Config.N is %d; set the number of images to make", c.N)
	}
	if c.H == 0 && c.W == 0 {
		c.H, c.W = 28, 28
	}
	if c.MaxCount == 0 {
		c.MinCount, c.MaxCount = max(c.MinCount, 1), 5
	}
	if c.MaxRadius == 0 {
		c.MaxRadius = 4
	}
	if c.MinRadius == 0 {
		c.MinRadius = min(1.5, c.MaxRadius)
	}
	switch {
	case c.H <= 0 || c.W <= 0:
		return fmt.Errorf("blobs: image size %dx%d must be positive", c.H, c.W)
	case c.MinCount < 0 || c.MinCount > c.MaxCount:
		return fmt.Errorf("blobs: count range %d..%d is empty or negative", c.MinCount, c.MaxCount)
	case c.MinRadius < 1 || c.MinRadius > c.MaxRadius:
		return fmt.Errorf("blobs: radius range %v..%v must start at 1 or more (smaller circles vanish) and not be empty", c.MinRadius, c.MaxRadius)
	case 2*c.MaxRadius > float64(min(c.H, c.W)):
		return fmt.Errorf("blobs: MaxRadius %v does not fit a %dx%d image; make it at most %v", c.MaxRadius, c.H, c.W, float64(min(c.H, c.W))/2)
	}
	return nil
}

// Generate makes the images of cfg in parallel.
func Generate(cfg Config) (*Set, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	s := &Set{Config: cfg, Images: make([]float32, cfg.N*cfg.H*cfg.W), Counts: make([]int, cfg.N)}
	err := parallel.For(cfg.N, runtime.GOMAXPROCS(0), func() func(int) error {
		var circles []circle // reused between the images of one worker
		return func(i int) (err error) {
			circles, err = s.draw(i, circles[:0])
			return err
		}
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

type circle struct{ x, y, r float64 }

// draw places and renders image i from its own random stream.
func (s *Set) draw(i int, circles []circle) ([]circle, error) {
	c := &s.Config
	rng := rand.New(rand.NewPCG(c.Seed, uint64(i)))
	n := c.MinCount + rng.IntN(c.MaxCount-c.MinCount+1)
	for attempt := 0; ; attempt++ {
		if attempt == 20 {
			return circles, fmt.Errorf("blobs: cannot fit %d circles of radius %v..%v in %dx%d without overlap; lower MaxCount or MaxRadius, or set Overlap",
				n, c.MinRadius, c.MaxRadius, c.H, c.W)
		}
		if circles = place(rng, c, n, circles[:0]); len(circles) == n {
			break
		}
	}
	img := s.Images[i*c.H*c.W : (i+1)*c.H*c.W]
	for _, ci := range circles {
		render(img, c.H, c.W, ci)
	}
	s.Counts[i] = n
	return circles, nil
}

// place puts up to n circles by rejection sampling; fewer means it gave up.
func place(rng *rand.Rand, c *Config, n int, out []circle) []circle {
	for len(out) < n {
		ok := false
		for try := 0; try < 200 && !ok; try++ {
			r := c.MinRadius + rng.Float64()*(c.MaxRadius-c.MinRadius)
			ci := circle{r + rng.Float64()*(float64(c.W)-2*r), r + rng.Float64()*(float64(c.H)-2*r), r}
			ok = true
			for _, o := range out {
				if !c.Overlap && math.Hypot(ci.x-o.x, ci.y-o.y) < ci.r+o.r+2 {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, ci)
			}
		}
		if !ok {
			return out
		}
	}
	return out
}

// render draws a filled circle with a one-pixel antialiased edge.
func render(img []float32, h, w int, c circle) {
	y0, y1 := max(0, int(c.y-c.r-1)), min(h-1, int(c.y+c.r+1))
	x0, x1 := max(0, int(c.x-c.r-1)), min(w-1, int(c.x+c.r+1))
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			d := math.Hypot(float64(x)+0.5-c.x, float64(y)+0.5-c.y)
			v := float32(min(1, c.r+0.5-d))
			if p := &img[y*w+x]; v > *p {
				*p = v
			}
		}
	}
}

// Len returns the number of images.
func (s *Set) Len() int { return s.N }

// Shapes returns [1, H, W] and a scalar label (the count).
func (s *Set) Shapes() (x, y []int) { return []int{1, s.H, s.W}, nil }

// Fill copies image i into x and its count into y.
func (s *Set) Fill(i int, x, y []float32) error {
	copy(x, s.Images[i*s.H*s.W:(i+1)*s.H*s.W])
	y[0] = float32(s.Counts[i])
	return nil
}

// Image returns image i as an 8-bit grey image.
func (s *Set) Image(i int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, s.W, s.H))
	for k, v := range s.Images[i*s.H*s.W : (i+1)*s.H*s.W] {
		g.Pix[k] = uint8(v*255 + 0.5)
	}
	return g
}
