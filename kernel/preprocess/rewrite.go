package preprocess

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/gopherlab/gopherlab/kernel/typesdata"
)

// Rewriter rewrites cells for yaegi and remembers what earlier cells
// declared (variables, functions, types, imports), so that a later cell's
// `for i := range n` knows n is an int. The zero value is not usable; call
// New. A Rewriter is not safe for concurrent use.
type Rewriter struct {
	// Importer resolves the cell's imports for type checking. New sets a
	// kernel/typesdata Importer, which knows the kernel's preloaded
	// packages (standard and module ones) from data in the binary and runs
	// nothing. A failed import only
	// loses type information (see the package doc for the fallbacks).
	Importer types.Importer

	objs    map[string]types.Object // package-level objects of earlier cells
	imports map[string]string       // import name -> path, from earlier cells
	fresh   int                     // last __gl name number, unique across cells as some become globals
}

// New returns a Rewriter with an empty environment.
func New() *Rewriter {
	return &Rewriter{
		Importer: typesdata.NewImporter(),
		objs:     map[string]types.Object{},
		imports:  map[string]string{},
	}
}

// Rewrite rewrites one cell with a fresh Rewriter (no earlier cells).
func Rewrite(src string) (string, error) { return New().Rewrite(src) }

// Declare records the declarations and top-level variables of src (Go
// source in cell form, e.g. "var model *nn.Model" or a whole earlier cell)
// without rewriting it, so later cells can use their types.
func (r *Rewriter) Declare(src string) error {
	c, err := r.analyze(src)
	if err != nil {
		return err
	}
	r.record(c)
	return nil
}

// Rewrite returns src rewritten so that yaegi v0.16.1 runs it with Go 1.22+
// semantics; see the package documentation for the rewrites. Every line of
// src stays on its line. The declarations of src are remembered for later
// cells. On error (a syntax error, or a construct that has no rewrite) it
// returns src unchanged with an error naming the cell line.
func (r *Rewriter) Rewrite(src string) (string, error) {
	c, err := r.analyze(src)
	if err != nil {
		return src, err
	}
	c.rewrite()
	if len(c.errs) > 0 {
		return src, errors.Join(c.errs...)
	}
	out, err := applyEdits(src, c.edits)
	if err != nil {
		return src, err
	}
	r.record(c)
	r.fresh = c.fresh
	return out, nil
}

// cell is one analyzed cell: the synthetic file it was type-checked as,
// the way back to cell offsets, and the rewrites found so far.
type cell struct {
	src      string
	fset     *token.FileSet
	file     *ast.File
	b        *builder
	info     *types.Info
	pkg      *types.Package
	pathName map[string]string // import path -> name in this cell
	edits    []edit
	errs     []error
	fresh    int
}

// A chunk is a top-level range of the cell holding declarations or
// statements.
type chunk struct {
	start, end int
	decl       bool
	imp        bool
}

type tok struct {
	off, end int
	tok      token.Token
}

// splitCell finds the top-level declarations (import, type, const, var,
// func and method declarations) and statement runs of a cell by scanning its
// tokens at bracket depth 0. Statements are not split further.
func splitCell(src string) []chunk {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(f, []byte(src), func(token.Position, string) {}, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		off := f.Offset(pos)
		toks = append(toks, tok{off, min(off+tokenLen(src[off:], t, lit), len(src)), t})
	}
	if len(toks) > 0 && toks[0].tok == token.PACKAGE {
		// A whole file (yaegi accepts one as a cell): drop the clause.
		for len(toks) > 0 && toks[0].tok != token.SEMICOLON {
			toks = toks[1:]
		}
	}
	var chunks []chunk
	depth, atStart := 0, true
	for i, t := range toks {
		if atStart && depth == 0 && t.tok != token.SEMICOLON {
			decl := isDeclStart(toks, i)
			if n := len(chunks); decl || n == 0 || chunks[n-1].decl {
				chunks = append(chunks, chunk{start: t.off, decl: decl, imp: t.tok == token.IMPORT})
			}
			atStart = false
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.SEMICOLON:
			if depth == 0 {
				atStart = true
			}
			continue
		}
		chunks[len(chunks)-1].end = t.end
	}
	return chunks
}

// tokenLen is the length in src (which starts with the token) of a token
// the scanner returned with literal lit.
func tokenLen(src string, t token.Token, lit string) int {
	switch {
	case t == token.SEMICOLON:
		if lit == ";" {
			return 1
		}
		return 0 // inserted at a newline or EOF
	case t == token.ILLEGAL:
		_, n := utf8.DecodeRuneInString(src)
		return n
	case t == token.STRING && strings.HasPrefix(lit, "`"):
		// The scanner drops carriage returns from raw strings.
		if i := strings.IndexByte(src[1:], '`'); i >= 0 {
			return i + 2
		}
		return len(src)
	case lit != "":
		return len(lit)
	}
	return len(t.String())
}

func isDeclStart(toks []tok, i int) bool {
	switch toks[i].tok {
	case token.IMPORT, token.TYPE, token.CONST, token.VAR:
		return true
	case token.FUNC:
		if i+1 >= len(toks) {
			return false
		}
		if toks[i+1].tok == token.IDENT {
			return true
		}
		if toks[i+1].tok != token.LPAREN {
			return false
		}
		// A method declaration has a receiver list followed by a name; a
		// func literal has parameters followed by results or a body.
		depth := 0
		for j := i + 1; j < len(toks); j++ {
			switch toks[j].tok {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
				if depth == 0 {
					return j+1 < len(toks) && toks[j+1].tok == token.IDENT
				}
			}
		}
	}
	return false
}

// analyze parses and type-checks a cell as one Go file: declarations stay
// top-level, top-level `x := e` statements become `var x = e` (yaegi makes
// them globals too) and the other statements go into a function body.
func (r *Rewriter) analyze(src string) (*cell, error) {
	chunks := splitCell(src)
	fset := token.NewFileSet()

	// First pass: the statements alone, to find their boundaries.
	sb := &builder{cell: src}
	sb.lit("package main\nfunc _() {\n")
	for _, ch := range chunks {
		if !ch.decl {
			sb.copy(ch.start, ch.end)
			sb.lit("\n")
		}
	}
	sb.lit("}\n")
	sf, err := parser.ParseFile(fset, "", sb.b.String(), 0)
	if err != nil {
		return nil, cellError(src, sb, err)
	}
	var stmts []ast.Stmt
	if body := sf.Decls[0].(*ast.FuncDecl).Body; body != nil {
		stmts = body.List
	}
	span := func(from, to token.Pos) (int, int) {
		s, _ := sb.cellOff(fset.Position(from).Offset)
		e, _ := sb.cellOff(fset.Position(to).Offset)
		return s, e
	}

	// Second pass: the synthetic file that gets type-checked.
	b := &builder{cell: src}
	b.lit("package main\n")
	ownNames := map[string]bool{}
	for _, ch := range chunks {
		if ch.imp {
			b.copy(ch.start, ch.end)
			b.lit("\n")
			for _, name := range importNames(src[ch.start:ch.end]) {
				ownNames[name] = true
			}
		}
	}
	for name, p := range r.imports {
		if !ownNames[name] {
			b.lit(fmt.Sprintf("import %s %q\n", name, p))
		}
	}
	for _, ch := range chunks {
		if ch.decl && !ch.imp {
			b.copy(ch.start, ch.end)
			b.lit("\n")
		}
	}
	hoisted := map[string]bool{}
	var body []ast.Stmt
	for _, s := range stmts {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE && allIdents(s.Lhs) {
				b.lit("var ")
				for i, l := range s.Lhs {
					if i > 0 {
						b.lit(", ")
					}
					if name := l.(*ast.Ident).Name; hoisted[name] {
						b.lit("_")
					} else {
						hoisted[name] = true
						b.copy(span(l.Pos(), l.End()))
					}
				}
				b.lit(" = ")
				b.copy(span(s.Rhs[0].Pos(), s.Rhs[len(s.Rhs)-1].End()))
				b.lit("\n")
				continue
			}
		case *ast.DeclStmt:
			b.copy(span(s.Pos(), s.End()))
			b.lit("\n")
			continue
		}
		body = append(body, s)
	}
	b.lit("func _() {\n")
	for _, s := range body {
		b.copy(span(s.Pos(), s.End()))
		b.lit("\n")
	}
	b.lit("}\n")
	file, err := parser.ParseFile(fset, "", b.b.String(), 0)
	if err != nil {
		return nil, cellError(src, b, err)
	}

	c := &cell{src: src, fset: fset, file: file, b: b, pathName: map[string]string{}, fresh: r.fresh}
	c.typecheck(r)
	return c, nil
}

func allIdents(xs []ast.Expr) bool {
	for _, x := range xs {
		if _, ok := x.(*ast.Ident); !ok {
			return false
		}
	}
	return true
}

// importNames returns the names an import declaration binds (the path's last
// element when unnamed; an approximation good enough to avoid a duplicate).
func importNames(decl string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+decl, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	var names []string
	for _, s := range f.Imports {
		p := strings.Trim(s.Path.Value, "`\"")
		name := path.Base(p)
		if s.Name != nil {
			name = s.Name.Name
		}
		names = append(names, name)
	}
	return names
}

// cellError restates a parse error of the synthetic source with the cell's
// line and column.
func cellError(src string, b *builder, err error) error {
	var list scanner.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return fmt.Errorf("preprocess: %v", err)
	}
	e := list[0]
	if off, ok := b.nearestCellOff(e.Pos.Offset); ok {
		line := 1 + strings.Count(src[:off], "\n")
		col := off - strings.LastIndex(src[:off], "\n")
		return fmt.Errorf("cell line %d:%d: syntax error: %s", line, col, e.Msg)
	}
	return fmt.Errorf("cell: syntax error: %s", e.Msg)
}

// typecheck runs go/types on the synthetic file with the objects of earlier
// cells in the package scope. Type errors are expected (unused variables,
// unknown preloaded packages) and only mean less type information.
func (c *cell) typecheck(r *Rewriter) {
	c.info = &types.Info{
		Types:     map[ast.Expr]types.TypeAndValue{},
		Defs:      map[*ast.Ident]types.Object{},
		Uses:      map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{},
		Instances: map[*ast.Ident]types.Instance{},
	}
	c.pkg = types.NewPackage("main", "main")
	declared := map[string]bool{}
	for _, d := range c.file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				declared[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						declared[n.Name] = true
					}
				case *ast.TypeSpec:
					declared[s.Name.Name] = true
				}
			}
		}
	}
	for name, obj := range r.objs {
		if !declared[name] {
			c.pkg.Scope().Insert(obj)
		}
	}
	conf := types.Config{Importer: r.Importer, Error: func(error) {}}
	_ = types.NewChecker(&conf, c.fset, c.pkg, c.info).Files([]*ast.File{c.file})
	for _, s := range c.file.Imports {
		var obj types.Object
		if s.Name != nil {
			obj = c.info.Defs[s.Name]
		} else {
			obj = c.info.Implicits[s]
		}
		pn, ok := obj.(*types.PkgName)
		if !ok {
			continue
		}
		name := pn.Name()
		if name == "." {
			name = "" // a dot import's names are unqualified
		}
		if _, seen := c.pathName[pn.Imported().Path()]; !seen || name != "" {
			c.pathName[pn.Imported().Path()] = name
		}
	}
}

// record remembers the cell's package-level objects and imports.
func (r *Rewriter) record(c *cell) {
	for _, name := range c.pkg.Scope().Names() {
		if name != "_" && !strings.HasPrefix(name, "__gl") {
			r.objs[name] = c.pkg.Scope().Lookup(name)
		}
	}
	for _, s := range c.file.Imports {
		if _, ok := c.off(s.Pos()); !ok {
			continue // an import of an earlier cell
		}
		p := strings.Trim(s.Path.Value, "`\"")
		name := path.Base(p)
		if pn, ok := c.info.Implicits[s].(*types.PkgName); ok {
			name = pn.Name()
		}
		if s.Name != nil {
			name = s.Name.Name
		}
		if name != "_" && name != "." {
			r.imports[name] = p
		}
	}
}

// Lookup returns the package-level object an earlier cell (or Declare)
// declared under name, or nil; completion and inspection use it for the
// types of session variables.
func (r *Rewriter) Lookup(name string) types.Object { return r.objs[name] }
