package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/repl"
)

func init() {
	commands["repl"] = &command{
		usage: "[-history FILE] [-outdir DIR]",
		short: "run Go interactively in the terminal",
		long: `The REPL runs Go cells on the same engine as the Jupyter kernel. A cell
runs when it is complete Go (an open brace asks for more lines); %help
lists the magics. Tab completes, Up and Down recall earlier lines (kept in
the history file), Ctrl-C interrupts, Ctrl-D on an empty line quits.
Images, SVG and HTML values are written to files under -outdir and their
paths printed.`,
		flags: func(fs *flag.FlagSet) func(context.Context, []string) error {
			history := fs.String("history", defaultHistory(), "file that keeps entered lines across runs (empty: none)")
			outDir := fs.String("outdir", filepath.Join(os.TempDir(), fmt.Sprintf("gopherlab-repl-%d", os.Getpid())), "directory for image and HTML outputs")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return usageError("takes no arguments")
				}
				s, err := engine.New(engine.Options{})
				if err != nil {
					return err
				}
				defer s.Close()
				fmt.Fprintf(os.Stdout, "Gopherlab %s REPL: Go cells, %%help for magics, Ctrl-D to quit\n", moduleVersion())
				return repl.Run(ctx, repl.Config{Session: s, In: os.Stdin, Out: os.Stdout, HistoryFile: *history, OutDir: *outDir})
			}
		},
	}
}

// defaultHistory is $XDG_STATE_HOME/gopherlab/repl_history, or
// ~/.local/state/gopherlab/repl_history.
func defaultHistory() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "gopherlab", "repl_history")
}
