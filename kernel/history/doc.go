// Package history owns the kernel's input history on disk: every cell run
// with store_history is appended, with its session number (one per kernel
// start) and execution count, to a JSON-lines file, so a restarted kernel
// still answers Jupyter's history requests (tail, range, search) about
// earlier sessions.
//
// The directory is $GOPHERLAB_HISTORY_DIR, else gopherlab/history under the
// Jupyter data directory ($JUPYTER_DATA_DIR, or ~/.local/share/jupyter).
// It holds history.jsonl (one Entry per line) and session (the last session
// number handed out, updated under a file lock so concurrent kernels get
// distinct numbers).
package history
