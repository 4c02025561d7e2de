package engine

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestPersistence runs each sequence of cells in a fresh session and
// checks the text/plain value of the last one.
func TestPersistence(t *testing.T) {
	tests := []cellCase{
		{"var across cells", []string{"x := 40", "x + 2"}, "42"},
		{"func redefined", []string{"func f() int { return 1 }", "func f() int { return 2 }", "f()"}, "2"},
		{"type redefined", []string{"type T struct{ A int }", "type T struct{ A, B int }", "T{3, 4}"}, "{A:3 B:4}"},
		{"re-import", []string{`import "strings"`, `import "strings"` + "\nstrings.Repeat(\"a\", 2)"}, `"aa"`},
		{"auto-import", []string{`strings.ToUpper("go")`}, `"GO"`},
		{"auto-import preference", []string{"rand.New(rand.NewSource(1)).Intn(1000) >= 0"}, "true"},
		{"mixed cell", []string{"x := 2\nfunc double(v int) int { return 2 * v }\ny := double(x)\ntype P struct{ V int }\nP{y}"}, "{V:4}"},
		{"decl then use in later cell", []string{"const k = 7\nvar v = k * 2", "v"}, "14"},
		{"string quoted", []string{`"abc"`}, `"abc"`},
		{"assignment has no value", []string{"x := 1", "x = 3"}, ""},
		{"void call has no value", []string{`fmt.Println("hi")`}, ""},
		{"gonum preloaded", []string{"mat.NewDense(2, 2, []float64{1, 2, 3, 4}).At(1, 0)"}, "3"},
		{"Input is preloaded", []string{"f := Input\nf != nil"}, "true"},
		{"generic function", []string{"func first[T any](xs []T) T { return xs[0] }", `first([]string{"a", "b"})`}, `"a"`},
		{"generic result assigned", []string{"func first[T any](xs []T) T { return xs[0] }", "var n int\nn = first([]int{4})\nn"}, "4"},
		{"generic result in var", []string{"func first[T any](xs []T) T { return xs[0] }", "var n int = first([]int{4})\nn"}, "4"},
		{"generic result in var, same cell", []string{"func first[T any](xs []T) T { return xs[0] }\nvar n, m int = first([]int{4}), 1\nn + m"}, "5"},
	}
	runCellCases(t, tests)
}

func TestStdoutOfInterpretedCode(t *testing.T) {
	s := newSession(t)
	_, out := run(t, s, `fmt.Println("hello")`)
	if got := out.stream("stdout"); got != "hello\n" {
		t.Errorf("stdout %q", got)
	}
}

func TestErrorsNameCellLines(t *testing.T) {
	tests := []struct {
		name, code, errName, trace string
	}{
		{"undefined", "a := 1\n\nfmt.Println(a + zz)", "CompileError", "cell line 3: undefined: zz"},
		{"undefined in define", "a := 1\n\nb := a + zz", "CompileError", "cell line 3: undefined: zz"},
		{"after auto-import", "x := strings.ToUpper(\"a\")\ny := x + 1", "CompileError", "cell line 2:"},
		{"syntax", "x := 1\ny := (2", "SyntaxError", "cell line 2:"},
		{"not preloaded", "import \"example.com/nope\"", "ImportError", "cell line 1: package \"example.com/nope\" is not preloaded"},
		{"import clash", "import \"math/rand\"\nimport rand \"crypto/rand\"", "ImportError", "cell line 2: rand already names package \"math/rand\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := fail(t, newSession(t), tt.code)
			if e.Name != tt.errName || !strings.Contains(strings.Join(e.Traceback, "\n"), tt.trace) {
				t.Errorf("got %s %q, want %s with %q", e.Name, e.Traceback, tt.errName, tt.trace)
			}
		})
	}
}

// TestRecovery checks that a failing cell leaves the session usable with
// its earlier state.
func TestRecovery(t *testing.T) {
	tests := []struct {
		name, code, errName, msg string
	}{
		{"panic", `panic("boom")`, "panic", "boom"},
		{"panic in func", "func bad() { panic(fmt.Sprint(\"bad \", 1)) }\nbad()", "panic", "bad 1"},
		{"nil dereference", "var p *struct{ A int }\np.A = 1", "panic", ""},
		{"index out of range", "s := []int{1}\ni := 5\n_ = s[i]", "panic", "out of range"},
		{"os.Exit", "os.Exit(3)", "Exit", "os.Exit(3) called"},
		{"log.Fatal", `log.Fatal("fatal")`, "Exit", "log.Fatal called"},
		{"log.Fatalf", `log.Fatalf("n=%d", 2)`, "Exit", "log.Fatalf called"},
		{"top-level return", "x := 1\nreturn", "CompileError", "return at the top level of a cell is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t)
			run(t, s, "kept := 41")
			e := fail(t, s, tt.code)
			if e.Name != tt.errName || !strings.Contains(e.Value, tt.msg) {
				t.Errorf("got %s %q, want %s containing %q", e.Name, e.Value, tt.errName, tt.msg)
			}
			if got, _ := run(t, s, "kept + 1"); got != "42" {
				t.Errorf("after the error: %q, want 42", got)
			}
		})
	}
}

func TestPanicTracebackNamesLines(t *testing.T) {
	e := fail(t, newSession(t), "func bad() {\n\tpanic(\"x\")\n}\n\nbad()")
	trace := strings.Join(e.Traceback, "\n")
	for _, want := range []string{"panic: x", "cell line 2, in main.bad", "cell line 5"} {
		if !strings.Contains(trace, want) {
			t.Errorf("traceback %q lacks %q", trace, want)
		}
	}
}

func TestPastedFile(t *testing.T) {
	s := newSession(t)
	run(t, s, "package main\n\nimport \"fmt\"\n\nfunc hello() string { return fmt.Sprint(\"hello\") }\n")
	if got, _ := run(t, s, "hello()"); got != `"hello"` {
		t.Errorf("%q", got)
	}
}

func TestInterruptKeepsState(t *testing.T) {
	s := newSession(t)
	run(t, s, "before := 7")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	_, err := s.Execute(ctx, "during := 1\nfor {\n}", newFake())
	e, ok := err.(*Error)
	if !ok || e.Name != "Interrupted" {
		t.Fatalf("err %v, want Interrupted", err)
	}
	if got, _ := run(t, s, "before + during"); got != "8" {
		t.Errorf("after interrupt: %q, want 8", got)
	}
}

// TestInterruptInCompiledCall interrupts a cell inside a compiled call: the
// rest of the cell must not run, then or later.
func TestInterruptInCompiledCall(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := s.Execute(ctx, "before := 1\ntime.Sleep(300 * time.Millisecond)\nafter := 2", newFake())
	if e, ok := err.(*Error); !ok || e.Name != "Interrupted" {
		t.Fatalf("err %v, want Interrupted", err)
	}
	time.Sleep(400 * time.Millisecond)
	if got, _ := run(t, s, "before"); got != "1" {
		t.Errorf("before = %q", got)
	}
	// yaegi allocates the cell's globals when it compiles the cell.
	if got, _ := run(t, s, "after"); got != "0" {
		t.Errorf("the interrupted cell went on: after = %q", got)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.Execute(ctx, "<-make(chan int)", newFake()); err == nil {
		t.Error("a blocked channel receive was not interrupted")
	}
}

func TestTopLevelDeferIsRejected(t *testing.T) {
	e := fail(t, newSession(t), "x := 1\ndefer fmt.Println(x)")
	if !strings.Contains(e.Traceback[0], "cell line 2: defer at the top level") {
		t.Errorf("%q", e.Traceback)
	}
}

func TestStdin(t *testing.T) {
	s := newSession(t)
	out := newFake("Ada", "12 30", "line three")
	d, err := s.Execute(context.Background(), `
name := Input("name? ")
var a, b int
fmt.Scanln(&a, &b)
r := bufio.NewReader(os.Stdin)
third, _ := r.ReadString('\n')
fmt.Sprint(name, a+b, strings.TrimSpace(third))`, out)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Bundle["text/plain"]; got != `"Ada42line three"` {
		t.Errorf("value %v", got)
	}
	if out.prompts[0] != "name? " {
		t.Errorf("prompts %q", out.prompts)
	}
}

func TestStdinNotAllowed(t *testing.T) {
	s := newSession(t)
	out := newFake()
	out.noStdin = true
	_, err := s.Execute(context.Background(), `Input("x")`, out)
	if e, ok := err.(*Error); !ok || e.Name != "StdinNotAvailable" || !strings.Contains(e.Value, "allow_stdin is false") {
		t.Errorf("err %v", err)
	}
	out = newFake()
	out.noStdin = true
	got, _ := runOut(t, s, `_, err := fmt.Scanln()
err != nil && strings.Contains(err.Error(), "stdin is not available")`, out)
	if got != "true" {
		t.Errorf("fmt.Scanln error not clear: %q", got)
	}
}

func runOut(t *testing.T, s *Session, code string, out *fakeOutput) (string, error) {
	t.Helper()
	d, err := s.Execute(context.Background(), code, out)
	if err != nil {
		t.Fatal(err)
	}
	if d == nil {
		return "", nil
	}
	return d.Bundle["text/plain"].(string), nil
}
