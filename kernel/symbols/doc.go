// Package symbols holds the yaegi symbol tables of the compiled packages
// that Gopherlab cells can import: Go's standard library (from yaegi) plus
// gonum, gonum/plot, gorgonia, tensor, kernel/display and Gopherlab's own
// lib/ (nn, optim, train, checkpoint, ops, blas), plots and datasets
// packages.
//
// The tables are generated: `go generate ./kernel/symbols` runs the pinned
// yaegi's extract command once per package listed in symbols.go. To preload
// one more package, add one go:generate line there and regenerate, then run
// `go generate ./kernel/typesdata` so the cell preprocessor knows its types
// (a kernel/engine test fails until both agree).
package symbols
