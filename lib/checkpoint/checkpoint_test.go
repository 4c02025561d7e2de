package checkpoint_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/lib/checkpoint"
	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"gorgonia.org/tensor"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	nn.ManualSeed(1)
	a := nn.Sequential(nn.Dense(3, 4), nn.Tanh(), nn.Dense(4, 2, nn.Float64))
	opt := optim.Adam(0.01)
	for _, p := range a.Params() { // give Adam some state
		p.Grad = p.Value.Clone().(*tensor.Dense)
	}
	if err := opt.Step(a.Params()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.ckpt")
	if err := checkpoint.Save(path, a, opt, 42, 3); err != nil {
		t.Fatal(err)
	}
	nn.ManualSeed(2)
	b := nn.Sequential(nn.Dense(3, 4), nn.Tanh(), nn.Dense(4, 2, nn.Float64))
	opt2 := optim.Adam(0.5)
	step, epoch, err := checkpoint.Load(path, b, opt2)
	if err != nil {
		t.Fatal(err)
	}
	if step != 42 || epoch != 3 {
		t.Fatalf("step, epoch = %d, %d; want 42, 3", step, epoch)
	}
	for i, p := range a.Params() {
		q := b.Params()[i]
		if q.Value.Dtype() != p.Value.Dtype() || !slices.Equal(p.Float64s(), q.Float64s()) {
			t.Fatalf("parameter %s differs after load", p.Name)
		}
	}
	sa, sb := opt.State(), opt2.State()
	if sb.Steps != 1 || sb.Scalars["lr"] != 0.01 || len(sb.Slots) != len(sa.Slots) {
		t.Fatalf("optimizer state not restored: %+v", sb)
	}
	for k, v := range sa.Slots {
		if !slices.Equal(nn.Float64s(v), nn.Float64s(sb.Slots[k])) {
			t.Fatalf("slot %s differs", k)
		}
	}
	// No temporary files are left next to the checkpoint.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("directory holds %d entries, want only the checkpoint", len(entries))
	}
}

func TestLoadWrongShape(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.ckpt")
	if err := checkpoint.Save(path, nn.Sequential(nn.Dense(784, 128)), nil, 0, 0); err != nil {
		t.Fatal(err)
	}
	_, _, err := checkpoint.Load(path, nn.Sequential(nn.Dense(784, 64)), nil)
	if err == nil || !strings.Contains(err.Error(), `"0.weight" has shape (784, 128) in the checkpoint but (784, 64) in the model`) {
		t.Fatalf("wrong-shape load gave %v", err)
	}
	_, _, err = checkpoint.Load(path, nn.Sequential(nn.Dense(784, 128), nn.Dense(128, 2)), nil)
	if err == nil || !strings.Contains(err.Error(), `"1.weight" is not in the checkpoint`) {
		t.Fatalf("extra-layer load gave %v", err)
	}
	_, _, err = checkpoint.Load(path, nn.Sequential(nn.Dense(784, 128, nn.NoBias())), nil)
	if err == nil || !strings.Contains(err.Error(), `"0.bias" that the model lacks`) {
		t.Fatalf("missing-layer load gave %v", err)
	}
}

func TestFormatAndCorruption(t *testing.T) {
	s := checkpoint.NewState(7, 1)
	s.Tensors["x"] = tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1.5, -2}))
	s.Tensors["ids"] = tensor.New(tensor.WithShape(3), tensor.WithBacking([]int{1, 2, 3}))
	s.Strings["kind"] = "test"
	var buf bytes.Buffer
	if err := checkpoint.Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if string(b[:8]) != checkpoint.Magic || b[8] != 1 {
		t.Fatalf("file starts %q, version byte %d", b[:8], b[8])
	}
	got, err := checkpoint.Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got.Step != 7 || got.Strings["kind"] != "test" || !slices.Equal(nn.Float64s(got.Tensors["x"]), []float64{1.5, -2}) {
		t.Fatalf("round trip gave %+v", got)
	}
	if ids, _ := nn.Indices(got.Tensors["ids"]); len(ids) != 3 || ids[2] != 3 {
		t.Fatalf("int tensor round trip gave %v", ids)
	}
	flipped := append([]byte(nil), b...)
	flipped[len(flipped)-1] ^= 0xff
	if _, err := checkpoint.Read(bytes.NewReader(flipped)); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("corrupt data gave %v", err)
	}
	if _, err := checkpoint.Read(bytes.NewReader(b[:len(b)-3])); err == nil {
		t.Fatal("truncated file read without error")
	}
	if _, err := checkpoint.Read(strings.NewReader("PK\x03\x04 not a checkpoint")); err == nil || !strings.Contains(err.Error(), "magic") {
		t.Fatalf("foreign file gave %v", err)
	}
}
