package typesdata

import (
	"go/types"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib"
)

// TestCoversPreloaded checks that the data holds every package the kernel
// preloads: a package added to kernel/symbols or a yaegi upgrade without
// `go generate ./kernel/typesdata` fails here.
func TestCoversPreloaded(t *testing.T) {
	src, err := os.ReadFile("../symbols/symbols.go")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range regexp.MustCompile(`(?m)^//go:generate .*yaegi extract .* (\S+)$`).FindAllStringSubmatch(string(src), -1) {
		want = append(want, m[1])
	}
	if len(want) < 10 {
		t.Fatalf("found only %d go:generate lines in kernel/symbols", len(want))
	}
	for key := range stdlib.Symbols {
		if i := strings.LastIndex(key, "/"); i > 0 {
			want = append(want, key[:i])
		}
	}
	want = append(want, "cmp", "iter", "maps", "slices")
	for _, path := range want {
		if !Has(path) {
			t.Errorf("no type information for %s; run go generate ./kernel/typesdata", path)
		}
	}
}

// TestImportAll decodes every package in the data.
func TestImportAll(t *testing.T) {
	imp := NewImporter()
	for _, path := range Packages() {
		p, err := imp.Import(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if p.Path() != path || !p.Complete() || p.Scope().Len() == 0 {
			t.Errorf("%s: got package %s, complete %v, %d names", path, p.Path(), p.Complete(), p.Scope().Len())
		}
	}
}

// TestSharedTypes checks that a type reached through two packages is one
// type: gorgonia's NewTensor takes tensor.Dtype, whether tensor is
// imported before or after gorgonia.
func TestSharedTypes(t *testing.T) {
	for _, order := range [][]string{{"gorgonia.org/gorgonia", "gorgonia.org/tensor"}, {"gorgonia.org/tensor", "gorgonia.org/gorgonia"}} {
		imp := NewImporter()
		pkgs := map[string]*types.Package{}
		for _, path := range order {
			p, err := imp.Import(path)
			if err != nil {
				t.Fatal(err)
			}
			pkgs[path] = p
		}
		dtype := pkgs["gorgonia.org/tensor"].Scope().Lookup("Dtype").Type()
		newTensor := pkgs["gorgonia.org/gorgonia"].Scope().Lookup("NewTensor").Type().(*types.Signature)
		if got := newTensor.Params().At(1).Type(); !types.Identical(got, dtype) || got != dtype {
			t.Errorf("import order %v: NewTensor's parameter type %v is not tensor's Dtype %v", order, got, dtype)
		}
	}
}

// TestMissing checks the error for a package outside the data, and that it
// is the same on a second import.
func TestMissing(t *testing.T) {
	imp := NewImporter()
	for path, want := range map[string]string{
		"example.com/x":    "no type information for example.com/x (not in the standard library)",
		"net/rpc/jsonrpc2": "no type information for net/rpc/jsonrpc2 (not a preloaded standard package)",
	} {
		for range 2 {
			if _, err := imp.Import(path); err == nil || err.Error() != want {
				t.Errorf("Import(%q) = %v, want %q", path, err, want)
			}
		}
	}
}

// BenchmarkImport measures a package's first import in a fresh Importer
// (its dependencies' types come with it).
func BenchmarkImport(b *testing.B) {
	for _, path := range []string{"fmt", "slices", "gonum.org/v1/gonum/mat", "gorgonia.org/gorgonia"} {
		b.Run(path[strings.LastIndex(path, "/")+1:], func(b *testing.B) {
			for b.Loop() {
				if _, err := NewImporter().Import(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
