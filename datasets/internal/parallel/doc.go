// Package parallel runs the per-example work of the datasets packages
// (generating, decoding, gathering a batch) over several goroutines, each
// with its own scratch state, and collects their errors.
package parallel
