// Command testkernel is the Gopherlab kernel as the integration tests of
// kernel/jupyter run it: the yaegi engine with every preloaded package,
// served by jupyter.ServeFile with on-disk history.
//
// Usage: testkernel CONNECTION_FILE
//
// $GOPHERLAB_HISTORY_DIR chooses the history directory and
// $GOPHERLAB_KERNEL_LOG a file for the server's log.
package main
