package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gopherlab/gopherlab/kernel/notebook"
)

func init() {
	commands["run"] = &command{
		usage: "[--out DIR] [--timeout D] [--param name=value ...] NOTEBOOK...",
		short: "execute notebooks headless, in order, and write them with their outputs",
		long: `Each notebook runs on a fresh Go session; its code cells run in order and
their outputs are stored as Jupyter stores them. Progress goes to stderr.

Output: like 'jupyter nbconvert --execute', gopherlab run never overwrites
its input. Without --out, NAME.ipynb is written to NAME.out.ipynb beside it;
with --out DIR, to DIR/NAME.ipynb (DIR/NAME.out.ipynb if DIR holds the input).

Parameters work as in papermill: each --param name=value is assigned in a
cell tagged "injected-parameters" added after the cell tagged "parameters",
which must declare name. Values are written as Go literals: quoted for a
string variable, checked against the declared type for bool, int and float
variables. Without a "parameters" cell the values are declared in a cell at
the top, with a warning. The parameters are recorded in the output
notebook's metadata.gopherlab.parameters, and the run itself (command, start
time, wall time, status, machine) in metadata.gopherlab.run.

The run stops at the first cell that fails (an error, a panic, --timeout, or
Ctrl-C): the output notebook is still written, with the outputs so far, and
gopherlab exits with status 1 naming the notebook and the cell.`,
		flags: func(fs *flag.FlagSet) func(context.Context, []string) error {
			var opts runOptions
			fs.StringVar(&opts.out, "out", "", "write the executed notebooks into `DIR` (created if needed)")
			fs.DurationVar(&opts.timeout, "timeout", 0, "stop a cell that runs longer than `D` (e.g. 30s, 10m); 0 means no limit")
			fs.Func("param", "set a parameter, `name=value` (repeatable)", func(s string) error {
				p, err := notebook.ParseParam(s)
				opts.params = append(opts.params, p)
				return err
			})
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return usageError("no notebook given")
				}
				for _, a := range args {
					if strings.HasPrefix(a, "-") {
						return usageError("flag %s after the notebooks: flags go first (gopherlab run --out DIR NOTEBOOK...)", a)
					}
				}
				ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
				defer stop()
				return runNotebooks(ctx, opts, args)
			}
		},
	}
}

type runOptions struct {
	out     string
	timeout time.Duration
	params  []notebook.Param
}

// runNotebooks runs the notebooks one after the other and stops at the first
// failure.
func runNotebooks(ctx context.Context, opts runOptions, paths []string) error {
	outs, err := outputPaths(paths, opts.out)
	if err != nil {
		return err
	}
	if opts.out != "" {
		if err := os.MkdirAll(opts.out, 0o755); err != nil {
			return err
		}
	}
	log := logWriter()
	r := notebook.Runner{NewSession: newSession, Timeout: opts.timeout, Log: log, Terminal: stderrIsTerminal, LanguageInfo: languageInfo()}
	for i, path := range paths {
		nb, err := notebook.ReadFile(path)
		if err != nil {
			return err
		}
		if lang := nb.Language(); lang != "" && lang != "go" {
			return fmt.Errorf("%s is a %s notebook (its metadata says so); gopherlab runs Go notebooks", path, lang)
		}
		warning, err := notebook.Inject(nb, opts.params)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if warning != "" {
			fmt.Fprintf(log, "[%s] warning: %s\n", path, warning)
		}
		start := time.Now()
		runErr := r.Run(ctx, path, nb)
		recordRun(nb, start, time.Since(start), runErr)
		if err := notebook.WriteFile(outs[i], nb); err != nil {
			return errors.Join(runErr, err)
		}
		fmt.Fprintf(log, "[%s] wrote %s\n", path, outs[i])
		if runErr != nil {
			var ce *notebook.CellError
			if errors.As(runErr, &ce) {
				first, _, _ := strings.Cut(strings.TrimSpace(ce.Source), "\n")
				fmt.Fprintf(log, "[%s] cell %d/%d failed; it begins: %s\n", path, ce.Cell, ce.Cells, first)
				for _, l := range ce.Err.Traceback {
					fmt.Fprintf(log, "    %s\n", l)
				}
			}
			return runErr
		}
	}
	return nil
}

// outputPaths maps each input notebook to where its executed copy goes,
// never onto an input.
func outputPaths(paths []string, outDir string) ([]string, error) {
	outs := make([]string, len(paths))
	inputs := map[string]bool{}
	for _, p := range paths {
		if !strings.HasSuffix(p, ".ipynb") {
			return nil, usageError("%s is not a notebook (want a .ipynb file)", p)
		}
		if _, err := os.Stat(p); err != nil {
			return nil, err
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		inputs[abs] = true
	}
	seen := map[string]string{}
	for i, p := range paths {
		dir := filepath.Dir(p)
		if outDir != "" {
			dir = outDir
		}
		base := filepath.Base(p)
		out := filepath.Join(dir, base)
		if sameDir(dir, filepath.Dir(p)) {
			out = filepath.Join(dir, strings.TrimSuffix(base, ".ipynb")+".out.ipynb")
		}
		abs, err := filepath.Abs(out)
		if err != nil {
			return nil, err
		}
		if inputs[abs] {
			return nil, usageError("running %s would overwrite the input %s; pass --out DIR", p, out)
		}
		if prev, dup := seen[abs]; dup {
			return nil, usageError("%s and %s would both be written to %s; run them with different --out", prev, p, out)
		}
		seen[abs] = p
		outs[i] = out
	}
	return outs, nil
}

func sameDir(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA != nil || errB != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(ia, ib)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
