package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand.
type command struct {
	usage string // argument synopsis
	short string // one line for `gopherlab help`
	long  string // help text after the flags
	flags func(fs *flag.FlagSet) func(ctx context.Context, args []string) error
}

var commands = map[string]*command{}

// errUsage marks a usage error: the command's help is printed, exit status 2.
var errUsage = errors.New("usage")

func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printHelp(stderr)
		return 2
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 0 {
			if c, ok := commands[args[0]]; ok {
				printCommandHelp(stdout, args[0], c)
				return 0
			}
			fmt.Fprintf(stderr, "gopherlab help: unknown command %q\n", args[0])
			return 2
		}
		printHelp(stdout)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "gopherlab: unknown command %q; run 'gopherlab help' for the list\n", name)
		return 2
	}
	fs := flag.NewFlagSet("gopherlab "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { printCommandHelp(stderr, name, c) }
	do := c.flags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	err := do(ctx, fs.Args())
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "gopherlab %s: %s\n", name, strings.TrimPrefix(err.Error(), errUsage.Error()+": "))
		fmt.Fprintf(stderr, "usage: gopherlab %s %s (see 'gopherlab help %s')\n", name, c.usage, name)
		return 2
	default:
		fmt.Fprintf(stderr, "gopherlab %s: %v\n", name, err)
		return 1
	}
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, "Gopherlab: a Jupyter kernel and notebook runner for Go.\n\nUsage:\n\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  gopherlab %-10s %s\n", n, commands[n].short)
	}
	fmt.Fprint(w, "\nRun 'gopherlab help COMMAND' for a command's flags.\n")
}

func printCommandHelp(w io.Writer, name string, c *command) {
	fmt.Fprintf(w, "usage: gopherlab %s %s\n\n%s\n", name, c.usage, c.short)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c.flags(fs)
	if hasFlags(fs) {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if c.long != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.long))
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}
