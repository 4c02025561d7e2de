package train

import (
	"fmt"
	"html"
	"math"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Publisher shows a display bundle (MIME type to content) under a display
// id, creating it (update false) or replacing it in place (update true).
type Publisher func(bundle map[string]any, id string, update bool)

var (
	pubMu     sync.Mutex
	publisher Publisher
	displayID atomic.Int64
)

// SetPublisher installs the display hook; the Jupyter kernel sets it so Fit
// renders an in-place progress bar and live loss plot. With none (nil),
// Fit prints a text line per epoch to os.Stdout.
func SetPublisher(p func(bundle map[string]any, id string, update bool)) {
	pubMu.Lock()
	publisher = p
	pubMu.Unlock()
}

func currentPublisher() Publisher {
	pubMu.Lock()
	defer pubMu.Unlock()
	return publisher
}

// progress renders Fit's progress, throttled to a few updates per second.
type progress struct {
	quiet   bool
	pub     Publisher
	id      string
	created bool
	epochs  int
	batches int
	last    time.Time

	curEpoch, curBatch int
	losses             []float64 // per batch
	epochLoss          []float64
	valLoss            []float64
	lines              []string
}

const publishEvery = 250 * time.Millisecond

func newProgress(cfg Config, batches int, quiet bool) *progress {
	return &progress{quiet: quiet, pub: currentPublisher(), epochs: cfg.Epochs, batches: batches,
		id: fmt.Sprintf("gopherlab-fit-%d-%d", os.Getpid(), displayID.Add(1))}
}

// printEvery spaces the text progress lines printed within long epochs
// when there is no publisher.
const printEvery = 10 * time.Second

func (p *progress) batch(epoch, batch int, loss float64) {
	if p.last.IsZero() {
		p.last = time.Now()
	}
	p.curEpoch, p.curBatch = epoch, batch
	p.losses = append(p.losses, loss)
	switch {
	case p.quiet:
	case p.pub != nil && time.Since(p.last) >= publishEvery:
		p.publish()
	case p.pub == nil && time.Since(p.last) >= printEvery:
		p.last = time.Now()
		fmt.Fprintln(os.Stdout, p.status())
	}
}

func (p *progress) status() string {
	s := fmt.Sprintf("epoch %d/%d  batch %d/%d", p.curEpoch+1, p.epochs, p.curBatch, p.batches)
	if n := len(p.losses); n > 0 {
		s += fmt.Sprintf("  loss %.4f", p.losses[n-1])
	}
	return s
}

func (p *progress) epoch(e EpochStats) {
	p.epochLoss = append(p.epochLoss, e.Loss)
	p.valLoss = append(p.valLoss, e.ValLoss)
	line := epochLine(e, p.epochs)
	p.lines = append(p.lines, line)
	if p.quiet {
		return
	}
	if p.pub == nil {
		fmt.Fprintln(os.Stdout, line)
		return
	}
	p.publish()
}

func (p *progress) done(h *History) {
	if p.pub != nil && !p.quiet {
		if h.Stopped != "" {
			p.lines = append(p.lines, "stopped: "+h.Stopped)
		}
		p.publish()
	} else if !p.quiet && h.Stopped != "" {
		fmt.Fprintln(os.Stdout, "stopped:", h.Stopped)
	}
}

func (p *progress) publish() {
	p.last = time.Now()
	p.pub(p.bundle(), p.id, p.created)
	p.created = true
}

func epochLine(e EpochStats, epochs int) string {
	var b strings.Builder
	if epochs > 0 {
		fmt.Fprintf(&b, "epoch %d/%d", e.Epoch+1, epochs)
	} else {
		fmt.Fprintf(&b, "epoch %d", e.Epoch+1)
	}
	fmt.Fprintf(&b, "  loss %.4f", e.Loss)
	for _, k := range sortedKeys(e.Metrics) {
		fmt.Fprintf(&b, "  %s %.4f", k, e.Metrics[k])
	}
	if !math.IsNaN(e.ValLoss) {
		fmt.Fprintf(&b, "  val_loss %.4f", e.ValLoss)
		for _, k := range sortedKeys(e.ValMetrics) {
			fmt.Fprintf(&b, "  val_%s %.4f", k, e.ValMetrics[k])
		}
	}
	fmt.Fprintf(&b, "  lr %.3g  %.1fs", e.LR, e.Duration.Seconds())
	return b.String()
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// bundle renders the progress as text and as HTML with a bar and an SVG
// plot of the batch losses and per-epoch validation losses.
func (p *progress) bundle() map[string]any {
	frac := 0.0
	if p.epochs > 0 && p.batches > 0 {
		frac = (float64(p.curEpoch) + float64(p.curBatch)/float64(p.batches)) / float64(p.epochs)
	}
	frac = math.Min(1, frac)
	status := p.status()
	text := strings.Join(append(append([]string{}, p.lines...), status), "\n")
	var h strings.Builder
	fmt.Fprintf(&h, `<div style="font-family:monospace"><div style="width:420px;border:1px solid #888;height:12px"><div style="width:%.1f%%;background:#4a90d9;height:12px"></div></div>`, 100*frac)
	fmt.Fprintf(&h, `<div>%s</div>`, html.EscapeString(status))
	h.WriteString(lossPlotSVG(p.losses, p.valLoss, p.batches))
	if len(p.lines) > 0 {
		fmt.Fprintf(&h, `<pre style="margin:0">%s</pre>`, html.EscapeString(strings.Join(p.lines, "\n")))
	}
	h.WriteString(`</div>`)
	return map[string]any{"text/plain": text, "text/html": h.String()}
}

// lossPlotSVG draws batch losses (blue) and validation losses at epoch ends
// (orange dots) on a shared scale.
func lossPlotSVG(losses, val []float64, perEpoch int) string {
	const w, hgt, pad = 420.0, 140.0, 4.0
	if len(losses) < 2 {
		return ""
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range append(append([]float64{}, losses...), val...) {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if hi <= lo {
		hi = lo + 1
	}
	x := func(i float64) float64 { return pad + (w-2*pad)*i/float64(len(losses)-1) }
	y := func(v float64) float64 { return hgt - pad - (hgt-2*pad)*(v-lo)/(hi-lo) }
	// Average into at most 400 points so the SVG stays small on long runs.
	stride := (len(losses) + 399) / 400
	var pts strings.Builder
	for i := 0; i < len(losses); i += stride {
		end := min(i+stride, len(losses))
		var s float64
		for _, v := range losses[i:end] {
			s += v
		}
		fmt.Fprintf(&pts, "%.1f,%.1f ", x(float64(i+end-1)/2), y(s/float64(end-i)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" style="background:#fafafa;border:1px solid #ddd">`, w, hgt)
	fmt.Fprintf(&b, `<polyline fill="none" stroke="#4a90d9" stroke-width="1.5" points="%s"/>`, pts.String())
	for e, v := range val {
		if !math.IsNaN(v) && perEpoch > 0 {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="#e8833a"/>`, x(math.Min(float64((e+1)*perEpoch-1), float64(len(losses)-1))), y(v))
		}
	}
	fmt.Fprintf(&b, `<text x="6" y="12" font-size="10">%.4g</text><text x="6" y="%g" font-size="10">%.4g</text></svg>`, hi, hgt-6, lo)
	return b.String()
}

// MIMEBundle renders the history as text and as an HTML table with a plot
// of the training loss (line) and validation loss (dots) per epoch.
func (h *History) MIMEBundle() map[string]any {
	var b strings.Builder
	b.WriteString(`<div style="font-family:monospace">`)
	b.WriteString(lossPlotSVG(h.Loss(), h.ValLoss(), 1))
	b.WriteString(`<table><thead><tr><th>epoch</th><th>loss</th>`)
	var metrics []string
	if len(h.Epochs) > 0 {
		metrics = sortedKeys(h.Epochs[0].Metrics)
	}
	for _, m := range metrics {
		fmt.Fprintf(&b, `<th>%s</th>`, html.EscapeString(m))
	}
	hasVal := len(h.Epochs) > 0 && !math.IsNaN(h.Epochs[0].ValLoss)
	if hasVal {
		b.WriteString(`<th>val_loss</th>`)
		for _, m := range metrics {
			fmt.Fprintf(&b, `<th>val_%s</th>`, html.EscapeString(m))
		}
	}
	b.WriteString(`<th>lr</th></tr></thead><tbody>`)
	for _, e := range h.Epochs {
		fmt.Fprintf(&b, `<tr><td>%d</td><td>%.4f</td>`, e.Epoch+1, e.Loss)
		for _, m := range metrics {
			fmt.Fprintf(&b, `<td>%.4f</td>`, e.Metrics[m])
		}
		if hasVal {
			fmt.Fprintf(&b, `<td>%.4f</td>`, e.ValLoss)
			for _, m := range metrics {
				fmt.Fprintf(&b, `<td>%.4f</td>`, e.ValMetrics[m])
			}
		}
		fmt.Fprintf(&b, `<td>%.3g</td></tr>`, e.LR)
	}
	b.WriteString(`</tbody></table>`)
	if h.Stopped != "" {
		fmt.Fprintf(&b, `<p>stopped early: %s</p>`, html.EscapeString(h.Stopped))
	}
	b.WriteString(`</div>`)
	return map[string]any{"text/plain": h.String(), "text/html": b.String()}
}
