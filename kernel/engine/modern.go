package engine

import (
	"context"
	"fmt"
	"go/importer"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gopherlab/gopherlab/kernel/preprocess"
)

// modern holds the session's cell preprocessor (kernel/preprocess), which
// rewrites Go 1.22+ constructs that yaegi cannot run. Its type checker
// knows the standard library; the preloaded module packages have no
// export data at run time (finding it would need `go list` at start), so
// their values only lose type information there.
type modern struct {
	mu       sync.Mutex // the Rewriter is not safe for concurrent use
	r        *preprocess.Rewriter
	declared map[string]bool // auto-imported package names told to r
	ready    chan struct{}   // closed when the warm-up has set r.Importer
}

// warmPackages are the standard packages whose type information one `go
// list` loads in the background when a session starts (about 0.6 s, where
// importing them one by one on first use costs 50 to 250 ms each).
var warmPackages = []string{
	"bufio", "bytes", "cmp", "container/heap", "container/list", "context", "encoding/json", "errors",
	"fmt", "io", "iter", "maps", "math", "math/cmplx", "math/rand", "os", "path/filepath", "regexp",
	"slices", "sort", "strconv", "strings", "sync", "time", "unicode", "unicode/utf8",
}

func newModern() *modern {
	m := &modern{r: preprocess.New(), declared: map[string]bool{}, ready: make(chan struct{})}
	go func() {
		defer close(m.ready)
		var warm types.Importer
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if imp, err := preprocess.GoListImporter(ctx, os.TempDir(), warmPackages...); err == nil {
			warm = imp
		}
		m.r.Importer = &stdImporter{warm: warm, base: importer.Default(), failed: map[string]error{}}
	}()
	return m
}

// stdImporter resolves standard library packages only (the warm ones
// first), and remembers failures: a module path would make the go
// command search (and fail) again for every cell. Without the go command
// every import fails, which only costs cells type information.
type stdImporter struct {
	warm, base types.Importer // warm may be nil
	failed     map[string]error
}

func (i *stdImporter) Import(path string) (*types.Package, error) {
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		return nil, fmt.Errorf("no type information for %s (not in the standard library)", path)
	}
	if err := i.failed[path]; err != nil {
		return nil, err
	}
	if i.warm != nil {
		if p, err := i.warm.Import(path); err == nil {
			return p, nil
		}
	}
	p, err := i.base.Import(path)
	if err != nil {
		i.failed[path] = err
	}
	return p, err
}

// rewrite returns code rewritten by the preprocessor. The packages the
// cell uses without importing them (the engine adds those imports later)
// are declared to it first, so that slices.Sort or maps.Keys in such a
// cell get their rewrites too.
func (s *Session) rewrite(code string) (string, *Error) {
	m := s.modern
	<-m.ready
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, name := range selectorQualifiers(code) {
		if m.declared[name] {
			continue
		}
		s.mu.Lock()
		_, isDecl := s.decls[name]
		path, imported := s.imports[name]
		if !imported {
			path = s.pkgs.byName[name]
		}
		s.mu.Unlock()
		if isDecl || path == "" {
			continue
		}
		m.declared[name] = true
		// A failure only costs the cell type information.
		_ = m.r.Declare(fmt.Sprintf("import %s %q", name, path))
	}
	out, err := m.r.Rewrite(code)
	if err == nil {
		return out, nil
	}
	// A syntax error is reported by the engine's own parse, which names
	// the cell line the same way and lists every error.
	if strings.Contains(err.Error(), "syntax error") {
		return code, nil
	}
	e := &Error{Name: "CompileError", Traceback: strings.Split(err.Error(), "\n")}
	e.Value = e.Traceback[0]
	if _, msg, ok := strings.Cut(e.Traceback[0], ": "); ok {
		e.Value = msg
	}
	return "", e
}

// selectorQualifiers returns the identifiers X of selectors X.Sel in code
// that start a chain (not b in a.b.c), in order, without duplicates.
func selectorQualifiers(code string) []string {
	fset := token.NewFileSet()
	var sc scanner.Scanner
	sc.Init(fset.AddFile("", -1, len(code)), []byte(code), nil, 0)
	var names []string
	seen := map[string]bool{}
	var prev2, prev token.Token
	prevLit := ""
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return names
		}
		if tok == token.PERIOD && prev == token.IDENT && prev2 != token.PERIOD && !seen[prevLit] {
			seen[prevLit] = true
			names = append(names, prevLit)
		}
		prev2, prev, prevLit = prev, tok, lit
	}
}
