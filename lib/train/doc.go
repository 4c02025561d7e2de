// Package train owns Gopherlab's training loops: Fit, a Keras-style loop over
// a dataset with validation, metrics, callbacks, early stopping, learning
// rate schedules, checkpointing and resumption; and Step, one
// forward/backward/update of a model or of any loss built from several
// models, for custom loops such as a GAN's alternating updates.
//
//	hist, err := train.FitTensors(ctx, model, x, y, train.Config{
//		Loss:            nn.SoftmaxCrossEntropy,
//		Optimizer:       optim.Adam(1e-3),
//		Epochs:          5,
//		BatchSize:       128,
//		ValidationSplit: 0.1,
//		Metrics:         []train.Metric{train.Accuracy},
//		Callbacks:       []train.Callback{train.EarlyStopping(2, 0)},
//		CheckpointPath:  "run.ckpt", // written every epoch (and every CheckpointEvery steps)
//		Resume:          true,       // continue from run.ckpt when it exists
//	})
//
// Datasets are any value with Next, Reset and Len (the Dataset interface);
// Tensors wraps in-memory tensors. A batch without targets (y == nil)
// trains the model to reproduce its inputs. Augment transforms each training
// batch on the way, seeded per epoch; RandomFlips is its image flips.
//
// Fit reports progress through a publisher hook that the Jupyter kernel sets
// (SetPublisher) to render an in-place progress bar with a live loss plot;
// without one it prints a text line per epoch (and every 10 s within long
// epochs). It stops cleanly between batches when its context is cancelled,
// leaving the model usable, and returns the History so far. A nil context
// means the one SetDefaultContext provides (the running cell's, in the
// kernel).
//
// Resuming restores the weights, the optimizer state and the position
// (epoch, batch, step): the dataset is reset to the saved epoch and the
// batches already done are skipped, and dropout masks are seeded per step,
// so an interrupted run continues with exactly the losses it would have had.
package train
