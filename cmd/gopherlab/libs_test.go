package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/internal/testenv"
	"github.com/gopherlab/gopherlab/kernel/notebook"
	"github.com/gopherlab/gopherlab/plots"
)

// The cells of the library tests, shared by the kernel and the runner.
const (
	libImports = `import (
	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"github.com/gopherlab/gopherlab/lib/train"
)`
	lossFigureCell = `plots.Must(plots.Loss([]float64{3, 2, 1}, nil))`
	// Two separable classes of 2-D points.
	dataCell = `r := rand.New(rand.NewSource(1))
n := 400
xs := make([]float32, 2*n)
ys := make([]int, n)
for i := 0; i < n; i++ {
	c := r.Intn(2)
	xs[2*i] = float32(4*c-2) + float32(r.NormFloat64()*0.5)
	xs[2*i+1] = float32(r.NormFloat64() * 0.5)
	ys[i] = c
}
x := tensor.New(tensor.WithShape(n, 2), tensor.WithBacking(xs))
y := tensor.New(tensor.WithShape(n), tensor.WithBacking(ys))`
	fitCell = `nn.ManualSeed(1)
model := nn.Sequential(nn.Dense(2, 16), nn.ReLU(), nn.Dense(16, 2))
hist, err := train.FitTensors(nil, model, x, y, train.Config{
	Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.01), Epochs: 5, BatchSize: 32,
})
l := hist.Loss()
fmt.Printf("loss %.4f -> %.4f err %v\n", l[0], l[len(l)-1], err)`
	// accuracy of the model on x, y
	predictCell = `p, err := model.Predict(x)
probs := nn.Float64s(p)
right := 0
for i := 0; i < n; i++ {
	pred := 0
	if probs[2*i+1] > probs[2*i] {
		pred = 1
	}
	if pred == ys[i] {
		right++
	}
}
fmt.Printf("accuracy %.3f err %v\n", float64(right)/float64(n), err)`
	// long enough never to end by itself: the test interrupts it
	longFitCell = `long, err := train.FitTensors(nil, model, x, y, train.Config{
	Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.SGD(0.001), Epochs: 1000000, BatchSize: 4,
})
fmt.Println("fit returned", err)`
	mnistCell = `tr, te, err := mnist.Load("")
fmt.Println(tr.N, te.N, tr.H, tr.W, err)`
)

var (
	lossLine     = regexp.MustCompile(`loss (\d+\.\d+) -> (\d+\.\d+) err <nil>`)
	accuracyLine = regexp.MustCompile(`accuracy (\d\.\d+) err <nil>`)
)

// checkLossFalls checks the fit cell's stdout.
func checkLossFalls(t *testing.T, stdout string) {
	t.Helper()
	m := lossLine.FindStringSubmatch(stdout)
	if m == nil {
		t.Errorf("fit printed %q, want the first and last epoch losses", stdout)
		return
	}
	first, _ := strconv.ParseFloat(m[1], 64)
	last, _ := strconv.ParseFloat(m[2], 64)
	if last > first/4 {
		t.Errorf("loss fell only from %v to %v", first, last)
	}
}

func checkAccuracy(t *testing.T, stdout string) {
	t.Helper()
	m := accuracyLine.FindStringSubmatch(stdout)
	if m == nil {
		t.Errorf("predict printed %q, want an accuracy", stdout)
		return
	}
	if acc, _ := strconv.ParseFloat(m[1], 64); acc < 0.95 {
		t.Errorf("accuracy %v after training on separable classes, want >= 0.95", acc)
	}
}

// checkFigurePNG checks that data (a MIME bundle as Jupyter sends it) holds
// the loss figure as a PNG of the size plots renders it at.
func checkFigurePNG(t *testing.T, data map[string]any) {
	t.Helper()
	b64, _ := data["image/png"].(string)
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) == 0 {
		t.Fatalf("no base64 image/png in %v: %v", keys(data), err)
	}
	got, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("image/png does not decode: %v", err)
	}
	ref, err := plots.Must(plots.Loss([]float64{3, 2, 1}, nil)).PNG()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := png.DecodeConfig(bytes.NewReader(ref))
	if got.Width != want.Width || got.Height != want.Height || got.Width < 100 {
		t.Errorf("PNG is %dx%d, want the figure's %dx%d", got.Width, got.Height, want.Width, want.Height)
	}
}

func keys(m map[string]any) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	return k
}

// checkProgress checks Fit's progress display: text with the last epoch,
// and HTML with a bar and the SVG loss plot.
func checkProgress(t *testing.T, data map[string]any) {
	t.Helper()
	text := textOf(data["text/plain"])
	html := textOf(data["text/html"])
	if !strings.Contains(text, "epoch 5/5") {
		t.Errorf("final progress text %q lacks the last epoch", text)
	}
	if !strings.Contains(html, "<svg") || !strings.Contains(html, "<polyline") {
		t.Errorf("final progress HTML has no loss plot: %.300s", html)
	}
}

// textOf reads a MIME text value, a string or (in stored notebooks) a list
// of lines.
func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			b.WriteString(textOf(s))
		}
		return b.String()
	}
	return ""
}

// kernelStep is one cell for testdata/drive_kernel.py, and what it saw.
type kernelStep struct {
	Code           string   `json:"code"`
	InterruptAfter *float64 `json:"interrupt_after"`
}

type kernelMsg struct {
	Type    string         `json:"type"`
	Content map[string]any `json:"content"`
}

type kernelResult struct {
	Reply map[string]any `json:"reply"`
	IOPub []kernelMsg    `json:"iopub"`
}

func (r kernelResult) stdout() string {
	var b strings.Builder
	for _, m := range r.IOPub {
		if m.Type == "stream" && m.Content["name"] == "stdout" {
			b.WriteString(textOf(m.Content["text"]))
		}
	}
	return b.String()
}

func (r kernelResult) ok(t *testing.T, cell string) {
	t.Helper()
	if r.Reply["status"] != "ok" {
		t.Fatalf("%s: reply %v\niopub %v", cell, r.Reply, r.IOPub)
	}
}

// driveKernel runs the sessions of cells on the real kernel, installed
// into a temporary JUPYTER_PATH, through jupyter_client.
func driveKernel(t *testing.T, sessions [][]kernelStep) [][]kernelResult {
	t.Helper()
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import jupyter_client").Run(); err != nil {
		testenv.Missing(t, "%s cannot import jupyter_client (install.sh --test-deps installs it): %v", python, err)
	}
	tmp := t.TempDir()
	prefix := filepath.Join(tmp, "prefix")
	if code, _, stderr := gopherlab(t, ".", "install", "--prefix", prefix); code != 0 {
		t.Fatalf("install: exit %d:\n%s", code, stderr)
	}
	in, err := json.Marshal(sessions)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, filepath.Join("testdata", "drive_kernel.py"))
	cmd.Stdin = bytes.NewReader(in)
	cmd.Env = append(os.Environ(),
		"GOPHERLAB_TEST_KERNEL=gopherlab",
		"GOPHERLAB_DATA="+sharedData(t),
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(tmp, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "config"),
		"GOPHERLAB_HISTORY_DIR="+filepath.Join(tmp, "history"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("drive_kernel.py: %v\n%s", err, stderr.String())
	}
	var res [][]kernelResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("drive_kernel.py output: %v\n%.500s", err, out)
	}
	return res
}

func TestKernelLibraries(t *testing.T) {
	after := 1.5
	res := driveKernel(t, [][]kernelStep{
		{ // explicit imports
			{Code: libImports},
			{Code: lossFigureCell},
			{Code: dataCell},
			{Code: fitCell},
			{Code: predictCell},
		},
		{ // auto-import, datasets and interrupt
			{Code: dataCell},
			{Code: fitCell},
			{Code: mnistCell},
			{Code: longFitCell, InterruptAfter: &after},
			{Code: predictCell},
		},
	})
	explicit, auto := res[0], res[1]
	for i, r := range explicit {
		r.ok(t, "explicit cell "+strconv.Itoa(i+1))
	}

	t.Run("figure", func(t *testing.T) {
		var data map[string]any
		for _, m := range explicit[1].IOPub {
			if m.Type == "execute_result" {
				data, _ = m.Content["data"].(map[string]any)
			}
		}
		checkFigurePNG(t, data)
	})

	checkFit := func(t *testing.T, fit, predict kernelResult) {
		checkLossFalls(t, fit.stdout())
		// Progress: a display_data, then update_display_data with its id.
		var id string
		var updates int
		var last map[string]any
		for _, m := range fit.IOPub {
			tr, _ := m.Content["transient"].(map[string]any)
			did, _ := tr["display_id"].(string)
			switch m.Type {
			case "display_data":
				if id != "" || did == "" {
					t.Errorf("display_data with id %q after %q: want one progress display with an id", did, id)
				}
				id = did
			case "update_display_data":
				if did != id {
					t.Errorf("update_display_data for %q, progress display is %q", did, id)
				}
				updates++
			default:
				continue
			}
			last, _ = m.Content["data"].(map[string]any)
		}
		if id == "" || updates < 4 {
			t.Fatalf("progress: display id %q, %d updates; want a display updated each epoch", id, updates)
		}
		checkProgress(t, last)
		checkAccuracy(t, predict.stdout())
	}
	t.Run("fit with imports", func(t *testing.T) { checkFit(t, explicit[3], explicit[4]) })

	for i, r := range auto {
		if i != 3 {
			r.ok(t, "auto-import cell "+strconv.Itoa(i+1))
		}
	}
	t.Run("fit with auto-import", func(t *testing.T) { checkFit(t, auto[1], auto[4]) })

	t.Run("mnist", func(t *testing.T) {
		if got := auto[2].stdout(); got != "60000 10000 28 28 <nil>\n" {
			t.Errorf("mnist.Load in a cell printed %q", got)
		}
	})

	t.Run("interrupt", func(t *testing.T) {
		r := auto[3]
		if r.Reply["status"] != "error" || r.Reply["ename"] != "Interrupted" {
			t.Errorf("interrupted fit: reply %v, want an Interrupted error", r.Reply)
		}
		// auto[4], the prediction after it, passed checkAccuracy above.
	})
}

// TestRunLibraries runs the library cells with gopherlab run.
func TestRunLibraries(t *testing.T) {
	t.Setenv("GOPHERLAB_DATA", sharedData(t))
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": "gopherlab", "display_name": "Go (Gopherlab)", "language": "go"}},
	}
	var cells []any
	for _, src := range []string{lossFigureCell, dataCell, fitCell, predictCell, mnistCell} {
		cells = append(cells, map[string]any{"cell_type": "code", "metadata": map[string]any{}, "source": src, "outputs": []any{}, "execution_count": nil})
	}
	nb["cells"] = cells
	b, _ := json.Marshal(nb)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "libs.ipynb"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := gopherlab(t, dir, "run", "libs.ipynb")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	cs := codeCells(t, filepath.Join(dir, "libs.out.ipynb"))
	outputOf := func(c *notebook.Cell, typ string) map[string]any {
		for _, o := range c.Outputs {
			if o.Type == typ {
				return o.Data
			}
		}
		t.Fatalf("no %s output among %+v", typ, c.Outputs)
		return nil
	}
	checkFigurePNG(t, outputOf(cs[0], "execute_result"))
	checkLossFalls(t, streams(cs[2])["stdout"])
	checkProgress(t, outputOf(cs[2], "display_data"))
	checkAccuracy(t, streams(cs[3])["stdout"])
	if got := streams(cs[4])["stdout"]; got != "60000 10000 28 28 <nil>\n" {
		t.Errorf("mnist.Load printed %q", got)
	}
	// The runner shows Fit's progress on stderr as a text bar.
	if !regexp.MustCompile(`\[#+-*\] epoch \d/5`).MatchString(stderr) {
		t.Errorf("stderr has no text progress bar for Fit:\n%s", stderr)
	}
}
