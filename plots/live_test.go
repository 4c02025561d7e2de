package plots

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a publisher that records what it is given.
type recorder struct {
	mu    sync.Mutex
	calls []call
}

type call struct {
	id     string
	update bool
	text   string
	png    []byte
}

func (r *recorder) publish(b map[string]any, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	png, _ := b["image/png"].([]byte)
	text, _ := b["text/plain"].(string)
	r.calls = append(r.calls, call{id, update, text, png})
}

func (r *recorder) snapshot() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

func withPublisher(t *testing.T) *recorder {
	r := &recorder{}
	SetPublisher(r.publish)
	t.Cleanup(func() { SetPublisher(nil) })
	return r
}

func TestLiveCreatesThenUpdatesThrottled(t *testing.T) {
	rec := withPublisher(t)
	live, err := NewLive(Title("loss"), Interval(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		live.Add("train", float64(i), 1/float64(i+1))
	}
	calls := rec.snapshot()
	if len(calls) != 1 || calls[0].update || calls[0].id != live.ID() {
		t.Fatalf("200 Adds within the interval: want one create for %s, got %+v", live.ID(), calls)
	}
	if !strings.Contains(calls[0].text, "(1 point)") || !bytes.HasPrefix(calls[0].png, []byte("\x89PNG")) {
		t.Errorf("first publish %q should show the first point as PNG", calls[0].text)
	}
	live.Add("validation", 199, 0.01)
	if err := live.Flush(); err != nil {
		t.Fatal(err)
	}
	calls = rec.snapshot()
	if len(calls) != 2 || !calls[1].update || calls[1].id != live.ID() {
		t.Fatalf("Flush: want an update of the same display, got %+v", calls)
	}
	if !strings.Contains(calls[1].text, "train, validation") || !strings.Contains(calls[1].text, "(201 points)") {
		t.Errorf("final update %q should show both series and all 201 points", calls[1].text)
	}
}

func TestLiveTrailingRender(t *testing.T) {
	rec := withPublisher(t)
	live, err := NewLive(Interval(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	live.Add("a", 0, 1)
	live.Add("a", 1, 2) // within the interval: deferred, not dropped
	if n := len(rec.snapshot()); n != 1 {
		t.Fatalf("after two quick Adds: %d publishes, want 1", n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(rec.snapshot()) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	calls := rec.snapshot()
	if len(calls) != 2 || !calls[1].update || !strings.Contains(calls[1].text, "(2 points)") {
		t.Fatalf("the deferred render should update the display with both points; got %+v", calls)
	}
}

func TestLiveWithoutPublisher(t *testing.T) {
	SetPublisher(nil)
	path := filepath.Join(t.TempDir(), "live.png")
	live, err := NewLive(LiveFile(path))
	if err != nil {
		t.Fatal(err)
	}
	live.Add("loss", 0, 3)
	live.Add("loss", 1, 2)
	if err := live.Flush(); err != nil {
		t.Fatal(err)
	}
	img := decodePNGFile(t, path)
	if img.Bounds().Dx() != 576 {
		t.Errorf("LiveFile PNG is %v wide, want 576", img.Bounds().Dx())
	}
	f, err := live.Figure()
	if err != nil || !strings.Contains(f.String(), "(2 points)") {
		t.Errorf("Figure: %v, %v", f, err)
	}

	quiet, err := NewLive()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := quiet.Figure(); err == nil || !strings.Contains(err.Error(), "no points") {
		t.Errorf("empty live plot: error %v", err)
	}
	quiet.Add("loss", 0, 1)
	if err := quiet.Flush(); err != nil {
		t.Errorf("Flush with nowhere to render: %v", err)
	}

	bad, err := NewLive(LiveFile(filepath.Join(t.TempDir(), "no", "such", "dir.png")))
	if err != nil {
		t.Fatal(err)
	}
	bad.Add("loss", 0, 1)
	if err := bad.Flush(); err == nil {
		t.Error("Flush should report that the LiveFile cannot be written")
	}
}

func TestLiveConcurrentAdds(t *testing.T) {
	rec := withPublisher(t)
	live, err := NewLive(Interval(20 * time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				live.Add(string(rune('a'+g)), float64(i), float64(i*g))
			}
		}(g)
	}
	wg.Wait()
	if err := live.Flush(); err != nil {
		t.Fatal(err)
	}
	calls := rec.snapshot()
	for i, c := range calls {
		if c.update != (i > 0) {
			t.Fatalf("publish %d has update=%v; only the first may create", i, c.update)
		}
	}
	if last := calls[len(calls)-1]; !strings.Contains(last.text, "(200 points)") {
		t.Errorf("final publish %q should have all 200 points", last.text)
	}
}

func TestLiveSlowRendersDoNotTakeOver(t *testing.T) {
	// With no interval at all, the wait after a render is still three times
	// the render's duration: a burst of Adds gets one render, not hundreds.
	rec := withPublisher(t)
	live, err := NewLive(Interval(0))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		live.Add("loss", float64(i), 1)
	}
	if n := len(rec.snapshot()); n != 1 {
		t.Errorf("200 quick Adds with Interval(0) rendered %d times, want 1", n)
	}
	if err := live.Flush(); err != nil {
		t.Fatal(err)
	}
	if calls := rec.snapshot(); !strings.Contains(calls[len(calls)-1].text, "(200 points)") {
		t.Errorf("after Flush the display should show all 200 points: %q", calls[len(calls)-1].text)
	}
}
