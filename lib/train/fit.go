package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gopherlab/gopherlab/lib/checkpoint"
	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"gorgonia.org/tensor"
)

// Config configures Fit. Loss and Optimizer are required.
type Config struct {
	Loss      nn.Loss
	Optimizer optim.Optimizer
	// Epochs to train (default 1).
	Epochs int
	// BatchSize, ValidationSplit and NoShuffle apply to FitTensors (default
	// batch 32, reshuffled every epoch).
	BatchSize       int
	ValidationSplit float64
	NoShuffle       bool
	// Validation is a dataset evaluated after each epoch (Fit).
	Validation Dataset
	// Metrics computed on training and validation batches besides the loss.
	Metrics []Metric
	// Schedule adjusts the learning rate after each epoch.
	Schedule optim.Schedule
	// ClipNorm and ClipValue clip gradients before each update when positive.
	ClipNorm, ClipValue float64
	// Callbacks run after each batch and epoch; returning ErrStop ends
	// training cleanly.
	Callbacks []Callback
	// CheckpointPath, when set, is written every CheckpointEpochs epochs
	// (default 1) and, with CheckpointEvery > 0, every CheckpointEvery
	// steps; the last epoch is always saved.
	CheckpointPath   string
	CheckpointEvery  int
	CheckpointEpochs int
	// Resume loads CheckpointPath when it exists and continues from the
	// saved position (epoch, batch, optimizer state).
	Resume bool
	// Seed seeds shuffling in FitTensors and dropout masks.
	Seed int64
	// Quiet disables progress output.
	Quiet bool
}

// Callback receives training events; either function may be nil.
type Callback struct {
	OnBatchEnd func(b BatchEnd) error
	OnEpochEnd func(e EpochStats) error
}

// BatchEnd describes a finished training batch.
type BatchEnd struct {
	Epoch, Batch, Batches int
	Step                  int // updates done so far, over all epochs
	Loss                  float64
}

// EpochStats summarises one epoch.
type EpochStats struct {
	Epoch      int
	Loss       float64
	Metrics    map[string]float64
	ValLoss    float64 // NaN without validation data
	ValMetrics map[string]float64
	LR         float64
	Duration   time.Duration
}

// ErrStop, returned by a callback, stops training without an error.
var ErrStop = errors.New("train: stop requested")

// EarlyStopping returns a callback stopping training once the monitored
// loss (validation loss when there is validation data, else training loss)
// has not improved by more than minDelta for patience epochs.
func EarlyStopping(patience int, minDelta float64) Callback {
	best, bad := math.Inf(1), 0
	return Callback{OnEpochEnd: func(e EpochStats) error {
		m := e.ValLoss
		if math.IsNaN(m) {
			m = e.Loss
		}
		if m < best-minDelta {
			best, bad = m, 0
			return nil
		}
		bad++
		if bad >= patience {
			return ErrStop
		}
		return nil
	}}
}

// History is the per-epoch record of a Fit.
type History struct {
	Epochs []EpochStats
	// Stopped says why training ended early ("" when it ran all epochs):
	// "callback" or "cancelled".
	Stopped string
}

// Loss returns the training loss per epoch.
func (h *History) Loss() []float64 { return h.series(func(e EpochStats) float64 { return e.Loss }) }

// ValLoss returns the validation loss per epoch.
func (h *History) ValLoss() []float64 {
	return h.series(func(e EpochStats) float64 { return e.ValLoss })
}

// Metric returns a training metric per epoch ("val_" prefix for validation).
func (h *History) Metric(name string) []float64 {
	if v, ok := strings.CutPrefix(name, "val_"); ok {
		return h.series(func(e EpochStats) float64 { return e.ValMetrics[v] })
	}
	return h.series(func(e EpochStats) float64 { return e.Metrics[name] })
}

func (h *History) series(f func(EpochStats) float64) []float64 {
	out := make([]float64, len(h.Epochs))
	for i, e := range h.Epochs {
		out[i] = f(e)
	}
	return out
}

func (h *History) String() string {
	var b strings.Builder
	for _, e := range h.Epochs {
		b.WriteString(epochLine(e, 0) + "\n")
	}
	if h.Stopped != "" {
		fmt.Fprintf(&b, "stopped early: %s\n", h.Stopped)
	}
	return b.String()
}

var (
	defaultCtxMu sync.Mutex
	defaultCtx   func() context.Context
)

// SetDefaultContext sets where Fit gets its context when called with a nil
// one; the Jupyter kernel sets it to the running cell's context, so
// interrupting the cell stops training.
func SetDefaultContext(f func() context.Context) {
	defaultCtxMu.Lock()
	defaultCtx = f
	defaultCtxMu.Unlock()
}

func contextOrDefault(ctx context.Context) context.Context {
	if ctx != nil {
		return ctx
	}
	defaultCtxMu.Lock()
	f := defaultCtx
	defaultCtxMu.Unlock()
	if f != nil {
		if c := f(); c != nil {
			return c
		}
	}
	return context.Background()
}

// FitTensors trains model on in-memory tensors x and y, batched by
// cfg.BatchSize, holding out the last cfg.ValidationSplit of the samples
// for validation. A nil y trains the model to reproduce x (an autoencoder).
func FitTensors(ctx context.Context, model nn.Layer, x, y *tensor.Dense, cfg Config) (*History, error) {
	bs := cfg.BatchSize
	if bs == 0 {
		bs = 32
	}
	if y == nil { // an autoencoder reconstructs its input
		y = x
	}
	data, err := Tensors(x, y, bs, cfg.Seed)
	if err != nil {
		return nil, err
	}
	data.Shuffle = !cfg.NoShuffle
	var ds Dataset = data
	if cfg.ValidationSplit > 0 {
		tr, val, err := data.Split(cfg.ValidationSplit)
		if err != nil {
			return nil, err
		}
		ds, cfg.Validation = tr, val
	}
	return Fit(ctx, model, ds, cfg)
}

// Fit trains model on data for cfg.Epochs epochs and returns the history.
// Batches without targets (y == nil) use the inputs as targets.
// It trains in training mode (dropout on, batch statistics) whatever the
// model's Predict mode.
// When ctx is cancelled it stops between batches and returns the history
// so far with ctx's error; the model keeps the weights of the last
// completed step. A nil ctx means the default context (SetDefaultContext).
func Fit(ctx context.Context, model nn.Layer, data Dataset, cfg Config) (*History, error) {
	ctx = contextOrDefault(ctx)
	if cfg.Loss == nil || cfg.Optimizer == nil {
		return nil, errors.New("train: Config needs a Loss (such as nn.MSE) and an Optimizer (such as optim.Adam(1e-3))")
	}
	if cfg.Epochs == 0 {
		cfg.Epochs = 1
	}
	step := NewStep(model, cfg.Loss, cfg.Optimizer)
	step.ClipNorm, step.ClipValue, step.Seed = cfg.ClipNorm, cfg.ClipValue, cfg.Seed

	startEpoch, skip := 0, 0
	if cfg.Resume && cfg.CheckpointPath != "" {
		if _, err := os.Stat(cfg.CheckpointPath); err == nil {
			st, err := checkpoint.ReadFile(cfg.CheckpointPath)
			if err != nil {
				return nil, err
			}
			if err := st.LoadParams("model", model.Params()); err != nil {
				return nil, err
			}
			if err := st.LoadOptimizer("optim", cfg.Optimizer); err != nil {
				return nil, err
			}
			startEpoch, skip, step.Count = st.Epoch, int(st.Scalars["fit/batch"]), st.Step
		}
	}
	save := func(epoch, batch int) error {
		s := checkpoint.NewState(step.Count, epoch)
		s.PutParams("model", model.Params())
		s.PutOptimizer("optim", cfg.Optimizer)
		s.Scalars["fit/batch"] = float64(batch)
		return checkpoint.WriteFile(cfg.CheckpointPath, s)
	}

	prog := newProgress(cfg, data.Len(), cfg.Quiet)
	hist := &History{}
	for epoch := startEpoch; epoch < cfg.Epochs; epoch++ {
		start := time.Now()
		data.Reset(epoch)
		for i := 0; i < skip; i++ {
			data.Next()
		}
		batch := skip
		skip = 0
		var lossSum float64
		var seen int
		metrics := newAverager(cfg.Metrics)
		for {
			if err := ctx.Err(); err != nil {
				hist.Stopped = "cancelled"
				prog.done(hist)
				return hist, err
			}
			x, y, ok := data.Next()
			if !ok {
				break
			}
			if y == nil {
				y = x
			}
			loss, err := step.Run(x, y)
			if err != nil {
				prog.done(hist)
				return hist, fmt.Errorf("train: epoch %d batch %d: %w", epoch+1, batch+1, err)
			}
			n := x.Shape()[0]
			lossSum += loss * float64(n)
			seen += n
			metrics.add(step.Output(), y, n)
			batch++
			prog.batch(epoch, batch, loss)
			if cfg.CheckpointPath != "" && cfg.CheckpointEvery > 0 && step.Count%cfg.CheckpointEvery == 0 {
				if err := save(epoch, batch); err != nil {
					return hist, err
				}
			}
			be := BatchEnd{Epoch: epoch, Batch: batch, Batches: data.Len(), Step: step.Count, Loss: loss}
			if stop, err := runCallbacks(cfg.Callbacks, func(c Callback) error {
				if c.OnBatchEnd == nil {
					return nil
				}
				return c.OnBatchEnd(be)
			}); stop || err != nil {
				hist.Stopped = "callback"
				prog.done(hist)
				return hist, err
			}
		}
		es := EpochStats{Epoch: epoch, Loss: lossSum / math.Max(1, float64(seen)), Metrics: metrics.result(),
			ValLoss: math.NaN(), LR: cfg.Optimizer.LR()}
		if cfg.Validation != nil {
			vl, vm, err := evaluate(ctx, step, cfg.Validation, cfg.Metrics)
			if err != nil {
				if ctx.Err() != nil {
					hist.Stopped = "cancelled"
				}
				prog.done(hist)
				return hist, err
			}
			es.ValLoss, es.ValMetrics = vl, vm
		}
		es.Duration = time.Since(start)
		hist.Epochs = append(hist.Epochs, es)
		if cfg.Schedule != nil {
			m := es.ValLoss
			if math.IsNaN(m) {
				m = es.Loss
			}
			cfg.Schedule.EpochEnd(cfg.Optimizer, epoch, m)
		}
		if cfg.CheckpointPath != "" && ((epoch+1)%max(cfg.CheckpointEpochs, 1) == 0 || epoch+1 == cfg.Epochs) {
			if err := save(epoch+1, 0); err != nil {
				return hist, err
			}
		}
		prog.epoch(es)
		if stop, err := runCallbacks(cfg.Callbacks, func(c Callback) error {
			if c.OnEpochEnd == nil {
				return nil
			}
			return c.OnEpochEnd(es)
		}); stop || err != nil {
			hist.Stopped = "callback"
			prog.done(hist)
			return hist, err
		}
	}
	prog.done(hist)
	return hist, nil
}

// runCallbacks calls f on each callback; ErrStop stops without an error.
func runCallbacks(cbs []Callback, f func(Callback) error) (stop bool, err error) {
	for _, c := range cbs {
		if err := f(c); err != nil {
			if errors.Is(err, ErrStop) {
				return true, nil
			}
			return true, err
		}
	}
	return false, nil
}

// Evaluate returns the mean loss and metrics of model on data in inference mode.
func Evaluate(ctx context.Context, model nn.Layer, data Dataset, loss nn.Loss, metrics ...Metric) (float64, map[string]float64, error) {
	return evaluate(contextOrDefault(ctx), NewStep(model, loss, nil), data, metrics)
}

func evaluate(ctx context.Context, step *Step, data Dataset, metrics []Metric) (float64, map[string]float64, error) {
	data.Reset(0)
	var sum float64
	var seen int
	avg := newAverager(metrics)
	for {
		if err := ctx.Err(); err != nil {
			return 0, nil, err
		}
		x, y, ok := data.Next()
		if !ok {
			break
		}
		if y == nil {
			y = x
		}
		l, err := step.Eval(x, y)
		if err != nil {
			return 0, nil, fmt.Errorf("train: validation: %w", err)
		}
		n := x.Shape()[0]
		sum += l * float64(n)
		seen += n
		avg.add(step.Output(), y, n)
	}
	if seen == 0 {
		return 0, nil, errors.New("train: the validation dataset yielded no batches")
	}
	return sum / float64(seen), avg.result(), nil
}

// averager accumulates batch-size-weighted metric means.
type averager struct {
	metrics []Metric
	sums    []float64
	n       int
}

func newAverager(ms []Metric) *averager {
	return &averager{metrics: ms, sums: make([]float64, len(ms))}
}

func (a *averager) add(pred, y *tensor.Dense, n int) {
	if pred == nil {
		return
	}
	for i, m := range a.metrics {
		a.sums[i] += m.Fn(pred, y) * float64(n)
	}
	a.n += n
}

func (a *averager) result() map[string]float64 {
	out := map[string]float64{}
	for i, m := range a.metrics {
		out[m.Name] = a.sums[i] / math.Max(1, float64(a.n))
	}
	return out
}
