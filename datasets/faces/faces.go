package faces

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // CelebA
	_ "image/png"  // SFHQ and other folders
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/gopherlab/gopherlab/datasets"
	"github.com/gopherlab/gopherlab/datasets/internal/parallel"
)

// Options sets the preprocessing; zero fields take the DCGAN post's values.
type Options struct {
	Shrink float64 // first scale, in (0, 1] [1/1.3]
	// CropH x CropW is the centre crop of the shrunk image [160x128, or when
	// only the target size is set, the largest box of the target's aspect
	// ratio inside 160x128].
	CropH, CropW int
	// TargetH x TargetW is the size the crop is resampled to, the model's
	// output or real image [the crop size].
	TargetH, TargetW int
	// InputH x InputW is the low-resolution input [the target size / 4].
	InputH, InputW int
	// IgnorePartition splits by file order as the post did even when the
	// folder has CelebA's list_eval_partition.txt.
	IgnorePartition bool
}

func (o *Options) resolve() error {
	if o.Shrink == 0 {
		o.Shrink = 1 / 1.3
	}
	if o.Shrink < 0 || o.Shrink > 1 {
		return fmt.Errorf("faces: Options.Shrink %v must be in (0, 1]", o.Shrink)
	}
	if o.CropH == 0 && o.CropW == 0 {
		o.CropH, o.CropW = 160, 128
		if o.TargetH > 0 && o.TargetW > 0 {
			// largest box with the target's aspect ratio inside 160x128
			o.CropH, o.CropW = 160, 160*o.TargetW/o.TargetH
			if o.CropW > 128 {
				o.CropH, o.CropW = 128*o.TargetH/o.TargetW, 128
			}
		}
	}
	if o.TargetH == 0 && o.TargetW == 0 {
		o.TargetH, o.TargetW = o.CropH, o.CropW
	}
	if o.InputH == 0 && o.InputW == 0 {
		o.InputH, o.InputW = o.TargetH/4, o.TargetW/4
	}
	for _, c := range []struct {
		name string
		h, w int
	}{{"Crop", o.CropH, o.CropW}, {"Target", o.TargetH, o.TargetW}, {"Input", o.InputH, o.InputW}} {
		if c.h <= 0 || c.w <= 0 {
			return fmt.Errorf("faces: Options.%sH x %sW is %dx%d; both must be positive", c.name, c.name, c.h, c.w)
		}
	}
	return nil
}

// Set is a list of face images served as batch examples: x is the input
// [3, InputH, InputW] and y the target [3, TargetH, TargetW], RGB in [-1, 1].
type Set struct {
	Paths []string
	Opts  Options // resolved

	mu     sync.Mutex
	loaded [][]float32 // per example: target then input, after Preload
}

// LoadCelebA loads CelebA from the data directory dir ("" means
// datasets.Dir()): dir/celeba/img_align_celeba and its partition file.
func LoadCelebA(dir string, opts Options) (train, val, test *Set, err error) {
	p, err := datasets.Find(dir, "celeba", "img_align_celeba")
	if err != nil {
		return nil, nil, nil, err
	}
	return Load(filepath.Dir(p), opts)
}

// Load lists the images of folder (CelebA's root holding img_align_celeba/,
// or any folder of .jpg, .jpeg and .png files) and splits them into
// training, validation and test sets, by list_eval_partition.txt when the
// folder has one (unless Options.IgnorePartition), else as the package
// documentation says.
func Load(folder string, opts Options) (train, val, test *Set, err error) {
	if err := opts.resolve(); err != nil {
		return nil, nil, nil, err
	}
	imgDir := folder
	if st, err := os.Stat(filepath.Join(folder, "img_align_celeba")); err == nil && st.IsDir() {
		imgDir = filepath.Join(folder, "img_align_celeba")
	}
	names, err := listImages(imgDir)
	if err != nil {
		return nil, nil, nil, err
	}
	var parts [3][]string
	if part := filepath.Join(folder, "list_eval_partition.txt"); !opts.IgnorePartition && fileExists(part) {
		if parts, err = readPartition(part, imgDir, names); err != nil {
			return nil, nil, nil, err
		}
	} else {
		nTest, nVal := 1000, 1000
		if len(names) < 10000 {
			nTest, nVal = len(names)/10, len(names)/10
		}
		parts = [3][]string{names[nTest+nVal:], names[nTest : nTest+nVal], names[:nTest]}
	}
	sets := make([]*Set, 3)
	for i, p := range parts {
		paths := make([]string, len(p))
		for k, n := range p {
			paths[k] = filepath.Join(imgDir, n)
		}
		sets[i] = &Set{Paths: paths, Opts: opts}
	}
	return sets[0], sets[1], sets[2], nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func listImages(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("faces: %w", err)
	}
	var names []string
	for _, e := range entries {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".jpg", ".jpeg", ".png":
			if !e.IsDir() {
				names = append(names, e.Name())
			}
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("faces: no .jpg or .png images in %s", dir)
	}
	sort.Strings(names)
	return names, nil
}

// readPartition reads CelebA's "000001.jpg 0" lines: 0 train, 1 validation,
// 2 test.
func readPartition(path, imgDir string, names []string) (parts [3][]string, err error) {
	have := make(map[string]bool, len(names))
	for _, n := range names {
		have[n] = true
	}
	f, err := os.Open(path)
	if err != nil {
		return parts, fmt.Errorf("faces: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 || len(fields[1]) != 1 || fields[1][0] < '0' || fields[1][0] > '2' {
			return parts, fmt.Errorf("faces: %s:%d: want \"FILE 0|1|2\", got %q", path, line, sc.Text())
		}
		if !have[fields[0]] {
			return parts, fmt.Errorf("faces: %s:%d names %s, which is not in %s; extract the whole archive or delete the partition file", path, line, fields[0], imgDir)
		}
		k := fields[1][0] - '0'
		parts[k] = append(parts[k], fields[0])
	}
	return parts, sc.Err()
}

// Len returns the number of images.
func (s *Set) Len() int { return len(s.Paths) }

// Shapes returns the input [3, InputH, InputW] and target [3, TargetH, TargetW].
func (s *Set) Shapes() (x, y []int) {
	return []int{3, s.Opts.InputH, s.Opts.InputW}, []int{3, s.Opts.TargetH, s.Opts.TargetW}
}

// Fill decodes and preprocesses image i into the input x and target y.
func (s *Set) Fill(i int, x, y []float32) error {
	s.mu.Lock()
	cached := s.loaded
	s.mu.Unlock()
	if cached != nil {
		copy(y, cached[i][:len(y)])
		copy(x, cached[i][len(y):])
		return nil
	}
	return s.process(i, x, y)
}

func (s *Set) process(i int, x, y []float32) error {
	f, err := os.Open(s.Paths[i])
	if err != nil {
		return fmt.Errorf("faces: %w", err)
	}
	img, _, err := image.Decode(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("faces: %s: %w", s.Paths[i], err)
	}
	o := &s.Opts
	src, sh, sw := planar(img)
	// Shrink, or scale just enough to cover the crop when shrinking would not.
	sc := o.Shrink
	if float64(sw)*sc < float64(o.CropW) || float64(sh)*sc < float64(o.CropH) {
		sc = max(float64(o.CropW)/float64(sw), float64(o.CropH)/float64(sh))
	}
	// The crop box in source pixels, centred.
	bw, bh := float64(o.CropW)/sc, float64(o.CropH)/sc
	x0, y0 := (float64(sw)-bw)/2, (float64(sh)-bh)/2
	resample(src, 3, sh, sw, x0, y0, bw, bh, y, o.TargetH, o.TargetW)
	resample(y, 3, o.TargetH, o.TargetW, 0, 0, float64(o.TargetW), float64(o.TargetH), x, o.InputH, o.InputW)
	for _, v := range [][]float32{x, y} {
		for k := range v {
			v[k] = v[k]/127.5 - 1
		}
	}
	return nil
}

// planar converts img to three float32 planes (R, G, B) of 0..255.
func planar(img image.Image) ([]float32, int, int) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := make([]float32, 3*w*h)
	r, g, bl := out[:w*h], out[w*h:2*w*h], out[2*w*h:]
	switch m := img.(type) {
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				yi, ci := m.YOffset(b.Min.X+x, b.Min.Y+y), m.COffset(b.Min.X+x, b.Min.Y+y)
				R, G, B := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				k := y*w + x
				r[k], g[k], bl[k] = float32(R), float32(G), float32(B)
			}
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[y*m.Stride:]
			for x := 0; x < w; x++ {
				k := y*w + x
				r[k], g[k], bl[k] = float32(row[4*x]), float32(row[4*x+1]), float32(row[4*x+2])
			}
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				R, G, B, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				k := y*w + x
				r[k], g[k], bl[k] = float32(R>>8), float32(G>>8), float32(B>>8)
			}
		}
	}
	return out, h, w
}

// Preload decodes every image now, in parallel, and keeps the results, so
// epochs do not decode again. Use it for small sets: each image costs
// 4*3*(TargetH*TargetW + InputH*InputW) bytes.
func (s *Set) Preload() error {
	xs, ys := s.Shapes()
	nx, ny := xs[0]*xs[1]*xs[2], ys[0]*ys[1]*ys[2]
	loaded := make([][]float32, len(s.Paths))
	err := parallel.For(len(s.Paths), runtime.GOMAXPROCS(0), func() func(int) error {
		return func(i int) error {
			buf := make([]float32, ny+nx)
			if err := s.process(i, buf[ny:], buf[:ny]); err != nil {
				return err
			}
			loaded[i] = buf
			return nil
		}
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.loaded = loaded
	s.mu.Unlock()
	return nil
}
