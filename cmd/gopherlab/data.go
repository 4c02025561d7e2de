package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/gopherlab/gopherlab/datasets"
)

func init() {
	commands["data"] = &command{
		usage: "list [--dir DIR] | fetch [--dir DIR] NAME",
		short: "list the known datasets, or download one into the data directory",
		long: `'gopherlab data list' shows each dataset of the registry: its name, whether
it is present in the data directory (or its system folders), its size on
disk (or the download size when absent) and a description.

'gopherlab data fetch NAME' downloads dataset NAME into the data directory,
verifying each file's SHA-256, with a progress bar on stderr. Ctrl-C stops
it and keeps the partial file (NAME.part), which the next fetch resumes.

The data directory is --dir, else $GOPHERLAB_DATA, else the user cache
directory (gopherlab inside it).`,
		flags: func(fs *flag.FlagSet) func(context.Context, []string) error {
			dir := fs.String("dir", "", "the data directory `DIR` (default $GOPHERLAB_DATA, else the user cache directory)")
			return func(ctx context.Context, args []string) error {
				args, err := parseInterspersed(fs, args)
				if errors.Is(err, flag.ErrHelp) {
					return nil // the flag package printed the help
				}
				if err != nil {
					return usageError("%v", err)
				}
				if len(args) == 0 {
					return usageError("no subcommand: use 'gopherlab data list' or 'gopherlab data fetch NAME'")
				}
				switch sub, args := args[0], args[1:]; sub {
				case "list":
					if len(args) > 0 {
						return usageError("list takes no arguments, got %q", strings.Join(args, " "))
					}
					return dataList(os.Stdout, *dir)
				case "fetch":
					if len(args) != 1 {
						return usageError("fetch takes one dataset name (see 'gopherlab data list'), got %d", len(args))
					}
					ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
					defer stop()
					return dataFetch(ctx, args[0], *dir, fs.Output())
				default:
					return usageError("unknown subcommand %q: use list or fetch", sub)
				}
			}
		},
	}
}

// parseInterspersed parses flags that come after positional arguments too
// (gopherlab data fetch mnist --dir DIR), as the flag package does not.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// dataList prints the registry as a table.
func dataList(w io.Writer, dir string) error {
	if dir == "" {
		dir = datasets.Dir()
	}
	fmt.Fprintf(w, "data directory: %s\n\n", dir)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tPRESENT\tSIZE\tDESCRIPTION")
	for _, info := range datasets.List() {
		present, err := datasets.Present(dir, info.Name)
		if err != nil {
			return err
		}
		size := "-"
		switch {
		case present:
			size = humanBytes(diskSize(dir, info))
		case downloadSize(info) > 0:
			size = humanBytes(downloadSize(info)) + " to fetch"
		case info.Manual != "":
			size = "by hand"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", info.Name, yesNo(present), size, info.Description)
	}
	return tw.Flush()
}

// diskSize is the size of a present dataset's files, wherever Find finds
// them; for datasets obtained by hand, of its folder.
func diskSize(dir string, info datasets.Info) int64 {
	var n int64
	if len(info.Files) > 0 {
		for _, f := range info.Files {
			if p, err := datasets.Find(dir, info.Name, f.Name); err == nil {
				if st, err := os.Stat(p); err == nil {
					n += st.Size()
				}
			}
		}
		return n
	}
	folder, err := datasets.Folder(dir, info.Name)
	if err != nil {
		return 0
	}
	filepath.WalkDir(folder, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if st, err := d.Info(); err == nil {
				n += st.Size()
			}
		}
		return nil
	})
	return n
}

func downloadSize(info datasets.Info) int64 {
	var n int64
	for _, f := range info.Files {
		n += f.Size
	}
	return n
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// dataClient is the HTTP client of 'data fetch' (nil: http.DefaultClient);
// tests point it at a local server.
var dataClient *http.Client

// dataFetch downloads dataset name into dir with a progress bar on progress.
func dataFetch(ctx context.Context, name, dir string, progress io.Writer) error {
	info, err := datasets.Lookup(name)
	if err != nil {
		return err
	}
	f := datasets.Fetcher{Client: dataClient, Progress: progress}
	if err := f.Fetch(ctx, info, dir); err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("fetch of %s interrupted; run the same command again to resume: %w", name, err)
		}
		return err
	}
	folder, _ := datasets.Folder(dir, name)
	fmt.Fprintf(progress, "%s is in %s\n", name, folder)
	return nil
}
