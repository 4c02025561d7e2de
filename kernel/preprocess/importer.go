package preprocess

import (
	"bytes"
	"context"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"strings"
)

// GoListImporter returns an importer for Rewriter.Importer that knows the
// packages matched by patterns and all their dependencies, standard library
// included, from the export data that `go list -export` writes (it compiles
// them into the build cache if needed, so the first call can take minutes
// for a large tree such as gorgonia; later ones take about a second). It
// runs the go command in dir, which must lie in the module that provides
// the packages, e.g. the kernel's module so that the preloaded packages
// (lib, plots, datasets, ...) get types.
func GoListImporter(ctx context.Context, dir string, patterns ...string) (types.Importer, error) {
	args := append([]string{"list", "-export", "-deps", "-f", "{{if .Export}}{{.ImportPath}}={{.Export}}{{end}}"}, patterns...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("preprocess: go list -export %s in %s: %v: %s", strings.Join(patterns, " "), dir, err, strings.TrimSpace(stderr.String()))
	}
	exports := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if path, file, ok := strings.Cut(line, "="); ok {
			exports[path] = file
		}
	}
	lookup := func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("preprocess: no export data for %q; add it to GoListImporter's patterns", path)
		}
		return os.Open(file)
	}
	return importer.ForCompiler(token.NewFileSet(), "gc", lookup), nil
}
