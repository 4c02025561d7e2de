package jupyter

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gopherlab/gopherlab/internal/testenv"
)

const python = "/usr/bin/python3"

// TestJupyterClient drives the real kernel (the yaegi engine served by this
// package, built from ./internal/testkernel) through Debian's jupyter_client:
// testdata/protocol_tests.py covers each protocol feature end to end and
// testdata/kernel_suite.py runs jupyter_kernel_test's conformance suite.
func TestJupyterClient(t *testing.T) {
	if err := exec.Command(python, "-c", "import jupyter_client, jupyter_kernel_test, zmq").Run(); err != nil {
		testenv.Missing(t, "%s cannot import jupyter_client, jupyter_kernel_test and zmq (%v); install python3-jupyter-client and python3-jupyter-kernel-test", python, err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "gopherlab-testkernel")
	if out, err := exec.Command(goTool, "build", "-o", bin, "./internal/testkernel").CombinedOutput(); err != nil {
		t.Fatalf("building the test kernel: %v\n%s", err, out)
	}
	spec := filepath.Join(dir, "jupyter", "kernels", "gopherlab-test")
	if err := os.MkdirAll(spec, 0o755); err != nil {
		t.Fatal(err)
	}
	kernelJSON, _ := json.Marshal(map[string]any{
		"argv":           []string{bin, "{connection_file}"},
		"display_name":   "Gopherlab (test)",
		"language":       "go",
		"interrupt_mode": "message",
	})
	if err := os.WriteFile(filepath.Join(spec, "kernel.json"), kernelJSON, 0o644); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "kernel.log")
	env := append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(dir, "jupyter"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"GOPHERLAB_HISTORY_DIR="+filepath.Join(dir, "history"),
		"GOPHERLAB_KERNEL_LOG="+logPath,
		"GOPHERLAB_TEST_KERNEL=gopherlab-test",
	)
	for _, suite := range []string{"protocol_tests", "kernel_suite"} {
		t.Run(suite, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, python, "-m", "unittest", "-v", suite)
			cmd.Dir = "testdata"
			cmd.Env = env
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				klog, _ := os.ReadFile(logPath)
				t.Errorf("%s: %v\n%s\nkernel log:\n%s", suite, err, out.Bytes(), klog)
			}
		})
	}
}
