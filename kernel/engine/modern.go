package engine

import (
	"fmt"
	"go/scanner"
	"go/token"
	"strings"
	"sync"

	"github.com/gopherlab/gopherlab/kernel/preprocess"
)

// modern holds the session's cell preprocessor (kernel/preprocess), which
// rewrites Go 1.22+ constructs that yaegi cannot run. Its type checker
// reads the preloaded packages' types (standard and module ones) from the
// export data embedded by kernel/typesdata, one package on its first
// import, so a session starts without reading any and never runs the go
// command; other packages only lose type information.
type modern struct {
	mu       sync.Mutex // the Rewriter is not safe for concurrent use
	r        *preprocess.Rewriter
	declared map[string]bool // auto-imported package names told to r
}

func newModern() *modern {
	return &modern{r: preprocess.New(), declared: map[string]bool{}}
}

// rewrite returns code rewritten by the preprocessor. The packages the
// cell uses without importing them (the engine adds those imports later)
// are declared to it first, so that slices.Sort or maps.Keys in such a
// cell get their rewrites too.
func (s *Session) rewrite(code string) (string, *Error) {
	m := s.modern
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
