package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/kernel/notebook"
)

// postNotebooks are the notebooks that reproduce the blog posts: every one
// has a "parameters" cell declaring quick, honours GOPHERLAB_QUICK=1, and
// panics in a check cell when a result disagrees with the post or the maths.
func postNotebooks(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob("../../notebooks/[0-9][0-9]-*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var posts []string
	for _, p := range paths {
		if !strings.HasPrefix(filepath.Base(p), "00-") { // the tour has its own tests
			posts = append(posts, p)
		}
	}
	if len(posts) == 0 {
		t.Fatal("no post notebooks in notebooks/")
	}
	return posts
}

// checkExecuted fails unless every code cell of the executed notebook ran,
// none failed, at least one check passed (the ✓ lines checks print), and
// the notebook ran in the mode wanted (it prints "quick mode: true|false").
func checkExecuted(t *testing.T, path string, quick bool) {
	t.Helper()
	cells := codeCells(t, path)
	checks := 0
	mode := fmt.Sprintf("quick mode: %v", quick)
	modeSeen := false
	for i, c := range cells {
		if c.ExecutionCount == 0 {
			t.Errorf("%s: code cell %d did not run", filepath.Base(path), i+1)
		}
		for _, o := range c.Outputs {
			if o.Type == "error" {
				t.Errorf("%s: code cell %d failed: %s: %s", filepath.Base(path), i+1, o.EName, o.EValue)
			}
			if o.Type == "stream" {
				checks += strings.Count(o.Text, "✓ ")
				modeSeen = modeSeen || strings.Contains(o.Text, mode)
			}
		}
	}
	if checks == 0 {
		t.Errorf("%s: no check passed", filepath.Base(path))
	}
	if !modeSeen {
		t.Errorf("%s: no output says %q", filepath.Base(path), mode)
	}
	t.Logf("%s: %d checks passed", filepath.Base(path), checks)
}

func TestPostNotebooksQuickRun(t *testing.T) {
	t.Setenv("GOPHERLAB_DATA", sharedData(t))
	for _, path := range postNotebooks(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			out := t.TempDir()
			abs, _ := filepath.Abs(path)
			code, _, stderr := gopherlab(t, ".", "run", "--param", "quick=true", "--out", out, abs)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			checkExecuted(t, filepath.Join(out, filepath.Base(path)), true)
		})
	}
}

func TestPostNotebooksQuickNbconvert(t *testing.T) {
	t.Setenv("GOPHERLAB_DATA", sharedData(t))
	t.Setenv("GOPHERLAB_QUICK", "1")
	for _, path := range postNotebooks(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			checkExecuted(t, nbconvert(t, path), true)
		})
	}
}

// TestPostNotebooksCommittedFullRun checks that each notebook is committed
// with the outputs of a successful full-mode run by gopherlab run, whose
// metadata says how it was made.
func TestPostNotebooksCommittedFullRun(t *testing.T) {
	for _, path := range postNotebooks(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			nb, err := notebook.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			meta, _ := nb.Metadata["gopherlab"].(map[string]any)
			run, _ := meta["run"].(map[string]any)
			if run == nil || run["status"] != "ok" {
				t.Fatalf("metadata.gopherlab.run = %v: commit the output of a successful `gopherlab run`", run)
			}
			for _, key := range []string{"command", "started", "wall_time_s", "machine"} {
				if run[key] == nil {
					t.Errorf("metadata.gopherlab.run has no %s", key)
				}
			}
			if cmd, _ := run["command"].(string); strings.Contains(cmd, "quick=true") || meta["parameters"] != nil {
				t.Errorf("the committed outputs come from %q with parameters %v, not a full run", cmd, meta["parameters"])
			}
			for _, c := range nb.Cells {
				if c.HasTag(notebook.InjectedTag) {
					t.Error("the committed notebook holds an injected-parameters cell")
				}
			}
			checkExecuted(t, path, false)
		})
	}
}
