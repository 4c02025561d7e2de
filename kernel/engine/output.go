package engine

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// router hands text and input requests to the Output of the running cell.
// Between cells it keeps the last cell's Output, so that what a background
// goroutine prints after its cell ended still shows under that cell (as
// IPython does); before the first cell such text goes to the log.
type router struct {
	mu  sync.Mutex
	out Output
}

func (r *router) set(out Output) {
	r.mu.Lock()
	r.out = out
	r.mu.Unlock()
}

func (r *router) current() Output {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out
}

func (r *router) stream(name, text string) {
	if out := r.current(); out != nil {
		out.Stream(name, text)
		return
	}
	io.WriteString(LogWriter(), text)
}

// streamWriter writes to one stream of the running cell.
type streamWriter struct {
	r    *router
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.r.stream(w.name, string(p))
	return len(p), nil
}

// panicTrace matches the line yaegi writes to its stderr for every
// interpreted frame a panic unwinds: "cell:3:5: panic: main.f(...)".
// Lines of the prelude (file prelude/cell) are dropped from the trace.
var panicTrace = regexp.MustCompile(`^(\S*)` + cellFile + `:(\d+):\d+: panic: (.*)\n?$`)

// panicFilter is yaegi's stderr: it keeps the panic trace lines for the
// cell's traceback and passes everything else through.
type panicFilter struct {
	w     io.Writer
	mu    sync.Mutex
	lines []string
}

func (f *panicFilter) Write(p []byte) (int, error) {
	if m := panicTrace.FindSubmatch(p); m != nil {
		if len(m[1]) > 0 {
			return len(p), nil
		}
		line := "cell line " + string(m[2])
		if fn := strings.TrimSuffix(string(m[3]), "(...)"); fn != "main" {
			line += ", in " + fn
		}
		f.mu.Lock()
		f.lines = append(f.lines, line)
		f.mu.Unlock()
		return len(p), nil
	}
	return f.w.Write(p)
}

// take returns and forgets the trace lines seen so far.
func (f *panicFilter) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.lines
	f.lines = nil
	return l
}

// logTarget is where LogWriter writes: the process's stderr, or a
// duplicate of the original stderr while a capturing Session owns fd 2.
var logTarget atomic.Pointer[os.File]

// LogWriter returns a writer for the kernel's own logs. It always reaches
// the process's original stderr, even while a Session with CaptureFDs has
// redirected file descriptor 2 to the cells, so logging never loops into a
// cell's output. It may be created before the Session.
func LogWriter() io.Writer { return logWriter{} }

type logWriter struct{}

func (logWriter) Write(p []byte) (int, error) {
	if f := logTarget.Load(); f != nil {
		return f.Write(p)
	}
	return os.Stderr.Write(p)
}

// flushMarker starts the token a flush writes into a captured stream; the
// token ends with a newline.
var flushMarker = []byte("\x00gopherlab-flush:")

// partialMarker returns how many trailing bytes of b could begin a flush
// token or an incomplete UTF-8 sequence, and must wait for more input.
func partialMarker(b []byte) int {
	for k := min(len(flushMarker), len(b)); k > 0; k-- {
		if bytes.HasPrefix(flushMarker, b[len(b)-k:]) {
			return k
		}
	}
	return incompleteRune(b)
}

// incompleteRune returns the length of an incomplete UTF-8 sequence at the
// end of b (0 if b ends on a rune boundary), so that a stream is never cut
// inside a character.
func incompleteRune(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if utf8.RuneStart(c) {
			if c >= utf8.RuneSelf && !utf8.FullRune(b[len(b)-k:]) {
				return k
			}
			return 0
		}
	}
	return 0
}
