// Package optim owns Gopherlab's optimizers (SGD with momentum and Nesterov,
// Adam/AdamW, RMSprop), learning-rate schedules and gradient clipping.
//
// Optimizers update nn.Param values in place from the gradients the last
// backward run left in Param.Grad, so every graph built from a model sees
// the new weights. Their state (moment estimates, step count,
// hyper-parameters) is exported as a State, keyed by parameter name, for
// package checkpoint.
package optim
