// Package nn owns Gopherlab's neural-network building blocks: parameters,
// layers, models and losses, in the style of PyTorch's torch.nn with Go's
// explicitness.
//
// A model holds its parameters as *tensor.Dense values (see Param), not as
// graph nodes. Running a model means building it into a gorgonia expression
// graph (Graph), whose parameter nodes are bound to those tensors, and
// compiling that graph (Program). A model can therefore be built into several
// graphs at once, for example a training graph at batch size 128 and an
// inference graph at batch size 1, that all share the same weights;
// optimizers (package optim) update the tensors in place from the gradients
// of the last run.
//
// Layers are plain constructors combined with Sequential:
//
//	model := nn.Sequential(
//		nn.Reshape(1, 28, 28),
//		nn.Conv2D(1, 8, 3, nn.Same), nn.ReLU(), nn.MaxPool2D(2),
//		nn.Flatten(), nn.Dense(8*14*14, 10),
//	)
//	fmt.Println(model.Summary(784))
//	logits, err := model.Predict(x) // x is a *tensor.Dense of shape [N, 784]
//
// The layers: Dense (alias Linear, also applied to the last axis of
// sequences), Conv2D and ConvTranspose2D (options Stride, Valid, Same, Full,
// Padding), MaxPool2D, AvgPool2D, Upsample, Flatten, Reshape, BatchNorm,
// Dropout, ReLU, LeakyReLU, Tanh, Sigmoid, Softmax, Lambda, Embedding and LSTM
// (stacked, last step or whole sequence, ForwardState for initial and final
// states). Parameters are float32 unless built with the Float64 option.
// Convolution, pooling, upsampling, batch norm, biases, the element-wise
// activations and the LSTM cell run on lib/ops's compiled kernels. Images
// are NCHW.
//
// Custom layers are any type implementing Layer, or, simplest (and what
// works best from the interpreter), a Lambda wrapping a function. In yaegi,
// assign a value of an interpreted type to a variable of type nn.Layer
// before passing it to Sequential.
//
// Losses (MSE, MSESum, BCE, WeightedBCE, BCEWithLogits,
// WeightedBCEWithLogits, SoftmaxCrossEntropy) are functions from a
// prediction node and a target node to a scalar node, of type Loss, so they
// can be passed to train.Fit or called inside custom training code.
//
// Custom training code builds a graph, compiles it with a loss and runs it;
// the gradients land in each Param's Grad for an optimizer:
//
//	g := nn.NewGraph(true, seed)
//	x, y := g.InputLike("x", xs), g.InputLike("y", ys)
//	pred, _ := model.Forward(g, x)
//	loss, _ := nn.MSE(pred, y)
//	prog, _ := g.Compile(loss, nil, pred)
//	for ... {
//		prog.Run(xs, ys)          // forward and backward
//		opt.Step(model.Params())  // update in place
//	}
//
// (train.NewStep and train.NewCustomStep wrap exactly this, with a graph
// cache per input shape.) A compiled program lets intermediate values share
// memory as PyTorch frees activations once used, so after a run read only
// the loss, the outputs passed to Compile and the parameters' gradients.
//
// Parameters are initialised from a seeded source: by default the package
// source set by ManualSeed (seed 1 when never called), or explicitly with
// Model.Init(rand.New(rand.NewSource(seed))). Dense and convolution layers
// start as PyTorch's do, or, with the Glorot option, as Lasagne's and
// Keras's do.
//
// Weights can be tied: DenseLayer.Transposed and ConvLayer.Transposed return
// layers that apply another layer's weight transposed (the decoder of a tied
// autoencoder); the weight stays its owner's, listed once in Params, and its
// gradient sums both uses.
package nn
