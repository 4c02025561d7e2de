package engine

import (
	"path"
	"reflect"
	"sort"
	"strings"
)

// PreferredImports resolves package names that more than one preloaded
// package has, for cells that use a package without importing it. The
// choice is the package a Go programmer most likely means; a cell that
// wants the other one imports it explicitly (import crand "crypto/rand").
var PreferredImports = map[string]string{
	"rand":     "math/rand",
	"template": "text/template",
	"scanner":  "text/scanner",
	"pprof":    "runtime/pprof",
	"draw":     "gonum.org/v1/plot/vg/draw",                  // not image/draw: cells plot more than they compose images
	"palette":  "gonum.org/v1/plot/palette",                  // not image/color/palette
	"metrics":  "github.com/gopherlab/gopherlab/lib/metrics", // not runtime/metrics: cells score models
}

// packages is the table of preloaded packages a session can import.
type packages struct {
	byPath map[string]map[string]reflect.Value // import path -> exported symbols
	name   map[string]string                   // import path -> package name
	byName map[string]string                   // package name -> import path (auto-import)
}

// newPackages indexes symbol tables keyed "importpath/name" as yaegi's Use
// takes them.
func newPackages(tables ...map[string]map[string]reflect.Value) *packages {
	p := &packages{
		byPath: map[string]map[string]reflect.Value{},
		name:   map[string]string{},
		byName: map[string]string{},
	}
	candidates := map[string][]string{}
	for _, t := range tables {
		for key, syms := range t {
			importPath, name := path.Dir(key), path.Base(key)
			if strings.Contains(importPath, "internal") || importPath == "." {
				continue
			}
			p.byPath[importPath] = syms
			p.name[importPath] = name
			candidates[name] = append(candidates[name], importPath)
		}
	}
	for name, paths := range candidates {
		if len(paths) == 1 {
			p.byName[name] = paths[0]
		} else if pref, ok := PreferredImports[name]; ok && p.byPath[pref] != nil {
			p.byName[name] = pref
		}
		// Other ambiguous names are not auto-imported; a test keeps
		// PreferredImports complete.
	}
	return p
}

// ambiguous lists the package names shared by several preloaded packages.
func (p *packages) ambiguous() map[string][]string {
	seen := map[string][]string{}
	for importPath, name := range p.name {
		seen[name] = append(seen[name], importPath)
	}
	out := map[string][]string{}
	for name, paths := range seen {
		if len(paths) > 1 {
			sort.Strings(paths)
			out[name] = paths
		}
	}
	return out
}
