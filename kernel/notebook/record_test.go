package notebook

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/gopherlab/gopherlab/kernel/display"
)

func plain(text string) map[string]any {
	return map[string]any{"text/plain": text, "text/html": "<b>" + text + "</b>"}
}

func TestRecorder(t *testing.T) {
	tests := []struct {
		name  string
		cells []string // each cell is a fake script
		want  [][]Output
	}{
		{"streams merge", []string{`out a
out b\n
err x
err y
out c`}, [][]Output{{
			{Type: "stream", Name: "stdout", Text: "ab\n"},
			{Type: "stream", Name: "stderr", Text: "xy"},
			{Type: "stream", Name: "stdout", Text: "c"},
		}}},
		{"carriage returns overwrite", []string{`out 10%\r
out 50%\r
out 100%\n
out a\rb\r\n`}, [][]Output{{{Type: "stream", Name: "stdout", Text: "100%\nb\r\n"}}}},
		{"display update in place", []string{`show d1 one
out x
update d1 two`}, [][]Output{{
			{Type: "display_data", Data: plain("two"), Metadata: nil},
			{Type: "stream", Name: "stdout", Text: "x"},
		}}},
		{"update of an earlier cell", []string{"show d1 one", "update d1 two\nout y"}, [][]Output{
			{{Type: "display_data", Data: plain("two")}},
			{{Type: "stream", Name: "stdout", Text: "y"}},
		}},
		{"new display with a known id refreshes all", []string{"show d1 one\nshow d1 two"}, [][]Output{
			{{Type: "display_data", Data: plain("two")}, {Type: "display_data", Data: plain("two")}},
		}},
		{"update of an unknown id does nothing", []string{"update zz one"}, [][]Output{nil}},
		{"clear", []string{"out a\nshow - x\nclear\nout b"}, [][]Output{{{Type: "stream", Name: "stdout", Text: "b"}}}},
		{"clear wait applies at next output", []string{"out a\nclearwait\nout b\nout c"}, [][]Output{{{Type: "stream", Name: "stdout", Text: "bc"}}}},
		{"clear wait without output keeps outputs", []string{"out a\nclearwait", "out b"}, [][]Output{
			{{Type: "stream", Name: "stdout", Text: "a"}},
			{{Type: "stream", Name: "stdout", Text: "b"}},
		}},
		{"clear forgets display ids", []string{"show d1 one\nclear\nshow - x\nupdate d1 two"}, [][]Output{
			{{Type: "display_data", Data: plain("x")}},
		}},
		{"image base64", []string{"png"}, [][]Output{{{Type: "display_data", Data: map[string]any{"image/png": "iQ=="}}}}},
		{"result and error", []string{"out a\nresult 42", "fail panic boom"}, [][]Output{
			{{Type: "stream", Name: "stdout", Text: "a"}, {Type: "execute_result", Data: map[string]any{"text/plain": "42"}, ExecutionCount: 1}},
			{{Type: "error", EName: "panic", EValue: "boom", Traceback: []string{"cell line 1: boom"}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := &Notebook{Nbformat: 4, NbformatMinor: 5}
			for _, src := range tt.cells {
				nb.Cells = append(nb.Cells, &Cell{Type: "code", Source: src})
			}
			r := Runner{NewSession: func() (Executor, error) { return newFake(), nil }}
			_ = r.Run(t.Context(), "t.ipynb", nb)
			for i, c := range nb.Cells {
				if !reflect.DeepEqual(c.Outputs, tt.want[i]) {
					t.Errorf("cell %d outputs:\n got %#v\nwant %#v", i+1, c.Outputs, tt.want[i])
				}
			}
		})
	}
}

func TestRecorderAfterFinish(t *testing.T) {
	rec := newRecorder(nil)
	cell := &Cell{Type: "code"}
	rec.start(cell)
	rec.Stream("stdout", "in")
	rec.finish()
	rec.Stream("stdout", "late")
	rec.Display(display.Data{Bundle: map[string]any{"text/plain": "late"}})
	if len(cell.Outputs) != 1 || cell.Outputs[0].Text != "in" {
		t.Errorf("outputs after finish: %+v", cell.Outputs)
	}
	if _, err := rec.Input("name? ", false); err != ErrNoStdin {
		t.Errorf("Input error = %v, want ErrNoStdin", err)
	}
}

func TestAppendStream(t *testing.T) {
	tests := []struct{ old, text, want string }{
		{"", "abc", "abc"},
		{"a\n", "b\rc", "a\nc"},
		{"line\n50%", "\r60%", "line\n60%"},
		{"x\r", "\n", "x\r\n"},
		{"keep\r\nfirst\n", "a\rb\rc\n", "keep\r\nfirst\nc\n"},
	}
	for _, tt := range tests {
		if got := appendStream(tt.old, tt.text); got != tt.want {
			t.Errorf("appendStream(%q, %q) = %q, want %q", tt.old, tt.text, got, tt.want)
		}
	}
}

// A cell's goroutines write concurrently; run with -race.
func TestRecorderConcurrent(t *testing.T) {
	rec := newRecorder(func(string, string) {})
	cell := &Cell{Type: "code"}
	rec.start(cell)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				rec.Stream("stdout", "x")
				rec.Display(display.Data{Bundle: map[string]any{"text/plain": "p"}, ID: fmt.Sprint("d", g), Update: true})
			}
		}()
	}
	wg.Wait()
	rec.finish()
	if len(cell.Outputs) != 1 || len(cell.Outputs[0].Text) != 400 {
		t.Errorf("outputs after concurrent writes: %d outputs, text length %d", len(cell.Outputs), len(cell.Outputs[0].Text))
	}
}
