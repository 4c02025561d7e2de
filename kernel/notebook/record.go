package notebook

import (
	"errors"
	"strings"
	"sync"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/engine"
)

// ErrNoStdin is what a cell asking for input gets from the headless runner.
var ErrNoStdin = errors.New("no stdin in a headless run: gopherlab run cannot answer Input or os.Stdin reads; pass values with --param instead")

// recorder is the engine.Output of one notebook run. It stores each cell's
// outputs as nbclient does. A cell's goroutines may outlive it and write
// concurrently, hence the mutex; their late output goes to the cell that ran
// last.
type recorder struct {
	mu           sync.Mutex
	cell         *Cell // receives outputs; nil once the run is over
	clearPending bool  // clear_output(wait=true) not yet applied
	// displays maps a display id to the outputs showing it, in every cell,
	// since a later cell may update an earlier cell's display.
	displays map[string][]outputRef
	// live, if set, gets the text/plain of every display that has an id
	// (progress bars), for the terminal.
	live func(id, text string)
}

type outputRef struct {
	cell  *Cell
	index int
}

var _ engine.Output = (*recorder)(nil)

func newRecorder(live func(id, text string)) *recorder {
	return &recorder{displays: map[string][]outputRef{}, live: live}
}

// start directs outputs to cell, clearing its old ones.
func (r *recorder) start(cell *Cell) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cell = cell
	r.clearPending = false
	r.clearCell()
}

// finish drops outputs arriving after the run.
func (r *recorder) finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cell = nil
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cell == nil || text == "" {
		return
	}
	r.beforeOutput()
	outs := r.cell.Outputs
	if n := len(outs); n > 0 && outs[n-1].Type == "stream" && outs[n-1].Name == name {
		outs[n-1].Text = appendStream(outs[n-1].Text, text)
		return
	}
	r.cell.Outputs = append(outs, Output{Type: "stream", Name: name, Text: appendStream("", text)})
}

func (r *recorder) Display(d display.Data) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cell == nil {
		return
	}
	data := d.JSONBundle()
	if d.ID != "" {
		// Like nbclient, any output carrying a known display id refreshes
		// every output shown with that id.
		for _, ref := range r.displays[d.ID] {
			o := &ref.cell.Outputs[ref.index]
			o.Data, o.Metadata = data, d.Metadata
		}
		if r.live != nil {
			if s, ok := d.Bundle["text/plain"].(string); ok {
				r.live(d.ID, s)
			}
		}
		if d.Update {
			return
		}
	}
	r.beforeOutput()
	if d.ID != "" {
		r.displays[d.ID] = append(r.displays[d.ID], outputRef{r.cell, len(r.cell.Outputs)})
	}
	r.cell.Outputs = append(r.cell.Outputs, Output{Type: "display_data", Data: data, Metadata: d.Metadata})
}

func (r *recorder) ClearOutput(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cell == nil {
		return
	}
	if wait {
		r.clearPending = true
		return
	}
	r.clearCell()
}

func (r *recorder) Input(prompt string, password bool) (string, error) {
	return "", ErrNoStdin
}

// result records the cell's final value.
func (r *recorder) result(d *display.Data, count int) {
	r.add(Output{Type: "execute_result", Data: d.JSONBundle(), Metadata: d.Metadata, ExecutionCount: count})
}

// error records the cell's error.
func (r *recorder) error(e *engine.Error) {
	tb := e.Traceback
	if tb == nil {
		tb = []string{e.Name + ": " + e.Value}
	}
	r.add(Output{Type: "error", EName: e.Name, EValue: e.Value, Traceback: tb})
}

func (r *recorder) add(o Output) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cell == nil {
		return
	}
	r.beforeOutput()
	r.cell.Outputs = append(r.cell.Outputs, o)
}

// beforeOutput applies a pending clear_output(wait=true), as the next output
// arrives.
func (r *recorder) beforeOutput() {
	if r.clearPending {
		r.clearPending = false
		r.clearCell()
	}
}

// clearCell removes the current cell's outputs and forgets their display ids.
func (r *recorder) clearCell() {
	r.cell.Outputs = nil
	for id, refs := range r.displays {
		kept := refs[:0]
		for _, ref := range refs {
			if ref.cell != r.cell {
				kept = append(kept, ref)
			}
		}
		if len(kept) == 0 {
			delete(r.displays, id)
		} else {
			r.displays[id] = kept
		}
	}
}

// appendStream appends text to a stream's text and, as nbconvert's
// coalesce_streams does, applies carriage returns: on each line, what comes
// before a '\r' that is not at the end of the line is overwritten. Only the
// last line of old can change, so the work is proportional to the new text.
func appendStream(old, text string) string {
	i := strings.LastIndexByte(old, '\n') + 1
	tail := old[i:] + text
	if !strings.Contains(tail, "\r") {
		return old + text
	}
	lines := strings.SplitAfter(tail, "\n")
	for j, l := range lines {
		body := strings.TrimSuffix(l, "\n")
		if k := strings.LastIndexByte(body[:max(len(body)-1, 0)], '\r'); k >= 0 {
			lines[j] = l[k+1:]
		}
	}
	return old[:i] + strings.Join(lines, "")
}
