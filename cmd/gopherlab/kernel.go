package main

import (
	"context"
	"flag"
	"fmt"
	"os/signal"
	"syscall"

	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/history"
	"github.com/gopherlab/gopherlab/kernel/jupyter"
)

func init() {
	commands["kernel"] = &command{
		usage: "CONNECTION_FILE",
		short: "run the Jupyter kernel (Jupyter starts it through the kernelspec)",
		long: `Serves the Jupyter messaging protocol on the ports named in the connection
file until a shutdown request or SIGTERM. SIGINT and interrupt requests stop
the running cell; the session keeps its state. Cell history is kept on disk
(see kernel/history) so that earlier sessions' cells are available after a
restart; a history that cannot be opened is logged and the kernel runs
without one.`,
		flags: func(fs *flag.FlagSet) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return usageError("want exactly one connection file, got %d arguments", len(args))
				}
				return serveKernel(ctx, args[0])
			}
		},
	}
}

func serveKernel(ctx context.Context, connectionFile string) error {
	// The server handles SIGINT itself (interrupt); SIGTERM shuts down.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	log := engine.LogWriter()
	opts := jupyter.Options{Log: log, Version: moduleVersion()}
	if dir, err := history.DefaultDir(); err != nil {
		fmt.Fprintf(log, "gopherlab kernel: no history: %v\n", err)
	} else if h, err := history.Open(dir); err != nil {
		fmt.Fprintf(log, "gopherlab kernel: no history: %v\n", err)
	} else {
		defer h.Close()
		opts.History = h
	}
	sess, err := engine.New(engine.Options{CaptureFDs: true})
	if err != nil {
		return err
	}
	defer sess.Close()
	err = jupyter.ServeFile(ctx, connectionFile, sess, opts)
	if ctx.Err() != nil && err == ctx.Err() {
		return nil // SIGTERM: a normal way for Jupyter to stop a kernel
	}
	return err
}
