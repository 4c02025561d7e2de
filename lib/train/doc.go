// Package train owns Gopherlab's training loops: Fit, a Keras-style loop over
// a dataset with validation, metrics, callbacks, early stopping, learning
// rate schedules, checkpointing and resumption; and Step, one
// forward/backward/update of a model or of any loss built from several
// models, for custom loops such as a GAN's alternating updates.
//
// Fit reports progress through a publisher hook that the Jupyter kernel sets
// (SetPublisher) to render an in-place progress bar with a live loss plot;
// without one it prints a text line per epoch. It stops cleanly between
// batches when its context is cancelled, leaving the model usable.
//
// Datasets are any value with Next, Reset and Len (the Dataset interface);
// Tensors wraps in-memory tensors.
package train
