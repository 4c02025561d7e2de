package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gopherlab/gopherlab/internal/testenv"
)

// TestKernelThroughJupyterClient runs testdata/kernel_client.py: the corpus
// of everyday modern Go, type-aware completion and inspection, is_complete
// and magics, all through the built `gopherlab kernel` and Debian's
// jupyter_client.
func TestKernelThroughJupyterClient(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import jupyter_client").Run(); err != nil {
		testenv.Missing(t, "%s cannot import jupyter_client (%v); install python3-jupyter-client", python, err)
	}
	dir := t.TempDir()
	spec := filepath.Join(dir, "jupyter", "kernels", "gopherlab-k6")
	if err := os.MkdirAll(spec, 0o755); err != nil {
		t.Fatal(err)
	}
	kernelJSON, _ := json.Marshal(map[string]any{
		"argv": []string{binary, "kernel", "{connection_file}"}, "display_name": "Gopherlab (test)",
		"language": "go", "interrupt_mode": "message",
	})
	if err := os.WriteFile(filepath.Join(spec, "kernel.json"), kernelJSON, 0o644); err != nil {
		t.Fatal(err)
	}
	corpus, err := filepath.Abs("../../kernel/engine/testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-m", "unittest", "-v", "kernel_client")
	cmd.Dir = "testdata"
	cmd.Env = append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(dir, "jupyter"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"GOPHERLAB_HISTORY_DIR="+filepath.Join(dir, "history"),
		"GOPHERLAB_TEST_KERNEL=gopherlab-k6",
		"GOPHERLAB_CORPUS="+corpus,
	)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("kernel_client.py: %v", err)
	}
}
