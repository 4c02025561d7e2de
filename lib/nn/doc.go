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
// Layers are plain constructors (Dense, Conv2D, ReLU, ...) that are combined
// with Sequential:
//
//	model := nn.Sequential(
//		nn.Dense(784, 128), nn.ReLU(),
//		nn.Dense(128, 10),
//	)
//	fmt.Println(model.Summary(784))
//	probs, err := model.Predict(x) // x is a *tensor.Dense of shape [N, 784]
//
// Losses (MSE, BCE, BCEWithLogits, WeightedBCEWithLogits,
// SoftmaxCrossEntropy) are functions from a prediction node and a target
// node to a scalar node, of type Loss, so they can be passed to
// train.Fit or called inside custom training code.
//
// Parameters are initialised from a seeded source: by default the package
// source set by ManualSeed (seed 1 when never called), or explicitly with
// Model.Init(rand.New(rand.NewSource(seed))).
package nn
