package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks places five to eight major ticks at 1, 2, 2.5 or 5 times a power of
// ten, labelled with no more decimals than the step needs (gonum's default
// gives few ticks and labels like "250.00").
type niceTicks struct{}

// Ticks implements plot.Ticker.
func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step := niceFloatStep((hi - lo) / 6)
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if r := step * math.Pow(10, float64(decimals)); math.Abs(r-math.Round(r)) > 1e-6 {
		decimals++ // 2.5 × 10^k needs one more decimal
	}
	var ticks []plot.Tick
	for k := math.Ceil(lo/step - 1e-9); k <= math.Floor(hi/step+1e-9); k++ {
		v := k * step
		if k == 0 {
			v = 0 // no "-0"
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', decimals, 64)})
	}
	return ticks
}

// niceFloatStep returns the step of 1, 2, 2.5 or 5 times a power of ten
// closest to s (in ratio).
func niceFloatStep(s float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(s)))
	best := p
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if math.Abs(math.Log(m*p/s)) < math.Abs(math.Log(best/s)) {
			best = m * p
		}
	}
	return best
}

// logTicks labels powers of ten, and 2× and 5× them when the axis spans few
// decades; other integer multiples get unlabelled minor ticks. Axes spanning
// less than that fall back to niceTicks.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi > lo) || !finite(hi) {
		return plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	}
	decades := math.Log10(hi / lo)
	labelled := map[int]bool{1: true}
	if decades <= 2.5 {
		labelled[2], labelled[5] = true, true
	}
	var ticks []plot.Tick
	major := 0
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow(10, e)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) || (decades > 6 && m > 1) {
				continue
			}
			t := plot.Tick{Value: v}
			if labelled[m] {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
				major++
			}
			ticks = append(ticks, t)
		}
	}
	if major < 2 {
		return niceTicks{}.Ticks(lo, hi)
	}
	return ticks
}
