package kernelspec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// DefaultName is the kernel name used when Location.Name is empty.
const DefaultName = "gopherlab"

// SystemDir is where system-wide kernelspecs go, as in jupyter_core's
// SYSTEM_JUPYTER_PATH on Linux.
const SystemDir = "/usr/local/share/jupyter"

// Location says where a kernelspec lives. The zero value is the system-wide
// install of the kernel named DefaultName.
type Location struct {
	User   bool   // install for the current user only
	Prefix string // install under PREFIX/share/jupyter (e.g. a virtualenv)
	Name   string // kernel name; DefaultName when empty
}

// Spec is the content of kernel.json.
type Spec struct {
	Argv          []string `json:"argv"`
	DisplayName   string   `json:"display_name"`
	Language      string   `json:"language"`
	InterruptMode string   `json:"interrupt_mode"`
}

// NewSpec returns the kernelspec that starts the kernel with the given
// binary, which must be an absolute path.
func NewSpec(binary string) Spec {
	return Spec{
		Argv:          []string{binary, "kernel", "{connection_file}"},
		DisplayName:   "Go (Gopherlab)",
		Language:      "go",
		InterruptMode: "message",
	}
}

// Jupyter accepts these kernel names (jupyter_client's _kernel_name_pat).
var namePattern = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// Dir returns the kernelspec directory of loc.
func (loc Location) Dir() (string, error) {
	name := loc.Name
	if name == "" {
		name = DefaultName
	}
	if !namePattern.MatchString(name) {
		return "", fmt.Errorf("invalid kernel name %q: use only letters, digits, '.', '_' and '-'", name)
	}
	if loc.User && loc.Prefix != "" {
		return "", errors.New("--user and --prefix are exclusive: pick one")
	}
	var data string
	switch {
	case loc.User:
		d, err := UserDataDir()
		if err != nil {
			return "", err
		}
		data = d
	case loc.Prefix != "":
		p, err := filepath.Abs(loc.Prefix)
		if err != nil {
			return "", err
		}
		data = filepath.Join(p, "share", "jupyter")
	default:
		data = SystemDir
	}
	return filepath.Join(data, "kernels", name), nil
}

// UserDataDir returns Jupyter's per-user data directory, as jupyter_core's
// jupyter_data_dir computes it on Linux.
func UserDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the Jupyter data directory: %w (set JUPYTER_DATA_DIR)", err)
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// Executable returns the absolute path of the running binary with symlinks
// resolved, so kernel.json keeps working if a symlink to it moves.
func Executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(exe)
}

// Install writes the kernelspec for binary (an absolute path) into loc,
// replacing an existing one, and returns the directory it wrote.
func Install(loc Location, binary string) (string, error) {
	if !filepath.IsAbs(binary) {
		return "", fmt.Errorf("kernel binary %q must be an absolute path", binary)
	}
	dir, err := loc.Dir()
	if err != nil {
		return "", err
	}
	spec, err := json.MarshalIndent(NewSpec(binary), "", "  ")
	if err != nil {
		return "", err
	}
	files := map[string][]byte{
		"kernel.json":    append(spec, '\n'),
		"logo-svg.svg":   []byte(LogoSVG()),
		"logo-32x32.png": LogoPNG(32),
		"logo-64x64.png": LogoPNG(64),
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", writeError(dir, loc, err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return "", writeError(dir, loc, err)
		}
	}
	return dir, nil
}

// Uninstall removes the kernelspec directory of loc and returns it. It is an
// error if no kernelspec is installed there.
func Uninstall(loc Location) (string, error) {
	dir, err := loc.Dir()
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("no kernelspec installed at %s (was it installed with --user or --prefix?)", dir)
		}
		return "", err
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", writeError(dir, loc, err)
	}
	return dir, nil
}

func writeError(dir string, loc Location, err error) error {
	if errors.Is(err, fs.ErrPermission) && !loc.User && loc.Prefix == "" {
		return fmt.Errorf("cannot write %s: permission denied; run as root (sudo) for a system-wide install, or use --user to install for this user only", dir)
	}
	return fmt.Errorf("writing kernelspec in %s: %w", dir, err)
}
