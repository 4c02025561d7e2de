package display

import (
	"fmt"
	"html"
	"sync"
	"time"
)

// progressInterval bounds the update rate of a Progress (10 per second):
// a tight loop calling Add must not flood the front end.
const progressInterval = 100 * time.Millisecond

// Progress is a progress bar that redraws in place.
//
//	p := display.NewProgress(len(files), "loading")
//	for _, f := range files { load(f); p.Add(1) }
//	p.Done()
type Progress struct {
	mu    sync.Mutex
	h     *Handle
	label string
	total int
	n     int
	start time.Time
	last  time.Time
	done  bool
}

// NewProgress shows an empty bar for total steps with a label.
func NewProgress(total int, label string) *Progress {
	now := time.Now()
	p := &Progress{h: New(), label: label, total: total, start: now}
	p.h.publish(p.bundle(now))
	p.last = now
	return p
}

// Add advances the bar by n steps.
func (p *Progress) Add(n int) {
	p.mu.Lock()
	p.n += n
	p.redraw(false)
}

// Set moves the bar to step n.
func (p *Progress) Set(n int) {
	p.mu.Lock()
	p.n = n
	p.redraw(false)
}

// Done draws the final state; later calls do nothing.
func (p *Progress) Done() {
	p.mu.Lock()
	if p.done {
		p.mu.Unlock()
		return
	}
	p.done = true
	p.redraw(true)
}

// redraw publishes the bar if forced or if the last update is old enough.
// It is called with p.mu held and releases it before publishing.
func (p *Progress) redraw(force bool) {
	now := time.Now()
	if !force && (p.done || now.Sub(p.last) < progressInterval) {
		p.mu.Unlock()
		return
	}
	p.last = now
	b := p.bundle(now)
	p.mu.Unlock()
	p.h.publish(b)
}

func (p *Progress) bundle(now time.Time) map[string]any {
	elapsed := now.Sub(p.start).Round(100 * time.Millisecond)
	text := fmt.Sprintf("%s %d/%d (%v)", p.label, p.n, p.total, elapsed)
	if p.done {
		text += " done"
	}
	limit := max(p.total, 1)
	htm := fmt.Sprintf(`<div><progress value="%d" max="%d" style="width:30em"></progress> %s</div>`,
		min(p.n, limit), limit, html.EscapeString(text))
	return map[string]any{"text/plain": text, "text/html": htm}
}
