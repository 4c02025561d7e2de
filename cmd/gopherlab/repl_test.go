package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gopherlab/gopherlab/internal/testenv"
)

// tmuxREPL is `gopherlab repl` running in a real terminal (a detached
// tmux session), driven by keys as a person would type them.
type tmuxREPL struct {
	t    *testing.T
	name string
}

func startREPL(t *testing.T, dir string) *tmuxREPL {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		testenv.Missing(t, "tmux is not installed (apt-get install tmux)")
	}
	r := &tmuxREPL{t: t, name: "gopherlab-test-" + filepath.Base(dir) + time.Now().Format("150405.000")}
	r.name = strings.ReplaceAll(r.name, ".", "")
	cmdline := binary + " repl -history " + filepath.Join(dir, "history") + " -outdir " + filepath.Join(dir, "out")
	if out, err := exec.Command("tmux", "new-session", "-d", "-s", r.name, "-x", "120", "-y", "50", cmdline).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", r.name).Run() })
	r.wait(regexp.MustCompile(`go> $`))
	return r
}

// keys sends tmux key names (e.g. "Enter", "Tab", "Up", "C-c") and
// literal text.
func (r *tmuxREPL) keys(keys ...string) {
	r.t.Helper()
	if out, err := exec.Command("tmux", append([]string{"send-keys", "-t", r.name}, keys...)...).CombinedOutput(); err != nil {
		r.t.Fatalf("tmux send-keys: %v\n%s", err, out)
	}
}

// typeLine types text literally and presses Enter.
func (r *tmuxREPL) typeLine(text string) {
	r.t.Helper()
	r.keys("-l", text)
	r.keys("Enter")
}

func (r *tmuxREPL) screen() string {
	out, err := exec.Command("tmux", "capture-pane", "-p", "-t", r.name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimRight(string(out), "\n ")
}

// wait waits until the screen matches re and returns it.
func (r *tmuxREPL) wait(re *regexp.Regexp) string {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := r.screen()
		if re.MatchString(s) || re.MatchString(s+" ") {
			return s
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("screen does not match %s:\n%s", re, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestREPLInTerminal(t *testing.T) {
	dir := t.TempDir()
	r := startREPL(t, dir)

	r.typeLine("x := 40")
	r.typeLine("x + 2")
	r.wait(regexp.MustCompile(`(?m)^go> x \+ 2\n42\ngo> $`))

	// Multi-line input: the open brace asks for more, with an indent.
	r.typeLine("func add(a, b int) int {")
	r.wait(regexp.MustCompile(`(?m)^\.\.\.\s*$`))
	r.typeLine("return a + b")
	r.keys("BSpace", "BSpace", "BSpace", "BSpace")
	r.typeLine("}")
	r.typeLine("add(1, 2)")
	r.wait(regexp.MustCompile(`(?m)^\.\.\.     return a \+ b\n\.\.\. }\ngo> add\(1, 2\)\n3\ngo> $`))

	// Tab completes a package member; line editing moves the cursor.
	r.keys("-l", "strings.ToUp")
	r.keys("Tab")
	r.wait(regexp.MustCompile(`go> strings\.ToUpper$`))
	r.keys("-l", `("go")`)
	r.keys("Home", "Right", "End", "Enter")
	r.wait(regexp.MustCompile(`(?m)^"GO"\ngo> $`))

	// Up recalls the previous line.
	r.keys("Up")
	r.wait(regexp.MustCompile(`go> strings\.ToUpper\("go"\)$`))
	r.keys("C-u")
	r.typeLine("%time y := 1")
	r.wait(regexp.MustCompile(`Wall time: [0-9.]+ (ns|µs|ms|s)\ngo> $`))

	// Go 1.22+ code through the preprocessor, output from a goroutine.
	r.typeLine(`done := make(chan bool); go func() { for i := range 3 { fmt.Print(max(i, 1)) }; done <- true }(); <-done; fmt.Println()`)
	r.wait(regexp.MustCompile(`(?m)^112\ngo> $`))

	// An image value is written to a file whose path is printed.
	r.typeLine("image.NewGray(image.Rect(0, 0, 4, 4))")
	s := r.wait(regexp.MustCompile(`\[image/png written to (\S+)\]\ngo> $`))
	path := regexp.MustCompile(`\[image/png written to (\S+)\]`).FindStringSubmatch(s)[1]
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Errorf("image file %s: %v, starts %q", path, err, b[:min(len(b), 4)])
	}

	// Ctrl-C interrupts a running cell and the session keeps its state.
	r.typeLine("for {}")
	time.Sleep(300 * time.Millisecond)
	r.keys("C-c")
	r.wait(regexp.MustCompile(`Interrupted: the cell was stopped.*\n(.*\n)?go> $`))
	r.typeLine("x")
	r.wait(regexp.MustCompile(`(?m)^go> x\n40\ngo> $`))

	// Errors name the line; an unknown magic says what to do.
	r.typeLine("%bogus")
	r.wait(regexp.MustCompile(`UsageError: unknown magic %bogus; %help lists the magics\ngo> $`))

	// Ctrl-D quits; the history survives into a new run.
	r.keys("C-d")
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("tmux", "has-session", "-t", r.name).Run() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("Ctrl-D did not end the REPL:\n%s", r.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	r2 := startREPL(t, dir)
	r2.keys("Up")
	r2.wait(regexp.MustCompile(`go> %bogus$`))
	r2.keys("Up", "Up")
	r2.wait(regexp.MustCompile(`go> for \{\}$`))
}
