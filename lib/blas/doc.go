// Package blas owns Gopherlab's BLAS backend: an implementation of gonum's
// blas.Float32 and blas.Float64 (plus the complex interfaces gorgonia needs)
// whose Sgemm and Dgemm call OpenBLAS when it is installed, and gonum's pure Go
// code otherwise.
//
// OpenBLAS is opened at run time with dlopen("libopenblas.so.0"), so a plain
// build always links and runs; without the library, without cgo
// (CGO_ENABLED=0) or with GOPHERLAB_BLAS=gonum in the environment, every
// routine runs on gonum. Backend reports which one is active. Importing the
// package installs Impl as gorgonia's and gorgonia/tensor's BLAS, so the
// matrix products of ordinary gorgonia graphs use it too.
package blas
