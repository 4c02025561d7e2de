package display

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// Handle is a display that can be replaced in place: the first Show
// creates it, later ones update it.
//
//	h := display.New()
//	h.HTML("<i>starting</i>")
//	h.HTML("<b>done</b>") // replaces the first output
type Handle struct {
	id    string
	mu    sync.Mutex
	shown bool
}

// New returns a handle with a fresh display id; nothing is shown until its
// first Show (or HTML, Markdown, Text).
func New() *Handle {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand panics on failure since Go 1.24)
	return &Handle{id: "gl-" + hex.EncodeToString(b[:])}
}

// ID returns the display id.
func (h *Handle) ID() string { return h.id }

// Show displays v (same rules as the package-level Show), replacing what
// the handle showed before.
func (h *Handle) Show(v any) { h.publish(Bundle(v)) }

// HTML shows an HTML fragment in place.
func (h *Handle) HTML(s string) { h.Show(Raw("text/html", s)) }

// Markdown shows Markdown text in place.
func (h *Handle) Markdown(s string) { h.Show(Raw("text/markdown", s)) }

// Text shows plain text in place.
func (h *Handle) Text(s string) { h.publish(map[string]any{"text/plain": s}) }

func (h *Handle) publish(bundle map[string]any) {
	h.mu.Lock()
	update := h.shown
	h.shown = true
	h.mu.Unlock()
	publish(Data{Bundle: bundle, ID: h.id, Update: update})
}
