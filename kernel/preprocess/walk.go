package preprocess

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// rewrite walks the cell and collects its edits.
func (c *cell) rewrite() {
	var stack []ast.Node
	handled := map[ast.Node]bool{} // function expressions already rewritten
	ast.Inspect(c.file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		descend := true
		switch n := n.(type) {
		case *ast.RangeStmt:
			c.rangeStmt(n, stack)
		case *ast.ForStmt:
			c.forStmt(n, stack)
		case *ast.CallExpr:
			c.spreadPackageVar(n)
			descend = c.builtinCall(n)
		case *ast.AssignStmt:
			c.multiDefine(n, stack)
		case *ast.ValueSpec:
			c.genericInit(n, stack)
			c.indexInit(n, stack)
		case *ast.DeferStmt:
			if !c.topLevel(stack) { // the engine rejects a top-level defer
				c.deferArgs(n)
			}
		case *ast.ReturnStmt:
			if c.topLevel(stack) {
				c.errorf(n.Pos(), "return at the top level of a cell is not supported (the interpreter panics on it); put the code in a func and call it")
			}
		case *ast.IndexExpr, *ast.IndexListExpr, *ast.SelectorExpr, *ast.Ident:
			c.funcExpr(n.(ast.Expr), handled)
		}
		if descend {
			stack = append(stack, n)
		}
		return descend
	})
}

// multiDefine rewrites `a, b := f()` in a block nested in a cell's top
// level (yaegi v0.16.1 leaves its names undefined there) to declarations
// and an assignment: `var a int; var b error; a, b = f()`. Names the
// statement redeclares are only assigned. It needs every new name's type.
// In the header of an if or switch anywhere at the top level (where yaegi
// fails on it too: `if v, ok := m[k]; ok`), the declarations go in a block
// around the statement, which keeps their scope:
// `{ var v T; var ok bool; if v, ok = m[k]; ok { ... } }`.
func (c *cell) multiDefine(n *ast.AssignStmt, stack []ast.Node) {
	if n.Tok != token.DEFINE || len(n.Lhs) < 2 || len(n.Rhs) != 1 || !c.topLevel(stack) {
		return
	}
	var header ast.Stmt // the if or switch whose init n is
	switch p := stack[len(stack)-1].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt:
		if header = p.(ast.Stmt); headerInit(header) != n {
			return
		}
	default:
		return // a for header, whose variables are per iteration
	}
	var decls strings.Builder
	for _, l := range n.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return
		}
		obj := c.info.Defs[id]
		if obj == nil || id.Name == "_" {
			continue
		}
		t, ok := c.typeString(obj.Type())
		if !ok {
			return
		}
		fmt.Fprintf(&decls, "var %s %s; ", id.Name, t)
	}
	c.replace(n.TokPos, n.TokPos+token.Pos(len(":=")), "=")
	if header == nil {
		c.insert(n.Pos(), decls.String())
		return
	}
	c.insert(header.Pos(), "{ "+decls.String())
	c.insert(header.End(), " }")
}

// headerInit is the init statement of an if or switch.
func headerInit(s ast.Stmt) ast.Stmt {
	switch s := s.(type) {
	case *ast.IfStmt:
		return s.Init
	case *ast.SwitchStmt:
		return s.Init
	case *ast.TypeSwitchStmt:
		return s.Init
	}
	return nil
}

// deferArgs evaluates the arguments of a deferred call at the defer, as
// Go does: yaegi v0.16.1 reads argument variables when the call runs
// (`x := 1; defer fmt.Print(x); x = 2` prints 2), so `defer f(x, 1)`
// becomes `{ __glA1 := x; defer f(__glA1, 1) }` (constants stay).
func (c *cell) deferArgs(n *ast.DeferStmt) {
	var names, values []string
	for _, a := range n.Call.Args {
		tv, ok := c.info.Types[a]
		if !ok || tv.Value != nil || tv.IsType() || tv.IsNil() {
			continue
		}
		if _, fn := tv.Type.Underlying().(*types.Signature); fn {
			continue
		}
		if _, tuple := tv.Type.(*types.Tuple); tuple {
			return
		}
		if !plainExpr(a) {
			continue // its own rewrites would overlap the move
		}
		name := c.name("A")
		names, values = append(names, name), append(values, c.text(a))
		c.replace(a.Pos(), a.End(), name)
	}
	if len(names) == 0 {
		return
	}
	c.insert(n.Pos(), fmt.Sprintf("{ %s := %s; ", strings.Join(names, ", "), strings.Join(values, ", ")))
	c.insert(n.End(), " }")
}

// plainExpr reports whether x has no calls, function literals or
// composite literals (nothing another rewrite may edit), and is not a
// function value.
func plainExpr(x ast.Expr) bool {
	plain := true
	ast.Inspect(x, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CallExpr, *ast.FuncLit, *ast.CompositeLit, *ast.IndexListExpr:
			plain = false
		}
		return plain
	})
	return plain
}

// genericInit writes out the type of a package-level variable (a cell's
// top-level `x := f(v)` or `var x = f(v)`) initialised by a generic call:
// `var x []string = f(v)`, which the engine can run (yaegi fails on the
// untyped form with "constant definition loop").
func (c *cell) genericInit(n *ast.ValueSpec, stack []ast.Node) {
	if len(stack) != 2 || n.Type != nil || len(n.Names) != 1 || len(n.Values) != 1 {
		return // not at the top level, or already typed
	}
	call, ok := ast.Unparen(n.Values[0]).(*ast.CallExpr)
	if !ok || !c.genericCall(call) {
		return
	}
	t, ok := c.typeString(c.typeOf(call))
	if c.typeOf(call) == nil || !ok {
		return
	}
	name := n.Names[0]
	if _, ok := c.off(name.Pos() - 1); !ok {
		c.insert(name.Pos(), "var ") // the cell wrote x := f(v)
	}
	c.replace(name.End(), n.Values[0].Pos(), " "+t+" = ")
}

// indexInit turns a package-level variable initialised by an index
// expression on a compiled value (a cell's top-level `k := h.Losses()[0]`,
// `v := os.Args[1]`) into a declaration and an assignment on the same line:
// `var k float64; k = h.Losses()[0]`. yaegi's global type analysis fails on
// the initialiser with "constant definition loop"; as a statement it runs.
func (c *cell) indexInit(n *ast.ValueSpec, stack []ast.Node) {
	if len(stack) != 2 || len(n.Names) != 1 || len(n.Values) != 1 || n.Names[0].Name == "_" {
		return // not a lone variable at the top level
	}
	if d, ok := stack[1].(*ast.GenDecl); !ok || d.Lparen.IsValid() {
		return // var ( ... ) groups cannot hold the assignment
	}
	value := n.Values[0]
	if call, ok := ast.Unparen(value).(*ast.CallExpr); ok && c.genericCall(call) {
		return // genericInit's
	}
	if !c.indexesValue(value) {
		return
	}
	name := n.Names[0]
	if n.Type != nil {
		c.replace(n.Type.End(), value.Pos(), "; "+name.Name+" = ")
		return
	}
	t, ok := c.typeString(c.typeOf(value))
	if c.typeOf(value) == nil || !ok {
		return
	}
	if _, ok := c.off(name.Pos() - 1); !ok {
		c.insert(name.Pos(), "var ") // the cell wrote k := ...
	}
	c.replace(name.End(), value.Pos(), " "+t+"; "+name.Name+" = ")
}

// indexesValue reports whether e indexes a slice, array, string or map
// outside a function literal (generic instantiations f[T] are not indexing).
func (c *cell) indexesValue(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IndexExpr:
			if t := c.typeOf(n.X); t != nil {
				if _, isFunc := t.Underlying().(*types.Signature); !isFunc {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// spreadPackageVar slices a compiled package's slice variable passed to a
// variadic function, `f(mnist.Digits...)` becoming `f(mnist.Digits[:]...)`:
// yaegi v0.16.1 converts the unsliced variable to the element type and fails
// with "reflect.Value.Convert: value of type []string cannot be converted to
// type string" when f is a Go function.
func (c *cell) spreadPackageVar(call *ast.CallExpr) {
	if !call.Ellipsis.IsValid() || len(call.Args) == 0 {
		return
	}
	arg, ok := call.Args[len(call.Args)-1].(*ast.SelectorExpr)
	if !ok {
		return
	}
	v, ok := c.info.Uses[arg.Sel].(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Pkg() == c.pkg || v.Parent() != v.Pkg().Scope() {
		return // not a package-level variable of another package
	}
	if _, slice := v.Type().Underlying().(*types.Slice); slice {
		c.insert(arg.End(), "[:]")
	}
}

// genericCall reports whether call instantiates a generic function.
func (c *cell) genericCall(call *ast.CallExpr) bool {
	id := funcIdent(Callee(call))
	if id == nil {
		return false
	}
	_, ok := c.info.Instances[id]
	return ok
}

// Callee returns the function call calls, without the parentheses or
// explicit type arguments around it: f for (f[int, string])(x).
func Callee(call *ast.CallExpr) ast.Expr {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	return fun
}

// funcIdent returns the identifier that names fun, f or pkg.f, or nil when
// fun is another expression.
func funcIdent(fun ast.Expr) *ast.Ident {
	switch f := fun.(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

// off maps a position of the synthetic file to a cell offset.
func (c *cell) off(p token.Pos) (int, bool) {
	return c.b.cellOff(c.fset.Position(p).Offset)
}

// replace records an edit of the cell text between two positions; it is
// dropped when either lies outside the user's text (synthetic glue).
func (c *cell) replace(from, to token.Pos, text string) {
	s, ok1 := c.off(from)
	e, ok2 := c.off(to)
	if ok1 && ok2 {
		c.edits = append(c.edits, edit{s, e, text})
	}
}

func (c *cell) insert(at token.Pos, text string) { c.replace(at, at, text) }

// text is the cell's source of a node.
func (c *cell) text(n ast.Node) string {
	s, ok1 := c.off(n.Pos())
	e, ok2 := c.off(n.End())
	if !ok1 || !ok2 {
		return ""
	}
	return c.src[s:e]
}

func (c *cell) line(p token.Pos) int {
	off, _ := c.off(p)
	return 1 + strings.Count(c.src[:off], "\n")
}

func (c *cell) errorf(p token.Pos, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("cell line %d: "+format, append([]any{c.line(p)}, args...)...))
}

// name returns a fresh identifier; the __gl prefix is reserved for the
// preprocessor and its prelude.
func (c *cell) name(kind string) string {
	c.fresh++
	return fmt.Sprintf("__gl%s%d", kind, c.fresh)
}

// typeOf is the type go/types found for e, or nil when it found none.
func (c *cell) typeOf(e ast.Expr) types.Type {
	t := c.info.TypeOf(e)
	if t == nil || t == types.Typ[types.Invalid] {
		return nil
	}
	return t
}

// typeString writes t as Go source valid in the cell, or reports false when
// t names a package the cell has not imported.
func (c *cell) typeString(t types.Type) (string, bool) {
	t = deIter(t)
	ok := true
	s := types.TypeString(t, func(p *types.Package) string {
		if p == c.pkg || p.Path() == "main" {
			return ""
		}
		name, found := c.pathName[p.Path()]
		if !found {
			ok = false
		}
		return name
	})
	return s, ok && nameable(c.pkg, t, map[types.Type]bool{})
}

// nameable reports whether t can be written in the cell: it is valid and
// every named type in it is exported or declared by the cell's package.
func nameable(pkg *types.Package, t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Basic:
		return t.Kind() != types.Invalid
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() != nil && obj.Pkg().Path() != pkg.Path() && !obj.Exported() {
			return false
		}
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if !nameable(pkg, t.TypeArgs().At(i), seen) {
				return false
			}
		}
		return true
	case *types.Alias:
		return nameable(pkg, types.Unalias(t), seen)
	case *types.Pointer:
		return nameable(pkg, t.Elem(), seen)
	case *types.Slice:
		return nameable(pkg, t.Elem(), seen)
	case *types.Array:
		return nameable(pkg, t.Elem(), seen)
	case *types.Chan:
		return nameable(pkg, t.Elem(), seen)
	case *types.Map:
		return nameable(pkg, t.Key(), seen) && nameable(pkg, t.Elem(), seen)
	case *types.Signature:
		return nameable(pkg, t.Params(), seen) && nameable(pkg, t.Results(), seen)
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			if !nameable(pkg, t.At(i).Type(), seen) {
				return false
			}
		}
		return true
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if f := t.Field(i); !nameable(pkg, f.Type(), seen) || (!f.Exported() && f.Pkg() != nil && f.Pkg().Path() != pkg.Path()) {
				return false
			}
		}
		return true
	}
	return true // interfaces and type parameters
}

func (c *cell) typeList(ts []types.Type) (string, bool) {
	var parts []string
	for _, t := range ts {
		s, ok := c.typeString(t)
		if !ok {
			return "", false
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", "), true
}

// object is what id declares or uses.
func (c *cell) object(id *ast.Ident) types.Object {
	if obj := c.info.Defs[id]; obj != nil {
		return obj
	}
	return c.info.Uses[id]
}

// deIter replaces iter.Seq and iter.Seq2 in t by the function types they
// name, as the cell's own mentions of them are (see iterType).
func deIter(t types.Type) types.Type {
	switch u := t.(type) {
	case *types.Named:
		if p := u.Obj().Pkg(); p != nil && p.Path() == "iter" {
			return deIter(u.Underlying())
		}
	case *types.Alias:
		return deIter(types.Unalias(u))
	case *types.Pointer:
		return types.NewPointer(deIter(u.Elem()))
	case *types.Slice:
		return types.NewSlice(deIter(u.Elem()))
	case *types.Array:
		return types.NewArray(deIter(u.Elem()), u.Len())
	case *types.Map:
		return types.NewMap(deIter(u.Key()), deIter(u.Elem()))
	case *types.Chan:
		return types.NewChan(u.Dir(), deIter(u.Elem()))
	case *types.Signature:
		if u.TypeParams().Len() == 0 && u.Recv() == nil {
			return types.NewSignatureType(nil, nil, nil, deIterTuple(u.Params()), deIterTuple(u.Results()), u.Variadic())
		}
	}
	return t
}

func deIterTuple(t *types.Tuple) *types.Tuple {
	var vars []*types.Var
	for i := 0; i < t.Len(); i++ {
		v := t.At(i)
		vars = append(vars, types.NewParam(v.Pos(), v.Pkg(), v.Name(), deIter(v.Type())))
	}
	return types.NewTuple(vars...)
}

// topLevel reports whether the innermost function around the top of stack
// is the synthetic one holding the cell's statements.
func (c *cell) topLevel(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			return false
		case *ast.FuncDecl:
			_, mapped := c.off(f.Pos())
			return !mapped
		}
	}
	return false
}
