package engine

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/gopherlab/gopherlab/kernel/display"
)

// fakeOutput records what a cell produces.
type fakeOutput struct {
	mu       sync.Mutex
	streams  map[string]*strings.Builder
	displays []display.Data
	clears   int
	inputs   []string // lines to answer, in order
	prompts  []string
	noStdin  bool
}

func newFake(inputs ...string) *fakeOutput {
	return &fakeOutput{streams: map[string]*strings.Builder{"stdout": {}, "stderr": {}}, inputs: inputs}
}

func (f *fakeOutput) Stream(name, text string) {
	f.mu.Lock()
	f.streams[name].WriteString(text)
	f.mu.Unlock()
}

func (f *fakeOutput) Input(prompt string, password bool) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.prompts = append(f.prompts, prompt)
	if f.noStdin {
		return "", errors.New("allow_stdin is false")
	}
	if len(f.inputs) == 0 {
		return "", errors.New("test has no more input")
	}
	line := f.inputs[0]
	f.inputs = f.inputs[1:]
	return line, nil
}

func (f *fakeOutput) Display(d display.Data) {
	f.mu.Lock()
	f.displays = append(f.displays, d)
	f.mu.Unlock()
}

func (f *fakeOutput) ClearOutput(wait bool) {
	f.mu.Lock()
	f.clears++
	f.mu.Unlock()
}

func (f *fakeOutput) stream(name string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.streams[name].String()
}

func newSession(t testing.TB) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// run executes a cell that must succeed and returns its text/plain value
// ("" for none) and its output.
func run(t testing.TB, s *Session, code string) (string, *fakeOutput) {
	t.Helper()
	out := newFake()
	d, err := s.Execute(context.Background(), code, out)
	if err != nil {
		t.Fatalf("cell %q: %v", code, err)
	}
	if d == nil {
		return "", out
	}
	text, _ := d.Bundle["text/plain"].(string)
	return text, out
}

// cellCase is a sequence of cells run in a fresh session and the text/plain
// value the last one must have.
type cellCase struct {
	name  string
	cells []string
	want  string
}

// runCellCases runs each case as a subtest.
func runCellCases(t *testing.T, cases []cellCase) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t)
			var got string
			for _, c := range tt.cells {
				got, _ = run(t, s, c)
			}
			if got != tt.want {
				t.Errorf("value %q, want %q", got, tt.want)
			}
		})
	}
}

// fail executes a cell that must fail and returns its error.
func fail(t testing.TB, s *Session, code string) *Error {
	t.Helper()
	_, err := s.Execute(context.Background(), code, newFake())
	if err == nil {
		t.Fatalf("cell %q: no error", code)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("cell %q: error %T is not *Error", code, err)
	}
	return e
}
