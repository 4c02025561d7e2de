package engine

import (
	"fmt"
	"strings"
	"sync"
)

// stdinReader is the cells' standard input. yaegi routes fmt.Scan* to
// Options.Stdin but leaves the os.Stdin symbol on the process's fd 0 unless
// Stdin is an *os.File, so the engine also replaces os.Stdin in the os
// symbol table with this reader (its static type in cells becomes
// io.Reader, which is what bufio.NewReader, bufio.NewScanner and fmt.Fscan
// take). Each Read that finds no buffered input asks the running cell's
// Output for one line; a line the cell does not consume is dropped when
// the next cell starts.
type stdinReader struct {
	r   *router
	mu  sync.Mutex
	buf string
}

func (s *stdinReader) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.buf == "" {
		line, err := s.r.input("", false)
		if err != nil {
			return 0, err
		}
		s.buf = line + "\n"
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func (s *stdinReader) reset() {
	s.mu.Lock()
	s.buf = ""
	s.mu.Unlock()
}

// input asks the running cell's Output for a line.
func (r *router) input(prompt string, password bool) (string, error) {
	out := r.current()
	if out == nil {
		return "", errNoStdin{"no cell is running"}
	}
	line, err := out.Input(prompt, password)
	if err != nil {
		return "", errNoStdin{err.Error()}
	}
	return strings.TrimSuffix(line, "\n"), nil
}

// errNoStdin is the error of a read from stdin the front end cannot answer.
type errNoStdin struct{ reason string }

func (e errNoStdin) Error() string {
	return fmt.Sprintf("stdin is not available (%s): this front end does not accept input; "+
		"in Jupyter run the cell from a notebook that allows stdin, or give the data in the cell", e.reason)
}
