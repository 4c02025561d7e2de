package typesdata

import (
	"compress/flate"
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
)

//go:embed types.bin
var blob string

// entry locates one package's compressed export data in blob.
type entry struct {
	path      string
	off, size int
}

// lookup returns the entry of path, or false.
func lookup(path string) (entry, bool) {
	i := sort.Search(len(index), func(i int) bool { return index[i].path >= path })
	if i < len(index) && index[i].path == path {
		return index[i], true
	}
	return entry{}, false
}

// Has reports whether the data holds path's type information.
func Has(path string) bool {
	_, ok := lookup(path)
	return ok
}

// Packages returns the import paths the data holds, sorted.
func Packages() []string {
	paths := make([]string, len(index))
	for i, e := range index {
		paths[i] = e.path
	}
	return paths
}

// Importer is a types.Importer for the packages in the data. Each package
// is decoded on its first import; packages imported through one Importer
// share their dependencies' types (mat.Dense is one type whether it comes
// from gonum/mat or from plots), so use one Importer per type-checking
// session. It is safe for concurrent use.
type Importer struct {
	mu      sync.Mutex
	fset    *token.FileSet
	imports map[string]*types.Package // shared by every Read, holds partial dependencies too
	done    map[string]*types.Package // packages read from their own data
	failed  map[string]error
}

// NewImporter returns an Importer that has read nothing yet.
func NewImporter() *Importer {
	return &Importer{
		fset:    token.NewFileSet(),
		imports: map[string]*types.Package{},
		done:    map[string]*types.Package{},
		failed:  map[string]error{},
	}
}

// Import returns the package with import path path. A path that the data
// does not hold gives an error saying so; the failure is remembered.
func (imp *Importer) Import(path string) (*types.Package, error) {
	imp.mu.Lock()
	defer imp.mu.Unlock()
	if p := imp.done[path]; p != nil {
		return p, nil
	}
	if err := imp.failed[path]; err != nil {
		return nil, err
	}
	p, err := imp.read(path)
	if err != nil {
		imp.failed[path] = err
		return nil, err
	}
	imp.done[path] = p
	return p, nil
}

func (imp *Importer) read(path string) (*types.Package, error) {
	e, ok := lookup(path)
	if !ok {
		where := "not in the standard library"
		if first, _, _ := strings.Cut(path, "/"); !strings.Contains(first, ".") {
			where = "not a preloaded standard package"
		}
		return nil, fmt.Errorf("no type information for %s (%s)", path, where)
	}
	zr := flate.NewReader(strings.NewReader(blob[e.off : e.off+e.size]))
	defer zr.Close()
	// A package seen so far only as a dependency is in imports but
	// incomplete; Read completes it in place, keeping its types' identity.
	p, err := gcexportdata.Read(zr, imp.fset, imp.imports, path)
	if err != nil {
		return nil, fmt.Errorf("typesdata: reading %s: %v (regenerate with go generate ./kernel/typesdata)", path, err)
	}
	return p, nil
}

var _ types.Importer = (*Importer)(nil)
