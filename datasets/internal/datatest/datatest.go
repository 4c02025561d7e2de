// Package datatest locates the shared real datasets for tests: $GOPHERLAB_DATA
// when set, else ../shared/datasets relative to the repository root (the
// folder holding go.mod).
package datatest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared data directory, failing the test when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("GOPHERLAB_DATA"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			shared := filepath.Join(d, "..", "shared", "datasets")
			if _, err := os.Stat(shared); err != nil {
				t.Fatalf("shared datasets not found at %s: set $GOPHERLAB_DATA to a folder holding mnist/, cmudict/, rhymedata/, faces/", shared)
			}
			return shared
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", wd)
		}
	}
}
