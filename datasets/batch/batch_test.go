package batch

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"gorgonia.org/tensor"
)

// toy has examples x = [i, -i], y = i % 3.
type toy struct {
	n    int
	fail int // Fill fails for this index when >= 0
}

func (t toy) Len() int             { return t.n }
func (t toy) Shapes() (x, y []int) { return []int{2}, nil }
func (t toy) Fill(i int, x, y []float32) error {
	if i == t.fail {
		return errors.New("broken example")
	}
	x[0], x[1], y[0] = float32(i), float32(-i), float32(i%3)
	return nil
}

func epoch(t *testing.T, l *Loader) (firstCol []int, sizes []int) {
	t.Helper()
	for {
		x, y, ok := l.Next()
		if !ok {
			break
		}
		xs := x.Data().([]float32)
		ys := y.Data().([]float32)
		b := x.Shape()[0]
		if !reflect.DeepEqual([]int(x.Shape()), []int{b, 2}) {
			t.Fatalf("x shape %v", x.Shape())
		}
		for k := 0; k < b; k++ {
			i := int(xs[2*k])
			if xs[2*k+1] != float32(-i) || ys[k] != float32(i%3) {
				t.Fatalf("example %d mixed up: x %v y %v", i, xs[2*k:2*k+2], ys[k])
			}
			firstCol = append(firstCol, i)
		}
		sizes = append(sizes, b)
	}
	if l.Err() != nil {
		t.Fatal(l.Err())
	}
	return firstCol, sizes
}

func TestLoaderCoversEveryExampleOncePerEpoch(t *testing.T) {
	l, err := New(toy{n: 103, fail: -1}, Config{Size: 10, Shuffle: true, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 11 {
		t.Fatalf("Len %d, want 11", l.Len())
	}
	e0, sizes := epoch(t, l)
	if len(sizes) != 11 || sizes[10] != 3 {
		t.Fatalf("batch sizes %v", sizes)
	}
	sorted := append([]int(nil), e0...)
	sort.Ints(sorted)
	for i, v := range sorted {
		if v != i {
			t.Fatalf("epoch does not visit every example once: %v", sorted)
		}
	}
	if sort.IntsAreSorted(e0) {
		t.Fatal("Shuffle left the order sorted")
	}
	l.Reset(1)
	e1, _ := epoch(t, l)
	if reflect.DeepEqual(e0, e1) {
		t.Fatal("epochs 0 and 1 have the same order")
	}
	l.Reset(0)
	again, _ := epoch(t, l)
	if !reflect.DeepEqual(e0, again) {
		t.Fatal("Reset(0) does not reproduce epoch 0")
	}
	l2, _ := New(toy{n: 103, fail: -1}, Config{Size: 10, Shuffle: true, Seed: 8})
	other, _ := epoch(t, l2)
	if reflect.DeepEqual(e0, other) {
		t.Fatal("seeds 7 and 8 give the same order")
	}
}

func TestLoaderDropLastAndInOrder(t *testing.T) {
	l, _ := New(toy{n: 103, fail: -1}, Config{Size: 10, DropLast: true})
	if l.Len() != 10 {
		t.Fatalf("Len %d, want 10", l.Len())
	}
	order, sizes := epoch(t, l)
	if len(sizes) != 10 || len(order) != 100 || !sort.IntsAreSorted(order) {
		t.Fatalf("drop-last epoch: %d batches, %d examples", len(sizes), len(order))
	}
}

func TestLoaderOneHotReshapeFloat64(t *testing.T) {
	l, err := New(toy{n: 4, fail: -1}, Config{Size: 4, OneHot: 3, XShape: []int{1, 2}, Float64: true})
	if err != nil {
		t.Fatal(err)
	}
	x, y, ok := l.Next()
	if !ok {
		t.Fatal(l.Err())
	}
	if !reflect.DeepEqual([]int(x.Shape()), []int{4, 1, 2}) || x.Dtype() != tensor.Float64 {
		t.Fatalf("x %v %v", x.Shape(), x.Dtype())
	}
	want := []float64{1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}
	if !reflect.DeepEqual([]int(y.Shape()), []int{4, 3}) || !reflect.DeepEqual(y.Data(), want) {
		t.Fatalf("one-hot y %v %v", y.Shape(), y.Data())
	}
}

func TestLoaderErrors(t *testing.T) {
	if _, err := New(toy{n: 4, fail: -1}, Config{}); err == nil || err.Error() != "batch: Config.Size is 0; set it to the number of examples per batch, e.g. 64" {
		t.Errorf("size: %v", err)
	}
	if _, err := New(toy{n: 4, fail: -1}, Config{Size: 2, XShape: []int{3}}); err == nil || err.Error() != "batch: Config.XShape [3] has 3 elements but examples have shape [2] (2 elements)" {
		t.Errorf("reshape: %v", err)
	}
	l, _ := New(toy{n: 40, fail: 25}, Config{Size: 20})
	if _, _, ok := l.Next(); !ok {
		t.Fatal(l.Err())
	}
	if _, _, ok := l.Next(); ok || l.Err() == nil || l.Err().Error() != "batch: example 25: broken example" {
		t.Fatalf("fill error: %v", l.Err())
	}
	l2, _ := New(toy{n: 5, fail: -1}, Config{Size: 5, OneHot: 2})
	if _, _, ok := l2.Next(); ok || l2.Err().Error() != "batch: example 2 has label 2, outside the 2 classes of Config.OneHot" {
		t.Fatalf("one-hot range: %v", l2.Err())
	}
}

func TestSubsetsAndTensors(t *testing.T) {
	src := toy{n: 50, fail: -1}
	rest, held, err := Split(src, 10, 1)
	if err != nil || rest.Len() != 40 || held.Len() != 10 {
		t.Fatalf("split %v", err)
	}
	seen := map[int]bool{}
	for _, s := range []Source{rest, held} {
		x, _, err := All(s)
		if err != nil {
			t.Fatal(err)
		}
		xs := x.Data().([]float32)
		for k := 0; k < s.Len(); k++ {
			seen[int(xs[2*k])] = true
		}
	}
	if len(seen) != 50 {
		t.Fatalf("split lost examples: %d distinct", len(seen))
	}
	sl, _ := Slice(src, 5, 8)
	x, y, _ := All(sl)
	if !reflect.DeepEqual(x.Data(), []float32{5, -5, 6, -6, 7, -7}) || !reflect.DeepEqual(y.Data(), []float32{2, 0, 1}) {
		t.Fatalf("slice %v %v", x.Data(), y.Data())
	}
	if _, err := Slice(src, 40, 60); err == nil || err.Error() != "batch: Slice [40, 60) is outside the source's 50 examples" {
		t.Fatal(err)
	}
	ft, err := FromTensors(x, y)
	if err != nil {
		t.Fatal(err)
	}
	x2, y2, _ := All(ft)
	if fmt.Sprint(x2.Data(), y2.Data()) != fmt.Sprint(x.Data(), y.Data()) {
		t.Fatal("FromTensors round trip differs")
	}
}

// lib/train's data contract, checked structurally (datasets does not import lib).
var _ interface {
	Next() (x, y *tensor.Dense, ok bool)
	Reset(epoch int)
	Len() int
} = (*Loader)(nil)
