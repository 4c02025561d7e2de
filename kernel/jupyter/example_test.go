package jupyter_test

import (
	"context"
	"log"
	"os"

	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/history"
	"github.com/gopherlab/gopherlab/kernel/jupyter"
)

// A kernel main: Jupyter starts it with the path of a connection file.
func ExampleServeFile() {
	dir, err := history.DefaultDir()
	if err != nil {
		log.Fatal(err)
	}
	store, err := history.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	sess, err := engine.New(engine.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer sess.Close()
	err = jupyter.ServeFile(context.Background(), os.Args[1], sess, jupyter.Options{History: store, Log: os.Stderr})
	if err != nil {
		log.Fatal(err)
	}
}
