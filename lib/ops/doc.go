// Package ops owns lib's differentiable gorgonia operations for convolutional
// and recurrent networks, each a gorgonia.Op with its own backward Ops
// (gorgonia.SDOp), so gorgonia.Grad differentiates through them:
//
//	Conv2D(x, w, ConvParams) (*Node, error)          // x [N,C,H,W], w [O,C,KH,KW], no bias
//	ConvTranspose2D(x, w, ConvParams) (*Node, error) // w [Cin,Cout,KH,KW] as PyTorch
//	MaxPool2D(x, kh, kw, strideH, strideW)           // no padding, floor
//	AvgPool2D(x, kh, kw, strideH, strideW)
//	Upsample2D(x, factor)                            // nearest
//	BiasAdd(x, b)                                    // b [C] over axis 1
//	BatchNorm(x, gamma, beta, *BNState, training)    // per channel, 2-D or 4-D x
//	LSTMCell(gates, cPrev) (h, c, error)             // gates [B,4H] in order i,f,g,o
//	Embedding(table, ids)                            // table [V,D], ids any shape holding whole numbers
//	ReLU(x), LeakyReLU(x, alpha), Tanh(x), Sigmoid(x) // fused elementwise, any shape
//
// Tensors are NCHW, float32 or float64 (all inputs of one op alike). The
// compute lives in lib/ops/cpu, the seam where another device can slot in;
// the Ops here check shapes, keep their output and scratch buffers between
// runs of a graph (and write into gorgonia's preallocated values when
// offered, gorgonia.UsePreallocDoer), and wire the gradients. An Op belongs
// to the one node it was applied for.
//
// After compiling a graph, ShareBuffers(vm) lets these ops share output
// memory by value lifetime, which brings a training graph's memory near
// PyTorch's; gorgonia's own register allocation hardly reuses memory.
package ops
