package engine

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestCaptureFDs runs in a child process (the standard re-exec pattern):
// capturing fds 1 and 2 would swallow go test's own output.
func TestCaptureFDs(t *testing.T) {
	if os.Getenv("GOPHERLAB_CAPTURE_CHILD") == "1" {
		captureChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCaptureFDs$", "-test.v")
	cmd.Env = append(os.Environ(), "GOPHERLAB_CAPTURE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "CAPTURE-OK") {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
}

// captureChild reports failures on the original stderr through t (the
// testing package writes to os.Stdout, which is captured: log through
// LogWriter instead).
func captureChild(t *testing.T) {
	s, err := New(Options{CaptureFDs: true})
	if err != nil {
		t.Fatal(err)
	}
	check := func(code, wantOut, wantErr string) {
		out := newFake()
		if _, err := s.Execute(context.Background(), code, out); err != nil {
			s.Close()
			t.Fatalf("cell %q: %v", code, err)
		}
		gotOut, gotErr := out.stream("stdout"), out.stream("stderr")
		if gotOut != wantOut || gotErr != wantErr {
			s.Close()
			t.Fatalf("cell %q: stdout %q stderr %q, want %q %q", code, gotOut, gotErr, wantOut, wantErr)
		}
	}
	// Interpreted fmt, os.Stdout/os.Stderr, compiled library code writing to
	// the fds (gonum's mat.Formatted through fmt.Fprint to os.Stdout), and a
	// goroutine the cell waits for: all arrive before Execute returns.
	check(`fmt.Println("interp")`, "interp\n", "")
	check(`fmt.Fprintln(os.Stderr, "to stderr")`, "", "to stderr\n")
	check("fmt.Fprint(os.Stdout, mat.Formatted(mat.NewDense(1, 2, []float64{1, 2})))", "[1  2]", "")
	check("done := make(chan bool)\ngo func() { fmt.Println(\"from goroutine\"); close(done) }()\n<-done", "from goroutine\n", "")
	check("for i := 0; i < 2000; i++ { fmt.Print(\"x\") }", strings.Repeat("x", 2000), "")
	// A goroutine printing after its cell ended still reaches that cell.
	late := newFake()
	if _, err := s.Execute(context.Background(), "go func() { time.Sleep(30 * time.Millisecond); fmt.Println(\"late\") }()", late); err != nil {
		s.Close()
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	check("1", "", "")
	if got := late.stream("stdout"); got != "late\n" {
		s.Close()
		t.Fatalf("late output %q", got)
	}
	s.Close()
	os.Stdout.WriteString("CAPTURE-OK\n")
}
