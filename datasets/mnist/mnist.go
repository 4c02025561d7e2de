package mnist

import (
	"fmt"
	"image"
	"math"

	"github.com/gopherlab/gopherlab/datasets"
)

// Set is a set of grey images with class labels, held as bytes.
type Set struct {
	Images  []uint8 // N*H*W pixels, 0 (background) to 255
	Labels  []uint8 // N class indices
	N, H, W int
	Classes []string // class names, indexed by label
}

// Digits are MNIST's class names.
var Digits = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// Fashion are Fashion-MNIST's class names.
var Fashion = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// Load reads MNIST's train (60,000) and test (10,000) sets from the data
// directory dir ("" means datasets.Dir()).
func Load(dir string) (train, test *Set, err error) { return load(dir, "mnist", Digits) }

// LoadFashion reads Fashion-MNIST's train and test sets from dir ("" means
// datasets.Dir()) or from Debian's /usr/share/datasets/fashion-mnist.
func LoadFashion(dir string) (train, test *Set, err error) {
	return load(dir, "fashion-mnist", Fashion)
}

func load(dir, name string, classes []string) (train, test *Set, err error) {
	fix := "delete it and run `gopherlab data fetch " + name + "`"
	sets := [2]*Set{}
	for i, prefix := range []string{"train", "t10k"} {
		imgs, err := datasets.Find(dir, name, prefix+"-images-idx3-ubyte.gz")
		if err != nil {
			return nil, nil, err
		}
		labels, err := datasets.Find(dir, name, prefix+"-labels-idx1-ubyte.gz")
		if err != nil {
			return nil, nil, err
		}
		if sets[i], err = loadFiles(imgs, labels, classes, fix); err != nil {
			return nil, nil, err
		}
	}
	return sets[0], sets[1], nil
}

// LoadFiles reads a set from an images and a labels IDX file (gzipped or
// not), with len(classes) classes.
func LoadFiles(images, labels string, classes []string) (*Set, error) {
	return loadFiles(images, labels, classes, "check that it is an MNIST-format IDX file")
}

func loadFiles(images, labels string, classes []string, fix string) (*Set, error) {
	im, err := readIDXFile(images, 3, fix)
	if err != nil {
		return nil, err
	}
	lb, err := readIDXFile(labels, 1, fix)
	if err != nil {
		return nil, err
	}
	if im.Dims[0] != lb.Dims[0] {
		return nil, fmt.Errorf("mnist: %s has %d images but %s has %d labels; they must come from the same set", images, im.Dims[0], labels, lb.Dims[0])
	}
	for i, l := range lb.Data {
		if int(l) >= len(classes) {
			return nil, fmt.Errorf("mnist: %s: label %d of example %d is not one of the %d classes", labels, l, i, len(classes))
		}
	}
	return &Set{Images: im.Data, Labels: lb.Data, N: im.Dims[0], H: im.Dims[1], W: im.Dims[2], Classes: classes}, nil
}

// Len returns the number of examples.
func (s *Set) Len() int { return s.N }

// Shapes returns [1, H, W] (one channel, for NCHW batches) and a scalar label.
func (s *Set) Shapes() (x, y []int) { return []int{1, s.H, s.W}, nil }

// Fill writes image i scaled to [0, 1] into x and its class index into y.
func (s *Set) Fill(i int, x, y []float32) error {
	px := s.Images[i*s.H*s.W : (i+1)*s.H*s.W]
	for k, p := range px {
		x[k] = float32(p) * (1.0 / 255)
	}
	y[0] = float32(s.Labels[i])
	return nil
}

// Image returns example i as an image (sharing the set's memory).
func (s *Set) Image(i int) *image.Gray {
	return &image.Gray{Pix: s.Images[i*s.H*s.W : (i+1)*s.H*s.W], Stride: s.W, Rect: image.Rect(0, 0, s.W, s.H)}
}

// Split returns the first N-n examples and the last n (a validation set),
// sharing memory with s.
func (s *Set) Split(n int) (rest, held *Set, err error) {
	if n < 0 || n > s.N {
		return nil, nil, fmt.Errorf("mnist: cannot hold out %d of %d examples", n, s.N)
	}
	px := s.H * s.W
	k := s.N - n
	rest = &Set{Images: s.Images[:k*px], Labels: s.Labels[:k], N: k, H: s.H, W: s.W, Classes: s.Classes}
	held = &Set{Images: s.Images[k*px:], Labels: s.Labels[k:], N: n, H: s.H, W: s.W, Classes: s.Classes}
	return rest, held, nil
}

// Mean returns the mean pixel value on the 0..255 scale.
func (s *Set) Mean() float64 {
	var sum uint64
	for _, p := range s.Images {
		sum += uint64(p)
	}
	return float64(sum) / float64(len(s.Images))
}

// Std returns the standard deviation of the pixel values (over all pixels
// of all images, as NumPy's X.std()) on the 0..255 scale: with Mean, what
// standardising the inputs needs.
func (s *Set) Std() float64 {
	var sum, sq uint64 // exact: 255² × 10⁸ pixels fits easily
	for _, p := range s.Images {
		sum += uint64(p)
		sq += uint64(p) * uint64(p)
	}
	n := float64(len(s.Images))
	mean := float64(sum) / n
	return math.Sqrt(float64(sq)/n - mean*mean)
}
