package batch

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"

	"github.com/gopherlab/gopherlab/datasets/internal/parallel"
	"gorgonia.org/tensor"
)

// Source is a dataset of Len() examples.
type Source interface {
	Len() int
	// Shapes returns the shapes of one example's x and y; an empty y shape
	// is a scalar (a class index or a count).
	Shapes() (x, y []int)
	// Fill writes example i into x and y, whose lengths are the products of
	// the shapes. Loaders call it concurrently for different i.
	Fill(i int, x, y []float32) error
}

// Config sets how a Loader batches a Source.
type Config struct {
	Size     int    // examples per batch; required
	Shuffle  bool   // shuffle the order every epoch
	Seed     uint64 // shuffling seed: the same seed and epoch give the same order
	DropLast bool   // drop the last batch when it is smaller than Size
	// OneHot > 0 turns scalar class labels into one-hot rows of OneHot
	// classes: y has shape [B, OneHot] instead of [B].
	OneHot int
	// XShape, when set, reshapes each example's x (same element count), e.g.
	// []int{784} to flatten MNIST's [1, 28, 28] for a dense network.
	XShape []int
	// Float64 makes float64 tensors, converted from the float32 Fill writes
	// (one more copy); the default is float32.
	Float64 bool
}

// Loader iterates over a Source in batches. It is not safe for concurrent
// use; each batch gets fresh backing arrays, so tensors from earlier batches
// stay valid.
type Loader struct {
	src    Source
	cfg    Config
	xShape []int
	yShape []int // per example, after OneHot
	order  []int
	pos    int
	err    error
}

// New returns a Loader over src positioned at the start of epoch 0.
func New(src Source, cfg Config) (*Loader, error) {
	if cfg.Size <= 0 {
		return nil, fmt.Errorf("batch: Config.Size is %d; set it to the number of examples per batch, e.g. 64", cfg.Size)
	}
	if src.Len() == 0 {
		return nil, errors.New("batch: the source has no examples")
	}
	xs, ys := src.Shapes()
	l := &Loader{src: src, cfg: cfg, xShape: xs, yShape: ys}
	if cfg.XShape != nil {
		if prod(cfg.XShape) != prod(xs) {
			return nil, fmt.Errorf("batch: Config.XShape %v has %d elements but examples have shape %v (%d elements)",
				cfg.XShape, prod(cfg.XShape), xs, prod(xs))
		}
		l.xShape = cfg.XShape
	}
	if cfg.OneHot > 0 {
		if len(ys) != 0 {
			return nil, fmt.Errorf("batch: Config.OneHot needs scalar labels, but y has shape %v", ys)
		}
		l.yShape = []int{cfg.OneHot}
	}
	l.Reset(0)
	return l, nil
}

// Len returns the number of batches per epoch.
func (l *Loader) Len() int {
	n := l.src.Len()
	if l.cfg.DropLast {
		return n / l.cfg.Size
	}
	return (n + l.cfg.Size - 1) / l.cfg.Size
}

// Reset rewinds to the start of epoch, reshuffling (when Config.Shuffle)
// with a generator seeded by Config.Seed and epoch, and clears Err.
func (l *Loader) Reset(epoch int) {
	n := l.src.Len()
	if l.order == nil {
		l.order = make([]int, n)
	}
	for i := range l.order {
		l.order[i] = i
	}
	if l.cfg.Shuffle {
		r := rand.New(rand.NewPCG(l.cfg.Seed, uint64(epoch)))
		r.Shuffle(n, func(i, j int) { l.order[i], l.order[j] = l.order[j], l.order[i] })
	}
	l.pos, l.err = 0, nil
}

// Err returns the error that ended the epoch early, if any.
func (l *Loader) Err() error { return l.err }

// Next returns the next batch: x of shape [B, x shape...] and y of shape
// [B, y shape...] ([B] for scalar labels). ok is false at the end of the
// epoch or on an error (see Err).
func (l *Loader) Next() (x, y *tensor.Dense, ok bool) {
	if l.err != nil {
		return nil, nil, false
	}
	b := min(l.cfg.Size, len(l.order)-l.pos)
	if b <= 0 || (l.cfg.DropLast && b < l.cfg.Size) {
		return nil, nil, false
	}
	idx := l.order[l.pos : l.pos+b]
	l.pos += b
	x, y, err := l.gather(idx)
	if err != nil {
		l.err = err
		return nil, nil, false
	}
	return x, y, true
}

// gather fills one batch from the examples idx, splitting the work over the
// available cores.
func (l *Loader) gather(idx []int) (x, y *tensor.Dense, err error) {
	xsz, ysz := prod(l.xShape), prod(l.yShape)
	srcY := ysz
	if l.cfg.OneHot > 0 {
		srcY = 1
	}
	b := len(idx)
	xb := make([]float32, b*xsz)
	yb := make([]float32, b*ysz)
	// At least 16 examples per goroutine, so small batches are not all overhead.
	err = parallel.For(b, min(runtime.GOMAXPROCS(0), (b+15)/16), func() func(int) error {
		var label [1]float32
		return func(k int) error {
			ys := yb[k*ysz : (k+1)*ysz]
			if l.cfg.OneHot > 0 {
				ys = label[:]
			}
			if err := l.src.Fill(idx[k], xb[k*xsz:(k+1)*xsz], ys[:srcY]); err != nil {
				return fmt.Errorf("batch: example %d: %w", idx[k], err)
			}
			if l.cfg.OneHot > 0 {
				c := int(label[0])
				if c < 0 || c >= l.cfg.OneHot || float32(c) != label[0] {
					return fmt.Errorf("batch: example %d has label %v, outside the %d classes of Config.OneHot", idx[k], label[0], l.cfg.OneHot)
				}
				yb[k*ysz+c] = 1
			}
			return nil
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return l.dense(xb, b, l.xShape), l.dense(yb, b, l.yShape), nil
}

func (l *Loader) dense(data []float32, b int, shape []int) *tensor.Dense {
	full := append([]int{b}, shape...)
	if !l.cfg.Float64 {
		return tensor.New(tensor.WithShape(full...), tensor.WithBacking(data))
	}
	d := make([]float64, len(data))
	for i, v := range data {
		d[i] = float64(v)
	}
	return tensor.New(tensor.WithShape(full...), tensor.WithBacking(d))
}

// All returns every example of src, in order, as one x and one y tensor
// (float32), for models that take the whole set at once.
func All(src Source) (x, y *tensor.Dense, err error) {
	l, err := New(src, Config{Size: src.Len()})
	if err != nil {
		return nil, nil, err
	}
	x, y, ok := l.Next()
	if !ok {
		return nil, nil, l.Err()
	}
	return x, y, nil
}

func prod(s []int) int {
	p := 1
	for _, v := range s {
		p *= v
	}
	return p
}
