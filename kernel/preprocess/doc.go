// Package preprocess rewrites notebook cells written in modern Go (1.22+)
// into Go that the yaegi v0.16.1 interpreter runs with the same meaning, and
// tells a console whether the text typed so far is a complete cell
// (IsComplete). It is pure source-to-source work on go/ast and go/types; it
// does not run anything and does not depend on the engine.
//
// # Using it from the engine
//
// Per interpreter session:
//
//	i.Use(preprocess.Symbols)  // compiled sorts, and an empty iter package
//	i.Eval(preprocess.Prelude) // helpers the rewritten cells call
//	r := preprocess.New()      // remembers the session's declarations
//
// and per cell:
//
//	src, err := r.Rewrite(cell) // err names the cell line; show it and stop
//	i.Eval(src)
//
// Rewrite takes the cell as the user wrote it, before the engine's own
// rewrites (its go-statement wrapping, its splitting of declarations from
// statements), which then apply to the rewritten text as they would to the
// original.
//
// Every line of the cell stays on its line (rewritten constructs grow
// sideways only, and nothing is added before the cell's first token that
// would change how yaegi classifies the cell), so the interpreter's errors
// point at the user's line. Identifiers starting with __gl are reserved for
// the rewrites and the Prelude.
//
// # Rewrites
//
//   - `for i := range n` with n an integer (also `for range n`, `for i = range
//     n`) becomes a 3-clause loop that evaluates n once and gives each
//     iteration its own i: `for __glI1, __glN2 := 0, n; __glI1 < __glN2;
//     __glI1++ { i := __glI1; _ = i; ...`. yaegi panics with "nil type" on
//     the original.
//   - `for k, v := range seq` over a function iterator (func(yield func(K, V)
//     bool), iter.Seq, iter.Seq2) becomes `seq(func(k K, v V) bool { ...;
//     return true })`: continue becomes `return true`, break `return false`,
//     and a return sets a flag (and result variables) that is tested after
//     the call. A loop label on the loop itself is dropped.
//   - Go 1.22 loop variables: when a function literal in the body of `for i
//     := 0; ...` or `for k, v := range x` refers to a loop variable, or the
//     body takes its address, `i := i` is inserted at the top of the body. In
//     a 3-clause loop whose body may change i, the change is copied back to
//     the loop's variable at the end of the iteration and before each
//     continue, so the post statement sees it as the spec says. When the
//     body itself declares the same name (`v := v * 2`), the body goes into
//     a block of its own after the copy (range-over-int and range-over-func
//     bodies too).
//     At the top level of a cell, where yaegi makes `i := i` in the body the
//     loop's own variable (the loop never ends, closures share it), the
//     loop's variable is renamed instead: `for __glV1 := 0; __glV1 < n;
//     __glV1++ { i := __glV1; ...; __glV1 = i }`.
//   - `a, b := f()` in a block nested in a cell's top level (an if or loop
//     body) becomes `var a int; var b error; a, b = f()` when go/types knows
//     the new names' types: yaegi leaves the names undefined ("undefined:
//     a"). Without the types it is left as written.
//   - The arguments of a deferred call are evaluated at the defer, as in
//     Go: `defer f(x, 1)` becomes `{ __glA1 := x; defer f(__glA1, 1) }`
//     (yaegi reads x when the call runs). Arguments holding calls, function
//     or composite literals, and function values are left as written.
//   - min and max (any arity, integers, floats, strings) become the Prelude's
//     __glMin/__glMax with the type written out (`__glMax[float64](x, 1)`;
//     a NaN argument gives NaN, as the builtins do);
//     a constant call is replaced by its winning argument so it stays
//     constant (`const c = max(1, 2.5)` becomes `const c = (2.5)`).
//   - clear(m) and clear(s) become __glClearMap[K, V](m) and
//     __glClearSlice[E](s).
//   - A package-level variable initialised by a generic call (a cell's
//     top-level `ys := F(2)` or `var ys = F(2)`) gets its type written out:
//     `var ys []int = F[int](2)`, which the engine runs (yaegi fails on the
//     untyped form with "constant definition loop").
//   - A compiled package's slice variable spread into a variadic call is
//     sliced, `f(mnist.Digits...)` becoming `f(mnist.Digits[:]...)` (yaegi
//     fails on the unsliced form with a reflect.Value.Convert panic).
//   - A package-level variable initialised by indexing (`k := h.Losses()[0]`,
//     `v := os.Args[1]`) becomes a declaration and an assignment on its line,
//     `var k float64; k = h.Losses()[0]`: yaegi fails on such an initialiser
//     of a compiled value with "constant definition loop" too.
//   - Generic function calls get the type arguments go/types inferred written
//     out (`Sum(xs)` becomes `Sum[[]float64, float64](xs)`): yaegi cannot
//     infer through core types (`S ~[]E`) or from untyped constants
//     (cmp.Compare(2.5, 1)).
//   - The generic functions of slices and maps that yaegi has no source for,
//     or whose source fails in it (slices.Sort, SortFunc, SortStableFunc,
//     IsSorted, IsSortedFunc, Min, Max, MinFunc, MaxFunc, BinarySearch,
//     BinarySearchFunc, Delete, DeleteFunc, Compact, CompactFunc, Replace,
//     Concat, All, Values, Backward, Collect, AppendSeq, Sorted, SortedFunc,
//     SortedStableFunc, Repeat; maps.Keys, Values, All, Clone, Collect,
//     Insert) become calls of the Prelude's versions
//     (`__glSlicesMax[float64](xs)`). The Keys, Values and All iterators are
//     real iterators, so `slices.Sorted(maps.Keys(m))` and `for k := range
//     maps.Keys(m)` both work. The other generic functions of slices, maps
//     and cmp (slices.Contains, ContainsFunc, Index, IndexFunc, Equal,
//     EqualFunc, Compare, CompareFunc, Insert, Clone, Grow, Clip, Reverse;
//     maps.Copy, DeleteFunc, Equal, EqualFunc; cmp.Compare, Less, Or) are
//     yaegi's own and work once their type arguments are explicit.
//   - iter.Seq[V] and iter.Seq2[K, V] in types become func(func(V) bool) and
//     func(func(K, V) bool): yaegi cannot load package iter, which is only
//     generic (hence the empty "iter" package in Symbols).
//
// # How types are known
//
// A cell is type-checked with go/types as one file: its declarations stay
// top-level, its top-level `x := e` statements become package variables (as
// yaegi makes them globals) and its other statements go into a function. The
// package scope also holds what earlier cells of the same Rewriter declared
// (their functions, types, variables and imports), plus what the engine
// passes to Declare. Imports are resolved by Rewriter.Importer, by default
// kernel/typesdata's, which knows the kernel's preloaded packages (the
// standard ones, lib, plots, datasets, gonum, plot, gorgonia, tensor) from
// export data embedded in the binary, and runs no go command. Type errors do
// not stop the rewrite; they only leave some expressions without a type.
// Then:
//
//   - a range expression without a type is an integer when it is an integer
//     literal, a call of len, cap or int, or arithmetic (+ - * / % << >> and
//     unary -) on one of those; otherwise the loop is left as written;
//   - a range over a function needs the element types for the closure's
//     parameters, so without types it is left as written;
//   - min and max without a type become __glMin/__glMax without type
//     arguments (yaegi infers them when all arguments have the same type);
//     clear without a type is left as written;
//   - type arguments and slices/maps redirections are only written when
//     go/types inferred them and every type can be named in the cell (its
//     package is imported there or in an earlier cell).
//
// # Limitations
//
// What still does not work in cells, and what the user sees (paste into the
// README):
//
//   - A `return` at the top level of a cell, including one inside a
//     range-over-func loop there: Rewrite fails with "cell line N: return at
//     the top level of a cell is not supported (the interpreter panics on
//     it); put the code in a func and call it".
//   - A labeled break, continue or goto from a range-over-func loop body to
//     an outer statement: "cell line N: range over func with labeled continue
//     outer to an outer statement is not supported in cells; move the loop
//     into a func and return instead".
//   - defer in a range-over-func loop body: "cell line N: defer inside a
//     range-over-func loop is not supported in cells (it would run at the
//     end of each iteration); move the defer out of the loop".
//   - return inside a range-over-func loop nested in another: "cell line N:
//     return inside nested range-over-func loops is not supported in cells;
//     return a flag from the inner loop instead".
//   - A range-over-func loop whose element type names a package the cell has
//     not imported (e.g. it yields *tensor.Dense and tensor is not imported):
//     "cell line N: range over func: cannot name the element type ... in the
//     cell; import its package".
//   - Range over an integer or a function whose type go/types cannot see
//     (it comes from a package the Importer does not know, through an
//     interface, or through a type assertion the fallbacks do not cover):
//     the loop is left as written and yaegi panics with "nil type" (the
//     engine reports the panic). Workaround: `for i := 0; i < n; i++`, or
//     call the iterator with a func literal.
//   - clear on a value whose type is unknown: yaegi reports "undefined:
//     clear". Use a loop with delete, or `s[i] = zero`.
//   - Standard library API newer than Go 1.22 or generic outside slices,
//     maps and cmp is missing from yaegi's symbol tables: e.g. strings.Lines,
//     strings.SplitSeq, sync.OnceValue, iter.Pull give "package strings
//     \"strings\" has no symbol Lines" (resp. sync, iter).
//   - The Prelude's slices and maps functions take and return plain slices
//     and maps: maps.Clone(m) of a named map type M returns map[K]V, not M
//     (same for slices.Delete, Compact, Replace, Concat, Repeat, AppendSeq);
//     assign the result to a variable of type M to convert it.
//   - yaegi's own generic slices and maps functions (the ones not redirected
//     to the Prelude) work only when called: `f := slices.Index[[]int]`
//     fails with "not a generic type: func(slices.S,slices.E) int". Wrap the
//     call in a func literal. (The Prelude's functions and cmp.Compare work
//     as values: `slices.SortFunc(xs, cmp.Compare)`.)
//   - Loop variables: a capture through a method value with a pointer
//     receiver (`defer v.Close()` where Close has a pointer receiver) is not
//     detected, and a goto out of the body skips the copy-back of a 3-clause
//     loop variable; both keep yaegi's pre-1.22 shared variable.
//   - slices.Sort, SortFunc and SortStableFunc of element types other than
//     int, int64, int32, float64, float32 and string (structs, say) use the
//     Prelude's interpreted merge sort: 10,000 structs take about 0.6 s
//     (BenchmarkPreludeSortFuncStruct) where 10,000 ints take about 1 ms
//     (BenchmarkPreludeSort); sort large data in compiled library code.
//   - Inside a user's generic function, passing a generic function
//     instantiated with a type parameter (`sortWith(xs, cmp.Compare[E])`)
//     fails in yaegi with "cannot use type func(main.E,main.E) int as type
//     func(main.C,main.C) int" or a "CFG post-order panic"; pass a func
//     literal that calls it instead.
//   - Rewrite remembers a cell's declarations even if the engine then fails
//     to run it; a later cell that relies on such a declaration is rewritten
//     as if it existed (yaegi then reports the missing name itself).
package preprocess
