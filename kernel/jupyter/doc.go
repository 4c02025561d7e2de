// Package jupyter owns the kernel side of the Jupyter messaging protocol
// (version 5.3): it binds the shell, control, stdin, iopub and heartbeat
// sockets named by a connection file and answers every request by calling
// an Executor (the yaegi session, in Gopherlab).
//
// Shell requests run one at a time, in order; control requests (interrupt,
// shutdown, kernel_info, ...) are answered while a cell runs. Every request
// is bracketed by iopub status busy/idle messages carrying it as parent.
// An interrupt (interrupt_request or SIGINT) cancels the running cell's
// context; the session keeps its state.
//
// Behaviours a front end may rely on:
//   - After a cell fails with stop_on_error, the execute requests already
//     queued are answered with status "aborted" (as ipykernel does); the
//     queue is taken before the error reply is sent, so a request sent after
//     seeing the error runs.
//   - A silent cell publishes nothing on iopub and does not count;
//     store_history=false runs visibly without counting or being stored.
//   - user_expressions are evaluated after a successful cell, each with its
//     output discarded, into {"status":"ok","data":bundle,"metadata":{}} or
//     an error's fields; after a failed cell the map is empty.
//   - A cell whose whole text is an expression followed by ? or ?? (IPython's
//     help syntax, never valid Go) gets the Executor's inspection as a "page"
//     payload instead of being run.
//   - An execute request waits (up to Options.SubscriberWait) for a first
//     iopub subscriber, so a cell sent right after start loses no output.
//   - comm_open is answered with comm_close (no comm targets exist); unknown
//     message types are logged and ignored; messages with a bad signature
//     are logged and dropped, never executed.
//
// The ROUTER and PUB sockets are written here on zmq4's ZMTP handshake (see
// zmtp.go) for latency and for iopub flushing; the heartbeat is zmq4's REP.
package jupyter
