// Package typesdata holds the type information of the packages the kernel
// preloads (the standard packages in yaegi's symbol tables, cmp, iter, maps
// and slices, and the module packages of kernel/symbols: lib, plots,
// datasets, gonum, plot, gorgonia, tensor), embedded in the binary as
// export data, so that the cell preprocessor (kernel/preprocess) gets
// go/types information without a Go toolchain at run time.
//
// An Importer decodes a package on its first import and nothing before
// (BenchmarkImport: about 0.3 ms for fmt, 3 ms for gonum/mat, 10 ms for
// gorgonia, dependencies' types included). The data (types.bin, index.go)
// is written by gen.go through `go generate ./kernel/typesdata`; run it
// after `go generate ./kernel/symbols` whenever a preloaded package's API
// changes or a package is added there. The engine's
// TestTypesdataMatchesSymbols fails when the two disagree.
package typesdata

//go:generate go run gen.go
