//go:build cgo && linux

package blas

const cgoEnabled = true
