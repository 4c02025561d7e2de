package main

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gopherlab/gopherlab/kernel/notebook"
)

// recordRun stores how nb was executed in metadata.gopherlab.run, so that
// figures in a committed notebook come with the command, date, machine and
// wall time that produced them.
func recordRun(nb *notebook.Notebook, start time.Time, wall time.Duration, runErr error) {
	status := "ok"
	if runErr != nil {
		status = runErr.Error()
	}
	args := append([]string{"gopherlab"}, os.Args[1:]...)
	nb.GopherlabMetadata()["run"] = map[string]any{
		"command":     strings.Join(args, " "),
		"started":     start.UTC().Format(time.RFC3339),
		"wall_time_s": wall.Round(time.Millisecond).Seconds(),
		"status":      status,
		"gopherlab":   versionString(),
		"machine":     machine(),
	}
}

// machine describes the computer: CPU model, cores, memory and platform.
// /proc is read where it exists (Linux); elsewhere only what Go knows.
func machine() map[string]any {
	m := map[string]any{
		"cores":    runtime.NumCPU(),
		"platform": runtime.GOOS + "/" + runtime.GOARCH,
	}
	if cpu := procField("/proc/cpuinfo", "model name"); cpu != "" {
		m["cpu"] = cpu
	}
	if kb, err := strconv.ParseFloat(strings.TrimSuffix(procField("/proc/meminfo", "MemTotal"), " kB"), 64); err == nil {
		m["memory_gib"] = float64(int(kb/(1<<20)*10+0.5)) / 10
	}
	return m
}

// procField returns the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(filepath.Clean(path))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
