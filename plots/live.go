package plots

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"gonum.org/v1/plot/plotter"
)

// publishFunc shows a display in a notebook: update=false creates the
// display with this id, update=true replaces it.
type publishFunc func(bundle map[string]any, id string, update bool)

var publisher atomic.Pointer[publishFunc]

// SetPublisher installs the hook through which live plots show and update
// their displays; nil removes it. The notebook kernel calls it at start.
func SetPublisher(p func(bundle map[string]any, id string, update bool)) {
	if p == nil {
		publisher.Store(nil)
		return
	}
	pp := publishFunc(p)
	publisher.Store(&pp)
}

var liveCount atomic.Int64

// Live is a line plot that grows while a model trains and redraws in place:
// through the publisher when one is set (a notebook), into the LiveFile when
// given, and otherwise only when Figure is called. Renders are throttled: the
// next comes at least Interval (default 250ms) and three render durations
// after the previous one ends; points added in between are drawn by a render
// at the end of that wait, and Flush draws the final state at once. A Live is
// safe for use by several goroutines.
type Live struct {
	opts []Option
	o    *config
	id   string

	mu      sync.Mutex // guards the fields below
	names   []string   // series in order of first Add
	points  map[string]plotter.XYs
	last    time.Time     // end of the last render
	gap     time.Duration // least time from the end of a render to the next
	pending *time.Timer
	dirty   bool // points added since the last render
	err     error

	renderMu sync.Mutex // serialises renders so displays update in order
	created  bool       // the display exists; guarded by renderMu
}

// NewLive makes an empty live plot. Its options are those of Line (Title,
// LogY, Smooth, ...), plus Interval and LiveFile.
func NewLive(opts ...Option) (*Live, error) {
	o := newConfig(opts)
	if o.err != nil {
		return nil, o.err
	}
	return &Live{
		opts:   opts,
		o:      o,
		id:     fmt.Sprintf("gopherlab-live-%d-%d", time.Now().UnixNano(), liveCount.Add(1)),
		points: map[string]plotter.XYs{},
	}, nil
}

// ID is the display id the live plot publishes under.
func (l *Live) ID() string { return l.id }

// Add appends the point (x, y) to the named series and redraws if the last
// render is at least an Interval old; otherwise it schedules a render for
// the end of the interval.
func (l *Live) Add(series string, x, y float64) {
	l.mu.Lock()
	if _, ok := l.points[series]; !ok {
		l.names = append(l.names, series)
	}
	l.points[series] = append(l.points[series], plotter.XY{X: x, Y: y})
	l.dirty = true
	if !l.shows() {
		l.mu.Unlock()
		return
	}
	wait := l.gap - time.Since(l.last)
	if wait <= 0 {
		l.mu.Unlock()
		l.render()
		return
	}
	if l.pending == nil {
		l.pending = time.AfterFunc(wait, func() {
			l.mu.Lock()
			l.pending = nil
			l.mu.Unlock()
			l.render()
		})
	}
	l.mu.Unlock()
}

// shows says whether renders go anywhere; l.mu is held.
func (l *Live) shows() bool { return publisher.Load() != nil || l.o.file != "" }

// Flush renders the points added since the last render now (if there is a
// publisher or a LiveFile), cancelling a scheduled render, and returns the
// first error any render met (an unwritable LiveFile, say). Call it when
// training ends.
func (l *Live) Flush() error {
	l.mu.Lock()
	if l.pending != nil {
		l.pending.Stop()
		l.pending = nil
	}
	l.mu.Unlock()
	l.render()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Figure returns the plot of the points so far.
func (l *Live) Figure() (*Figure, error) {
	l.mu.Lock()
	series := make([]Series, len(l.names))
	n := 0
	for i, name := range l.names {
		xys := l.points[name]
		xs, ys := make([]float64, len(xys)), make([]float64, len(xys))
		for j, p := range xys {
			xs[j], ys[j] = p.X, p.Y
		}
		series[i] = Series{Name: name, X: xs, Y: ys}
		n += len(xys)
	}
	l.mu.Unlock()
	if n == 0 {
		return nil, errorf("the live plot has no points yet; add some with Add(series, x, y)")
	}
	f, err := Line(series, l.opts...)
	if err != nil {
		return nil, err
	}
	f.desc = fmt.Sprintf("live %s (%s)", f.desc, plural(n, "point"))
	return f, nil
}

// render publishes and writes the current figure if points were added since
// the last render.
func (l *Live) render() {
	l.renderMu.Lock()
	defer l.renderMu.Unlock()
	l.mu.Lock()
	if !l.dirty || !l.shows() {
		l.mu.Unlock()
		return
	}
	l.dirty = false
	l.mu.Unlock()
	start := time.Now()
	defer func() {
		// Count from the end of the render, and leave training at least
		// three times the render's duration, so slow renders (a big figure,
		// a busy machine) cannot take over the loop that calls Add.
		end := time.Now()
		l.mu.Lock()
		l.last, l.gap = end, max(l.o.interval, 3*end.Sub(start))
		l.mu.Unlock()
	}()

	f, err := l.Figure()
	if err == nil && l.o.file != "" {
		err = f.Save(l.o.file)
	}
	if p := publisher.Load(); p != nil {
		bundle := map[string]any{"text/plain": fmt.Sprint(err)}
		if f != nil {
			bundle = f.MIMEBundle()
		}
		(*p)(bundle, l.id, l.created)
		l.created = true
	}
	if err != nil {
		l.mu.Lock()
		if l.err == nil {
			l.err = err
		}
		l.mu.Unlock()
	}
}
