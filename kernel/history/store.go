package history

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Entry is one stored cell.
type Entry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"` // the cell's execution count
	Input   string `json:"input"`
	// Output is the text/plain form of the cell's result; nil when it had none.
	Output *string `json:"output,omitempty"`
}

// DefaultDir returns the history directory: $GOPHERLAB_HISTORY_DIR, else
// $JUPYTER_DATA_DIR/gopherlab/history, else
// ~/.local/share/jupyter/gopherlab/history.
func DefaultDir() (string, error) {
	if d := os.Getenv("GOPHERLAB_HISTORY_DIR"); d != "" {
		return d, nil
	}
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Join(d, "gopherlab", "history"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("history: no home directory (%w); set GOPHERLAB_HISTORY_DIR", err)
	}
	return filepath.Join(home, ".local", "share", "jupyter", "gopherlab", "history"), nil
}

// Store is the history of one kernel session plus the sessions before it.
// It is safe for concurrent use.
type Store struct {
	session int
	path    string

	mu      sync.Mutex
	f       *os.File // history.jsonl, append-only
	loaded  bool     // entries holds the whole file
	entries []Entry
}

// Open opens (creating it if needed) the history in dir and starts a new
// session numbered one more than the last one any kernel started there.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	session, err := nextSession(filepath.Join(dir, "session"))
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "history.jsonl")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return &Store{session: session, path: path, f: f}, nil
}

// nextSession increments the counter in path under an exclusive lock.
func nextSession(path string) (int, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return 0, fmt.Errorf("history: %w", err)
	}
	defer f.Close()
	if err := lockFile(f); err != nil {
		return 0, fmt.Errorf("history: locking %s: %w", path, err)
	}
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	last, _ := strconv.Atoi(strings.TrimSpace(string(buf[:n]))) // empty or garbage counts as 0
	next := last + 1
	if err := f.Truncate(0); err != nil {
		return 0, fmt.Errorf("history: %w", err)
	}
	if _, err := f.WriteAt([]byte(strconv.Itoa(next)+"\n"), 0); err != nil {
		return 0, fmt.Errorf("history: %w", err)
	}
	return next, nil // closing the file releases the lock
}

// Session returns this kernel's session number (1 for the first ever).
func (s *Store) Session() int { return s.session }

// Add stores the cell with execution count line in the current session.
// output is the text/plain of its result, "" when it had none.
func (s *Store) Add(line int, input, output string) error {
	e := Entry{Session: s.session, Line: line, Input: input}
	if output != "" {
		e.Output = &output
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return errors.New("history: store is closed")
	}
	// One write per line keeps concurrent kernels' appends whole.
	if _, err := s.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if s.loaded {
		s.entries = append(s.entries, e)
	}
	return nil
}

// all returns every entry, loading the file on first use. s.mu is held.
func (s *Store) all() ([]Entry, error) {
	if s.loaded {
		return s.entries, nil
	}
	f, err := os.Open(s.path)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		var e Entry
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Session > 0 {
			s.entries = append(s.entries, e) // a torn last line from a crash is skipped
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("history: reading %s: %w", s.path, err)
	}
	s.loaded = true
	return s.entries, nil
}

func (s *Store) query(pick func([]Entry) []Entry) ([]Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	all, err := s.all()
	if err != nil {
		return nil, err
	}
	return pick(all), nil
}

// Tail returns the last n entries of all sessions, oldest first.
func (s *Store) Tail(n int) ([]Entry, error) {
	return s.query(func(all []Entry) []Entry { return last(all, n) })
}

// Range returns the entries of a session with start <= line < stop, in
// order; stop <= 0 means to the end. A session <= 0 counts back from the
// current one (0 is the current session, -1 the one before), as IPython's.
func (s *Store) Range(session, start, stop int) ([]Entry, error) {
	if session <= 0 {
		session += s.session
	}
	return s.query(func(all []Entry) []Entry {
		var out []Entry
		for _, e := range all {
			if e.Session == session && e.Line >= start && (stop <= 0 || e.Line < stop) {
				out = append(out, e)
			}
		}
		return out
	})
}

// Search returns the entries whose whole input matches the glob pattern
// (* any text, ? one character, [...] a class, as in IPython's sqlite GLOB),
// oldest first. n > 0 keeps only the last n matches; unique keeps only the
// latest entry of each distinct input.
func (s *Store) Search(pattern string, n int, unique bool) ([]Entry, error) {
	re, err := globRegexp(pattern)
	if err != nil {
		return nil, err
	}
	return s.query(func(all []Entry) []Entry {
		var out []Entry
		seen := map[string]bool{}
		for i := len(all) - 1; i >= 0; i-- { // newest first, for unique and n
			e := all[i]
			if !re.MatchString(e.Input) || (unique && seen[e.Input]) {
				continue
			}
			seen[e.Input] = true
			out = append(out, e)
			if n > 0 && len(out) == n {
				break
			}
		}
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
		return out
	})
}

func last(all []Entry, n int) []Entry {
	if n < 0 {
		n = 0
	}
	if n > len(all) {
		n = len(all)
	}
	return append([]Entry(nil), all[len(all)-n:]...)
}

// globRegexp translates a glob into an anchored regexp over whole inputs.
func globRegexp(glob string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	rs := []rune(glob)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '[':
			end := slices.Index(rs[i+1:], ']')
			if end < 0 {
				return nil, fmt.Errorf("history: glob %q has an unclosed '['; close it or drop it", glob)
			}
			class := string(rs[i+1 : i+1+end])
			if strings.HasPrefix(class, "!") || strings.HasPrefix(class, "^") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += end + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("history: glob %q: %w", glob, err)
	}
	return re, nil
}

// Close closes the history file; the entries stay on disk.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}
