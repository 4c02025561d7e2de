package datasets

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Fetch downloads the files of dataset name into data directory dir ("" means
// Dir()), writing a progress bar to progress (nil for none). Files already
// present with the right checksum are kept; see Fetcher for the details.
func Fetch(ctx context.Context, name, dir string, progress io.Writer) error {
	info, err := Lookup(name)
	if err != nil {
		return err
	}
	f := Fetcher{Progress: progress}
	return f.Fetch(ctx, info, dir)
}

// Fetcher downloads datasets. Each file is written to NAME.part, verified
// against its SHA-256 and only then renamed to NAME, so a final name never
// holds a partial or corrupt file. An interrupted download keeps NAME.part and
// the next attempt resumes it with an HTTP Range request (restarting from
// zero when the server ignores ranges); a failed checksum deletes it.
type Fetcher struct {
	Client   *http.Client // nil means http.DefaultClient
	Progress io.Writer    // progress bar, nil for none
	Attempts int          // tries per mirror on a broken connection; 0 means 3
}

// Fetch downloads the files of info into dir ("" means Dir()).
func (f *Fetcher) Fetch(ctx context.Context, info Info, dir string) error {
	if dir == "" {
		dir = Dir()
	}
	folder := filepath.Join(dir, filepath.FromSlash(info.Folder))
	if info.Manual != "" {
		return fmt.Errorf("datasets: %s cannot be fetched into %s: %s", info.Name, folder, info.Manual)
	}
	for _, file := range info.Files {
		dest := filepath.Join(folder, filepath.FromSlash(file.Name))
		if err := verify(dest, file); err == nil {
			f.printf("%s/%s: present, checksum ok\n", info.Name, file.Name)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			return fmt.Errorf("datasets: %w", err)
		}
		if err := f.fetchFile(ctx, info.Name, file, dest); err != nil {
			return err
		}
	}
	return nil
}

func (f *Fetcher) printf(format string, args ...any) {
	if f.Progress != nil {
		fmt.Fprintf(f.Progress, format, args...)
	}
}

// fetchFile tries each mirror in turn until one yields a verified file.
func (f *Fetcher) fetchFile(ctx context.Context, dataset string, file File, dest string) error {
	if len(file.URLs) == 0 {
		return fmt.Errorf("datasets: %s/%s has no download URL", dataset, file.Name)
	}
	part := dest + ".part"
	attempts := f.Attempts
	if attempts <= 0 {
		attempts = 3
	}
	var errs []error
	for _, url := range file.URLs {
		var err error
		for try := 0; try < attempts; try++ {
			if err = f.download(ctx, dataset+"/"+file.Name, url, part, file.Size); err == nil || !retryable(err) || ctx.Err() != nil {
				break
			}
		}
		if err == nil {
			if err = verify(part, file); err != nil {
				os.Remove(part)
				err = fmt.Errorf("%w; the download was deleted, run the fetch again", err)
			}
		}
		if err == nil {
			if err = os.Rename(part, dest); err == nil {
				return nil
			}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("datasets: fetching %s/%s stopped: %w (%s is kept; fetching again resumes it)", dataset, file.Name, ctx.Err(), part)
		}
		errs = append(errs, fmt.Errorf("%s: %w", url, err))
	}
	return fmt.Errorf("datasets: could not fetch %s/%s into %s: %w", dataset, file.Name, filepath.Dir(dest), errors.Join(errs...))
}

// httpError is a response status that retrying the same URL will not fix.
type httpError struct{ status string }

func (e *httpError) Error() string { return "server answered " + e.status }

func retryable(err error) bool {
	var he *httpError
	return !errors.As(err, &he)
}

// download appends url's body to part, resuming from part's current size.
func (f *Fetcher) download(ctx context.Context, label, url, part string, size int64) error {
	out, err := os.OpenFile(part, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer out.Close()
	have, err := out.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if have > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(have, 10)+"-")
	}
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPartialContent && have > 0 && strings.HasPrefix(resp.Header.Get("Content-Range"), "bytes "+strconv.FormatInt(have, 10)+"-"):
		// resuming
	case resp.StatusCode == http.StatusOK:
		have = 0 // the server ignored the range: start again
		if err := out.Truncate(0); err != nil {
			return err
		}
		if _, err := out.Seek(0, io.SeekStart); err != nil {
			return err
		}
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		// part is as long as (or longer than) the file: restart next try
		out.Truncate(0)
		return errors.New("partial file longer than the server's file; restarting")
	default:
		return &httpError{resp.Status}
	}
	total := size
	if resp.ContentLength >= 0 {
		total = have + resp.ContentLength
	}
	bar := &progressBar{w: f.Progress, label: label, done: have, total: total}
	_, err = io.Copy(io.MultiWriter(out, bar), resp.Body)
	bar.finish(err == nil)
	if err != nil {
		return err
	}
	if resp.ContentLength >= 0 && bar.done != total {
		return fmt.Errorf("connection closed after %d of %d bytes", bar.done, total)
	}
	return out.Sync()
}

// verify checks the file at path against file's checksum.
func verify(path string, file File) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	want, what := file.SHA256, "sha256"
	var r io.Reader = in
	if want == "" {
		want, what = file.ContentSHA256, "sha256 of the gunzipped content"
		zr, err := gzip.NewReader(in)
		if err != nil {
			return fmt.Errorf("checksum mismatch for %s: not a gzip file (%v)", path, err)
		}
		r = zr
	}
	if want == "" {
		return nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return fmt.Errorf("checksum mismatch for %s: %v", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("checksum mismatch for %s: %s is %s, want %s", path, what, got, want)
	}
	return nil
}

// progressBar draws "label  42% [=====>    ] 4.2/9.9 MB" at most every 100ms.
type progressBar struct {
	w           io.Writer
	label       string
	done, total int64
	last        time.Time
}

func (p *progressBar) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	if p.w != nil && time.Since(p.last) > 100*time.Millisecond {
		p.last = time.Now()
		p.draw()
	}
	return len(b), nil
}

func (p *progressBar) draw() {
	const width = 30
	mb := func(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) }
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%s %s MB", p.label, mb(p.done))
		return
	}
	frac := float64(p.done) / float64(p.total)
	n := int(frac * width)
	bar := bytes.Repeat([]byte{' '}, width)
	for i := 0; i < n && i < width; i++ {
		bar[i] = '='
	}
	if n < width {
		bar[n] = '>'
	}
	fmt.Fprintf(p.w, "\r%s %3d%% [%s] %s/%s MB", p.label, int(frac*100), bar, mb(p.done), mb(p.total))
}

func (p *progressBar) finish(ok bool) {
	if p.w == nil {
		return
	}
	p.draw()
	if ok {
		fmt.Fprintln(p.w)
	} else {
		fmt.Fprintln(p.w, " interrupted")
	}
}
