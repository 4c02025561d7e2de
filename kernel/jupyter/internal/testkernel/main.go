package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/history"
	"github.com/gopherlab/gopherlab/kernel/jupyter"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: testkernel CONNECTION_FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "testkernel:", err)
		os.Exit(1)
	}
}

func run(connectionFile string) error {
	var logw io.Writer
	if path := os.Getenv("GOPHERLAB_KERNEL_LOG"); path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		logw = f
	}
	dir, err := history.DefaultDir()
	if err != nil {
		return err
	}
	store, err := history.Open(dir)
	if err != nil {
		return err
	}
	defer store.Close()
	// CaptureFDs sends what compiled code prints to the running cell.
	sess, err := engine.New(engine.Options{CaptureFDs: true})
	if err != nil {
		return err
	}
	defer sess.Close()
	return jupyter.ServeFile(context.Background(), connectionFile, sess, jupyter.Options{History: store, Log: logw})
}
