package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gopherlab/gopherlab/datasets"
)

// sharedData is the repository's real datasets (../shared/datasets from the
// module root), as the loaders' tests use them.
func sharedData(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	if env := os.Getenv("GOPHERLAB_DATA"); env != "" {
		dir = env
	}
	if _, err := os.Stat(filepath.Join(dir, "mnist")); err != nil {
		t.Fatalf("the shared datasets are needed (../shared/datasets or $GOPHERLAB_DATA): %v", err)
	}
	return dir
}

func TestDataList(t *testing.T) {
	t.Setenv("GOPHERLAB_DATA", sharedData(t))
	code, out, errOut := gopherlab(t, "", "data", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 1 {
			rows[f[0]] = line
		}
	}
	mnist := rows["mnist"]
	if !regexp.MustCompile(`^mnist\s+yes\s+11\.\d MiB\s+MNIST handwritten digits`).MatchString(mnist) {
		t.Errorf("mnist row = %q, want present with its size and description\n%s", mnist, out)
	}
	if !regexp.MustCompile(`^celeba\s+no\s+by hand\s`).MatchString(rows["celeba"]) {
		t.Errorf("celeba row = %q, want absent, obtained by hand\n%s", rows["celeba"], out)
	}
}

func TestDataListDirFlagEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := dataList(&b, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^cmudict\s+no\s+3\.5 MiB to fetch\s`).MatchString(b.String()) {
		t.Errorf("cmudict in an empty data dir should be absent with its download size:\n%s", b.String())
	}
}

func TestDataFetchUnknown(t *testing.T) {
	code, _, errOut := runCmd(t, "data", "fetch", "nosuch")
	if code != 1 || !strings.Contains(errOut, `unknown dataset "nosuch"`) || !strings.Contains(errOut, "known datasets: ") ||
		!strings.Contains(errOut, "mnist") {
		t.Errorf("exit %d, stderr %q: want an error naming the dataset and listing the known ones", code, errOut)
	}
}

func TestDataUsage(t *testing.T) {
	for _, args := range [][]string{
		{"data"},
		{"data", "fetch"},
		{"data", "fetch", "a", "b"},
		{"data", "list", "x"},
		{"data", "frob"},
		{"data", "fetch", "mnist", "--nosuch"},
	} {
		code, _, errOut := runCmd(t, args...)
		if code != 2 || !strings.Contains(errOut, "usage: gopherlab data") {
			t.Errorf("%q: exit %d, stderr %q: want a usage error", args, code, errOut)
		}
	}
}

func TestDataHelpAfterSubcommand(t *testing.T) {
	code, _, errOut := runCmd(t, "data", "fetch", "-h")
	if code != 0 || !strings.Contains(errOut, "-dir DIR") || strings.Contains(errOut, "help requested") {
		t.Errorf("exit %d, stderr %q: want the help alone", code, errOut)
	}
}

func TestDataFetchManual(t *testing.T) {
	code, _, errOut := runCmd(t, "data", "fetch", "--dir", t.TempDir(), "celeba")
	if code != 1 || !strings.Contains(errOut, "cannot be fetched") {
		t.Errorf("exit %d, stderr %q: want an error saying how to get celeba", code, errOut)
	}
}

// redirect sends every request to a local server, keeping the path.
type redirect struct{ to *url.URL }

func (r redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = r.to.Scheme, r.to.Host
	return http.DefaultTransport.RoundTrip(req)
}

// TestDataFetch downloads cmudict from a local server that serves the
// shared copy (whose checksum the registry has), with the flag after the
// name, and checks the file, the progress and the resume of a .part.
func TestDataFetch(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(sharedData(t), "cmudict", "cmudict.dict"))
	if err != nil {
		t.Fatal(err)
	}
	var ranged bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/cmudict.dict") {
			http.NotFound(w, r)
			return
		}
		ranged = ranged || r.Header.Get("Range") != ""
		http.ServeContent(w, r, "cmudict.dict", time.Time{}, bytes.NewReader(want))
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	dataClient = &http.Client{Transport: redirect{u}}
	defer func() { dataClient = nil }()

	dir := t.TempDir()
	// A partial download from an earlier, interrupted fetch.
	if err := os.MkdirAll(filepath.Join(dir, "cmudict"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cmudict", "cmudict.dict.part"), want[:1000], 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, "data", "fetch", "cmudict", "--dir", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got, err := os.ReadFile(filepath.Join(dir, "cmudict", "cmudict.dict"))
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(got) != sha256.Sum256(want) {
		t.Errorf("fetched file differs from the served one (%d vs %d bytes)", len(got), len(want))
	}
	if !ranged {
		t.Error("the .part was not resumed with a Range request")
	}
	if !strings.Contains(errOut, "cmudict is in "+filepath.Join(dir, "cmudict")) {
		t.Errorf("stderr %q does not say where the dataset is", errOut)
	}
	present, _ := datasets.Present(dir, "cmudict")
	if !present {
		t.Error("cmudict not present after fetch")
	}
}

func TestDataFetchCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := dataFetch(ctx, "cmudict", t.TempDir(), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "run the same command again to resume") {
		t.Errorf("err = %v, want an interrupted fetch that says how to resume", err)
	}
}

// TestDataFetchInterruptKeepsPart cancels a fetch mid-file (as Ctrl-C does)
// and checks that the partial file stays for the next fetch to resume.
func TestDataFetchInterruptKeepsPart(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "3618488")
		w.Write(make([]byte, 64<<10))
		w.(http.Flusher).Flush()
		<-r.Context().Done() // the rest never comes
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	dataClient = &http.Client{Transport: redirect{u}}
	defer func() { dataClient = nil }()

	dir := t.TempDir()
	part := filepath.Join(dir, "cmudict", "cmudict.dict.part")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			if st, err := os.Stat(part); err == nil && st.Size() > 0 {
				cancel()
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	err := dataFetch(ctx, "cmudict", dir, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "run the same command again to resume") {
		t.Fatalf("err = %v, want an interrupted fetch that says how to resume", err)
	}
	st, statErr := os.Stat(part)
	if statErr != nil || st.Size() == 0 {
		t.Errorf("partial download not kept: %v", statErr)
	}
	if _, err := os.Stat(filepath.Join(dir, "cmudict", "cmudict.dict")); err == nil {
		t.Error("an interrupted fetch left a file under the final name")
	}
}
