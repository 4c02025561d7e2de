package datasets

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func testInfo(url, sha string) Info {
	return Info{Name: "toy", Folder: "toy", Files: []File{{Name: "data.bin", URLs: []string{url}, SHA256: sha}}}
}

// rangeServer serves body, honouring "Range: bytes=N-", and records the
// Range headers it saw. cut > 0 makes the first full request drop the
// connection after cut bytes.
type rangeServer struct {
	body   []byte
	cut    int
	mu     sync.Mutex
	ranges []string
}

func (s *rangeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	rg := r.Header.Get("Range")
	s.ranges = append(s.ranges, rg)
	cut := s.cut
	s.cut = 0
	s.mu.Unlock()
	if rg != "" {
		from, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"))
		if err != nil || from >= len(s.body) {
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			return
		}
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", from, len(s.body)-1, len(s.body)))
		w.Header().Set("Content-Length", strconv.Itoa(len(s.body)-from))
		w.WriteHeader(http.StatusPartialContent)
		w.Write(s.body[from:])
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(s.body)))
	if cut > 0 {
		w.Write(s.body[:cut])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // drop the connection mid-body
	}
	w.Write(s.body)
}

func TestFetchVerifiesAndRenames(t *testing.T) {
	body := payload(100_000)
	srv := httptest.NewServer(&rangeServer{body: body})
	defer srv.Close()
	dir := t.TempDir()
	var progress bytes.Buffer
	f := Fetcher{Progress: &progress}
	if err := f.Fetch(context.Background(), testInfo(srv.URL+"/data.bin", sum(body)), dir); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "toy", "data.bin"))
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("downloaded file differs (err %v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "toy", "data.bin.part")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf(".part left behind: %v", err)
	}
	if !strings.Contains(progress.String(), "toy/data.bin 100% [==============================] 0.1/0.1 MB\n") {
		t.Errorf("progress bar missing its final state: %q", progress.String())
	}
	// A second fetch finds the verified file and downloads nothing.
	progress.Reset()
	if err := f.Fetch(context.Background(), testInfo("http://127.0.0.1:1/unused", sum(body)), dir); err != nil {
		t.Fatal(err)
	}
	if progress.String() != "toy/data.bin: present, checksum ok\n" {
		t.Errorf("second fetch: %q", progress.String())
	}
}

func TestFetchChecksumMismatch(t *testing.T) {
	body := payload(5000)
	srv := httptest.NewServer(&rangeServer{body: body})
	defer srv.Close()
	dir := t.TempDir()
	want := strings.Repeat("ab", 32)
	err := (&Fetcher{}).Fetch(context.Background(), testInfo(srv.URL+"/data.bin", want), dir)
	part := filepath.Join(dir, "toy", "data.bin.part")
	wantMsg := fmt.Sprintf("datasets: could not fetch toy/data.bin into %s: %s/data.bin: checksum mismatch for %s: sha256 is %s, want %s; the download was deleted, run the fetch again",
		filepath.Join(dir, "toy"), srv.URL, part, sum(body), want)
	if err == nil || err.Error() != wantMsg {
		t.Fatalf("error\n got %v\nwant %s", err, wantMsg)
	}
	for _, p := range []string{part, filepath.Join(dir, "toy", "data.bin")} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists after a checksum mismatch", p)
		}
	}
}

func TestFetchResumesInterruptedDownload(t *testing.T) {
	body := payload(200_000)
	rs := &rangeServer{body: body, cut: 70_000}
	srv := httptest.NewServer(rs)
	defer srv.Close()
	dir := t.TempDir()
	if err := (&Fetcher{}).Fetch(context.Background(), testInfo(srv.URL+"/data.bin", sum(body)), dir); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "toy", "data.bin"))
	if !bytes.Equal(got, body) {
		t.Fatal("resumed file differs from the original")
	}
	if len(rs.ranges) != 2 || rs.ranges[0] != "" || !strings.HasPrefix(rs.ranges[1], "bytes=") || rs.ranges[1] == "bytes=0-" {
		t.Fatalf("want a full request then a ranged resume, got %q", rs.ranges)
	}
}

func TestFetchCancelKeepsPartThenResumes(t *testing.T) {
	body := payload(300_000)
	ctx, cancel := context.WithCancel(context.Background())
	half := len(body) / 2
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body[:half])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	dir := t.TempDir()
	info := testInfo(srv.URL+"/data.bin", sum(body))
	// The user interrupts once the first bytes have arrived (and been drawn).
	interrupt := writerFunc(func(b []byte) (int, error) { cancel(); return len(b), nil })
	err := (&Fetcher{Progress: interrupt}).Fetch(ctx, info, dir)
	srv.Close()
	part := filepath.Join(dir, "toy", "data.bin.part")
	wantMsg := fmt.Sprintf("datasets: fetching toy/data.bin stopped: context canceled (%s is kept; fetching again resumes it)", part)
	if err == nil || err.Error() != wantMsg {
		t.Fatalf("error\n got %v\nwant %s", err, wantMsg)
	}
	if _, err := os.Stat(filepath.Join(dir, "toy", "data.bin")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("final name exists after an interrupted download")
	}
	st, err := os.Stat(part)
	if err != nil || st.Size() == 0 || st.Size() > int64(half) {
		t.Fatalf(".part should hold the first bytes: %v %v", st, err)
	}
	rs := &rangeServer{body: body}
	srv2 := httptest.NewServer(rs)
	defer srv2.Close()
	info.Files[0].URLs = []string{srv2.URL + "/data.bin"}
	if err := (&Fetcher{}).Fetch(context.Background(), info, dir); err != nil {
		t.Fatal(err)
	}
	if want := "bytes=" + strconv.FormatInt(st.Size(), 10) + "-"; len(rs.ranges) != 1 || rs.ranges[0] != want {
		t.Fatalf("resume sent %q, want %q", rs.ranges, want)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "toy", "data.bin"))
	if !bytes.Equal(got, body) {
		t.Fatal("resumed file differs")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

func TestFetchRestartsWhenServerIgnoresRange(t *testing.T) {
	body := payload(10_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "toy"), 0o755)
	os.WriteFile(filepath.Join(dir, "toy", "data.bin.part"), []byte("stale bytes from another file"), 0o644)
	if err := (&Fetcher{}).Fetch(context.Background(), testInfo(srv.URL, sum(body)), dir); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "toy", "data.bin"))
	if !bytes.Equal(got, body) {
		t.Fatal("restarted download differs")
	}
}

func TestFetchFallsBackToNextMirror(t *testing.T) {
	body := payload(1000)
	bad := httptest.NewServer(http.NotFoundHandler())
	defer bad.Close()
	good := httptest.NewServer(&rangeServer{body: body})
	defer good.Close()
	info := testInfo(bad.URL+"/data.bin", sum(body))
	info.Files[0].URLs = append(info.Files[0].URLs, good.URL+"/data.bin")
	if err := (&Fetcher{}).Fetch(context.Background(), info, t.TempDir()); err != nil {
		t.Fatal(err)
	}
}

func TestFetchOffline(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/data.bin"
	srv.Close() // nothing listens any more: like having no network
	dir := t.TempDir()
	err := (&Fetcher{}).Fetch(context.Background(), testInfo(url, sum(nil)), dir)
	if err == nil || !strings.HasPrefix(err.Error(), "datasets: could not fetch toy/data.bin into "+filepath.Join(dir, "toy")+": "+url+": ") ||
		!strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("offline error: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "toy", "data.bin")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("final file exists after a failed fetch")
	}
}

func TestVerifyContentChecksum(t *testing.T) {
	content := payload(4096)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(content)
	zw.Close()
	p := filepath.Join(t.TempDir(), "x.gz")
	os.WriteFile(p, gz.Bytes(), 0o644)
	if err := verify(p, File{ContentSHA256: sum(content)}); err != nil {
		t.Fatal(err)
	}
	err := verify(p, File{ContentSHA256: sum(gz.Bytes())})
	want := fmt.Sprintf("checksum mismatch for %s: sha256 of the gunzipped content is %s, want %s", p, sum(content), sum(gz.Bytes()))
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestFindMissingNamesFileFolderAndCommand(t *testing.T) {
	dir := t.TempDir()
	_, err := Find(dir, "mnist", "train-images-idx3-ubyte.gz")
	want := "datasets: mnist file \"train-images-idx3-ubyte.gz\" not found in " + filepath.Join(dir, "mnist") +
		"; run `gopherlab data fetch mnist` (or download https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz into " +
		filepath.Join(dir, "mnist") + "), or set $GOPHERLAB_DATA to a folder that has it"
	var me *MissingError
	if !errors.As(err, &me) || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
	_, err = Find(dir, "celeba", "img_align_celeba")
	if err == nil || !strings.Contains(err.Error(), "CelebA cannot be fetched automatically") {
		t.Fatalf("celeba: %v", err)
	}
	if err := Fetch(context.Background(), "celeba", dir, nil); err == nil || !strings.Contains(err.Error(), "cannot be fetched into "+filepath.Join(dir, "celeba")) {
		t.Fatalf("fetch celeba: %v", err)
	}
}

func TestLookupAndDir(t *testing.T) {
	if _, err := Lookup("nope"); err == nil || err.Error() != "datasets: unknown dataset \"nope\"; known datasets: celeba, cmudict, fashion-mnist, mnist, rhymedata, sfhq" {
		t.Fatalf("got %v", err)
	}
	for _, info := range List() {
		for _, f := range info.Files {
			if len(f.URLs) == 0 || len(f.SHA256)+len(f.ContentSHA256) != 64 {
				t.Errorf("%s/%s: needs a URL and one sha256", info.Name, f.Name)
			}
		}
	}
	t.Setenv(EnvDir, "/some/where")
	if Dir() != "/some/where" {
		t.Fatalf("Dir ignores $%s", EnvDir)
	}
}

func TestPresent(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"cmudict", "sfhq"} {
		if ok, err := Present(dir, name); ok || err != nil {
			t.Fatalf("%s present in an empty dir: %v", name, err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "cmudict"), 0o755)
	os.WriteFile(filepath.Join(dir, "cmudict", "cmudict.dict"), []byte("a AH0\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "faces", "sfhq"), 0o755)
	os.WriteFile(filepath.Join(dir, "faces", "sfhq", "x.png"), nil, 0o644)
	for _, name := range []string{"cmudict", "sfhq"} {
		if ok, err := Present(dir, name); !ok || err != nil {
			t.Fatalf("%s not present: %v", name, err)
		}
	}
}
