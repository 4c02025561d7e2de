package engine

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCellsSeeProcessEnvironment checks that cells read the environment
// the kernel started with (notebooks switch to quick mode on
// GOPHERLAB_QUICK=1 that way).
func TestCellsSeeProcessEnvironment(t *testing.T) {
	t.Setenv("GOPHERLAB_ENV_TEST", "inherited")
	if got, _ := run(t, newSession(t), `os.Getenv("GOPHERLAB_ENV_TEST")`); got != `"inherited"` {
		t.Errorf("os.Getenv in a cell = %s, want \"inherited\"", got)
	}
}

func TestMagics(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	t.Setenv("GOPHERLAB_MAGIC_TEST", "")
	tests := []struct {
		name, code string
		stdout     *regexp.Regexp
		value      string
	}{
		{"time line", "%time x := 6 * 7\nx", regexp.MustCompile(`^Wall time: [0-9.]+ (ns|µs|ms|s)\n$`), "42"},
		{"time cell", "%%time\ny := 2\nfmt.Println(y)", regexp.MustCompile(`^2\nWall time: [0-9.]+ (ns|µs|ms|s)\n$`), ""},
		{"timeit auto", "%timeit _ = strings.Repeat(\"a\", 10)",
			regexp.MustCompile(`^[0-9.]+ (ns|µs|ms) ± [0-9.]+ (ns|µs|ms) per loop \(mean ± std\. dev\. of 7 runs, [0-9]+0+ loops each\)\n$`), ""},
		{"timeit flags", "n := 0\n%timeit -n 3 -r 2 n++\nn", regexp.MustCompile(`per loop \(mean ± std\. dev\. of 2 runs, 3 loops each\)\n$`), "6"},
		{"timeit cell", "%%timeit -n 2 -r 1\nz := 1\n_ = z", regexp.MustCompile(`of 1 run, 2 loops each\)\n$`), ""},
		{"env set and get", "%env GOPHERLAB_MAGIC_TEST=on\n%env GOPHERLAB_MAGIC_TEST\nos.Getenv(\"GOPHERLAB_MAGIC_TEST\")",
			regexp.MustCompile(`^env: GOPHERLAB_MAGIC_TEST=on\non\n$`), `"on"`},
		{"cd", "%cd " + dir + "\nos.Getwd()", regexp.MustCompile("^" + regexp.QuoteMeta(dir) + "\n$"), ""},
		{"shell", "fmt.Println(\"before\")\n!echo from-shell; echo err >&2\nfmt.Println(\"after\")", regexp.MustCompile(`^before\nfrom-shell\nafter\n$`), ""},
		{"who", "alpha := 1\nfunc beta() {}\n%who", regexp.MustCompile(`alpha  beta`), ""},
		{"help", "%help", regexp.MustCompile(`%timeit .*\n(.*\n)*%who`), ""},
		{"percent in Go code", "a := 7 %\n\t4\na", regexp.MustCompile(`^$`), "3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t)
			got, out := run(t, s, tt.code)
			if !tt.stdout.MatchString(out.stream("stdout")) {
				t.Errorf("stdout %q does not match %s", out.stream("stdout"), tt.stdout)
			}
			if got != tt.value {
				t.Errorf("value %q, want %q", got, tt.value)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir)); err != nil {
		t.Fatal(err)
	}
}

func TestMagicErrors(t *testing.T) {
	tests := []struct{ code, errName, msg string }{
		{"%nope", "UsageError", "unknown magic %nope; %help lists the magics"},
		{"%%nope\nx := 1", "UsageError", "unknown cell magic %%nope"},
		{"%timeit -n x f()", "UsageError", "%timeit: bad flag -n x"},
		{"%timeit", "UsageError", "%timeit needs a statement"},
		{"%cd /no/such/dir", "UsageError", "no such file or directory"},
		{"%env GOPHERLAB_UNSET_VAR_X", "UsageError", "GOPHERLAB_UNSET_VAR_X is not set"},
		{"x := 1\n%timeit undefinedName()", "CompileError", "undefined: undefinedName"},
	}
	for _, tt := range tests {
		e := fail(t, newSession(t), tt.code)
		if e.Name != tt.errName || !strings.Contains(e.Error(), tt.msg) {
			t.Errorf("%q: got %s %q, want %s containing %q", tt.code, e.Name, e.Error(), tt.errName, tt.msg)
		}
	}
	// Errors after a magic name the cell's own line.
	e := fail(t, newSession(t), "%env A=1\n\nundefinedName2()")
	if !strings.Contains(e.Error(), "cell line 3") {
		t.Errorf("error %q does not name cell line 3", e.Error())
	}
}
