package cmudict_test

import (
	"testing"

	"github.com/gopherlab/gopherlab/datasets/internal/datatest"
)

// TestMain lets the examples load from the default data directory.
func TestMain(m *testing.M) { datatest.Main(m) }
