package metrics

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol || math.IsNaN(got) {
		t.Errorf("%s = %.15g, want %.15g (tol %g)", name, got, want, tol)
	}
}

func TestLogLossByHand(t *testing.T) {
	p := []float64{0.9, 0.2, 0.5, 0.7}
	y := []float64{1, 0, 1, 0}
	want := -(math.Log(0.9) + math.Log(0.8) + math.Log(0.5) + math.Log(0.3)) / 4
	got, err := LogLoss(p, y)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "LogLoss", got, want, 1e-15)
	ls, err := LogLosses(p, y)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "LogLosses[3]", ls[3], -math.Log(0.3), 1e-15)
}

// A constant prediction q on labels with positive rate r scores the cross
// entropy -(r log q + (1-r) log(1-q)).
func TestLogLossConstant(t *testing.T) {
	y := make([]float64, 1000)
	for i := 0; i < 174; i++ {
		y[i] = 1
	}
	q := 0.369198
	p := make([]float64, len(y))
	for i := range p {
		p[i] = q
	}
	got, _ := LogLoss(p, y)
	near(t, "constant", got, -(0.174*math.Log(q) + 0.826*math.Log(1-q)), 1e-13) // summation rounding
}

func TestLogLossClips(t *testing.T) {
	got, err := LogLoss([]float64{0, 1}, []float64{1, 0})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "clipped", got, (-math.Log(Eps)-math.Log1p(-(1-Eps)))/2, 1e-14)
	got, _ = LogLoss([]float64{1, 0}, []float64{1, 0})
	near(t, "perfect", got, 0, 1e-14)
}

func TestWeightedLogLoss(t *testing.T) {
	p := []float64{0.9, 0.2, 0.6}
	y := []float64{1, 0, 0}
	got, err := WeightedLogLoss(p, y, 2, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	want := (2*-math.Log(0.9) + 0.5*-math.Log(0.8) + 0.5*-math.Log(0.4)) / 3
	near(t, "weighted", got, want, 1e-15)
	// Weights are relative: scaling both changes nothing.
	again, _ := WeightedLogLoss(p, y, 20, 5)
	near(t, "scaled weights", again, got, 1e-15)
}

func TestAUCMatchesPairCount(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	n := 300
	s, y := make([]float64, n), make([]float64, n)
	for i := range s {
		s[i] = math.Round(r.NormFloat64()*4) / 4 // many ties
		if r.Float64() < 0.3+0.1*s[i] {
			y[i] = 1
		}
	}
	var wins, pairs float64
	for i := range s {
		for j := range s {
			if y[i] == 1 && y[j] == 0 {
				pairs++
				switch {
				case s[i] > s[j]:
					wins++
				case s[i] == s[j]:
					wins += 0.5
				}
			}
		}
	}
	got, err := AUC(s, y)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "AUC", got, wins/pairs, 1e-12)
	if got < 0.55 {
		t.Errorf("AUC %g: the scores should rank positives higher", got)
	}
}

func TestAUCExtremes(t *testing.T) {
	got, _ := AUC([]float64{0.1, 0.2, 0.8, 0.9}, []float64{0, 0, 1, 1})
	near(t, "separated", got, 1, 0)
	got, _ = AUC([]float64{0.9, 0.8, 0.2, 0.1}, []float64{0, 0, 1, 1})
	near(t, "reversed", got, 0, 0)
	got, _ = AUC([]float64{0.5, 0.5, 0.5}, []float64{0, 1, 0})
	near(t, "all tied", got, 0.5, 0)
}

func TestShiftPrior(t *testing.T) {
	r, rp := 0.369198, 0.174268
	p := []float64{0.01, 0.2, r, 0.5, 0.99}
	q, err := ShiftPrior(p, r, rp)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "f(r)", q[2], rp, 1e-15)
	logit := func(x float64) float64 { return math.Log(x / (1 - x)) }
	shift := logit(rp) - logit(r)
	for i := range p {
		near(t, "logit shift", logit(q[i])-logit(p[i]), shift, 1e-12)
	}
	// Shifting back recovers the input.
	back, _ := ShiftPrior(q, rp, r)
	for i := range p {
		near(t, "round trip", back[i], p[i], 1e-15)
	}
	ends, _ := ShiftPrior([]float64{0, 1}, r, rp)
	if ends[0] != 0 || ends[1] != 1 {
		t.Errorf("ShiftPrior keeps 0 and 1: got %v", ends)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  func() error
		want string
	}{
		{"length", func() error { _, err := LogLoss([]float64{0.5}, []float64{1, 0}); return err }, "1 predictions and 2 labels"},
		{"empty", func() error { _, err := LogLoss(nil, nil); return err }, "no predictions"},
		{"logit", func() error { _, err := LogLoss([]float64{2.5}, []float64{1}); return err }, "not logits"},
		{"label", func() error { _, err := LogLosses([]float64{0.5}, []float64{2}); return err }, "labels must be 0 or 1"},
		{"weights", func() error { _, err := WeightedLogLoss([]float64{0.5}, []float64{1}, -1, 1); return err }, "not negative"},
		{"zero weight", func() error { _, err := WeightedLogLoss([]float64{0.5}, []float64{1}, 0, 1); return err }, "weight zero"},
		{"one class", func() error { _, err := AUC([]float64{0.5, 0.6}, []float64{1, 1}); return err }, "needs both classes"},
		{"nan score", func() error { _, err := AUC([]float64{math.NaN(), 0.6}, []float64{0, 1}); return err }, "must be finite"},
		{"rate", func() error { _, err := ShiftPrior([]float64{0.5}, 0, 0.2); return err }, "strictly between 0 and 1"},
		{"shift prob", func() error { _, err := ShiftPrior([]float64{-1}, 0.3, 0.2); return err }, "outside [0, 1]"},
	} {
		err := c.err()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
