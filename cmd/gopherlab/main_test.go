package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelp(t *testing.T) {
	code, out, _ := runCmd(t, "help")
	if code != 0 {
		t.Fatalf("help exit %d", code)
	}
	for _, c := range []string{"install", "uninstall", "run", "version"} {
		if !strings.Contains(out, "gopherlab "+c) {
			t.Errorf("help does not list %s:\n%s", c, out)
		}
	}
	code, out, _ = runCmd(t, "help", "run")
	if code != 0 || !strings.Contains(out, "-timeout D") || !strings.Contains(out, "injected-parameters") {
		t.Errorf("help run (exit %d):\n%s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "Usage:"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"run"}, "no notebook given"},
		{[]string{"run", "--param", "1x=2", "a.ipynb"}, "want name=value"},
		{[]string{"run", "notes.txt"}, "notes.txt is not a notebook"},
		{[]string{"run", "a.ipynb", "--out", "x"}, "flag --out after the notebooks"},
		{[]string{"kernel"}, "want exactly one connection file"},
		{[]string{"install", "--user", "--prefix", "/tmp/x"}, "--user and --prefix are exclusive"},
		{[]string{"install", "extra"}, "unexpected arguments"},
		{[]string{"version", "x"}, "takes no arguments"},
		{[]string{"help", "nope"}, `unknown command "nope"`},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("gopherlab %q: exit %d, stderr:\n%s\nwant exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestOutputPaths(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.ipynb", "sub/a.ipynb", "b.ipynb"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), nil, 0o644)
	}
	in := func(p string) string { return filepath.Join(dir, p) }
	got, err := outputPaths([]string{in("a.ipynb"), in("b.ipynb")}, "")
	if err != nil || got[0] != in("a.out.ipynb") || got[1] != in("b.out.ipynb") {
		t.Errorf("default outputs %v, %v", got, err)
	}
	got, err = outputPaths([]string{in("a.ipynb")}, in("out"))
	if err != nil || got[0] != in("out/a.ipynb") {
		t.Errorf("--out outputs %v, %v", got, err)
	}
	got, err = outputPaths([]string{in("a.ipynb")}, dir)
	if err != nil || got[0] != in("a.out.ipynb") {
		t.Errorf("--out onto the input's directory: %v, %v; want a.out.ipynb", got, err)
	}
	if _, err := outputPaths([]string{in("a.ipynb"), in("sub/a.ipynb")}, in("out")); err == nil || !strings.Contains(err.Error(), "would both be written") {
		t.Errorf("colliding outputs: err = %v", err)
	}
	os.WriteFile(in("a.out.ipynb"), nil, 0o644)
	if _, err := outputPaths([]string{in("a.ipynb"), in("a.out.ipynb")}, ""); err == nil || !strings.Contains(err.Error(), "would overwrite the input") {
		t.Errorf("output onto another input: err = %v", err)
	}
	if _, err := outputPaths([]string{in("missing.ipynb")}, ""); err == nil {
		t.Error("missing input: no error")
	}
}
