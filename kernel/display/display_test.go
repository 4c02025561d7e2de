package display

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

type recSink struct {
	mu     sync.Mutex
	data   []Data
	clears []bool
}

func (r *recSink) Display(d Data) {
	r.mu.Lock()
	r.data = append(r.data, d)
	r.mu.Unlock()
}

func (r *recSink) ClearOutput(wait bool) {
	r.mu.Lock()
	r.clears = append(r.clears, wait)
	r.mu.Unlock()
}

func withSink(t *testing.T) *recSink {
	r := &recSink{}
	SetSink(r)
	t.Cleanup(func() { SetSink(nil) })
	return r
}

func TestHelpersPublishTheirMIMEType(t *testing.T) {
	r := withSink(t)
	HTML("<b>x</b>")
	Markdown("# t")
	LaTeX("$x$")
	SVG("<svg/>")
	PNG([]byte{1})
	JPEG([]byte{2})
	JSON(map[string]int{"a": 1})
	Text("plain")
	Image(image.NewGray(image.Rect(0, 0, 2, 2)))
	want := []string{"text/html", "text/markdown", "text/latex", "image/svg+xml", "image/png", "image/jpeg", "application/json", "text/plain", "image/png"}
	if len(r.data) != len(want) {
		t.Fatalf("%d displays, want %d", len(r.data), len(want))
	}
	for i, mime := range want {
		if _, ok := r.data[i].Bundle[mime]; !ok {
			t.Errorf("display %d lacks %s: %v", i, mime, r.data[i].Bundle)
		}
		if _, ok := r.data[i].Bundle["text/plain"]; !ok {
			t.Errorf("display %d lacks text/plain", i)
		}
		if r.data[i].ID != "" {
			t.Errorf("display %d has an id", i)
		}
	}
	if got := r.data[7].Bundle["text/plain"]; got != "plain" {
		t.Errorf("Text shows %q", got)
	}
	ClearOutput(true)
	if len(r.clears) != 1 || !r.clears[0] {
		t.Errorf("clears %v", r.clears)
	}
}

func TestBundle(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.White)
	p := plot.New()
	pts, _ := plotter.NewScatter(plotter.XYs{{X: 1, Y: 2}, {X: 2, Y: 3}})
	p.Add(pts)
	tests := []struct {
		name     string
		v        any
		plain    string
		pngW     int // 0: no image/png expected
		pngH     int
		otherKey string
	}{
		{"int", 42, "42", 0, 0, ""},
		{"string quoted", "a\"b", `"a\"b"`, 0, 0, ""},
		{"struct with fields", struct{ A, B int }{1, 2}, "{A:1 B:2}", 0, 0, ""},
		{"nil", nil, "nil", 0, 0, ""},
		{"image", img, "<*image.RGBA>", 3, 2, ""},
		{"plot at 6x4in, 96 dpi", p, "<*plot.Plot>", 576, 384, ""},
		{"bundler without text", Raw("application/x-thing", []byte{1}), "<application/x-thing>", 0, 0, "application/x-thing"},
		{"bundled cell value", Bundled(map[string]any{"text/html": "<i>"}, 7), "7", 0, 0, "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Bundle(tt.v)
			if b["text/plain"] != tt.plain {
				t.Errorf("text/plain %q, want %q", b["text/plain"], tt.plain)
			}
			if tt.otherKey != "" && b[tt.otherKey] == nil {
				t.Errorf("no %s in %v", tt.otherKey, b)
			}
			raw, ok := b["image/png"].([]byte)
			if ok != (tt.pngW > 0) {
				t.Fatalf("image/png present=%v", ok)
			}
			if !ok {
				return
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width != tt.pngW || cfg.Height != tt.pngH {
				t.Errorf("png %dx%d, want %dx%d", cfg.Width, cfg.Height, tt.pngW, tt.pngH)
			}
		})
	}
}

func TestHandleUpdatesInPlace(t *testing.T) {
	r := withSink(t)
	h := New()
	h.HTML("a")
	h.Text("b")
	h.Show(3)
	if len(r.data) != 3 {
		t.Fatalf("%d displays", len(r.data))
	}
	for i, d := range r.data {
		if d.ID != h.ID() || d.ID == "" {
			t.Errorf("display %d id %q, want %q", i, d.ID, h.ID())
		}
		if d.Update != (i > 0) {
			t.Errorf("display %d update=%v", i, d.Update)
		}
	}
	if New().ID() == h.ID() {
		t.Error("two handles share an id")
	}
}

func TestProgressThrottlesAndFinishes(t *testing.T) {
	r := withSink(t)
	p := NewProgress(1000, "steps")
	start := time.Now()
	for range 1000 {
		p.Add(1)
	}
	p.Done()
	p.Done()
	elapsed := time.Since(start)
	// One display at creation, one final, and at most one per 100 ms between.
	maxUpdates := 2 + int(elapsed/progressInterval) + 1
	if len(r.data) > maxUpdates || len(r.data) < 2 {
		t.Fatalf("%d displays in %v, want 2..%d", len(r.data), elapsed, maxUpdates)
	}
	last := r.data[len(r.data)-1]
	if !last.Update || last.ID != r.data[0].ID {
		t.Errorf("final display is not an update of the bar: %+v", last)
	}
	if text := last.Bundle["text/plain"].(string); !bytes.Contains([]byte(text), []byte("steps 1000/1000")) {
		t.Errorf("final text %q", text)
	}
	if html := last.Bundle["text/html"].(string); !bytes.Contains([]byte(html), []byte(`value="1000" max="1000"`)) {
		t.Errorf("final html %q", html)
	}
}

func TestContext(t *testing.T) {
	if Context() == nil {
		t.Fatal("nil context outside a kernel")
	}
	ctx, cancel := context.WithCancel(context.Background())
	SetContext(ctx)
	defer SetContext(nil)
	cancel()
	if Context().Err() == nil {
		t.Error("Context does not return the cell's context")
	}
}

func TestPublishForLowerPackages(t *testing.T) {
	r := withSink(t)
	Publish(map[string]any{"text/plain": "p"}, "id1", true)
	if len(r.data) != 1 || r.data[0].ID != "id1" || !r.data[0].Update {
		t.Errorf("%+v", r.data)
	}
}
