package metrics_test

import (
	"fmt"

	"github.com/gopherlab/gopherlab/lib/metrics"
)

// A model fitted where 37% of labels are positive over-predicts on test
// data with 17% positives; ShiftPrior moves its probabilities to the test
// prior without changing their order.
func ExampleShiftPrior() {
	p := []float64{0.9, 0.6, 0.369, 0.2, 0.05}
	y := []float64{1, 0, 0, 0, 0}
	q, err := metrics.ShiftPrior(p, 0.369, 0.174)
	if err != nil {
		panic(err)
	}
	before, _ := metrics.LogLoss(p, y)
	after, _ := metrics.LogLoss(q, y)
	aucBefore, _ := metrics.AUC(p, y)
	aucAfter, _ := metrics.AUC(q, y)
	fmt.Printf("shifted: %.3f\n", q)
	fmt.Printf("log loss %.3f -> %.3f, AUC %.2f -> %.2f\n", before, after, aucBefore, aucAfter)
	// Output:
	// shifted: [0.764 0.351 0.174 0.083 0.019]
	// log loss 0.351 -> 0.199, AUC 1.00 -> 1.00
}
