package datatest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirPrefersEnv(t *testing.T) {
	t.Setenv("GOPHERLAB_DATA", "/some/where")
	if d := Dir(t); d != "/some/where" {
		t.Fatalf("Dir = %q with $GOPHERLAB_DATA set, want /some/where", d)
	}
}

func TestDirFindsShared(t *testing.T) {
	t.Setenv("GOPHERLAB_DATA", "")
	d := Dir(t)
	if filepath.Base(d) != "datasets" || filepath.Base(filepath.Dir(d)) != "shared" {
		t.Fatalf("Dir = %q, want a path ending in shared/datasets", d)
	}
	if _, err := os.Stat(filepath.Join(d, "mnist")); err != nil {
		t.Fatalf("Dir = %q holds no mnist/: %v", d, err)
	}
}
