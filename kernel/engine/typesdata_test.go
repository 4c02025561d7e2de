package engine

import (
	"go/types"
	"path"
	"strings"
	"testing"

	"github.com/gopherlab/gopherlab/kernel/symbols"
	"github.com/gopherlab/gopherlab/kernel/typesdata"
)

// TestTypesdataMatchesSymbols checks that the embedded type information
// has the same API as the interpreter's symbol tables: a symbol table
// regenerated without `go generate ./kernel/typesdata` (or the reverse)
// fails here. Every symbol must have a type; for the module packages, every
// exported non-generic name must also have a symbol (yaegi extracts no
// generic declarations, and its standard tables are older than the
// toolchain's standard library).
func TestTypesdataMatchesSymbols(t *testing.T) {
	imp := typesdata.NewImporter()
	for _, table := range symbols.All() {
		for key, syms := range table {
			p := path.Dir(key)
			if key == "." {
				continue
			}
			pkg, err := imp.Import(p)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			for name := range syms {
				if !strings.HasPrefix(name, "_") && pkg.Scope().Lookup(name) == nil {
					t.Errorf("%s.%s has a symbol but no type; run go generate ./kernel/typesdata", p, name)
				}
			}
			if _, isModule := symbols.Symbols[key]; !isModule {
				continue
			}
			for _, name := range pkg.Scope().Names() {
				obj := pkg.Scope().Lookup(name)
				if !obj.Exported() || isGeneric(obj) {
					continue
				}
				if _, ok := syms[name]; !ok {
					t.Errorf("%s.%s has a type but no symbol; run go generate ./kernel/symbols ./kernel/typesdata", p, name)
				}
			}
		}
	}
}

func isGeneric(obj types.Object) bool {
	switch obj := obj.(type) {
	case *types.Func:
		return obj.Signature().TypeParams() != nil
	case *types.TypeName:
		if n, ok := obj.Type().(*types.Named); ok {
			return n.TypeParams() != nil
		}
	}
	return false
}
