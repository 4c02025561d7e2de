// Package typesdata holds the type information of the packages the kernel
// preloads (the standard packages in yaegi's symbol tables, cmp, iter, maps
// and slices, and the module packages of kernel/symbols: lib, plots,
// datasets, gonum, plot, gorgonia, tensor), embedded in the binary as
// export data so that the cell preprocessor (kernel/preprocess) gets
// go/types information with no Go toolchain at run time.
//
// Importer reads a package's data on its first import (a few ms for a
// large package); nothing is read before. The data is written by
// `go generate` (gen.go) and must be regenerated when a preloaded package's
// API changes or a package is added to kernel/symbols.
package typesdata

//go:generate go run gen.go
