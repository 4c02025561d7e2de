package train

import (
	"fmt"
	"math/rand"

	"gorgonia.org/tensor"
)

// Dataset yields the batches of one epoch. Packages providing data (such as
// Gopherlab's datasets) satisfy it without importing this package.
type Dataset interface {
	// Next returns the next batch of inputs and targets, or ok=false at
	// the end of the epoch.
	Next() (x, y *tensor.Dense, ok bool)
	// Reset starts epoch number epoch (from 0), reshuffling with a seed
	// derived from it so runs are reproducible.
	Reset(epoch int)
	// Len returns the number of batches per epoch.
	Len() int
}

// TensorData serves in-memory tensors in batches along their first axis.
type TensorData struct {
	X, Y      *tensor.Dense
	BatchSize int
	Shuffle   bool
	Seed      int64

	rows []int // the rows of X and Y this dataset serves
	perm []int
	pos  int
}

// Tensors returns a dataset over x and y (same first dimension) in batches
// of batchSize, shuffled each epoch from a seed derived from seed and the
// epoch number. The last batch of an epoch may be smaller.
func Tensors(x, y *tensor.Dense, batchSize int, seed int64) (*TensorData, error) {
	if x.Dims() < 1 || y.Dims() < 1 || x.Shape()[0] != y.Shape()[0] {
		return nil, fmt.Errorf("train: x and y must have the same number of samples along axis 0, got shapes %v and %v", x.Shape(), y.Shape())
	}
	if batchSize < 1 {
		return nil, fmt.Errorf("train: batch size must be at least 1, got %d", batchSize)
	}
	n := x.Shape()[0]
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	d := &TensorData{X: x, Y: y, BatchSize: batchSize, Shuffle: true, Seed: seed, rows: rows}
	d.Reset(0)
	return d, nil
}

// Split returns two datasets over the same tensors: the first 1-frac of the
// samples and the last frac of them (taken before shuffling, like Keras's
// validation_split). The second one is not shuffled.
func (d *TensorData) Split(frac float64) (train, val *TensorData, err error) {
	if frac <= 0 || frac >= 1 {
		return nil, nil, fmt.Errorf("train: validation fraction must be in (0, 1), got %g", frac)
	}
	nVal := int(float64(len(d.rows)) * frac)
	if nVal == 0 || nVal == len(d.rows) {
		return nil, nil, fmt.Errorf("train: splitting %d samples by %g leaves an empty part", len(d.rows), frac)
	}
	cut := len(d.rows) - nVal
	train = &TensorData{X: d.X, Y: d.Y, BatchSize: d.BatchSize, Shuffle: d.Shuffle, Seed: d.Seed, rows: d.rows[:cut]}
	val = &TensorData{X: d.X, Y: d.Y, BatchSize: d.BatchSize, Shuffle: false, Seed: d.Seed, rows: d.rows[cut:]}
	train.Reset(0)
	val.Reset(0)
	return train, val, nil
}

// Len implements Dataset.
func (d *TensorData) Len() int { return (len(d.rows) + d.BatchSize - 1) / d.BatchSize }

// Samples returns the number of samples served per epoch.
func (d *TensorData) Samples() int { return len(d.rows) }

// Reset implements Dataset.
func (d *TensorData) Reset(epoch int) {
	d.pos = 0
	d.perm = append(d.perm[:0], d.rows...)
	if d.Shuffle {
		r := rand.New(rand.NewSource(d.Seed*7919 + int64(epoch)))
		r.Shuffle(len(d.perm), func(i, j int) { d.perm[i], d.perm[j] = d.perm[j], d.perm[i] })
	}
}

// Next implements Dataset.
func (d *TensorData) Next() (x, y *tensor.Dense, ok bool) {
	if d.pos >= len(d.perm) {
		return nil, nil, false
	}
	end := min(d.pos+d.BatchSize, len(d.perm))
	idx := d.perm[d.pos:end]
	d.pos = end
	return gatherRows(d.X, idx), gatherRows(d.Y, idx), true
}

// gatherRows returns a new tensor of t's rows idx (along axis 0).
func gatherRows(t *tensor.Dense, idx []int) *tensor.Dense {
	shape := t.Shape().Clone()
	row := 1
	for _, s := range shape[1:] {
		row *= s
	}
	shape[0] = len(idx)
	var back any
	switch d := t.Data().(type) {
	case []float32:
		back = gather(d, idx, row)
	case []float64:
		back = gather(d, idx, row)
	case []int:
		back = gather(d, idx, row)
	case []int64:
		back = gather(d, idx, row)
	case []int32:
		back = gather(d, idx, row)
	case []uint8:
		back = gather(d, idx, row)
	default:
		panic(fmt.Sprintf("train: unsupported dtype %v", t.Dtype()))
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(back))
}

func gather[T any](d []T, idx []int, row int) []T {
	out := make([]T, 0, len(idx)*row)
	for _, i := range idx {
		out = append(out, d[i*row:(i+1)*row]...)
	}
	return out
}
