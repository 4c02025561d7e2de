package preprocess

import (
	"cmp"
	"reflect"
	"slices"
)

// PreludePath is the import path of the compiled helpers in Symbols that the
// Prelude imports (under the name __glfast).
const PreludePath = "gopherlab.local/prelude"

// Symbols is the table the engine loads into the interpreter before the
// Prelude, with i.Use(preprocess.Symbols) (its type is interp.Exports'
// underlying type, so this package needs no yaegi import). It holds an
// empty "iter" package, so that a cell's `import "iter"` works (yaegi
// cannot load iter, which is only generic; the rewriter writes iter.Seq
// types out as func types), and compiled instances of slices.Sort,
// SortFunc and SortStableFunc for the common element types, which the
// Prelude's sorts use instead of interpreted code, hundreds of times
// slower (see BenchmarkPreludeSort and BenchmarkPreludeSortFuncStruct).
var Symbols = map[string]map[string]reflect.Value{
	"iter/iter":              {},
	PreludePath + "/prelude": sorts(),
}

func sorts() map[string]reflect.Value {
	m := map[string]reflect.Value{}
	addSorts[int](m, "Int")
	addSorts[int64](m, "Int64")
	addSorts[int32](m, "Int32")
	addSorts[float64](m, "Float64")
	addSorts[float32](m, "Float32")
	addSorts[string](m, "String")
	return m
}

func addSorts[E cmp.Ordered](m map[string]reflect.Value, name string) {
	m["Sort"+name] = reflect.ValueOf(slices.Sort[[]E])
	m["SortFunc"+name] = reflect.ValueOf(slices.SortFunc[[]E])
	m["SortStableFunc"+name] = reflect.ValueOf(slices.SortStableFunc[[]E])
}
