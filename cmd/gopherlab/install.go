package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/gopherlab/gopherlab/kernel/kernelspec"
)

func init() {
	commands["install"] = &command{
		usage: "[--user | --prefix DIR] [--name NAME]",
		short: "install the Jupyter kernelspec that runs this binary",
		long: `Without --user or --prefix the kernelspec goes system-wide into
/usr/local/share/jupyter/kernels/NAME (needs root), the place
'jupyter kernelspec install' uses. --user installs into
$JUPYTER_DATA_DIR/kernels/NAME (default ~/.local/share/jupyter/kernels/NAME),
--prefix DIR into DIR/share/jupyter/kernels/NAME. Installing again replaces
the kernelspec. kernel.json names this binary by its absolute path: install
again after moving it.`,
		flags: specFlags(func(loc kernelspec.Location) error {
			bin, err := kernelspec.Executable()
			if err != nil {
				return fmt.Errorf("finding this binary's path: %w", err)
			}
			dir, err := kernelspec.Install(loc, bin)
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stdout, "installed kernelspec %q in %s (runs %s)\n", nameOf(loc), dir, bin)
			return nil
		}),
	}
	commands["uninstall"] = &command{
		usage: "[--user | --prefix DIR] [--name NAME]",
		short: "remove the Jupyter kernelspec installed by 'gopherlab install'",
		long:  "Give the same --user, --prefix and --name as at install.",
		flags: specFlags(func(loc kernelspec.Location) error {
			dir, err := kernelspec.Uninstall(loc)
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stdout, "removed kernelspec %q from %s\n", nameOf(loc), dir)
			return nil
		}),
	}
}

// specFlags defines the flags shared by install and uninstall.
func specFlags(do func(kernelspec.Location) error) func(*flag.FlagSet) func(context.Context, []string) error {
	return func(fs *flag.FlagSet) func(context.Context, []string) error {
		var loc kernelspec.Location
		fs.BoolVar(&loc.User, "user", false, "install for the current user only")
		fs.StringVar(&loc.Prefix, "prefix", "", "install under `DIR`/share/jupyter (e.g. a virtualenv)")
		fs.StringVar(&loc.Name, "name", kernelspec.DefaultName, "kernel `NAME` (what --ExecutePreprocessor.kernel_name= selects)")
		return func(_ context.Context, args []string) error {
			if len(args) > 0 {
				return usageError("unexpected arguments %q", args)
			}
			if loc.User && loc.Prefix != "" {
				return usageError("--user and --prefix are exclusive: pick one")
			}
			return do(loc)
		}
	}
}

func nameOf(loc kernelspec.Location) string {
	if loc.Name == "" {
		return kernelspec.DefaultName
	}
	return loc.Name
}
