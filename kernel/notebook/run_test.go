package notebook

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func codeNotebook(sources ...string) *Notebook {
	nb := &Notebook{Nbformat: 4, NbformatMinor: 5, Cells: []*Cell{{Type: "markdown", Source: "# t"}}}
	for _, s := range sources {
		nb.Cells = append(nb.Cells, &Cell{Type: "code", Source: s, ExecutionCount: 9,
			Outputs: []Output{{Type: "stream", Name: "stdout", Text: "stale"}}})
	}
	return nb
}

func TestRunStopsAtFirstError(t *testing.T) {
	nb := codeNotebook("set x 1", "  \n", "get x\nresult 2", "fail panic runtime error: index out of range", "out never")
	sess := newFake()
	var log bytes.Buffer
	r := Runner{NewSession: func() (Executor, error) { return sess, nil }, Log: &log}
	err := r.Run(context.Background(), "demo.ipynb", nb)
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("Run error = %v, want a *CellError", err)
	}
	if ce.Cell != 4 || ce.Cells != 5 || ce.Err.Name != "panic" {
		t.Errorf("CellError = %+v", ce)
	}
	want := "demo.ipynb: cell 4/5 failed: panic: runtime error: index out of range"
	if err.Error() != want {
		t.Errorf("error message:\n got %s\nwant %s", err, want)
	}
	counts := []int{}
	for _, c := range nb.Cells[1:] {
		counts = append(counts, c.ExecutionCount)
	}
	if want := []int{1, 0, 2, 3, 0}; !slices.Equal(counts, want) {
		t.Errorf("execution counts %v, want %v", counts, want)
	}
	if o := nb.Cells[3].Outputs; len(o) != 2 || o[0].Text != "1\n" || o[1].Type != "execute_result" || o[1].ExecutionCount != 2 {
		t.Errorf("cell 3 outputs %+v", o)
	}
	if o := nb.Cells[4].Outputs; len(o) != 1 || o[0].Type != "error" {
		t.Errorf("failing cell outputs %+v", o)
	}
	if len(nb.Cells[5].Outputs) != 0 {
		t.Errorf("cell after the failure kept stale outputs %+v", nb.Cells[5].Outputs)
	}
	exec, _ := nb.Cells[1].Metadata["execution"].(map[string]any)
	if start, _ := exec["iopub.execute_input"].(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`).MatchString(start) {
		t.Errorf("cell 1 metadata.execution = %v", nb.Cells[1].Metadata["execution"])
	}
	if _, ok := nb.Cells[2].Metadata["execution"]; ok {
		t.Error("the empty cell got execution times")
	}
	if !sess.closed {
		t.Error("session not closed")
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	pattern := []string{
		`^\[demo.ipynb\] cell 1/5 \.\.\. ok \d+\.\ds$`,
		`^\[demo.ipynb\] cell 2/5 \.\.\. empty$`,
		`^\[demo.ipynb\] cell 3/5 \.\.\. ok \d+\.\ds$`,
		`^\[demo.ipynb\] cell 4/5 \.\.\. error \d+\.\ds$`,
	}
	if len(lines) != len(pattern) {
		t.Fatalf("log:\n%s", log.String())
	}
	for i, p := range pattern {
		if !regexp.MustCompile(p).MatchString(lines[i]) {
			t.Errorf("log line %q does not match %s", lines[i], p)
		}
	}
}

func TestRunLanguageInfo(t *testing.T) {
	nb := codeNotebook("out a")
	nb.Metadata = map[string]any{"language_info": map[string]any{"name": "python"}, "other": 1}
	info := map[string]any{"name": "go", "version": "1.26"}
	r := Runner{NewSession: func() (Executor, error) { return newFake(), nil }, LanguageInfo: info}
	if err := r.Run(context.Background(), "x", nb); err != nil {
		t.Fatal(err)
	}
	if got := nb.Metadata["language_info"].(map[string]any); got["name"] != "go" || nb.Metadata["other"] != 1 {
		t.Errorf("metadata after Run: %v", nb.Metadata)
	}
}

func TestRunTimeout(t *testing.T) {
	nb := codeNotebook("out before", "hang", "out never")
	r := Runner{NewSession: func() (Executor, error) { return newFake(), nil }, Timeout: 50 * time.Millisecond}
	err := r.Run(context.Background(), "slow.ipynb", nb)
	var ce *CellError
	if !errors.As(err, &ce) || !ce.TimedOut || ce.Cell != 2 {
		t.Fatalf("Run error = %v, want a timeout in cell 2", err)
	}
	if !strings.Contains(err.Error(), "did not finish within 50ms (--timeout)") {
		t.Errorf("error message %q does not name the timeout", err)
	}
	if o := nb.Cells[2].Outputs; len(o) != 1 || o[0].EName != "Timeout" {
		t.Errorf("timed out cell outputs %+v", o)
	}
}

func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	r := Runner{NewSession: func() (Executor, error) { return newFake(), nil }}
	err := r.Run(ctx, "x.ipynb", codeNotebook("hang"))
	var ce *CellError
	if !errors.As(err, &ce) || ce.TimedOut || ce.Err.Name != "Interrupted" {
		t.Fatalf("Run error = %v, want Interrupted", err)
	}
}

func TestRunSessionError(t *testing.T) {
	r := Runner{NewSession: func() (Executor, error) { return nil, errors.New("no symbols") }}
	err := r.Run(context.Background(), "x.ipynb", codeNotebook("out a"))
	if err == nil || err.Error() != "x.ipynb: starting a session: no symbols" {
		t.Errorf("Run error = %v", err)
	}
}

func TestRunFreshSessionPerNotebook(t *testing.T) {
	r := Runner{NewSession: func() (Executor, error) { return newFake(), nil }}
	a, b := codeNotebook("set x 1"), codeNotebook("get x")
	for _, nb := range []*Notebook{a, b} {
		if err := r.Run(context.Background(), "x", nb); err != nil {
			t.Fatal(err)
		}
	}
	if got := b.Cells[1].Outputs[0].Text; got != "\n" {
		t.Errorf("second notebook saw the first one's variable: %q", got)
	}
}

func TestRunLiveDisplays(t *testing.T) {
	src := "show p1 load 1/4 (1s)\nupdate p1 load 3/4 (2s)\nshow h1 <text/html>\nupdate p1 load 4/4 (3s) done"
	t.Run("log", func(t *testing.T) {
		var log bytes.Buffer
		r := Runner{NewSession: func() (Executor, error) { return newFake(), nil }, Log: &log}
		if err := r.Run(context.Background(), "p", codeNotebook(src)); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(log.String(), "  [####################] load 4/4 (3s) done\n[p] cell 1/1 ... ok") {
			t.Errorf("log:\n%s", log.String())
		}
	})
	t.Run("terminal", func(t *testing.T) {
		var log bytes.Buffer
		r := Runner{NewSession: func() (Executor, error) { return newFake(), nil }, Log: &log, Terminal: true}
		if err := r.Run(context.Background(), "p", codeNotebook(src)); err != nil {
			t.Fatal(err)
		}
		want := "\r\x1b[K[#####---------------] load 1/4 (1s)" +
			"\r\x1b[K[###############-----] load 3/4 (2s)" +
			"\r\x1b[K[####################] load 4/4 (3s) done\n[p] cell 1/1 ... ok"
		if !strings.HasPrefix(log.String(), want) {
			t.Errorf("log:\n%q\nwant prefix\n%q", log.String(), want)
		}
	})
}

func TestLiveLogShowsLastLine(t *testing.T) {
	var log bytes.Buffer
	l := &liveLog{w: &log, terminal: true}
	l.show("fit", "epoch 1/2  loss 0.5\nepoch 2/2  batch 3/4  loss 0.2\n")
	if want := "\r\x1b[K[###############-----] epoch 2/2  batch 3/4  loss 0.2"; log.String() != want {
		t.Errorf("log %q, want %q", log.String(), want)
	}
}

func TestTextBar(t *testing.T) {
	tests := []struct{ in, want string }{
		{"epoch 0/10", "[--------------------] epoch 0/10"},
		{"epoch 5/10 (2s)", "[##########----------] epoch 5/10 (2s)"},
		{"over 12/10", "[####################] over 12/10"},
		{"no total 3/0", "no total 3/0"},
		{"just text", "just text"},
		{"epoch 2/5  batch 1/4", "[#####---------------] epoch 2/5  batch 1/4"},
	}
	for _, tt := range tests {
		if got := textBar(tt.in); got != tt.want {
			t.Errorf("textBar(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
