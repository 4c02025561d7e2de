package datasets

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/datasets/internal/datatest"
)

type noNetwork struct{}

func (noNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in tests")
}

// The registry's checksums match the real files, so fetching into a folder
// that has them downloads nothing.
func TestRegistryMatchesSharedFiles(t *testing.T) {
	dir := datatest.Dir(t)
	for _, name := range []string{"mnist", "cmudict", "rhymedata"} {
		info, _ := Lookup(name)
		var log strings.Builder
		f := Fetcher{Client: &http.Client{Transport: noNetwork{}}, Progress: &log}
		if err := f.Fetch(context.Background(), info, dir); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := strings.Count(log.String(), "present, checksum ok\n"); n != len(info.Files) {
			t.Fatalf("%s: %d of %d files verified:\n%s", name, n, len(info.Files), log.String())
		}
	}
	for _, name := range []string{"mnist", "cmudict", "rhymedata", "sfhq"} {
		if ok, err := Present(dir, name); !ok || err != nil {
			t.Errorf("%s not present in %s: %v", name, dir, err)
		}
	}
}
