package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/internal/testenv"
	"github.com/gopherlab/gopherlab/kernel/notebook"
)

const tour = "../../notebooks/00-tour.ipynb"

// checkTour checks the outputs of an executed tour notebook, whichever
// runner executed it.
func checkTour(t *testing.T, path string) {
	t.Helper()
	cells := codeCells(t, path)
	if len(cells) != 11 {
		t.Fatalf("%d code cells, want 11", len(cells))
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
	hasOutput(9, func(o notebook.Output) bool { return o.Type == "execute_result" && o.Data["image/png"] != nil }, "PNG loss curve")
	hasOutput(10, func(o notebook.Output) bool { return o.Type == "execute_result" && o.Data["image/png"] != nil }, "PNG image grid")
	hasOutput(tourFitCell, func(o notebook.Output) bool {
		return o.Type == "display_data" && strings.Contains(text(o), "epoch 5/5") && strings.Contains(textOf(o.Data["text/html"]), "<svg")
	}, "Fit's final progress with its loss plot")
	hasOutput(tourFitCell, func(o notebook.Output) bool {
		return o.Type == "stream" && regexp.MustCompile(`validation accuracy (0\.9\d|1\.00)\n`).MatchString(o.Text)
	}, "validation accuracy of at least 0.9")
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

// nbconvert executes the notebook at path with Jupyter's own nbconvert,
// through the kernel installed into a temporary JUPYTER_PATH, and returns
// the executed notebook's path.
func nbconvert(t *testing.T, path string) string {
	t.Helper()
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import nbconvert, nbclient").Run(); err != nil {
		testenv.Missing(t, "%s with nbconvert and nbclient is not installed (install.sh --test-deps installs them): %v", python, err)
	}
	tmp := t.TempDir()
	prefix := filepath.Join(tmp, "prefix")
	if code, _, stderr := gopherlab(t, ".", "install", "--prefix", prefix); code != 0 {
		t.Fatalf("install: exit %d:\n%s", code, stderr)
	}
	out := filepath.Join(tmp, "out")
	cmd := exec.Command(python, "-m", "nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.kernel_name=gopherlab", "--ExecutePreprocessor.timeout=600",
		"--output-dir", out, path)
	cmd.Env = append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(tmp, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "config"),
		"GOPHERLAB_HISTORY_DIR="+filepath.Join(tmp, "history"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, b)
	}
	return filepath.Join(out, filepath.Base(path))
}

// sameAsNbconvert runs path with gopherlab run and checks that it stores
// what nbconvert stored in nbconverted: the same outputs in every code cell
// (only the shape for the cells in shapeOnly) and the same language_info.
// nbclient keeps each stream message as an output where gopherlab run, like
// JupyterLab, merges consecutive ones: the comparison merges them too.
func sameAsNbconvert(t *testing.T, path, nbconverted string, shapeOnly ...int) {
	t.Helper()
	runOut := t.TempDir()
	if code, _, stderr := gopherlab(t, ".", "run", "--out", runOut, path); code != 0 {
		t.Fatalf("gopherlab run: exit %d:\n%s", code, stderr)
	}
	ran := filepath.Join(runOut, filepath.Base(path))
	want, got := codeCells(t, nbconverted), codeCells(t, ran)
	for i := range want {
		var w, g any = mergeStreams(want[i].Outputs), got[i].Outputs
		if slices.Contains(shapeOnly, i+1) {
			w, g = shape(want[i].Outputs), shape(got[i].Outputs)
		}
		if !reflect.DeepEqual(w, g) {
			t.Errorf("cell %d: gopherlab run stored\n%+v\nnbconvert stored\n%+v", i+1, g, w)
		}
	}
	wantNB, _ := notebook.ReadFile(nbconverted)
	gotNB, _ := notebook.ReadFile(ran)
	if w, g := wantNB.Metadata["language_info"], gotNB.Metadata["language_info"]; !reflect.DeepEqual(w, g) {
		t.Errorf("language_info: gopherlab run %v, nbconvert %v", g, w)
	}
}

func TestTourNbconvert(t *testing.T) {
	nbconverted := nbconvert(t, tour)
	checkTour(t, nbconverted)
	// The progress bars' text shows the elapsed time: compare their shape.
	sameAsNbconvert(t, tour, nbconverted, progressCell, tourFitCell)
}

// TestDisplaysNbconvert checks display updates (also of an earlier cell's
// display) and clear_output with and without wait against nbconvert.
func TestDisplaysNbconvert(t *testing.T) {
	const path = "testdata/displays.ipynb"
	nbconverted := nbconvert(t, path)
	sameAsNbconvert(t, path, nbconverted)
	var got [][]string
	for _, c := range codeCells(t, nbconverted) {
		var texts []string
		for _, o := range c.Outputs {
			texts = append(texts, fmt.Sprint(o.Data["text/plain"]))
		}
		got = append(got, texts)
	}
	want := [][]string{
		{"updated from a later cell", "between"},
		{"cell 2"},
		{"after clear", "and this"},
		{"kept"},
		nil,
		{"last"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("displays stored:\n%q\nwant\n%q", got, want)
	}
}

// mergeStreams merges consecutive stream outputs of the same name.
func mergeStreams(outs []notebook.Output) []notebook.Output {
	var merged []notebook.Output
	for _, o := range outs {
		if n := len(merged); n > 0 && o.Type == "stream" && merged[n-1].Type == "stream" && merged[n-1].Name == o.Name {
			merged[n-1].Text += o.Text
			continue
		}
		merged = append(merged, o)
	}
	return merged
}

// progressCell and tourFitCell are the tour's code cells with a progress bar
// (display.NewProgress, train.FitTensors).
const (
	progressCell = 5
	tourFitCell  = 11
)

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
