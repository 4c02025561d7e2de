package preprocess_test

import (
	"fmt"

	"github.com/gopherlab/gopherlab/kernel/preprocess"
)

func ExampleRewrite() {
	src, err := preprocess.Rewrite(`xs := []float64{3, 1, 2}
for i := range len(xs) {
	fmt.Println(i, max(xs[i], 2))
}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(src)
	// Output:
	// xs := []float64{3, 1, 2}
	// for __glI1, __glN2 := 0, len(xs); __glI1 < __glN2; __glI1++ { i := __glI1; _ = i;
	// 	fmt.Println(i, __glMax[float64](xs[i], 2))
	// }
}

// A Rewriter carries the declarations of earlier cells, so a later cell's
// range over a function gets its element type.
func ExampleRewriter() {
	r := preprocess.New()
	for _, cell := range []string{
		`func count(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := 0; i < n && yield(i); i++ {
		}
	}
}`,
		`for i := range count(10) { if i == 3 { break }; fmt.Println(i) }`,
	} {
		src, err := r.Rewrite(cell)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(src)
	}
	// Output:
	// func count(n int) func(func(int) bool) {
	// 	return func(yield func(int) bool) {
	// 		for i := 0; i < n && yield(i); i++ {
	// 		}
	// 	}
	// }
	// count(10)(func(i int) bool { if i == 3 { return false }; fmt.Println(i) ; return true })
}

func ExampleIsComplete() {
	for _, src := range []string{
		"func f() {\n\tif x {",
		"x := 1 +",
		"s := `raw",
		"fmt.Println(x)",
		"f(]",
	} {
		status, indent := preprocess.IsComplete(src)
		fmt.Printf("%-10s %q\n", status, indent)
	}
	// Output:
	// incomplete "        "
	// incomplete "    "
	// incomplete ""
	// complete   ""
	// invalid    ""
}
