package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gopherlab/gopherlab/kernel/notebook"
)

// binary is the gopherlab command built by TestMain for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gopherlab-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "gopherlab")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building gopherlab: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// gopherlab runs the built binary in dir.
func gopherlab(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

// copyTestdata copies testdata notebooks into a fresh directory.
func copyTestdata(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func codeCells(t *testing.T, path string) []*notebook.Cell {
	t.Helper()
	nb, err := notebook.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cells []*notebook.Cell
	for _, c := range nb.Cells {
		if c.Type == "code" {
			cells = append(cells, c)
		}
	}
	return cells
}

// streams returns a cell's stream text by stream name.
func streams(c *notebook.Cell) map[string]string {
	m := map[string]string{}
	for _, o := range c.Outputs {
		if o.Type == "stream" {
			m[o.Name] += o.Text
		}
	}
	return m
}

func TestRunDemo(t *testing.T) {
	dir := copyTestdata(t, "demo.ipynb")
	code, _, stderr := gopherlab(t, dir, "run", "demo.ipynb")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	for _, want := range []string{"[demo.ipynb] cell 1/5 ... ok", "[demo.ipynb] cell 4/5 ... empty", "[demo.ipynb] cell 5/5 ... ok", "wrote demo.out.ipynb"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	cells := codeCells(t, filepath.Join(dir, "demo.out.ipynb"))
	// stdout and stderr are separate pipes: their relative order is not kept.
	if s := streams(cells[1]); len(cells[1].Outputs) != 2 || s["stdout"] != "hello Gopher\nhello Gopher\n" || s["stderr"] != "to stderr\n" {
		t.Errorf("print cell outputs: %+v", cells[1].Outputs)
	}
	if o := cells[2].Outputs; len(o) != 1 || o[0].Type != "execute_result" || o[0].Data["text/plain"] != "9" || o[0].ExecutionCount != 3 {
		t.Errorf("final value cell outputs: %+v", o)
	}
	if o := cells[4].Outputs; len(o) != 1 || o[0].Data["image/png"] == nil {
		t.Errorf("image cell outputs: %+v", o)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "demo.ipynb")); !strings.Contains(string(b), `"outputs": []`) {
		t.Error("the input notebook was modified")
	}
}

func TestRunParams(t *testing.T) {
	dir := copyTestdata(t, "demo.ipynb")
	code, _, stderr := gopherlab(t, dir, "run", "--out", "out", "--param", "name=World", "--param", "times=1", "demo.ipynb")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	out := filepath.Join(dir, "out", "demo.ipynb")
	cells := codeCells(t, out)
	if !cells[1].HasTag(notebook.InjectedTag) || cells[1].Source != "// Parameters injected by gopherlab run.\nname = \"World\"\ntimes = 1" {
		t.Errorf("injected cell: %+v", cells[1])
	}
	if s := streams(cells[2]); s["stdout"] != "hello World\n" {
		t.Errorf("cell after the parameters: %+v", cells[2].Outputs)
	}
	var meta struct {
		Metadata struct {
			Gopherlab struct {
				Parameters map[string]string
				Run        struct {
					Command  string
					Started  time.Time
					WallTime float64 `json:"wall_time_s"`
					Status   string
					Machine  struct {
						Cores     int
						Platform  string
						MemoryGiB float64 `json:"memory_gib"`
					}
				}
			} `json:"gopherlab"`
		} `json:"metadata"`
	}
	b, _ := os.ReadFile(out)
	if err := json.Unmarshal(b, &meta); err != nil || meta.Metadata.Gopherlab.Parameters["name"] != "World" {
		t.Errorf("metadata.gopherlab.parameters = %v (%v)", meta.Metadata.Gopherlab.Parameters, err)
	}
	run := meta.Metadata.Gopherlab.Run
	if run.Command != "gopherlab run --out out --param name=World --param times=1 demo.ipynb" ||
		time.Since(run.Started) > time.Hour || run.WallTime <= 0 || run.WallTime > 600 || run.Status != "ok" ||
		run.Machine.Cores != runtime.NumCPU() || run.Machine.Platform != runtime.GOOS+"/"+runtime.GOARCH ||
		runtime.GOOS == "linux" && run.Machine.MemoryGiB <= 0 {
		t.Errorf("metadata.gopherlab.run = %+v", run)
	}

	code, _, stderr = gopherlab(t, dir, "run", "--param", "nme=x", "demo.ipynb")
	if code != 1 || !strings.Contains(stderr, `parameter nme is not declared in the "parameters" cell; it declares: name, times`) {
		t.Errorf("undeclared parameter: exit %d:\n%s", code, stderr)
	}
}

func TestRunFailureNamesCell(t *testing.T) {
	dir := copyTestdata(t, "fails.ipynb")
	code, _, stderr := gopherlab(t, dir, "run", "fails.ipynb")
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "gopherlab run: fails.ipynb: cell 2/3 failed: ") || !strings.Contains(stderr, "index out of range") {
		t.Errorf("stderr does not name the notebook, cell and error:\n%s", stderr)
	}
	cells := codeCells(t, filepath.Join(dir, "fails.out.ipynb"))
	if o := cells[0].Outputs; len(o) != 1 || o[0].Text != "before\n" {
		t.Errorf("cell 1 outputs: %+v", o)
	}
	if o := cells[1].Outputs; len(o) == 0 || o[len(o)-1].Type != "error" || !strings.Contains(o[len(o)-1].EValue, "index out of range") {
		t.Errorf("failing cell outputs: %+v", o)
	}
	if cells[2].ExecutionCount != 0 || len(cells[2].Outputs) != 0 {
		t.Errorf("cell after the failure ran: %+v", cells[2])
	}
}

func TestRunTimeout(t *testing.T) {
	dir := copyTestdata(t, "hangs.ipynb")
	code, _, stderr := gopherlab(t, dir, "run", "--timeout", "300ms", "hangs.ipynb")
	if code != 1 || !strings.Contains(stderr, "hangs.ipynb: cell 2/2 failed: Timeout: cell did not finish within 300ms (--timeout)") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if cells := codeCells(t, filepath.Join(dir, "hangs.out.ipynb")); cells[0].Outputs[0].Text != "start\n" || cells[1].Outputs[0].EName != "Timeout" {
		t.Errorf("outputs after timeout: %+v / %+v", cells[0].Outputs, cells[1].Outputs)
	}
}

func TestInstallCommand(t *testing.T) {
	prefix := t.TempDir()
	code, out, stderr := gopherlab(t, prefix, "install", "--prefix", prefix, "--name", "gl-e2e")
	if code != 0 {
		t.Fatalf("install: exit %d:\n%s", code, stderr)
	}
	dir := filepath.Join(prefix, "share/jupyter/kernels/gl-e2e")
	if !strings.Contains(out, dir) {
		t.Errorf("install does not say where the spec went:\n%s", out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct{ Argv []string }
	json.Unmarshal(b, &spec)
	want, _ := filepath.EvalSymlinks(binary)
	if len(spec.Argv) != 3 || spec.Argv[0] != want || spec.Argv[1] != "kernel" {
		t.Errorf("argv = %q, want [%s kernel {connection_file}]", spec.Argv, want)
	}
	if code, _, stderr := gopherlab(t, prefix, "uninstall", "--prefix", prefix, "--name", "gl-e2e"); code != 0 {
		t.Fatalf("uninstall: exit %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("kernelspec still there after uninstall")
	}
}

func TestVersionCommand(t *testing.T) {
	code, out, _ := gopherlab(t, ".", "version")
	if code != 0 || !strings.HasPrefix(out, "gopherlab ") || !strings.Contains(out, "go1.") {
		t.Errorf("version: exit %d, %q", code, out)
	}
}

func TestRunInputFails(t *testing.T) {
	dir := copyTestdata(t, "input.ipynb")
	code, _, stderr := gopherlab(t, dir, "run", "input.ipynb")
	if code != 1 || !strings.Contains(stderr, "input.ipynb: cell 1/1 failed") || !strings.Contains(stderr, "--param") {
		t.Errorf("a cell reading input: exit %d:\n%s", code, stderr)
	}
}

func TestRunRefusesOtherLanguages(t *testing.T) {
	dir := copyTestdata(t, "python.ipynb")
	code, _, stderr := gopherlab(t, dir, "run", "python.ipynb")
	if code != 1 || !strings.Contains(stderr, "python.ipynb is a python notebook") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "python.out.ipynb")); err == nil {
		t.Error("an output notebook was written for a notebook that did not run")
	}
}

// TestKernelSIGTERM starts the kernel on a connection file and stops it the
// way a process manager does.
func TestKernelSIGTERM(t *testing.T) {
	dir := t.TempDir()
	conn := filepath.Join(dir, "kernel.json")
	ports := freePorts(t, 5)
	spec := fmt.Sprintf(`{"transport": "tcp", "ip": "127.0.0.1", "shell_port": %d, "iopub_port": %d,
		"stdin_port": %d, "control_port": %d, "hb_port": %d, "key": "k", "signature_scheme": "hmac-sha256"}`,
		ports[0], ports[1], ports[2], ports[3], ports[4])
	if err := os.WriteFile(conn, []byte(spec), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "kernel", conn)
	cmd.Env = append(os.Environ(), "GOPHERLAB_HISTORY_DIR="+filepath.Join(dir, "history"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitListening(t, ports[0])
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("kernel exited with %v after SIGTERM:\n%s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("kernel still running 10s after SIGTERM:\n%s", stderr.String())
	}
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

func waitListening(t *testing.T, port int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the kernel does not listen on port %d", port)
}

// TestRunCtrlC interrupts a run in a cell that never ends: the notebook is
// still written and the exit status is 1.
func TestRunCtrlC(t *testing.T) {
	dir := copyTestdata(t, "hangs.ipynb")
	cmd := exec.Command(binary, "run", "hangs.ipynb")
	cmd.Dir = dir
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "cell 1/2 ... ok") {
			time.Sleep(100 * time.Millisecond) // into cell 2's endless loop
			cmd.Process.Signal(os.Interrupt)
		}
	}
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1:\n%s", err, log.String())
	}
	if !strings.Contains(log.String(), "hangs.ipynb: cell 2/2 failed: Interrupted") {
		t.Errorf("stderr:\n%s", log.String())
	}
	if cells := codeCells(t, filepath.Join(dir, "hangs.out.ipynb")); cells[1].Outputs[0].EName != "Interrupted" {
		t.Errorf("interrupted cell outputs: %+v", cells[1].Outputs)
	}
}
