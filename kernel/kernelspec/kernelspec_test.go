package kernelspec

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/internal/testenv"
)

func TestLocationDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/data/jup")
	tests := []struct {
		loc  Location
		want string
	}{
		{Location{}, "/usr/local/share/jupyter/kernels/gopherlab"},
		{Location{Name: "go2"}, "/usr/local/share/jupyter/kernels/go2"},
		{Location{User: true}, "/data/jup/kernels/gopherlab"},
		{Location{Prefix: "/opt/env", Name: "x"}, "/opt/env/share/jupyter/kernels/x"},
	}
	for _, tt := range tests {
		got, err := tt.loc.Dir()
		if err != nil || got != tt.want {
			t.Errorf("%+v.Dir() = %q, %v; want %q", tt.loc, got, err, tt.want)
		}
	}
}

func TestUserDataDirXDG(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if got, _ := UserDataDir(); got != "/xdg/jupyter" {
		t.Errorf("UserDataDir() = %q, want /xdg/jupyter", got)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if got, _ := UserDataDir(); got != "/home/u/.local/share/jupyter" {
		t.Errorf("UserDataDir() = %q, want /home/u/.local/share/jupyter", got)
	}
}

func TestLocationErrors(t *testing.T) {
	for _, loc := range []Location{{Name: "bad name"}, {Name: "a/b"}, {User: true, Prefix: "/x"}} {
		if _, err := loc.Dir(); err == nil {
			t.Errorf("%+v.Dir(): no error", loc)
		}
	}
}

func TestInstallUninstall(t *testing.T) {
	prefix := t.TempDir()
	loc := Location{Prefix: prefix, Name: "gotest"}
	dir, err := Install(loc, "/opt/bin/gopherlab")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(prefix, "share/jupyter/kernels/gotest"); dir != want {
		t.Errorf("Install dir = %q, want %q", dir, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]any
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	argv, _ := json.Marshal(spec["argv"])
	if string(argv) != `["/opt/bin/gopherlab","kernel","{connection_file}"]` {
		t.Errorf("argv = %s", argv)
	}
	for k, want := range map[string]string{"display_name": "Go (Gopherlab)", "language": "go", "interrupt_mode": "message"} {
		if spec[k] != want {
			t.Errorf("%s = %v, want %q", k, spec[k], want)
		}
	}
	for name, size := range map[string]int{"logo-32x32.png": 32, "logo-64x64.png": 64} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("%s is %v, want %dx%d", name, r, size, size)
		}
	}
	svg, err := os.ReadFile(filepath.Join(dir, "logo-svg.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Errorf("logo-svg.svg is not XML: %v", err)
	}
	// Installing again replaces the spec.
	if _, err := Install(loc, "/other/gopherlab"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "kernel.json")); !strings.Contains(string(b), "/other/gopherlab") {
		t.Errorf("reinstall did not replace kernel.json:\n%s", b)
	}
	if _, err := Uninstall(loc); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still exists after Uninstall (err %v)", dir, err)
	}
	if _, err := Uninstall(loc); err == nil || !strings.Contains(err.Error(), "no kernelspec installed") {
		t.Errorf("second Uninstall: err = %v, want 'no kernelspec installed'", err)
	}
}

func TestInstallRelativeBinary(t *testing.T) {
	if _, err := Install(Location{Prefix: t.TempDir()}, "gopherlab"); err == nil {
		t.Error("Install with a relative binary path: no error")
	}
}

func TestLogoPixels(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(LogoPNG(64)))
	if err != nil {
		t.Fatal(err)
	}
	// Corner transparent (rounded), background blue, prompt white.
	check := func(x, y int, wantR, wantG, wantB, wantA uint32) {
		r, g, b, a := img.At(x, y).RGBA()
		if r>>8 != wantR || g>>8 != wantG || b>>8 != wantB || a>>8 != wantA {
			t.Errorf("pixel (%d,%d) = %d,%d,%d,%d; want %d,%d,%d,%d", x, y, r>>8, g>>8, b>>8, a>>8, wantR, wantG, wantB, wantA)
		}
	}
	check(0, 0, 0, 0, 0, 0)
	check(5, 32, 0x00, 0xAD, 0xD8, 0xFF)
	check(31, 31, 0xFF, 0xFF, 0xFF, 0xFF)
	check(43, 44, 0xFF, 0xFF, 0xFF, 0xFF)
}

// TestJupyterSeesSpec checks that Jupyter itself lists the installed spec.
func TestJupyterSeesSpec(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import jupyter_client").Run(); err != nil {
		testenv.Missing(t, "%s with jupyter_client is not installed (install.sh --test-deps installs it): %v", python, err)
	}
	prefix := t.TempDir()
	dir, err := Install(Location{Prefix: prefix, Name: "gopherlab-test"}, "/opt/bin/gopherlab")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-m", "jupyter_client.kernelspecapp", "list", "--json")
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jupyter kernelspec list: %v", err)
	}
	var list struct {
		Kernelspecs map[string]struct {
			ResourceDir string `json:"resource_dir"`
			Spec        Spec   `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	ks, ok := list.Kernelspecs["gopherlab-test"]
	if !ok {
		t.Fatalf("jupyter does not list gopherlab-test: %s", out)
	}
	if ks.ResourceDir != dir || ks.Spec.DisplayName != "Go (Gopherlab)" || ks.Spec.Argv[0] != "/opt/bin/gopherlab" {
		t.Errorf("jupyter lists %+v", ks)
	}
}

// Root can write anywhere, so the permission error is checked directly.
func TestPermissionErrorSuggestsUser(t *testing.T) {
	denied := &fs.PathError{Op: "mkdir", Path: "/usr/local/share/jupyter", Err: fs.ErrPermission}
	err := writeError("/usr/local/share/jupyter/kernels/gopherlab", Location{}, denied)
	if !strings.Contains(err.Error(), "permission denied") || !strings.Contains(err.Error(), "--user") {
		t.Errorf("system-wide permission error = %q, want it to suggest --user", err)
	}
	err = writeError("/home/u/.local/share/jupyter/kernels/gopherlab", Location{User: true}, denied)
	if strings.Contains(err.Error(), "--user") || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("--user permission error = %q", err)
	}
}
