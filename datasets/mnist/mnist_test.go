package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/datasets"
	"github.com/gopherlab/gopherlab/datasets/batch"
	"github.com/gopherlab/gopherlab/datasets/internal/datatest"
)

func TestLoadRealMNIST(t *testing.T) {
	train, test, err := Load(datatest.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 60000 || train.H != 28 || train.W != 28 || test.N != 10000 {
		t.Fatalf("train %dx%dx%d, test %d", train.N, train.H, train.W, test.N)
	}
	// Mean computed independently with Python over the gunzipped bytes:
	// 33.318421449829934 (train), 33.791224489795916 (test).
	if m := train.Mean(); math.Abs(m-33.318421449829934) > 1e-9 {
		t.Errorf("train mean %v", m)
	}
	if m := test.Mean(); math.Abs(m-33.791224489795916) > 1e-9 {
		t.Errorf("test mean %v", m)
	}
	// NumPy's std over the same bytes: all 60,000 and the first 50,000.
	if s := train.Std(); math.Abs(s-78.56748998339798) > 1e-9 {
		t.Errorf("train std %v", s)
	}
	if first, _, _ := train.Split(10000); math.Abs(first.Std()-78.6661972212754) > 1e-9 {
		t.Errorf("std of the first 50,000: %v", first.Std())
	}
	counts := make([]int, 10)
	for _, l := range train.Labels {
		counts[l]++
	}
	want := []int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	for i := range want {
		if counts[i] != want[i] {
			t.Fatalf("label counts %v, want %v", counts, want)
		}
	}
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Errorf("first labels %d %d, want 5 and 7", train.Labels[0], test.Labels[0])
	}
	rest, val, err := train.Split(10000)
	if err != nil || rest.N != 50000 || val.N != 10000 || val.Labels[0] != train.Labels[50000] {
		t.Fatalf("split %v", err)
	}
	l, err := batch.New(val, batch.Config{Size: 128, Shuffle: true, Seed: 1, DropLast: true})
	if err != nil {
		t.Fatal(err)
	}
	x, y, ok := l.Next()
	if !ok || l.Len() != 78 {
		t.Fatalf("batch: %v, Len %d", l.Err(), l.Len())
	}
	if s := x.Shape(); s[0] != 128 || s[1] != 1 || s[2] != 28 || s[3] != 28 || y.Shape()[0] != 128 {
		t.Fatalf("batch shapes %v %v", x.Shape(), y.Shape())
	}
	var lo, hi float32 = 1, 0
	for _, v := range x.Data().([]float32) {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo != 0 || hi != 1 {
		t.Fatalf("pixels span [%v, %v], want [0, 1]", lo, hi)
	}
	if g := train.Image(0); g.Bounds().Dx() != 28 || g.GrayAt(14, 14).Y != train.Images[14*28+14] {
		t.Fatal("Image does not show example 0")
	}
}

// idxBytes builds an IDX file of bytes with the given dims and data.
func idxBytes(dims []int, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(data)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadFashionFixtureGzipAndRaw(t *testing.T) {
	dir := t.TempDir()
	pix := make([]byte, 3*2*2)
	for i := range pix {
		pix[i] = byte(i * 20)
	}
	for _, p := range []string{"train", "t10k"} {
		write(t, dir, "fashion-mnist/"+p+"-images-idx3-ubyte.gz", gz(idxBytes([]int{3, 2, 2}, pix)))
		// Not gzipped despite the name: detected by magic number.
		write(t, dir, "fashion-mnist/"+p+"-labels-idx1-ubyte.gz", idxBytes([]int{3}, []byte{9, 0, 4}))
	}
	train, test, err := LoadFashion(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 3 || test.H != 2 || train.Classes[train.Labels[0]] != "Ankle boot" {
		t.Fatalf("fixture set %+v", train)
	}
	x, y := make([]float32, 4), make([]float32, 1)
	train.Fill(1, x, y)
	if x[0] != 80.0/255 || x[3] != 140.0/255 || y[0] != 0 {
		t.Fatalf("Fill gave %v %v", x, y)
	}
}

func TestCorruptFiles(t *testing.T) {
	dir := t.TempDir()
	good := idxBytes([]int{2, 2, 2}, make([]byte, 8))
	noise := make([]byte, 10000)
	for i := range noise {
		noise[i] = byte(i * i * 31 >> 3)
	}
	big := idxBytes([]int{100, 10, 10}, noise)
	labels := write(t, dir, "labels", idxBytes([]int{2}, []byte{1, 2}))
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"png", []byte("\x89PNG\r\n\x1a\n...."), "not an IDX file of bytes: magic number 0x89504e47, want 0x00000801 (labels) or 0x00000803 (images); check that it is an MNIST-format IDX file"},
		{"floats", append([]byte{0, 0, 0x0d, 3}, good[4:]...), "not an IDX file of bytes: magic number 0x00000d03"},
		{"empty", nil, "too short for an IDX header (need 4 bytes of magic number)"},
		{"shortheader", good[:9], "truncated IDX header: 3 dimensions announced, file ends in dimension 2"},
		{"truncated", good[:len(good)-3], "truncated: header announces 2x2x2 = 8 bytes of data, file has 5"},
		{"truncatedgz", gz(big)[:len(gz(big))/2], "truncated: header announces 100x10x10 = 10000 bytes of data, file has "},
		{"notrailer", gz(good)[:len(gz(good))-4], "corrupt after its 8 bytes of data: unexpected EOF"},
		{"trailing", append(append([]byte(nil), good...), 1, 2), "2 bytes after the 8 bytes of data that the header (2x2x2) announces"},
		{"badgzip", []byte{0x1f, 0x8b, 0, 0, 0, 0}, "bad gzip stream"},
	}
	for _, c := range cases {
		p := write(t, dir, c.name, c.data)
		_, err := LoadFiles(p, labels, Digits)
		if err == nil || !strings.HasPrefix(err.Error(), "mnist: "+p+": "+c.want) {
			t.Errorf("%s:\n got %v\nwant prefix mnist: %s: %s", c.name, err, p, c.want)
		}
	}
	img := write(t, dir, "img", good)
	if _, err := LoadFiles(labels, img, Digits); err == nil || err.Error() != "mnist: "+labels+" has 1 dimensions (2), want 3 for an images file; check which file is which" {
		t.Errorf("swapped files: %v", err)
	}
	three := write(t, dir, "three", idxBytes([]int{3}, []byte{1, 2, 3}))
	if _, err := LoadFiles(img, three, Digits); err == nil || err.Error() != "mnist: "+img+" has 2 images but "+three+" has 3 labels; they must come from the same set" {
		t.Errorf("count mismatch: %v", err)
	}
	bad := write(t, dir, "bad", idxBytes([]int{2}, []byte{1, 12}))
	if _, err := LoadFiles(img, bad, Digits); err == nil || err.Error() != "mnist: "+bad+": label 12 of example 1 is not one of the 10 classes" {
		t.Errorf("label range: %v", err)
	}
}

func TestMissingFileTellsHowToFetch(t *testing.T) {
	dir := t.TempDir()
	_, _, err := Load(dir)
	var me *datasets.MissingError
	if !errors.As(err, &me) || me.File != "train-images-idx3-ubyte.gz" ||
		!strings.Contains(err.Error(), "not found in "+filepath.Join(dir, "mnist")+"; run `gopherlab data fetch mnist`") {
		t.Fatalf("got %v", err)
	}
	_, _, err = LoadFashion(dir)
	if err == nil || !strings.Contains(err.Error(), "not found in "+filepath.Join(dir, "fashion-mnist")+" or /usr/share/datasets/fashion-mnist; run `gopherlab data fetch fashion-mnist`") {
		t.Fatalf("fashion: %v", err)
	}
}

func BenchmarkLoad(b *testing.B) {
	dir := datatest.Dir(b)
	for b.Loop() {
		if _, _, err := Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEpoch(b *testing.B) {
	train, _, err := Load(datatest.Dir(b))
	if err != nil {
		b.Fatal(err)
	}
	l, _ := batch.New(train, batch.Config{Size: 128, Shuffle: true, Seed: 1})
	for b.Loop() {
		l.Reset(0)
		for {
			if _, _, ok := l.Next(); !ok {
				break
			}
		}
	}
}
