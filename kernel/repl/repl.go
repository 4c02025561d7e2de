package repl

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/engine"
)

// Session is what the REPL runs cells on; *engine.Session is one.
type Session interface {
	Execute(ctx context.Context, code string, out engine.Output) (*display.Data, error)
	Complete(code string, cursor int) engine.Completion
	IsComplete(code string) (status, indent string)
}

// Config configures Run.
type Config struct {
	Session Session
	// In supplies keys. When it is a terminal it is put in raw mode and
	// the REPL edits lines itself; otherwise it reads plain lines (for
	// piped input), without echo.
	In  *os.File
	Out io.Writer
	// HistoryFile keeps the entered lines across runs (one JSON string
	// per line); empty: no history file.
	HistoryFile string
	// OutDir receives images, SVG and HTML displays; it is created when
	// first needed.
	OutDir string
}

// Prompts.
const (
	Prompt     = "go> "
	Continue   = "... "
	maxHistory = 1000
)

// Run reads cells and runs them until Ctrl-D, an error reading input, or
// ctx is done.
func Run(ctx context.Context, c Config) error {
	fd := int(c.In.Fd())
	term := isTerminal(fd)
	ed := NewEditor(c.In, c.Out)
	hist, err := loadHistory(c.HistoryFile)
	if err != nil {
		return err
	}
	ed.History = hist
	out := &termOutput{w: c.Out, in: ed.in, dir: c.OutDir}
	var cell []string
	ed.Complete = func(line []rune, cursor int) ([]string, int) {
		prefix := strings.Join(cell, "")
		n := utf8.RuneCountInString(prefix)
		comp := c.Session.Complete(prefix+string(line), n+cursor)
		return comp.Matches, comp.Start - n
	}
	for ctx.Err() == nil {
		prompt, indent := Prompt, ""
		if len(cell) > 0 {
			prompt = Continue
			_, indent = c.Session.IsComplete(strings.Join(cell, ""))
		}
		var line string
		if term {
			restore, err := makeRaw(fd, false)
			if err != nil {
				return fmt.Errorf("repl: raw terminal mode: %w", err)
			}
			line, err = ed.ReadLine(prompt, indent)
			restore()
			if err != nil && !errors.Is(err, ErrInterrupted) {
				return eofNil(err)
			}
			if errors.Is(err, ErrInterrupted) {
				cell = nil
				continue
			}
		} else {
			l, err := ed.in.ReadString('\n')
			if err != nil && l == "" {
				return eofNil(err)
			}
			line = strings.TrimRight(l, "\r\n")
		}
		if strings.TrimSpace(line) != "" {
			ed.History = append(ed.History, line)
			if err := appendHistory(c.HistoryFile, line); err != nil {
				fmt.Fprintf(c.Out, "(history not saved: %v)\n", err)
			}
		}
		cell = append(cell, line+"\n")
		code := strings.Join(cell, "")
		if strings.TrimSpace(code) == "" {
			cell = nil
			continue
		}
		if !cellDone(c.Session, cell) {
			continue
		}
		cell = nil
		// While the cell runs, keys typed ahead are neither echoed nor
		// lost, and Ctrl-C raises SIGINT.
		restore := func() {}
		if term {
			if r, err := makeRaw(fd, true); err == nil {
				restore = r
			}
			out.cooked = func() func() {
				restore()
				return func() { makeRaw(fd, true) }
			}
		}
		runCell(ctx, c.Session, strings.TrimSuffix(code, "\n"), out)
		restore()
	}
	return ctx.Err()
}

func eofNil(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// cellDone reports whether the lines typed so far form a cell to run: a
// cell magic (%%time) runs at its first empty line, a magic or shell line
// alone at once, Go code when IsComplete does not ask for more.
func cellDone(s Session, cell []string) bool {
	first := strings.TrimSpace(cell[0])
	switch {
	case strings.HasPrefix(first, "%%"):
		return len(cell) > 1 && strings.TrimSpace(cell[len(cell)-1]) == ""
	case len(cell) == 1 && (strings.HasPrefix(first, "%") || strings.HasPrefix(first, "!")):
		return true
	}
	st, _ := s.IsComplete(strings.Join(cell, ""))
	return st != "incomplete"
}

// runCell runs code with Ctrl-C (SIGINT, the terminal being in its normal
// mode) interrupting it, and prints its value or error.
func runCell(ctx context.Context, s Session, code string, out *termOutput) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	go func() {
		select {
		case <-sig:
			cancel()
		case <-ctx.Done():
		}
	}()
	d, err := s.Execute(ctx, code, out)
	if err != nil {
		fmt.Fprintln(out.w, err.Error())
		return
	}
	if d != nil {
		out.Display(*d)
	}
}

// termOutput is the engine.Output of the REPL.
type termOutput struct {
	w   io.Writer
	in  *bufio.Reader
	dir string
	n   int // files written
	// cooked, when set, gives the terminal its normal mode for Input and
	// returns the way back.
	cooked func() (back func())
}

func (o *termOutput) Stream(name, text string) { io.WriteString(o.w, text) }

func (o *termOutput) Input(prompt string, password bool) (string, error) {
	if o.cooked != nil {
		defer o.cooked()()
	}
	io.WriteString(o.w, prompt)
	line, err := o.in.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (o *termOutput) ClearOutput(wait bool) {}

// imageTypes are the image MIME types written to files, best first.
var imageTypes = []struct{ mime, ext string }{{"image/png", ".png"}, {"image/jpeg", ".jpg"}, {"image/svg+xml", ".svg"}}

// Display prints a rich value: its best image goes to a file whose path
// is printed, and so does HTML that has no text form; text/plain is
// printed otherwise.
func (o *termOutput) Display(d display.Data) {
	for _, it := range imageTypes {
		if v, ok := d.Bundle[it.mime]; ok {
			o.file(it.mime, it.ext, v)
			return
		}
	}
	if text, ok := d.Bundle["text/plain"].(string); ok {
		fmt.Fprintln(o.w, text)
		return
	}
	if v, ok := d.Bundle["text/html"]; ok {
		o.file("text/html", ".html", v)
		return
	}
	if md, ok := d.Bundle["text/markdown"].(string); ok {
		fmt.Fprintln(o.w, md)
		return
	}
	mimes := make([]string, 0, len(d.Bundle))
	for m := range d.Bundle {
		mimes = append(mimes, m)
	}
	sort.Strings(mimes)
	fmt.Fprintf(o.w, "[a display of %s, which the terminal cannot show]\n", strings.Join(mimes, ", "))
}

func (o *termOutput) file(mime, ext string, v any) {
	path, err := o.write(ext, v)
	if err != nil {
		fmt.Fprintf(o.w, "[%s not written: %v]\n", mime, err)
		return
	}
	fmt.Fprintf(o.w, "[%s written to %s]\n", mime, path)
}

func (o *termOutput) write(ext string, v any) (string, error) {
	var b []byte
	switch v := v.(type) {
	case []byte:
		b = v
	case string:
		b = []byte(v)
	default:
		return "", fmt.Errorf("unexpected content %T", v)
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return "", err
	}
	o.n++
	path := filepath.Join(o.dir, fmt.Sprintf("out-%d%s", o.n, ext))
	return path, os.WriteFile(path, b, 0o644)
}

// loadHistory reads the history file; a missing file is an empty history.
func loadHistory(path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("repl: history: %w", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l string
		if json.Unmarshal(sc.Bytes(), &l) == nil {
			lines = append(lines, l)
		}
	}
	if len(lines) > maxHistory {
		lines = lines[len(lines)-maxHistory:]
	}
	return lines, sc.Err()
}

func appendHistory(path, line string) error {
	if path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(line)
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
