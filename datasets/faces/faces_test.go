package faces

import (
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/datasets/batch"
	"github.com/gopherlab/gopherlab/datasets/internal/datatest"
)

func sfhq(t testing.TB) string { return filepath.Join(datatest.Dir(t), "faces", "sfhq") }

func TestSFHQ(t *testing.T) {
	train, val, test, err := Load(sfhq(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 336 || val.Len() != 42 || test.Len() != 42 {
		t.Fatalf("split %d/%d/%d, want 336/42/42", train.Len(), val.Len(), test.Len())
	}
	l, err := batch.New(test, batch.Config{Size: 16})
	if err != nil {
		t.Fatal(err)
	}
	x, y, ok := l.Next()
	if !ok {
		t.Fatal(l.Err())
	}
	if !reflect.DeepEqual([]int(x.Shape()), []int{16, 3, 40, 32}) || !reflect.DeepEqual([]int(y.Shape()), []int{16, 3, 160, 128}) {
		t.Fatalf("shapes %v %v", x.Shape(), y.Shape())
	}
	xs, ys := x.Data().([]float32), y.Data().([]float32)
	lo, hi := float32(1), float32(-1)
	for _, v := range ys {
		if v < -1 || v > 1 {
			t.Fatalf("target value %v outside [-1, 1]", v)
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo > -0.9 || hi < 0.9 {
		t.Errorf("targets span only [%v, %v]", lo, hi)
	}
	// SFHQ images are already 128x160: the target is the image itself.
	f, _ := os.Open(test.Paths[0])
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]int{{0, 0}, {63, 80}, {127, 159}} {
		r, g, b, _ := img.At(p[0], p[1]).RGBA()
		want := []float32{float32(r>>8)/127.5 - 1, float32(g>>8)/127.5 - 1, float32(b>>8)/127.5 - 1}
		for c := 0; c < 3; c++ {
			if got := ys[c*160*128+p[1]*128+p[0]]; math.Abs(float64(got-want[c])) > 1e-5 {
				t.Fatalf("target (%d,%d) channel %d = %v, image has %v", p[0], p[1], c, got, want[c])
			}
		}
	}
	// The input is the 4x4 average of the target.
	for _, p := range [][3]int{{0, 0, 0}, {1, 20, 15}, {2, 39, 31}} {
		c, iy, ix := p[0], p[1], p[2]
		var sum float32
		for dy := 0; dy < 4; dy++ {
			for dx := 0; dx < 4; dx++ {
				sum += ys[c*160*128+(4*iy+dy)*128+4*ix+dx]
			}
		}
		if got := xs[c*40*32+iy*32+ix]; math.Abs(float64(got-sum/16)) > 1e-5 {
			t.Fatalf("input (%d,%d,%d) = %v, mean of its 4x4 block %v", c, iy, ix, got, sum/16)
		}
	}
}

func TestSmallTargetAndPreload(t *testing.T) {
	_, _, test, err := Load(sfhq(t), Options{TargetH: 64, TargetW: 64})
	if err != nil {
		t.Fatal(err)
	}
	if o := test.Opts; o.CropH != 128 || o.CropW != 128 || o.InputH != 16 || o.InputW != 16 {
		t.Fatalf("resolved options %+v", o)
	}
	x1, y1 := make([]float32, 3*16*16), make([]float32, 3*64*64)
	if err := test.Fill(3, x1, y1); err != nil {
		t.Fatal(err)
	}
	if err := test.Preload(); err != nil {
		t.Fatal(err)
	}
	x2, y2 := make([]float32, len(x1)), make([]float32, len(y1))
	test.Fill(3, x2, y2)
	if !reflect.DeepEqual(x1, x2) || !reflect.DeepEqual(y1, y2) {
		t.Fatal("preloaded example differs from the decoded one")
	}
}

func writeImage(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if strings.HasSuffix(path, ".png") {
		err = png.Encode(f, img)
	} else {
		err = jpeg.Encode(f, img, &jpeg.Options{Quality: 100})
	}
	if err != nil {
		t.Fatal(err)
	}
}

// halfAndHalf is a 178x218 image, black left of x=89 and white from it.
func halfAndHalf() image.Image {
	img := image.NewGray(image.Rect(0, 0, 178, 218))
	for y := 0; y < 218; y++ {
		for x := 89; x < 178; x++ {
			img.SetGray(x, y, color.Gray{255})
		}
	}
	return img
}

func TestCelebALayoutShrinkCropAndPartition(t *testing.T) {
	root := t.TempDir()
	imgs := filepath.Join(root, "img_align_celeba")
	os.Mkdir(imgs, 0o755)
	for _, n := range []string{"000001.jpg", "000002.jpg", "000003.jpg", "000004.jpg"} {
		writeImage(t, filepath.Join(imgs, n), halfAndHalf())
	}
	os.WriteFile(filepath.Join(root, "list_eval_partition.txt"), []byte("000001.jpg 0\n000002.jpg 0\n000003.jpg 1\n000004.jpg 2\n"), 0o644)
	train, val, test, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 2 || val.Len() != 1 || test.Len() != 1 || filepath.Base(test.Paths[0]) != "000004.jpg" {
		t.Fatalf("partition %v %v %v", train.Paths, val.Paths, test.Paths)
	}
	if _, _, test, _ := Load(root, Options{IgnorePartition: true}); test.Len() != 0 {
		t.Fatalf("4 images split by order: %d for test, want 4/10 = 0", test.Len())
	}
	x, y := make([]float32, 3*40*32), make([]float32, 3*160*128)
	if err := train.Fill(0, x, y); err != nil {
		t.Fatal(err)
	}
	// Shrunk to 136.9x167.7 and centre-cropped to 128x160, the edge at x=89
	// lands at 89/1.3 - (178/1.3-128)/2 = 64: columns 0..63 black, 64.. white
	// (JPEG ringing aside).
	for row := 0; row < 160; row += 53 {
		for _, c := range []struct {
			x    int
			want float32
		}{{0, -1}, {60, -1}, {67, 1}, {127, 1}} {
			if got := y[row*128+c.x]; math.Abs(float64(got-c.want)) > 0.05 {
				t.Errorf("target row %d col %d = %v, want about %v", row, c.x, got, c.want)
			}
		}
		if mid := y[row*128+63] + y[row*128+64]; math.Abs(float64(mid)) > 0.25 {
			t.Errorf("edge not centred at column 64: %v %v", y[row*128+63], y[row*128+64])
		}
	}
	os.WriteFile(filepath.Join(root, "list_eval_partition.txt"), []byte("000001.jpg 0\n000009.jpg 2\n"), 0o644)
	if _, _, _, err := Load(root, Options{}); err == nil || !strings.Contains(err.Error(), "list_eval_partition.txt:2 names 000009.jpg, which is not in "+imgs) {
		t.Fatalf("missing partition file: %v", err)
	}
	os.WriteFile(filepath.Join(root, "list_eval_partition.txt"), []byte("000001.jpg train\n"), 0o644)
	if _, _, _, err := Load(root, Options{}); err == nil || !strings.Contains(err.Error(), "list_eval_partition.txt:1: want \"FILE 0|1|2\", got \"000001.jpg train\"") {
		t.Fatalf("bad partition line: %v", err)
	}
}

func TestSmallImagesAndErrors(t *testing.T) {
	dir := t.TempDir()
	small := image.NewNRGBA(image.Rect(0, 0, 50, 40))
	for i := range small.Pix {
		small.Pix[i] = 255
	}
	for i := 0; i < 10; i++ {
		writeImage(t, filepath.Join(dir, "img"+string(rune('a'+i))+".png"), small)
	}
	os.WriteFile(filepath.Join(dir, "imgz.jpg"), []byte("not a jpeg"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644)
	train, val, test, err := Load(dir, Options{})
	if err != nil || train.Len() != 9 || val.Len() != 1 || test.Len() != 1 {
		t.Fatalf("split of 11: %v", err)
	}
	// A 50x40 image is scaled up to cover the 128x160 crop.
	x, y := make([]float32, 3*40*32), make([]float32, 3*160*128)
	if err := test.Fill(0, x, y); err != nil {
		t.Fatal(err)
	}
	for _, v := range append(x, y...) {
		if math.Abs(float64(v-1)) > 1e-5 {
			t.Fatalf("white image gave %v", v)
		}
	}
	bad := filepath.Join(dir, "imgz.jpg")
	if err := train.Fill(train.Len()-1, x, y); err == nil || err.Error() != "faces: "+bad+": image: unknown format" {
		t.Fatalf("corrupt image: %v", err)
	}
	if _, _, _, err := Load(t.TempDir(), Options{}); err == nil || !strings.HasPrefix(err.Error(), "faces: no .jpg or .png images in ") {
		t.Fatalf("empty folder: %v", err)
	}
	if _, _, _, err := Load(dir, Options{Shrink: 2}); err == nil || err.Error() != "faces: Options.Shrink 2 must be in (0, 1]" {
		t.Fatal(err)
	}
	if _, _, _, err := Load(dir, Options{TargetH: 2, TargetW: 2}); err == nil || err.Error() != "faces: Options.InputH x InputW is 0x0; both must be positive" {
		t.Fatal(err)
	}
	_, _, _, err = LoadCelebA(dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "CelebA cannot be fetched automatically") || !strings.Contains(err.Error(), filepath.Join(dir, "celeba")) {
		t.Fatalf("celeba missing: %v", err)
	}
}

func BenchmarkFillCelebASize(b *testing.B) {
	dir := b.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 178, 218))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 13)
	}
	f, _ := os.Create(filepath.Join(dir, "000001.jpg"))
	jpeg.Encode(f, img, nil)
	f.Close()
	train, _, _, err := Load(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	x, y := make([]float32, 3*40*32), make([]float32, 3*160*128)
	for b.Loop() {
		if err := train.Fill(0, x, y); err != nil {
			b.Fatal(err)
		}
	}
}
