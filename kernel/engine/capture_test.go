package engine

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestCaptureFDs runs in a child process (the standard re-exec pattern):
// capturing fds 1 and 2 would swallow go test's own output.
func TestCaptureFDs(t *testing.T) {
	inCaptureChild(t, "TestCaptureFDs", func(s *Session, check captureCheck) string {
		// Interpreted fmt, os.Stdout/os.Stderr, and compiled library code
		// writing to the fds (gonum's mat.Formatted through fmt.Fprint to
		// os.Stdout): all arrive, in full, before Execute returns.
		check(`fmt.Println("interp")`, "interp\n", "")
		check(`fmt.Fprintln(os.Stderr, "to stderr")`, "", "to stderr\n")
		check("fmt.Fprint(os.Stdout, mat.Formatted(mat.NewDense(1, 2, []float64{1, 2})))", "[1  2]", "")
		check("for i := 0; i < 2000; i++ { fmt.Print(\"x\") }", strings.Repeat("x", 2000), "")
		check(`fmt.Print("héllo wörld")`, "héllo wörld", "")
		return ""
	})
}

type captureCheck func(code, wantOut, wantErr string)

// inCaptureChild runs body in a child process with a capturing Session.
// Failures (of a check, or the one body returns) are reported after the
// session gave the fds back.
func inCaptureChild(t *testing.T, name string, body func(*Session, captureCheck) string) {
	if os.Getenv("GOPHERLAB_CAPTURE_CHILD") != name {
		cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.v")
		cmd.Env = append(os.Environ(), "GOPHERLAB_CAPTURE_CHILD="+name)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "CAPTURE-OK") {
			t.Fatalf("child failed: %v\n%s", err, out)
		}
		return
	}
	s, err := New(Options{CaptureFDs: true})
	if err != nil {
		t.Fatal(err)
	}
	var failure string
	check := func(code, wantOut, wantErr string) {
		if failure != "" {
			return
		}
		out := newFake()
		if _, err := s.Execute(context.Background(), code, out); err != nil {
			failure = "cell " + code + ": " + err.Error()
			return
		}
		gotOut, gotErr := out.stream("stdout"), out.stream("stderr")
		if gotOut != wantOut || gotErr != wantErr {
			failure = "cell " + code + ": stdout " + gotOut + " stderr " + gotErr + "; want " + wantOut + " / " + wantErr
		}
	}
	if msg := body(s, check); failure == "" {
		failure = msg
	}
	s.Close()
	if failure != "" {
		t.Fatal(failure)
	}
	os.Stdout.WriteString("CAPTURE-OK\n")
}
