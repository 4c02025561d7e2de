package blas_test

import (
	"fmt"

	gblas "gonum.org/v1/gonum/blas"

	"github.com/gopherlab/gopherlab/lib/blas"
)

// Impl is a gonum blas.Float32 / blas.Float64; gorgonia already uses it.
func ExampleImplementation_Sgemm() {
	a := []float32{1, 2, 3, 4, 5, 6} // 2×3
	b := []float32{1, 0, 0, 1, 1, 1} // 3×2
	c := make([]float32, 4)
	blas.Impl.Sgemm(gblas.NoTrans, gblas.NoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)
	fmt.Println(c)
	// Output: [4 5 10 11]
}
