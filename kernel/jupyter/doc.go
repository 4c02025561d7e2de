// Package jupyter owns the kernel side of the Jupyter messaging protocol
// (version 5.3) over ZeroMQ: it binds the shell, control, stdin, iopub and
// heartbeat sockets named by a connection file and answers every request
// by calling an Executor (the yaegi session, in Gopherlab).
//
// Shell requests run one at a time, in order; control requests (interrupt,
// shutdown, kernel_info, ...) are answered while a cell runs. Every request
// is bracketed by iopub status busy/idle messages carrying it as parent. An
// interrupt (interrupt_request or SIGINT) cancels the running cell's context.
// After a cell fails with stop_on_error, execute requests already queued are
// answered with status "aborted", as ipykernel does.
//
// A cell whose whole text is an expression followed by ? or ?? (IPython's
// help syntax, never valid Go) is answered with the Executor's inspection of
// that expression as a "page" payload instead of being run.
package jupyter
