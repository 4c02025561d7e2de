package train_test

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/gopherlab/gopherlab/lib/train"
	"gorgonia.org/tensor"
)

// image i of the test batch is 2×3 with values 10i+0..5.
func flipBatch(n int) *tensor.Dense {
	v := make([]float32, n*6)
	for i := range v {
		v[i] = float32(10*(i/6) + i%6)
	}
	return tensor.New(tensor.WithShape(n, 1, 2, 3), tensor.WithBacking(v))
}

func TestRandomFlips(t *testing.T) {
	const n = 200
	x := flipBatch(n)
	orig := slices.Clone(x.Data().([]float32))
	labels := tensor.New(tensor.WithShape(n), tensor.WithBacking(make([]float32, n)))
	data, err := train.Tensors(x, x, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	data.Shuffle = false
	data.Reset(0)
	aug := train.Augment(data, 5, train.RandomFlips(true, true))
	bx, by, ok := aug.Next()
	if !ok {
		t.Fatal("no batch")
	}
	got, tgt := bx.Data().([]float32), by.Data().([]float32)
	if !slices.Equal(got, tgt) {
		t.Fatal("the target of an autoencoder batch was not flipped with its input")
	}
	if !slices.Equal(x.Data().([]float32), orig) {
		t.Fatal("augmentation changed the dataset itself")
	}
	base := []float32{0, 1, 2, 3, 4, 5}
	flips := map[string][]float32{
		"none": base, "h": {2, 1, 0, 5, 4, 3}, "v": {3, 4, 5, 0, 1, 2}, "hv": {5, 4, 3, 2, 1, 0},
	}
	seen := map[string]int{}
	for i := range n {
		img := got[i*6 : (i+1)*6]
		kind := ""
		for k, f := range flips {
			match := true
			for j := range f {
				match = match && img[j] == f[j]+float32(10*i)
			}
			if match {
				kind = k
			}
		}
		if kind == "" {
			t.Fatalf("image %d = %v is no flip of its original", i, img)
		}
		seen[kind]++
	}
	for k := range flips {
		if seen[k] < n/8 { // each has probability 1/4: 50 expected
			t.Errorf("%s flips: %d of %d images", k, seen[k], n)
		}
	}

	// The same seed and epoch draw the same flips; another epoch others.
	again := train.Augment(data, 5, train.RandomFlips(true, true))
	if ax, _, _ := again.Next(); !slices.Equal(ax.Data().([]float32), got) {
		t.Error("the same seed gave different flips")
	}
	again.Reset(1)
	if ax, _, _ := again.Next(); slices.Equal(ax.Data().([]float32), got) {
		t.Error("epoch 1 repeated epoch 0's flips")
	}

	// Labels are left alone; only horizontal flips when asked.
	ld, _ := train.Tensors(x, labels, n, 1)
	lx, ly, _ := train.Augment(ld, 2, train.RandomFlips(true, false)).Next()
	if slices.ContainsFunc(ly.Data().([]float32), func(v float32) bool { return v != 0 }) {
		t.Error("labels were changed")
	}
	for i, v := range lx.Data().([]float32) {
		if row := (i % 6) / 3; (int(v)%10)/3 != row {
			t.Fatalf("a horizontal-only augmentation moved a pixel to another row: %v", lx.Data())
		}
	}
}

func TestRandomFlipsRejectsFlatBatches(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("no panic for a [N, D] batch")
		}
	}()
	x := tensor.New(tensor.WithShape(2, 6), tensor.WithBacking(make([]float32, 12)))
	train.RandomFlips(true, true)(x, nil, rand.New(rand.NewSource(1)))
}
