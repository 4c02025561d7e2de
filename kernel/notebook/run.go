package notebook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/engine"
)

// Executor runs cells one at a time, keeping state between them;
// *engine.Session implements it.
type Executor interface {
	Execute(ctx context.Context, code string, out engine.Output) (*display.Data, error)
}

// Runner executes notebooks headless.
type Runner struct {
	// NewSession returns the fresh session each notebook runs on. If it
	// also implements io.Closer, it is closed after the run.
	NewSession func() (Executor, error)
	// Timeout limits each cell; zero means no limit.
	Timeout time.Duration
	// Log receives a progress line per cell and the text/plain of displays
	// that update in place (progress bars, drawn with a text bar when the
	// text shows n/total); nil discards them.
	Log io.Writer
	// Terminal redraws live displays in place on Log (set it when Log is a
	// terminal); otherwise their final text is printed once per cell.
	Terminal bool
	// LanguageInfo, if set, replaces the notebook's metadata.language_info,
	// as nbclient does with the kernel's kernel_info.
	LanguageInfo map[string]any
}

// CellError is a failed run: the cell that failed and why.
type CellError struct {
	Notebook string // the name given to Run
	Cell     int    // 1-based number of the cell among the code cells
	Cells    int    // number of code cells
	Source   string // the cell's source
	Err      *engine.Error
	TimedOut bool
}

func (e *CellError) Error() string {
	return fmt.Sprintf("%s: cell %d/%d failed: %s: %s", e.Notebook, e.Cell, e.Cells, e.Err.Name, e.Err.Value)
}

// Run executes the code cells of nb in order on a fresh session, replacing
// their outputs and execution counts as Jupyter would. Empty cells are
// skipped. It stops at the first failing cell and returns a *CellError; nb
// then holds the outputs up to and including the failure, ready to be
// written. name labels progress lines and errors. Like nbclient, it records
// when each cell started and ended in the cell's metadata.execution.
func (r *Runner) Run(ctx context.Context, name string, nb *Notebook) error {
	sess, err := r.NewSession()
	if err != nil {
		return fmt.Errorf("%s: starting a session: %w", name, err)
	}
	if c, ok := sess.(io.Closer); ok {
		defer c.Close()
	}
	if r.LanguageInfo != nil {
		if nb.Metadata == nil {
			nb.Metadata = map[string]any{}
		}
		nb.Metadata["language_info"] = r.LanguageInfo
	}
	var code []*Cell
	for _, c := range nb.Cells {
		if c.Type == "code" {
			c.Outputs, c.ExecutionCount = nil, 0
			code = append(code, c)
		}
	}
	log := &liveLog{w: r.Log, terminal: r.Terminal}
	rec := newRecorder(log.show)
	defer rec.finish()
	count := 0
	for i, cell := range code {
		prefix := fmt.Sprintf("[%s] cell %d/%d ...", name, i+1, len(code))
		if strings.TrimSpace(cell.Source) == "" {
			log.printf("%s empty\n", prefix)
			continue
		}
		count++
		cell.ExecutionCount = count
		rec.start(cell)
		start := time.Now()
		e, timedOut := r.execute(ctx, sess, cell, count, rec)
		recordTiming(cell, start, time.Now())
		status := "ok"
		switch {
		case timedOut:
			status = "timeout"
		case e != nil:
			status = "error"
		}
		log.printf("%s %s %.1fs\n", prefix, status, time.Since(start).Seconds())
		if e != nil {
			return &CellError{Notebook: name, Cell: i + 1, Cells: len(code), Source: cell.Source, Err: e, TimedOut: timedOut}
		}
	}
	return nil
}

// execute runs one cell and records its result or error.
func (r *Runner) execute(ctx context.Context, sess Executor, cell *Cell, count int, rec *recorder) (e *engine.Error, timedOut bool) {
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if r.Timeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, r.Timeout)
	}
	defer cancel()
	val, err := sess.Execute(cctx, cell.Source, rec)
	switch {
	case err == nil:
		if val != nil {
			rec.result(val, count)
		}
		return nil, false
	case errors.Is(cctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil:
		msg := fmt.Sprintf("cell did not finish within %v (--timeout)", r.Timeout)
		e = &engine.Error{Name: "Timeout", Value: msg, Traceback: []string{"Timeout: " + msg}}
		timedOut = true
	case !errors.As(err, &e):
		e = &engine.Error{Name: "Error", Value: err.Error()}
	}
	rec.error(e)
	return e, timedOut
}

// recordTiming stores a cell's start and end times under the keys nbclient
// uses (and JupyterLab's execution-time display reads).
func recordTiming(c *Cell, start, end time.Time) {
	const layout = "2006-01-02T15:04:05.000000Z"
	s, e := start.UTC().Format(layout), end.UTC().Format(layout)
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	c.Metadata["execution"] = map[string]any{
		"iopub.status.busy":   s,
		"iopub.execute_input": s,
		"shell.execute_reply": e,
		"iopub.status.idle":   e,
	}
}

// mimePlaceholder matches the text/plain of displays that have no text
// form, such as display.HTML's "<text/html>".
var mimePlaceholder = regexp.MustCompile(`^<[a-z]+/[-+.\w]+>$`)

// fraction finds the "n/total" of a progress display's text.
var fraction = regexp.MustCompile(`\b(\d+)/(\d+)\b`)

// textBar puts a bar in front of a line that shows progress as n/total,
// such as display.NewProgress's "training 30/100 (2s)". With several, the
// bar shows the last, the innermost loop, as Keras draws one bar per epoch
// (Fit's "epoch 2/5  batch 30/100").
func textBar(line string) string {
	const width = 20
	all := fraction.FindAllStringSubmatch(line, -1)
	if all == nil {
		return line
	}
	m := all[len(all)-1]
	n, _ := strconv.Atoi(m[1])
	total, _ := strconv.Atoi(m[2])
	if total <= 0 {
		return line
	}
	filled := min(n, total) * width / total
	return "[" + strings.Repeat("#", filled) + strings.Repeat("-", width-filled) + "] " + line
}

// liveLog writes progress lines and live display text to a log.
type liveLog struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	drawn    bool              // a live line is on screen (terminal)
	pending  map[string]string // latest text per display id (not a terminal)
	order    []string
}

func (l *liveLog) show(id, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w == nil {
		return
	}
	// The last line: displays that keep a log above their status, such as
	// lib/train's Fit progress, put the current state last.
	text = strings.TrimRight(text, "\n")
	line := text[strings.LastIndex(text, "\n")+1:]
	if mimePlaceholder.MatchString(line) {
		return // e.g. "<text/html>": nothing worth showing on a terminal
	}
	line = textBar(line)
	if l.terminal {
		fmt.Fprintf(l.w, "\r\x1b[K%s", line)
		l.drawn = true
		return
	}
	if l.pending == nil {
		l.pending = map[string]string{}
	}
	if _, seen := l.pending[id]; !seen {
		l.order = append(l.order, id)
	}
	l.pending[id] = line
}

// printf prints a progress line after ending any live display line.
func (l *liveLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w == nil {
		return
	}
	if l.drawn {
		fmt.Fprintln(l.w)
		l.drawn = false
	}
	for _, id := range l.order {
		fmt.Fprintf(l.w, "  %s\n", l.pending[id])
	}
	l.pending, l.order = nil, nil
	fmt.Fprintf(l.w, format, args...)
}
