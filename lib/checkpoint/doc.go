// Package checkpoint owns Gopherlab's checkpoint files: saving and loading
// model weights, optimizer state and the training position (step, epoch).
//
// # File format, version 1
//
// A checkpoint file is, in order:
//
//	magic       8 bytes   "GLABCKPT"
//	version     uint32    little-endian, currently 1
//	headerLen   uint32    little-endian, length of the header in bytes
//	header      JSON      headerLen bytes of UTF-8 JSON (see below)
//	data        bytes     the tensors' elements, raw little-endian, back to back
//
// The header is a JSON object:
//
//	{
//	  "step": 1200, "epoch": 3,
//	  "scalars": {"optim/lr": 0.001, ...},        // float64 values
//	  "strings": {"optim/kind": "adam", ...},
//	  "tensors": [
//	    {"name": "model/0.weight", "dtype": "float32", "shape": [784, 128],
//	     "offset": 0, "nbytes": 401408},
//	    ...
//	  ],
//	  "crc32": 3735928559                          // IEEE CRC-32 of the data section
//	}
//
// offset is relative to the start of the data section. dtype is one of
// "float32", "float64" and "int64" (Go int tensors are stored as int64).
// Names are "model/" plus the parameter's name for model weights and
// buffers, and "optim/" plus the slot key ("m/0.weight") for optimizer
// slots; multi-network programs choose their own prefixes with
// State.PutParams and State.PutOptimizer.
//
// WriteFile (and Save) write atomically: to a temporary file in the same
// directory, fsynced, then renamed over the target, so a crash never leaves
// a truncated checkpoint behind.
package checkpoint
