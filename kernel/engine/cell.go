package engine

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/scanner"
	"go/token"
	"maps"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// cellFile is the file name of cell sources in the interpreter's file set;
// errors print positions as cell:LINE:COL.
const cellFile = "cell"

// cell is a prepared cell: units to run in order, then its final
// expression (nil when it has none).
type cell struct {
	units []unit
	final ast.Expr
}

// unit is one piece of a cell, parsed with the interpreter's file set so
// that positions are cell lines.
type unit struct {
	node          ast.Node          // *ast.File (declarations) or *ast.BlockStmt (statements)
	decls         map[string]string // top-level names it defines -> source
	imports       map[string]string // package names it imports -> path
	types         []string          // session types it redefines
	funcResults   map[string]int    // functions it declares -> number of results
	generic       map[string]bool   // functions it declares with type parameters
	methodResults map[string]int    // methods it declares -> number of results
}

// prepare parses a cell into units and applies the engine's source
// rewrites: duplicate imports dropped, missing imports of preloaded
// packages added, go statements guarded against panics.
func (s *Session) prepare(code string) (*cell, error) {
	c := &cell{}
	code = blankPackageClause(code)
	for _, p := range split(code) {
		f, err := parsePiece(s.in.FileSet(), code, p)
		if err != nil {
			return nil, cellError("SyntaxError", err)
		}
		u := unit{decls: map[string]string{}, imports: map[string]string{}}
		if p.decl {
			u.node = f
		} else {
			body := f.Decls[0].(*ast.FuncDecl).Body
			// yaegi keeps top-level defers on its global frame and reruns
			// them with every later cell.
			for _, st := range body.List {
				if d, ok := st.(*ast.DeferStmt); ok {
					return nil, lineError("CompileError", s.in.FileSet().Position(d.Pos()).Line,
						"defer at the top level of a cell has no function to defer to: put the code in a func and call it")
				}
			}
			u.node = body
		}
		c.units = append(c.units, u)
	}
	if len(c.units) == 0 {
		return c, nil
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	cellImports := map[string]string{}
	generic := maps.Clone(s.generic)
	var units []unit
	for i := range c.units {
		u := &c.units[i]
		declaredNames(u, s.in.FileSet(), s.decls)
		maps.Copy(generic, u.generic)
		var inits *unit
		if f, ok := u.node.(*ast.File); ok {
			if err := s.dedupImports(f, cellImports, u.imports); err != nil {
				return nil, err
			}
			inits = genericInits(f, generic)
		}
		rewriteGo(u.node, s.consts())
		s.showCalls(u.node)
		units = append(units, *u)
		if inits != nil {
			units = append(units, *inits)
		}
	}
	c.units = units

	auto := s.autoImports(c, cellImports)

	// The final expression statement runs on its own, to capture its value.
	last := &c.units[len(c.units)-1]
	if body, ok := last.node.(*ast.BlockStmt); ok && len(body.List) > 0 {
		if es, ok := body.List[len(body.List)-1].(*ast.ExprStmt); ok {
			c.final = es.X
			body.List = body.List[:len(body.List)-1]
			if len(body.List) == 0 {
				c.units = c.units[:len(c.units)-1]
			}
		}
	}

	if auto != nil {
		c.units = append([]unit{*auto}, c.units...)
	}
	return c, nil
}

// genericInits moves the initial values of package-level variables that
// call a generic function out of f, into a unit of assignments to run
// after it: yaegi v0.16.1 leaves var x T = f(v) zero when f is generic.
func genericInits(f *ast.File, generic map[string]bool) *unit {
	var assigns []ast.Stmt
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			if vs.Type == nil || len(vs.Values) != len(vs.Names) || !callsGeneric(vs.Values, generic) {
				continue
			}
			// One assignment per name: yaegi also mishandles a, b = f(v), 1.
			for i, n := range vs.Names {
				assigns = append(assigns, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{Name: n.Name, NamePos: n.Pos()}},
					TokPos: vs.Values[i].Pos(), Tok: token.ASSIGN, Rhs: []ast.Expr{vs.Values[i]}})
			}
			vs.Values = nil
		}
	}
	if len(assigns) == 0 {
		return nil
	}
	return &unit{node: &ast.BlockStmt{Lbrace: assigns[0].Pos(), List: assigns}}
}

// callsGeneric reports whether an expression in xs calls a function of
// generic, or a package's function with explicit type arguments.
func callsGeneric(xs []ast.Expr, generic map[string]bool) bool {
	found := false
	for _, x := range xs {
		ast.Inspect(x, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				fun := ast.Unparen(call.Fun)
				instantiated := false
				switch ix := fun.(type) {
				case *ast.IndexExpr:
					fun, instantiated = ix.X, true
				case *ast.IndexListExpr:
					fun, instantiated = ix.X, true
				}
				// pkg.F[T](v): the preprocessor writes type arguments out
				// for packages' generic functions too.
				if _, isSel := fun.(*ast.SelectorExpr); isSel && instantiated {
					found = true
				}
				if id, ok := fun.(*ast.Ident); ok && generic[id.Name] {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// blankPackageClause replaces a leading "package name" clause (a whole
// file pasted into a cell) with spaces, keeping positions.
func blankPackageClause(code string) string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var sc scanner.Scanner
	sc.Init(file, []byte(code), nil, 0)
	pos, tok, _ := sc.Scan()
	if tok != token.PACKAGE {
		return code
	}
	namePos, tok, _ := sc.Scan()
	if tok != token.IDENT {
		return code
	}
	start, end := file.Offset(pos), file.Offset(namePos)
	for end < len(code) && isIdentRune(rune(code[end])) {
		end++
	}
	return code[:start] + strings.Repeat(" ", end-start) + code[end:]
}

// parsePiece parses one piece of a cell. The piece keeps its line and
// column: the wrapping yaegi needs goes on the first line, before padding.
func parsePiece(fset *token.FileSet, code string, p piece) (*ast.File, error) {
	before := code[:p.start]
	pad := strings.Repeat("\n", strings.Count(before, "\n")) +
		strings.Repeat(" ", len(before)-strings.LastIndex(before, "\n")-1)
	var src string
	if p.decl {
		src = "package main;" + pad + code[p.start:p.end]
	} else {
		src = "package main; func main() {" + pad + code[p.start:p.end] + "\n}"
	}
	return parser.ParseFile(fset, cellFile, src, 0)
}

// consts returns the names earlier cells declared const; s.mu is held.
func (s *Session) consts() map[string]bool {
	out := map[string]bool{}
	for name, src := range s.decls {
		if strings.HasPrefix(src, "const ") {
			out[name] = true
		}
	}
	return out
}

// displayPath is the import path of the display package.
const displayPath = "github.com/gopherlab/gopherlab/kernel/display"

// showCalls sends display.Show(v) calls under n to the prelude's __glShow,
// which can see the MIMEBundle method of a cell type (compiled code
// cannot). s.mu is held.
func (s *Session) showCalls(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Show" {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || pkg.Obj != nil || !s.isPackage(pkg.Name) {
			return true
		}
		path, imported := s.imports[pkg.Name]
		if !imported {
			path = s.pkgs.byName[pkg.Name]
		}
		if path == displayPath {
			call.Fun = &ast.Ident{Name: "__glShow", NamePos: sel.Pos()}
		}
		return true
	})
}

// dedupImports drops the import specs of f that the session (or an earlier
// piece of the cell) already has, and rejects packages that are not
// preloaded or names already taken by another package.
func (s *Session) dedupImports(f *ast.File, cellImports, added map[string]string) error {
	kept := f.Decls[:0]
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			kept = append(kept, d)
			continue
		}
		specs := gd.Specs[:0]
		for _, sp := range gd.Specs {
			is := sp.(*ast.ImportSpec)
			path, _ := strconv.Unquote(is.Path.Value)
			line := s.in.FileSet().Position(is.Pos()).Line
			if s.pkgs.byPath[path] == nil {
				return lineError("ImportError", line, fmt.Sprintf(
					"package %q is not preloaded: cells can import the standard library, gonum, gonum/plot, gorgonia, tensor and display", path))
			}
			name := s.pkgs.name[path]
			if is.Name != nil {
				name = is.Name.Name
			}
			if name == "_" || name == "." {
				specs = append(specs, is)
				continue
			}
			have, ok := s.imports[name]
			if !ok {
				have, ok = cellImports[name]
			}
			switch {
			case !ok:
				specs = append(specs, is)
				cellImports[name] = path
				added[name] = path
			case have != path:
				return lineError("ImportError", line, fmt.Sprintf(
					"%s already names package %q in this session; import %q under another name, e.g. import my%s %q",
					name, have, path, name, path))
			}
		}
		if len(specs) > 0 {
			gd.Specs = specs
			kept = append(kept, gd)
		}
	}
	f.Decls = kept
	return nil
}

// declaredNames records in u the top-level names the unit defines (with
// their source, for Inspect) and which of them redefine a session type.
func declaredNames(u *unit, fset *token.FileSet, session map[string]string) {
	source := func(n ast.Node) string {
		var b strings.Builder
		printer.Fprint(&b, fset, n)
		return b.String()
	}
	addSpec := func(sp ast.Spec, tok token.Token) {
		switch sp := sp.(type) {
		case *ast.TypeSpec:
			u.decls[sp.Name.Name] = "type " + source(sp)
			if _, ok := session[sp.Name.Name]; ok && sp.Assign == 0 {
				u.types = append(u.types, sp.Name.Name)
			}
		case *ast.ValueSpec:
			for _, n := range sp.Names {
				u.decls[n.Name] = tok.String() + " " + source(sp)
			}
		}
	}
	var decls []ast.Decl
	switch n := u.node.(type) {
	case *ast.File:
		decls = n.Decls
	case *ast.BlockStmt:
		for _, st := range n.List {
			switch st := st.(type) {
			case *ast.DeclStmt:
				decls = append(decls, st.Decl)
			case *ast.AssignStmt:
				if st.Tok == token.DEFINE {
					for _, l := range st.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
							u.decls[id.Name] = source(st)
						}
					}
				}
			}
		}
	}
	for _, d := range decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				if u.methodResults == nil {
					u.methodResults = map[string]int{}
				}
				u.methodResults[d.Name.Name] = d.Type.Results.NumFields()
			}
			if d.Recv == nil {
				if u.funcResults == nil {
					u.funcResults = map[string]int{}
				}
				u.funcResults[d.Name.Name] = d.Type.Results.NumFields()
				if d.Type.TypeParams != nil {
					if u.generic == nil {
						u.generic = map[string]bool{}
					}
					u.generic[d.Name.Name] = true
				}
				sig := *d
				sig.Body = nil
				u.decls[d.Name.Name] = source(&sig)
			}
		case *ast.GenDecl:
			if d.Tok != token.IMPORT {
				for _, sp := range d.Specs {
					addSpec(sp, d.Tok)
				}
			}
		}
	}
}

// autoImports returns a unit importing the preloaded packages the cell
// uses as pkg.Name without importing them, or nil. A name counts as a
// package only if nothing in the cell or the session declares it.
func (s *Session) autoImports(c *cell, cellImports map[string]string) *unit {
	declared := map[string]bool{}
	for _, u := range c.units {
		for name := range u.decls {
			declared[name] = true
		}
	}
	need := map[string]string{}
	for _, u := range c.units {
		ast.Inspect(u.node, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || id.Obj != nil || declared[id.Name] {
				return true
			}
			if _, ok := s.decls[id.Name]; ok {
				return true
			}
			if _, ok := s.imports[id.Name]; ok {
				return true
			}
			if _, ok := cellImports[id.Name]; ok {
				return true
			}
			if path, ok := s.pkgs.byName[id.Name]; ok {
				need[id.Name] = path
			}
			return true
		})
	}
	if len(need) == 0 {
		return nil
	}
	names := make([]string, 0, len(need))
	for name := range need {
		names = append(names, name)
	}
	sort.Strings(names)
	var src strings.Builder
	src.WriteString("package main; import (")
	for _, name := range names {
		fmt.Fprintf(&src, "%s %q;", name, need[name])
	}
	src.WriteString(")")
	f, err := parser.ParseFile(s.in.FileSet(), cellFile, src.String(), 0)
	if err != nil {
		panic("engine: generated import does not parse: " + err.Error())
	}
	return &unit{node: f, imports: need}
}

// cellPos matches positions in errors: "cell:3:5: " (column optional).
var cellPos = regexp.MustCompile(cellFile + `:(\d+)(?::\d+)?: `)

// cellError turns a parser or yaegi error into *Error with one traceback
// line per message, positions written as cell lines.
func cellError(name string, err error) *Error {
	var msgs []string
	var list scanner.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			msgs = append(msgs, e.Error())
		}
	} else {
		msgs = strings.Split(err.Error(), "\n")
	}
	e := &Error{Name: name}
	for _, m := range msgs {
		e.Traceback = append(e.Traceback, cellPos.ReplaceAllString(m, "cell line $1: "))
	}
	e.Value = cellPos.ReplaceAllString(msgs[0], "")
	return e
}

func lineError(name string, line int, msg string) *Error {
	return &Error{Name: name, Value: msg, Traceback: []string{fmt.Sprintf("cell line %d: %s", line, msg)}}
}
