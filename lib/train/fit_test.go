package train_test

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/lib/checkpoint"
	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"github.com/gopherlab/gopherlab/lib/train"
	"gorgonia.org/tensor"
)

// blobs returns n points of 3 Gaussian classes in 2-D with integer labels.
func blobs(n int, seed int64) (*tensor.Dense, *tensor.Dense) {
	r := rand.New(rand.NewSource(seed))
	centers := [][2]float64{{-2, 0}, {2, 0}, {0, 2.5}}
	xs := make([]float32, 2*n)
	ys := make([]int, n)
	for i := 0; i < n; i++ {
		c := r.Intn(3)
		xs[2*i] = float32(centers[c][0] + r.NormFloat64()*0.6)
		xs[2*i+1] = float32(centers[c][1] + r.NormFloat64()*0.6)
		ys[i] = c
	}
	return tensor.New(tensor.WithShape(n, 2), tensor.WithBacking(xs)), tensor.New(tensor.WithShape(n), tensor.WithBacking(ys))
}

func newClassifier(seed int64) *nn.Model {
	nn.ManualSeed(seed)
	return nn.Sequential(nn.Dense(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Dense(16, 3))
}

func TestFitTensorsClassifies(t *testing.T) {
	x, y := blobs(600, 1)
	model := newClassifier(1)
	hist, err := train.FitTensors(context.Background(), model, x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.02), Epochs: 15, BatchSize: 32,
		ValidationSplit: 0.2, Metrics: []train.Metric{train.Accuracy}, Quiet: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Epochs) != 15 {
		t.Fatalf("history has %d epochs, want 15", len(hist.Epochs))
	}
	l, vacc := hist.Loss(), hist.Metric("val_accuracy")
	t.Logf("loss %.3f -> %.3f, val accuracy %.3f", l[0], l[len(l)-1], vacc[len(vacc)-1])
	if l[len(l)-1] > l[0]/2 {
		t.Errorf("training loss fell only from %.3f to %.3f", l[0], l[len(l)-1])
	}
	if vacc[len(vacc)-1] < 0.95 {
		t.Errorf("validation accuracy %.3f, want >= 0.95", vacc[len(vacc)-1])
	}
	if math.IsNaN(hist.ValLoss()[0]) {
		t.Error("validation loss missing")
	}
	b := hist.MIMEBundle()
	html, _ := b["text/html"].(string)
	if !strings.Contains(html, "<svg") || !strings.Contains(html, "<th>val_accuracy</th>") || strings.Count(html, "<tr>") != 16 {
		t.Errorf("history HTML lacks the plot, the columns or rows: %.300s", html)
	}
	if !strings.Contains(b["text/plain"].(string), "epoch 15  loss") {
		t.Errorf("history text: %s", b["text/plain"])
	}
}

func TestEarlyStoppingAndSchedule(t *testing.T) {
	x, y := blobs(200, 2)
	model := newClassifier(2)
	opt := optim.SGD(0) // a zero learning rate never improves the loss
	hist, err := train.FitTensors(context.Background(), model, x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: opt, Epochs: 50, BatchSize: 50, Quiet: true,
		Callbacks: []train.Callback{train.EarlyStopping(2, 0)},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Epoch 1 sets the best; dropout noise aside, epochs 2 and 3 cannot improve on
	// it by much with lr 0, so it must stop well before 50.
	if hist.Stopped != "callback" || len(hist.Epochs) >= 50 {
		t.Fatalf("early stopping did not stop: %d epochs, stopped=%q", len(hist.Epochs), hist.Stopped)
	}

	opt2 := optim.Adam(0.1)
	_, err = train.FitTensors(context.Background(), model, x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: opt2, Epochs: 4, BatchSize: 50, Quiet: true,
		Schedule: optim.StepLR(2, 0.5),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := opt2.LR(); math.Abs(got-0.025) > 1e-12 {
		t.Fatalf("after 4 epochs of StepLR(2, 0.5) the learning rate is %g, want 0.025", got)
	}
}

func TestFitStopsOnCancel(t *testing.T) {
	x, y := blobs(400, 3)
	model := newClassifier(3)
	ctx, cancel := context.WithCancel(context.Background())
	hist, err := train.FitTensors(ctx, model, x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.01), Epochs: 100, BatchSize: 20, Quiet: true,
		Callbacks: []train.Callback{{OnBatchEnd: func(b train.BatchEnd) error {
			if b.Step == 7 {
				cancel()
			}
			return nil
		}}},
	})
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if hist == nil || hist.Stopped != "cancelled" || len(hist.Epochs) != 0 {
		t.Fatalf("history after cancel: %+v", hist)
	}
	// The model is still usable.
	out, err := model.Predict(x)
	if err != nil || out.Shape()[0] != 400 {
		t.Fatalf("Predict after cancel: %v %v", out, err)
	}
}

func TestFitPublishesProgress(t *testing.T) {
	var creates, updates int
	var last map[string]any
	train.SetPublisher(func(b map[string]any, id string, update bool) {
		if update {
			updates++
		} else {
			creates++
		}
		last = b
	})
	defer train.SetPublisher(nil)
	x, y := blobs(100, 4)
	_, err := train.FitTensors(context.Background(), newClassifier(4), x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.01), Epochs: 2, BatchSize: 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	if creates != 1 || updates < 2 {
		t.Fatalf("publisher saw %d creates and %d updates, want 1 and >= 2", creates, updates)
	}
	html, _ := last["text/html"].(string)
	text, _ := last["text/plain"].(string)
	if len(html) == 0 || len(text) == 0 {
		t.Fatalf("bundle lacks text/html or text/plain: %v", last)
	}
}

// The checkpoint/resume test re-executes the test binary as a training
// process that checkpoints every 4 steps and dies (os.Exit) at step 10; a
// fresh model resumed from the file must give the same losses as an
// uninterrupted run from step 9 on.
const resumeEnv = "GOPHERLAB_RESUME_CHILD"

func resumeConfig(path string, cb train.Callback) train.Config {
	return train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.01), Epochs: 3, BatchSize: 40, Seed: 5,
		CheckpointPath: path, CheckpointEvery: 4, Resume: true, Quiet: true,
		Callbacks: []train.Callback{cb},
	}
}

func TestMain(m *testing.M) {
	if path := os.Getenv(resumeEnv); path != "" {
		x, y := blobs(200, 9)
		_, err := train.FitTensors(context.Background(), newClassifier(9), x, y, resumeConfig(path, train.Callback{
			OnBatchEnd: func(b train.BatchEnd) error {
				if b.Step == 10 {
					os.Exit(3) // die without cleanup, like a killed kernel
				}
				return nil
			}}))
		fmt.Fprintln(os.Stderr, "child finished without dying:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func TestCheckpointKillResume(t *testing.T) {
	x, y := blobs(200, 9)
	var ref []float64
	_, err := train.FitTensors(context.Background(), newClassifier(9), x, y, resumeConfig("", train.Callback{
		OnBatchEnd: func(b train.BatchEnd) error { ref = append(ref, b.Loss); return nil }}))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "run.ckpt")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), resumeEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var resumed []int
	var got []float64
	model := newClassifier(123) // different initial weights: the checkpoint must replace them
	_, err = train.FitTensors(context.Background(), model, x, y, resumeConfig(path, train.Callback{
		OnBatchEnd: func(b train.BatchEnd) error {
			resumed = append(resumed, b.Step)
			got = append(got, b.Loss)
			return nil
		}}))
	if err != nil {
		t.Fatal(err)
	}
	if len(resumed) == 0 || resumed[0] != 9 {
		t.Fatalf("resumed at steps %v, want to start at step 9 (after the checkpoint at 8)", resumed)
	}
	for i, l := range got {
		want := ref[resumed[i]-1]
		if math.Abs(l-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Fatalf("step %d: resumed loss %.9f, uninterrupted %.9f", resumed[i], l, want)
		}
	}
	t.Logf("resumed %d steps from step %d; step %d loss %.6f matches", len(got), resumed[0], resumed[0], got[0])
}

func TestDefaultContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	train.SetDefaultContext(func() context.Context { return ctx })
	defer train.SetDefaultContext(nil)
	x, y := blobs(100, 5)
	_, err := train.FitTensors(nil, newClassifier(5), x, y, train.Config{ // nil: the default context
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.01), Quiet: true,
	})
	if err != context.Canceled {
		t.Fatalf("Fit with a nil context used %v, want the cancelled default context", err)
	}
}

func TestNaNLossLeavesModelUsable(t *testing.T) {
	x, y := blobs(64, 6)
	x.Data().([]float32)[5] = float32(math.NaN())
	model := newClassifier(6)
	before := model.Params()[0].Float64s()
	_, err := train.FitTensors(context.Background(), model, x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.01), BatchSize: 64, Quiet: true,
	})
	if err == nil || !strings.Contains(err.Error(), "the loss is NaN, so the step was not applied") {
		t.Fatalf("NaN data gave %v", err)
	}
	after := model.Params()[0].Float64s()
	for i := range before {
		if before[i] != after[i] {
			t.Fatal("a NaN step changed the weights")
		}
	}
}

func TestCheckpointEveryEpochs(t *testing.T) {
	x, y := blobs(64, 7)
	path := filepath.Join(t.TempDir(), "e.ckpt")
	var saved []int
	cfg := train.Config{Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.Adam(0.01), Epochs: 5, BatchSize: 32,
		CheckpointPath: path, CheckpointEpochs: 2, Quiet: true,
		Callbacks: []train.Callback{{OnEpochEnd: func(e train.EpochStats) error {
			st, err := checkpoint.ReadFile(path)
			if err == nil {
				saved = append(saved, st.Epoch)
			}
			return nil
		}}}}
	if _, err := train.FitTensors(context.Background(), newClassifier(7), x, y, cfg); err != nil {
		t.Fatal(err)
	}
	// After epoch 1 there is no file yet; after epochs 2..5 it holds the
	// position after epochs 2, 2, 4 and 5 (the last epoch is always saved).
	if fmt.Sprint(saved) != "[2 2 4 5]" {
		t.Fatalf("checkpointed positions seen after each epoch: %v", saved)
	}
}

func TestFitFloat64Model(t *testing.T) {
	x32, y := blobs(300, 8)
	xs := make([]float64, 600)
	for i, v := range x32.Data().([]float32) {
		xs[i] = float64(v)
	}
	x := tensor.New(tensor.WithShape(300, 2), tensor.WithBacking(xs))
	nn.ManualSeed(8)
	model := nn.Sequential(nn.Dense(2, 16, nn.Float64), nn.ReLU(), nn.Dense(16, 3, nn.Float64))
	hist, err := train.FitTensors(context.Background(), model, x, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.SGD(0.2), Epochs: 10, BatchSize: 30,
		Metrics: []train.Metric{train.Accuracy}, Quiet: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if acc := hist.Metric("accuracy"); acc[len(acc)-1] < 0.95 {
		t.Fatalf("float64 model accuracy %.3f, want >= 0.95", acc[len(acc)-1])
	}
	// float32 data into the float64 model is a clear error.
	_, err = train.FitTensors(context.Background(), model, x32, y, train.Config{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: optim.SGD(0.2), Quiet: true})
	if err == nil || !strings.Contains(err.Error(), "convert the data to float64") {
		t.Fatalf("dtype mismatch error: %v", err)
	}
}
