package engine

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// corpusCell is one section of testdata/corpus.txt.
type corpusCell struct {
	name, code, stdout, value string
	hasValue                  bool
}

// readCorpus parses testdata/corpus.txt: "=== name" starts a cell, whose
// code runs to "--- stdout"; the stdout section runs to "--- value" or the
// next cell, and each of its lines ends in a newline.
func readCorpus(t *testing.T) []corpusCell {
	t.Helper()
	b, err := os.ReadFile("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	var cells []corpusCell
	var section *[]string
	var code, stdout, value []string
	flush := func(name string) {
		if name == "" {
			return
		}
		c := corpusCell{name: name, code: strings.Join(code, "\n"), value: strings.Join(value, "\n"), hasValue: value != nil}
		if len(stdout) > 0 {
			c.stdout = strings.Join(stdout, "\n") + "\n"
		}
		cells = append(cells, c)
	}
	name := ""
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "=== "):
			flush(name)
			name, code, stdout, value = line[4:], nil, nil, nil
			section = &code
		case line == "--- stdout":
			section = &stdout
		case line == "--- value":
			value = []string{}
			section = &value
		case section != nil:
			*section = append(*section, line)
		}
	}
	flush(name)
	return cells
}

// TestCorpus runs everyday modern Go (generics, closures, goroutines,
// channels, select, defer/recover, embedding, method values, errors.Is/As,
// sort, slices, maps, iota, type switches, labeled loops, runes, fmt verbs)
// cell after cell in one session and checks each cell's output and value.
// cmd/gopherlab's TestCorpusThroughKernel runs the same cells through the
// Jupyter kernel.
func TestCorpus(t *testing.T) {
	cells := readCorpus(t)
	if len(cells) < 40 {
		t.Fatalf("corpus has %d cells, want at least 40", len(cells))
	}
	s := newSession(t)
	for _, c := range cells {
		t.Run(c.name, func(t *testing.T) {
			out := newFake()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			d, err := s.Execute(ctx, c.code, out)
			if err != nil {
				t.Fatalf("error: %v\ncell:\n%s", err, c.code)
			}
			if got := out.stream("stdout"); got != c.stdout {
				t.Errorf("stdout %q, want %q", got, c.stdout)
			}
			if got := out.stream("stderr"); got != "" {
				t.Errorf("stderr %q", got)
			}
			got := ""
			if d != nil {
				got, _ = d.Bundle["text/plain"].(string)
			}
			if got != c.value {
				t.Errorf("value %q, want %q", got, c.value)
			}
		})
	}
}
