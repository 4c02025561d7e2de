// Package batch turns any dataset of the datasets packages into mini-batches
// of gorgonia.org/tensor *tensor.Dense, the tensor type of lib/.
//
// A dataset is a Source: a count of examples, the shape of one example's x
// and y, and a Fill method that writes one example into float32 slices. A
// Loader fills each batch's backing arrays straight from the Source (the one
// copy from storage to tensor), in parallel, in an order shuffled per epoch
// from a seed. Loader satisfies lib/train's data contract structurally:
//
//	Next() (x, y *tensor.Dense, ok bool)
//	Reset(epoch int)
//	Len() int
package batch
