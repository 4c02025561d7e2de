package repl

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/kernel/engine"
)

// TestRunPiped feeds lines through a pipe (no terminal: plain line mode):
// multi-line cells run when complete, values print, images go to files,
// errors print and the loop goes on, and lines reach the history file.
func TestRunPiped(t *testing.T) {
	s, err := engine.New(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		w.WriteString("func sq(x int) int {\nreturn x * x\n}\nsq(7)\nundefinedThing\n%who\nimage.NewGray(image.Rect(0, 0, 2, 2))\n")
		w.Close()
	}()
	dir := t.TempDir()
	var out strings.Builder
	err = Run(context.Background(), Config{Session: s, In: r, Out: &out, HistoryFile: filepath.Join(dir, "h"), OutDir: filepath.Join(dir, "out")})
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`^49\ncell line 1: undefined: undefinedThing\nsq\n\[image/png written to (.+)\]\n$`)
	m := want.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("output %q does not match %s", out.String(), want)
	}
	if b, err := os.ReadFile(m[1]); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Errorf("image file: %v", err)
	}
	hist, err := loadHistory(filepath.Join(dir, "h"))
	if err != nil || len(hist) != 7 || hist[1] != "return x * x" {
		t.Errorf("history %q, %v", hist, err)
	}
}
