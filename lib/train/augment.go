package train

import (
	"fmt"
	"math/rand"

	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/nn"
)

// Augment returns data with fn applied in place to every batch it serves,
// before the model sees it: random flips, crops or noise for training data
// (leave validation data unwrapped). fn gets a generator seeded from seed
// and the epoch number, so a run is reproducible and a resumed run draws
// what the uninterrupted one drew. The batches must be fresh copies, as
// TensorData's are, since fn changes them.
func Augment(data Dataset, seed int64, fn func(x, y *tensor.Dense, r *rand.Rand)) Dataset {
	a := &augmented{Dataset: data, seed: seed, fn: fn}
	a.Reset(0)
	return a
}

type augmented struct {
	Dataset
	seed int64
	fn   func(x, y *tensor.Dense, r *rand.Rand)
	r    *rand.Rand
}

func (a *augmented) Reset(epoch int) {
	a.Dataset.Reset(epoch)
	a.r = rand.New(rand.NewSource(a.seed*7919 + int64(epoch) + 1))
}

func (a *augmented) Next() (x, y *tensor.Dense, ok bool) {
	x, y, ok = a.Dataset.Next()
	if ok {
		a.fn(x, y, a.r)
	}
	return x, y, ok
}

// RandomFlips returns an augmentation for Augment that mirrors each image
// of a batch left-right (horizontal) and upside down (vertical), each with
// probability 1/2, independently per image. x is [N, C, H, W] or [N, H, W]
// of float32 or float64; y gets the same flips when it has x's shape (an
// autoencoder's target) and is left alone otherwise (class labels).
func RandomFlips(horizontal, vertical bool) func(x, y *tensor.Dense, r *rand.Rand) {
	return func(x, y *tensor.Dense, r *rand.Rand) {
		s := x.Shape()
		if len(s) < 3 {
			panic(fmt.Sprintf("train: RandomFlips needs image batches [N, C, H, W] or [N, H, W], got shape %v", s))
		}
		n, h, w := s[0], s[len(s)-2], s[len(s)-1]
		planes := s.TotalSize() / (n * h * w) // channels per image
		both := y != nil && nn.SameShape(x.Shape(), y.Shape())
		for i := range n {
			fh := horizontal && r.Intn(2) == 1
			fv := vertical && r.Intn(2) == 1
			if !fh && !fv {
				continue
			}
			lo, hi := i*planes*h*w, (i+1)*planes*h*w
			flip(x, lo, hi, h, w, fh, fv)
			if both {
				flip(y, lo, hi, h, w, fh, fv)
			}
		}
	}
}

// flip mirrors the h×w planes stored in t's elements lo..hi.
func flip(t *tensor.Dense, lo, hi, h, w int, fh, fv bool) {
	switch d := t.Data().(type) {
	case []float32:
		flipPlanes(d[lo:hi], h, w, fh, fv)
	case []float64:
		flipPlanes(d[lo:hi], h, w, fh, fv)
	default:
		panic("train: RandomFlips needs float32 or float64 images, got " + t.Dtype().String())
	}
}

func flipPlanes[T any](d []T, h, w int, fh, fv bool) {
	for p := 0; p < len(d); p += h * w {
		img := d[p : p+h*w]
		if fh {
			for row := 0; row < h; row++ {
				line := img[row*w : (row+1)*w]
				for a, b := 0, w-1; a < b; a, b = a+1, b-1 {
					line[a], line[b] = line[b], line[a]
				}
			}
		}
		if fv {
			for a, b := 0, h-1; a < b; a, b = a+1, b-1 {
				for c := 0; c < w; c++ {
					img[a*w+c], img[b*w+c] = img[b*w+c], img[a*w+c]
				}
			}
		}
	}
}
