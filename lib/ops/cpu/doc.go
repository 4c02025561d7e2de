// Package cpu owns the CPU compute kernels behind lib/ops: convolution
// (im2col and col2im around a BLAS gemm), transposed convolution, pooling,
// nearest upsampling, per-channel bias, batch normalization and the LSTM cell,
// for float32 and float64.
//
// Kernels are plain functions on flat NCHW slices with explicit shapes, so
// another device (CUDA) can provide the same set without touching the graph
// ops above them. They split the batch (or the channels) across GOMAXPROCS
// goroutines, each calling a single-threaded gemm from lib/blas, and take a
// Scratch whose buffers persist between calls so that a training step
// allocates nothing once warm.
package cpu
