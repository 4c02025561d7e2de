package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
)

// rewriteGo guards every go statement under n: yaegi runs interpreted
// goroutines as real goroutines, so a panic in one would end the process.
//
//	go f(x, y)
//
// becomes
//
//	{ __glF, __glA0, __glA1 := f, x, y
//	  go func() { defer func() { if r := recover(); r != nil { __glrt.GoPanic(r) } }(); __glF(__glA0, __glA1) }() }
//
// which, as Go does, evaluates the function value and the arguments at the
// go statement. Constant arguments and function literals are left in place
// (a constant hoisted by := would get its default type, and both are the
// same whenever evaluated).
//
// consts are the constants of earlier cells; the node's own are added.
func rewriteGo(n ast.Node, consts map[string]bool) {
	for name := range constNames(n) {
		consts[name] = true
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			guardList(n.List, consts)
		case *ast.CaseClause:
			guardList(n.Body, consts)
		case *ast.CommClause:
			guardList(n.Body, consts)
		case *ast.LabeledStmt:
			if g, ok := n.Stmt.(*ast.GoStmt); ok && !guarded(g) {
				n.Stmt = guardGo(g, consts)
			}
		}
		return true
	})
}

func guardList(list []ast.Stmt, consts map[string]bool) {
	for i, st := range list {
		if g, ok := st.(*ast.GoStmt); ok && !guarded(g) {
			list[i] = guardGo(g, consts)
		}
	}
}

// guarded reports whether g is the output of guardGo, which the walk
// visits after rewriting.
func guarded(g *ast.GoStmt) bool {
	fl, ok := g.Call.Fun.(*ast.FuncLit)
	return ok && len(fl.Body.List) > 0 && fl.Body.List[0] == goRecover
}

// goRecover is the deferred call that reports a goroutine's panic.
var goRecover = func() ast.Stmt {
	f, err := parser.ParseFile(token.NewFileSet(), "",
		"package p; func f() { defer func() { if r := recover(); r != nil { __glrt.GoPanic(r) } }() }", 0)
	if err != nil {
		panic(err)
	}
	return f.Decls[0].(*ast.FuncDecl).Body.List[0]
}()

func guardGo(g *ast.GoStmt, consts map[string]bool) ast.Stmt {
	call := g.Call
	var names, values []ast.Expr
	hoist := func(x ast.Expr, name string) ast.Expr {
		if isConst(x, consts) {
			return x
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return x
		}
		id := ast.NewIdent(name)
		names = append(names, id)
		values = append(values, x)
		return ast.NewIdent(name)
	}
	inner := &ast.CallExpr{Fun: call.Fun, Args: make([]ast.Expr, len(call.Args)), Ellipsis: call.Ellipsis}
	if !isBuiltin(call.Fun) {
		inner.Fun = hoist(call.Fun, "__glF")
	}
	for i, a := range call.Args {
		inner.Args[i] = hoist(a, fmt.Sprintf("__glA%d", i))
	}
	body := &ast.BlockStmt{List: []ast.Stmt{goRecover, &ast.ExprStmt{X: inner}}}
	goStmt := &ast.GoStmt{Go: g.Go, Call: &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: body}}}
	if len(names) == 0 {
		return goStmt
	}
	assign := &ast.AssignStmt{Lhs: names, Tok: token.DEFINE, Rhs: values, TokPos: g.Go}
	return &ast.BlockStmt{Lbrace: g.Go, List: []ast.Stmt{assign, goStmt}}
}

// isConst reports whether x is built from literals and constants only.
func isConst(x ast.Expr, consts map[string]bool) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return consts[x.Name] || x.Name == "true" || x.Name == "false" || x.Name == "nil" || x.Name == "iota"
	case *ast.ParenExpr:
		return isConst(x.X, consts)
	case *ast.UnaryExpr:
		return isConst(x.X, consts)
	case *ast.BinaryExpr:
		return isConst(x.X, consts) && isConst(x.Y, consts)
	}
	return false
}

// isBuiltin reports whether fun names a builtin function, which cannot be
// used as a value.
func isBuiltin(fun ast.Expr) bool {
	id, ok := fun.(*ast.Ident)
	return ok && id.Obj == nil && token.Lookup(id.Name) == token.IDENT && builtins[id.Name]
}

var builtins = map[string]bool{
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true, "new": true,
	"panic": true, "print": true, "println": true, "real": true, "recover": true,
}

// constNames collects the names declared const in n.
func constNames(n ast.Node) map[string]bool {
	out := map[string]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if gd, ok := n.(*ast.GenDecl); ok && gd.Tok == token.CONST {
			for _, sp := range gd.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					out[id.Name] = true
				}
			}
		}
		return true
	})
	return out
}
