package engine

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/preprocess"
)

// Magics are the IPython-style lines a cell may hold between its Go
// statements, with what they do. A line is a magic when it starts with %
// or ! and the Go code before it in the cell is complete. The cell magics
// %%time and %%timeit apply to the rest of the cell and must be its first
// line.
var Magics = []struct{ Usage, Help string }{
	{"%time STATEMENT, %%time", "run the statement (or the rest of the cell) and print its wall time"},
	{"%timeit [-n N] [-r R] STATEMENT, %%timeit", "run it N times per run, R runs (default: N grows until a run takes 0.2 s, R = 7), print the mean and spread per loop"},
	{"%env [NAME[=VALUE]]", "list the environment, print NAME, or set it"},
	{"%cd [DIR]", "change the working directory (default: home) and print it"},
	{"!COMMAND", "run COMMAND with sh -c; its output goes to the cell"},
	{"%who", "list the names the session's cells defined"},
	{"%help", "list the magics"},
}

// runMagics runs code line by line: runs of Go lines as cells (padded so
// their errors name the cell's lines), magic lines in between. The value
// is that of the last Go run when the cell ends with it.
func (s *Session) runMagics(ctx context.Context, code string) (*display.Data, error) {
	lines := strings.SplitAfter(code, "\n")
	if first := strings.TrimSpace(lines[0]); strings.HasPrefix(first, "%%") {
		rest := strings.Repeat("\n", 1) + strings.Join(lines[1:], "")
		switch name, args, _ := strings.Cut(first[2:], " "); name {
		case "time":
			return s.timeCell(ctx, rest)
		case "timeit":
			return nil, s.timeitCell(ctx, args, rest)
		default:
			return nil, usageError("unknown cell magic %%" + name + "; %help lists the magics")
		}
	}
	var d *display.Data
	goStart, goText := 0, ""
	flush := func() error {
		if strings.TrimSpace(goText) == "" {
			return nil
		}
		var err error
		d, err = s.runCell(ctx, strings.Repeat("\n", goStart)+goText)
		goText = ""
		return err
	}
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if (strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!")) && goComplete(goText) {
			if err := flush(); err != nil {
				return nil, err
			}
			d = nil
			if err := s.magic(ctx, t, i); err != nil {
				return nil, err
			}
			goStart = i + 1
			continue
		}
		goText += line
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return d, nil
}

func goComplete(code string) bool {
	if strings.TrimSpace(code) == "" {
		return true
	}
	st, _ := preprocess.IsComplete(code)
	return st == preprocess.Complete
}

func usageError(msg string) *Error {
	return &Error{Name: "UsageError", Value: msg, Traceback: []string{"UsageError: " + msg}}
}

// magic runs one magic line; line is its 0-based line in the cell.
func (s *Session) magic(ctx context.Context, t string, line int) error {
	if strings.HasPrefix(t, "!") {
		return s.shell(ctx, strings.TrimSpace(t[1:]))
	}
	name, args, _ := strings.Cut(t[1:], " ")
	args = strings.TrimSpace(args)
	pad := strings.Repeat("\n", line)
	switch name {
	case "time":
		_, err := s.timeCell(ctx, pad+args)
		return err
	case "timeit":
		flags, stmt := cutFlags(args)
		return s.timeitCell(ctx, flags, pad+stmt)
	case "env":
		return s.env(ctx, args)
	case "cd":
		dir := args
		if dir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return usageError("%cd: no home directory: " + err.Error())
			}
			dir = home
		}
		if err := os.Chdir(dir); err != nil {
			return usageError("%cd: " + err.Error())
		}
		wd, _ := os.Getwd()
		s.out.stream("stdout", wd+"\n")
	case "who":
		s.mu.Lock()
		var names []string
		for n := range s.decls {
			if n != "Input" && !strings.HasPrefix(n, "__gl") {
				names = append(names, n)
			}
		}
		s.mu.Unlock()
		sort.Strings(names)
		if len(names) == 0 {
			s.out.stream("stdout", "no names defined yet\n")
			return nil
		}
		s.out.stream("stdout", strings.Join(names, "  ")+"\n")
	case "help":
		var b strings.Builder
		for _, m := range Magics {
			fmt.Fprintf(&b, "%-42s %s\n", m.Usage, m.Help)
		}
		s.out.stream("stdout", b.String())
	default:
		return usageError(fmt.Sprintf("unknown magic %%%s; %%help lists the magics", name))
	}
	return nil
}

// env implements %env.
func (s *Session) env(ctx context.Context, args string) error {
	if args == "" {
		env := os.Environ()
		sort.Strings(env)
		s.out.stream("stdout", strings.Join(env, "\n")+"\n")
		return nil
	}
	name, value, set := strings.Cut(args, "=")
	if !set {
		name, value, set = strings.Cut(args, " ")
	}
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !set {
		v, ok := os.LookupEnv(name)
		if !ok {
			return usageError("%env: " + name + " is not set; set it with %env " + name + "=VALUE")
		}
		s.out.stream("stdout", v+"\n")
		return nil
	}
	if err := os.Setenv(name, value); err != nil {
		return usageError("%env: " + err.Error())
	}
	// yaegi gives interpreted code its own copy of the environment.
	if _, err := s.runCell(ctx, fmt.Sprintf("os.Setenv(%q, %q)", name, value)); err != nil {
		return err
	}
	s.out.stream("stdout", fmt.Sprintf("env: %s=%s\n", name, value))
	return nil
}

// shell runs a ! line. A failing command is reported on stderr but does
// not fail the cell, as in IPython.
func (s *Session) shell(ctx context.Context, command string) error {
	if command == "" {
		return usageError("! needs a command, e.g. !ls -l")
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdout = streamWriter{&s.out, "stdout"}
	cmd.Stderr = streamWriter{&s.out, "stderr"}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return interrupted("")
		}
		s.out.stream("stderr", fmt.Sprintf("!%s: %v\n", command, err))
	}
	return nil
}

// timeCell runs code and prints its wall time.
func (s *Session) timeCell(ctx context.Context, code string) (*display.Data, error) {
	start := time.Now()
	d, err := s.runCell(ctx, code)
	s.out.stream("stdout", "Wall time: "+fmtDuration(time.Since(start))+"\n")
	return d, err
}

// timeitCell runs %timeit: code (statements) becomes a func literal that
// the compiled timeit calls; flags are -n and -r.
func (s *Session) timeitCell(ctx context.Context, flags, code string) error {
	n, r := 0, 7
	fs := strings.Fields(flags)
	for i := 0; i+1 < len(fs); i += 2 {
		v, err := strconv.Atoi(fs[i+1])
		if err != nil || v < 1 || (fs[i] != "-n" && fs[i] != "-r") {
			return usageError(fmt.Sprintf("%%timeit: bad flag %s %s: use -n LOOPS and -r RUNS with positive numbers", fs[i], fs[i+1]))
		}
		if fs[i] == "-n" {
			n = v
		} else {
			r = v
		}
	}
	if len(fs)%2 != 0 {
		return usageError("%timeit: flag " + fs[len(fs)-1] + " needs a number")
	}
	if strings.TrimSpace(code) == "" {
		return usageError("%timeit needs a statement to time, e.g. %timeit f(10)")
	}
	// The func literal opens on the line before the code (which starts
	// with its padding) so that errors keep naming cell lines.
	lead := len(code) - len(strings.TrimLeft(code, "\n"))
	if lead > 0 {
		lead--
	}
	src := strings.Repeat("\n", lead) + fmt.Sprintf("__glrt.Timeit(%d, %d, func() {", n, r) + code[lead:] + "\n})"
	s.timeCtx = ctx
	_, err := s.runCell(ctx, src)
	return err
}

// cutFlags splits "-n 10 -r 3 f(x)" into its flags and the statement.
func cutFlags(args string) (flags, stmt string) {
	rest := args
	for strings.HasPrefix(rest, "-n ") || strings.HasPrefix(rest, "-r ") {
		f := strings.Fields(rest)
		if len(f) < 2 {
			break
		}
		rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest[2:]), f[1]))
	}
	return strings.TrimSpace(args[:len(args)-len(rest)]), rest
}

// timeit is the compiled side of %timeit (called as __glrt.Timeit).
func (s *Session) timeit(n, r int, f func()) {
	ctx := s.timeCtx
	loop := func(k int) (time.Duration, bool) {
		start := time.Now()
		for i := 0; i < k; i++ {
			if ctx.Err() != nil {
				return 0, false
			}
			f()
		}
		return time.Since(start), true
	}
	if n == 0 {
		for n = 1; ; n *= 10 {
			d, ok := loop(n)
			if !ok {
				return
			}
			if d >= 200*time.Millisecond || n >= 1e9 {
				break
			}
		}
	}
	per := make([]float64, r)
	for i := range per {
		d, ok := loop(n)
		if !ok {
			return
		}
		per[i] = float64(d) / float64(n)
	}
	mean, std := meanStd(per)
	runs, loops := "runs", "loops"
	if r == 1 {
		runs = "run"
	}
	if n == 1 {
		loops = "loop"
	}
	s.out.stream("stdout", fmt.Sprintf("%s ± %s per loop (mean ± std. dev. of %d %s, %d %s each)\n",
		fmtDuration(time.Duration(mean)), fmtDuration(time.Duration(std)), r, runs, n, loops))
}

func meanStd(xs []float64) (mean, std float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	for _, x := range xs {
		std += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(std / float64(len(xs)-1))
}

// fmtDuration prints d with three significant digits in IPython's units.
func fmtDuration(d time.Duration) string {
	v := float64(d)
	for _, u := range []struct {
		name string
		size float64
	}{{"s", 1e9}, {"ms", 1e6}, {"µs", 1e3}} {
		if v >= u.size {
			return strconv.FormatFloat(v/u.size, 'g', 3, 64) + " " + u.name
		}
	}
	return strconv.FormatFloat(v, 'g', 3, 64) + " ns"
}
