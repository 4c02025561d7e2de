package text_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/gopherlab/gopherlab/datasets/internal/datatest"
)

// TestMain lets the examples load from the default data directory.
func TestMain(m *testing.M) {
	if err := datatest.Setenv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
