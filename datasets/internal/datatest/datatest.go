package datatest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared data directory, failing the test when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	d, err := find()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Main runs a package's tests, exiting with their status, after pointing
// $GOPHERLAB_DATA at the shared data directory (unless it is already set),
// so examples calling loaders with the default directory run on the real
// files. When the data is missing it exits with 1 and the reason. Call it
// as the whole body of TestMain:
//
//	func TestMain(m *testing.M) { datatest.Main(m) }
func Main(m *testing.M) {
	d, err := find()
	if err == nil {
		err = os.Setenv("GOPHERLAB_DATA", d)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func find() (string, error) {
	if d := os.Getenv("GOPHERLAB_DATA"); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			shared := filepath.Join(d, "..", "shared", "datasets")
			if _, err := os.Stat(shared); err != nil {
				return "", fmt.Errorf("shared datasets not found at %s: set $GOPHERLAB_DATA to a folder holding mnist/, cmudict/, rhymedata/, faces/", shared)
			}
			return shared, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("no go.mod above " + wd)
		}
	}
}
