package datasets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// EnvDir is the environment variable that overrides the data directory.
const EnvDir = "GOPHERLAB_DATA"

// Dir returns the data directory: $GOPHERLAB_DATA when set, else
// os.UserCacheDir()/gopherlab, else (no home directory) a folder in the
// system temporary directory.
func Dir() string {
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	if c, err := os.UserCacheDir(); err == nil {
		return filepath.Join(c, "gopherlab")
	}
	return filepath.Join(os.TempDir(), "gopherlab")
}

// MissingError reports a dataset file that is not on disk.
type MissingError struct {
	Dataset  string   // registry name, e.g. "mnist"
	File     string   // file name inside the dataset folder
	Searched []string // folders looked in, first is where Fetch would put it
	URL      string   // where to download it by hand, "" if unknown
	Manual   string   // how to obtain datasets that cannot be fetched
}

func (e *MissingError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "datasets: %s file %q not found in %s", e.Dataset, e.File, strings.Join(e.Searched, " or "))
	switch {
	case e.Manual != "":
		fmt.Fprintf(&b, "; %s", e.Manual)
	case e.URL != "":
		fmt.Fprintf(&b, "; run `gopherlab data fetch %s` (or download %s into %s), or set $%s to a folder that has it",
			e.Dataset, e.URL, e.Searched[0], EnvDir)
	default:
		fmt.Fprintf(&b, "; run `gopherlab data fetch %s` or set $%s to a folder that has it", e.Dataset, EnvDir)
	}
	return b.String()
}

// Folder returns the folder of dataset name inside data directory dir
// ("" means Dir()). It does not check that the folder exists.
func Folder(dir, name string) (string, error) {
	info, err := Lookup(name)
	if err != nil {
		return "", err
	}
	if dir == "" {
		dir = Dir()
	}
	return filepath.Join(dir, filepath.FromSlash(info.Folder)), nil
}

// Find returns the path of file (a name relative to the dataset's folder, as
// in Info.Files) of dataset name, looking in the data directory dir ("" means
// Dir()) and then in the dataset's system folders (Info.AltDirs). A missing
// file gives a *MissingError.
func Find(dir, name, file string) (string, error) {
	info, err := Lookup(name)
	if err != nil {
		return "", err
	}
	folder, _ := Folder(dir, name)
	searched := append([]string{folder}, info.AltDirs...)
	for _, d := range searched {
		p := filepath.Join(d, filepath.FromSlash(file))
		if _, err := os.Stat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("datasets: %w", err)
		}
	}
	me := &MissingError{Dataset: name, File: file, Searched: searched, Manual: info.Manual}
	for _, f := range info.Files {
		if f.Name == file && len(f.URLs) > 0 {
			me.URL = f.URLs[0]
		}
	}
	return "", me
}

// Present reports whether dataset name is on disk in dir ("" means Dir()) or
// its system folders: every file Fetch would download, or for datasets
// obtained by hand, a non-empty folder. It does not verify checksums (Fetch
// does).
func Present(dir, name string) (bool, error) {
	info, err := Lookup(name)
	if err != nil {
		return false, err
	}
	if len(info.Files) == 0 {
		folder, _ := Folder(dir, name)
		entries, err := os.ReadDir(folder)
		return err == nil && len(entries) > 0, nil
	}
	for _, f := range info.Files {
		if _, err := Find(dir, name, f.Name); err != nil {
			var me *MissingError
			if errors.As(err, &me) {
				return false, nil
			}
			return false, err
		}
	}
	return true, nil
}
