package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/kernel/notebook"
)

const tour = "../../notebooks/00-tour.ipynb"

// checkTour checks the outputs of an executed tour notebook, whichever
// runner executed it.
func checkTour(t *testing.T, path string) {
	t.Helper()
	cells := codeCells(t, path)
	if len(cells) != 8 {
		t.Fatalf("%d code cells, want 8", len(cells))
	}
	for i, c := range cells {
		if c.ExecutionCount != i+1 {
			t.Errorf("cell %d: execution count %d", i+1, c.ExecutionCount)
		}
		for _, o := range c.Outputs {
			if o.Type == "error" {
				t.Errorf("cell %d failed: %s: %s", i+1, o.EName, o.EValue)
			}
		}
	}
	hasOutput := func(cell int, pred func(o notebook.Output) bool, what string) {
		t.Helper()
		for _, o := range cells[cell-1].Outputs {
			if pred(o) {
				return
			}
		}
		t.Errorf("cell %d has no %s; outputs: %+v", cell, what, cells[cell-1].Outputs)
	}
	text := func(o notebook.Output) string {
		if o.Type == "stream" {
			return o.Text
		}
		s, _ := o.Data["text/plain"].(string)
		return s
	}
	hasOutput(2, func(o notebook.Output) bool {
		return o.Type == "stream" && strings.Contains(o.Text, "3 *** Hello, Gopherlab!")
	}, "greeting")
	hasOutput(3, func(o notebook.Output) bool { return o.Type == "execute_result" && text(o) == "6765" }, "fib(20) = 6765")
	hasOutput(4, func(o notebook.Output) bool { return o.Type == "display_data" && o.Data["text/html"] != nil }, "HTML display")
	hasOutput(4, func(o notebook.Output) bool { return o.Type == "display_data" && o.Data["text/markdown"] != nil }, "Markdown display")
	hasOutput(progressCell, func(o notebook.Output) bool {
		return o.Type == "display_data" && strings.Contains(text(o), "10/10")
	}, "finished progress bar")
	hasOutput(6, func(o notebook.Output) bool { return o.Type == "execute_result" && o.Data["image/png"] != nil }, "PNG image")
	hasOutput(7, func(o notebook.Output) bool { return o.Type == "execute_result" && o.Data["image/png"] != nil }, "PNG plot")
	hasOutput(8, func(o notebook.Output) bool {
		return o.Type == "execute_result" && strings.Contains(text(o), "Hello, Gopherlab!") && strings.Contains(text(o), "6765")
	}, "struct value")
}

func TestTourRun(t *testing.T) {
	out := t.TempDir()
	abs, _ := filepath.Abs(tour)
	code, _, stderr := gopherlab(t, ".", "run", "--timeout", "30s", "--out", out, abs)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	checkTour(t, filepath.Join(out, "00-tour.ipynb"))
}

// TestTourNbconvert runs the tour through Jupyter's own nbconvert with the
// kernel installed into a temporary JUPYTER_PATH.
func TestTourNbconvert(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import nbconvert, nbclient").Run(); err != nil {
		t.Skipf("%s with nbconvert and nbclient is not installed (install.sh --test-deps installs them): %v", python, err)
	}
	tmp := t.TempDir()
	prefix := filepath.Join(tmp, "prefix")
	if code, _, stderr := gopherlab(t, ".", "install", "--prefix", prefix); code != 0 {
		t.Fatalf("install: exit %d:\n%s", code, stderr)
	}
	out := filepath.Join(tmp, "out")
	cmd := exec.Command(python, "-m", "nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.kernel_name=gopherlab", "--ExecutePreprocessor.timeout=60",
		"--output-dir", out, tour)
	cmd.Env = append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(tmp, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "config"),
		"GOPHERLAB_HISTORY_DIR="+filepath.Join(tmp, "history"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, b)
	}
	nbconverted := filepath.Join(out, "00-tour.ipynb")
	checkTour(t, nbconverted)

	// gopherlab run must store what nbconvert stores.
	runOut := filepath.Join(tmp, "run")
	if code, _, stderr := gopherlab(t, ".", "run", "--out", runOut, tour); code != 0 {
		t.Fatalf("gopherlab run: exit %d:\n%s", code, stderr)
	}
	want, got := codeCells(t, nbconverted), codeCells(t, filepath.Join(runOut, "00-tour.ipynb"))
	for i := range want {
		var w, g any = want[i].Outputs, got[i].Outputs
		if i+1 == progressCell {
			// The bar's text shows the elapsed time: compare the shape only.
			w, g = shape(want[i].Outputs), shape(got[i].Outputs)
		}
		if !reflect.DeepEqual(w, g) {
			t.Errorf("cell %d: gopherlab run stored\n%+v\nnbconvert stored\n%+v", i+1, g, w)
		}
	}
	wantNB, _ := notebook.ReadFile(nbconverted)
	gotNB, _ := notebook.ReadFile(filepath.Join(runOut, "00-tour.ipynb"))
	if w, g := wantNB.Metadata["language_info"], gotNB.Metadata["language_info"]; !reflect.DeepEqual(w, g) {
		t.Errorf("language_info: gopherlab run %v, nbconvert %v", g, w)
	}
}

// progressCell is the tour's code cell with a progress bar.
const progressCell = 5

// shape keeps the output types and MIME types of outputs.
func shape(outs []notebook.Output) []string {
	var s []string
	for _, o := range outs {
		keys := make([]string, 0, len(o.Data))
		for k := range o.Data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		s = append(s, o.Type+" "+o.Name+strings.Join(keys, ","))
	}
	return s
}
