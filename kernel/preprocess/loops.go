package preprocess

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
)

func (c *cell) rangeStmt(n *ast.RangeStmt, stack []ast.Node) {
	if n.Tok == token.DEFINE && !(identOrNil(n.Key) && identOrNil(n.Value)) {
		return // `for 0 := range x`: a compile error for yaegi to report
	}
	t := c.typeOf(n.X)
	if t != nil {
		switch u := t.Underlying().(type) {
		case *types.Basic:
			if u.Info()&types.IsInteger != 0 {
				c.rangeInt(n, t)
				return
			}
		case *types.Signature:
			c.rangeFunc(n, u, stack)
			return
		}
	} else if intCue(n.X) {
		c.rangeInt(n, nil)
		return
	}
	if n.Tok == token.DEFINE {
		c.loopVars(n, n.Body, []ast.Expr{n.Key, n.Value}, stack, false)
	}
}

func identOrNil(x ast.Expr) bool {
	_, ok := x.(*ast.Ident)
	return x == nil || ok
}

// intCue reports whether x is syntactically an int: an integer literal, a
// call of len or cap, or arithmetic on one. It is the fallback when go/types
// has no type for x (e.g. x comes from a package it could not import).
func intCue(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return intCue(x.X)
	case *ast.UnaryExpr:
		return x.Op == token.SUB && intCue(x.X)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL, token.SHR:
			return intCue(x.X) || intCue(x.Y)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok {
			return id.Name == "len" || id.Name == "cap" || id.Name == "int"
		}
	}
	return false
}

// rangeInt rewrites `for i := range n {` to a 3-clause loop that evaluates n
// once and gives each iteration its own i:
// `for __glI1, __glN2 := 0, n; __glI1 < __glN2; __glI1++ { i := __glI1; _ = i;`.
func (c *cell) rangeInt(n *ast.RangeStmt, t types.Type) {
	i, max := c.name("I"), c.name("N")
	zero := "0"
	if b, ok := t.(*types.Basic); t != nil && !(ok && (b.Kind() == types.Int || b.Kind() == types.UntypedInt)) {
		if ts, ok := c.typeString(t); ok {
			zero = ts + "(0)"
		}
	}
	suffix := fmt.Sprintf("; %s < %s; %s++ {", i, max, i)
	if n.Key != nil && !isBlank(n.Key) {
		if n.Tok == token.DEFINE {
			k := n.Key.(*ast.Ident).Name
			suffix += fmt.Sprintf(" %s := %s; _ = %s;", k, i, k)
			if declaresAny(n.Body, []string{k}) {
				suffix += " {" // the body's own k goes in a block (see loopVars)
				c.insert(n.Body.Rbrace, "}")
			}
		} else {
			suffix += fmt.Sprintf(" %s = %s;", c.text(n.Key), i)
		}
	}
	c.replace(n.For, n.X.Pos(), fmt.Sprintf("for %s, %s := %s, ", i, max, zero))
	c.replace(n.X.End(), n.Body.Lbrace+1, suffix)
}

func isBlank(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "_"
}

// ownLabel is the label of the loop n, if the statement is labeled.
func ownLabel(n ast.Stmt, stack []ast.Node) *ast.LabeledStmt {
	if len(stack) > 0 {
		if l, ok := stack[len(stack)-1].(*ast.LabeledStmt); ok && l.Stmt == n {
			return l
		}
	}
	return nil
}

// flow is what in a loop body (outside nested function literals) leaves an
// iteration: break and continue of the loop itself (unlabeled, or with the
// loop's label), branches to statements outside the loop, returns and
// defers; plus the nested range loops.
type flow struct {
	brk, cont, out []*ast.BranchStmt
	rets           []*ast.ReturnStmt
	defers         []*ast.DeferStmt
	nested         []*ast.RangeStmt
}

// branches finds the flow of body, the body of a loop with the given label
// ("" for none).
func branches(body *ast.BlockStmt, label string) flow {
	var f flow
	inner := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if l, ok := n.(*ast.LabeledStmt); ok {
			inner[l.Label.Name] = true
		}
		return true
	})
	var walk func(n ast.Node, inBreakable, inLoop bool)
	walk = func(n ast.Node, inBreakable, inLoop bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if m == n {
				return true
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				walk(m, true, true)
				return false
			case *ast.RangeStmt:
				f.nested = append(f.nested, m)
				walk(m, true, true)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(m, true, inLoop)
				return false
			case *ast.ReturnStmt:
				f.rets = append(f.rets, m)
			case *ast.DeferStmt:
				f.defers = append(f.defers, m)
			case *ast.BranchStmt:
				target := m.Label == nil || m.Label.Name == label
				switch {
				case m.Tok == token.BREAK && m.Label == nil && !inBreakable, m.Tok == token.BREAK && m.Label != nil && target:
					f.brk = append(f.brk, m)
				case m.Tok == token.CONTINUE && m.Label == nil && !inLoop, m.Tok == token.CONTINUE && m.Label != nil && target:
					f.cont = append(f.cont, m)
				case m.Label != nil && !inner[m.Label.Name]:
					f.out = append(f.out, m)
				}
			}
			return true
		})
	}
	walk(body, false, false)
	return f
}

// rangeFunc rewrites `for k, v := range seq { body }` over a function
// iterator into `seq(func(k K, v V) bool { body; return true })`: continue
// becomes `return true`, break `return false`, and return sets a flag (and
// result variables) that is checked after the call.
func (c *cell) rangeFunc(n *ast.RangeStmt, sig *types.Signature, stack []ast.Node) {
	var yield *types.Signature
	if sig.Params().Len() == 1 && sig.Results().Len() == 0 {
		yield, _ = sig.Params().At(0).Type().Underlying().(*types.Signature)
	}
	if yield == nil || yield.Results().Len() != 1 || yield.Params().Len() > 2 {
		return // not an iterator: go/types already reports it
	}
	label := ""
	lab := ownLabel(n, stack)
	if lab != nil {
		label = lab.Label.Name
	}
	fl := branches(n.Body, label)
	for _, b := range fl.out {
		c.errorf(b.Pos(), "range over func with labeled %s %s to an outer statement is not supported in cells; move the loop into a func and return instead", b.Tok, b.Label.Name)
	}
	for _, d := range fl.defers {
		c.errorf(d.Pos(), "defer inside a range-over-func loop is not supported in cells (it would run at the end of each iteration); move the defer out of the loop")
	}
	for _, r := range fl.nested {
		if t := c.typeOf(r.X); t != nil {
			if _, ok := t.Underlying().(*types.Signature); ok {
				if rs := branches(r.Body, "").rets; len(rs) > 0 {
					c.errorf(rs[0].Pos(), "return inside nested range-over-func loops is not supported in cells; return a flag from the inner loop instead")
				}
			}
		}
	}

	// Parameters of the yield closure.
	vars := []ast.Expr{n.Key, n.Value}
	var params, paramNames []string
	assign := ""
	for i := 0; i < yield.Params().Len(); i++ {
		ts, ok := c.typeString(yield.Params().At(i).Type())
		if !ok {
			c.errorf(n.Pos(), "range over func: cannot name the element type %s in the cell; import its package", yield.Params().At(i).Type())
			return
		}
		name := "_"
		if i < 2 && vars[i] != nil && !isBlank(vars[i]) {
			if n.Tok == token.DEFINE {
				name = vars[i].(*ast.Ident).Name
			} else {
				name = c.name("V")
				assign += fmt.Sprintf(" %s = %s;", c.text(vars[i]), name)
			}
		}
		params = append(params, name+" "+ts)
		paramNames = append(paramNames, name)
	}
	bodyOpen, bodyClose := "", ""
	if declaresAny(n.Body, paramNames) {
		bodyOpen, bodyClose = " {", "}" // the body's own k goes in a block (see loopVars)
	}

	// Returns from the enclosing function.
	prefix, post := "", ""
	if rets := fl.rets; len(rets) > 0 {
		res, ok := c.enclosingResults(stack)
		if !ok {
			c.errorf(rets[0].Pos(), "return inside a range-over-func loop: the enclosing function's result types are unknown; assign to a variable and break instead")
			return
		}
		flag := c.name("Ret")
		// A short declaration, not var: a cell starting with var is taken
		// by yaegi for declarations only.
		prefix = fmt.Sprintf("%s := false; ", flag)
		named := res.Len() > 0 && res.At(0).Name() != "" && res.At(0).Name() != "_"
		var resVars []string
		for i := 0; i < res.Len(); i++ {
			if named {
				resVars = append(resVars, res.At(i).Name())
				continue
			}
			ts, ok := c.typeString(res.At(i).Type())
			if !ok {
				c.errorf(rets[0].Pos(), "return inside a range-over-func loop: cannot name result type %s in the cell", res.At(i).Type())
				return
			}
			v := c.name("R")
			resVars = append(resVars, v)
			prefix += fmt.Sprintf("var %s %s; ", v, ts)
		}
		for _, r := range rets {
			if len(r.Results) > 0 && len(resVars) == 0 {
				return // returns a value from a func without results: go/types reports it
			}
		}
		for _, r := range rets {
			if len(r.Results) == 0 {
				c.replace(r.Pos(), r.End(), fmt.Sprintf("{ %s = true; return false }", flag))
				continue
			}
			c.replace(r.Pos(), r.Results[0].Pos(), fmt.Sprintf("{ %s = true; %s = ", flag, strings.Join(resVars, ", ")))
			c.insert(r.End(), "; return false }")
		}
		if named || len(resVars) == 0 {
			post = fmt.Sprintf("; if %s { return }", flag)
		} else {
			post = fmt.Sprintf("; if %s { return %s }", flag, strings.Join(resVars, ", "))
		}
	}
	for _, b := range fl.brk {
		c.replace(b.Pos(), b.End(), "return false")
	}
	for _, b := range fl.cont {
		c.replace(b.Pos(), b.End(), "return true")
	}
	if lab != nil {
		c.replace(lab.Pos(), lab.Colon+1, "")
	}
	open, close := "", ""
	switch n.X.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.ParenExpr:
	default:
		open, close = "(", ")"
	}
	c.replace(n.For, n.X.Pos(), prefix+open)
	c.replace(n.X.End(), n.Body.Lbrace+1, fmt.Sprintf("%s(func(%s) bool {%s%s", close, strings.Join(params, ", "), assign, bodyOpen))
	c.replace(n.Body.Rbrace, n.Body.Rbrace+1, bodyClose+"; return true })"+post)
}

// enclosingResults is the result list of the function around the top of
// stack (the cell's statements have none); ok is false when it is unknown.
// A nil *types.Tuple is an empty list.
func (c *cell) enclosingResults(stack []ast.Node) (res *types.Tuple, ok bool) {
	for i := len(stack) - 1; i >= 0; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			if sig, ok := c.typeOf(f).(*types.Signature); ok {
				return sig.Results(), true
			}
			return nil, false
		case *ast.FuncDecl:
			if obj := c.info.Defs[f.Name]; obj != nil {
				return obj.Type().(*types.Signature).Results(), true
			}
			return nil, f.Type.Results == nil
		}
	}
	return nil, false
}

// forStmt gives `for i := 0; ...` loops Go 1.22 per-iteration variables.
func (c *cell) forStmt(n *ast.ForStmt, stack []ast.Node) {
	init, ok := n.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return
	}
	c.loopVars(n, n.Body, init.Lhs, stack, true)
}

// loopVars inserts `v := v` at the top of a loop body for each loop
// variable that a closure in the body captures (or whose address the body
// takes), so each iteration has its own variable as in Go 1.22. In a
// 3-clause loop (threeClause) a body that may change the variable copies
// it back at the end of the iteration and before each continue, so the
// post statement sees the change.
func (c *cell) loopVars(loop ast.Stmt, body *ast.BlockStmt, lhs []ast.Expr, stack []ast.Node, threeClause bool) {
	// At the top level of a cell yaegi v0.16.1 makes `v := v` in the body
	// the loop's own variable (the loop never ends, or closures share it),
	// so there the loop's variable gets a fresh name instead and the body
	// declares v from it.
	rename := c.topLevel(stack)
	var names, froms []string
	shadow := ""
	var copyBack []string
	for _, x := range lhs {
		id, ok := x.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		obj := c.info.Defs[id]
		if obj == nil || !captured(c.info, body, obj) {
			continue
		}
		from := id.Name
		if rename {
			from = c.name("V")
			c.replace(id.Pos(), id.End(), from)
			if f, ok := loop.(*ast.ForStmt); ok {
				c.renameUses([]ast.Node{f.Cond, f.Post}, obj, from)
			}
		}
		names, froms = append(names, id.Name), append(froms, from)
		if threeClause && modified(c.info, body, obj) {
			if rename {
				copyBack = append(copyBack, fmt.Sprintf("%s = %s", from, id.Name))
				continue
			}
			p := c.name("P")
			shadow += fmt.Sprintf(" %s := &%s;", p, id.Name)
			copyBack = append(copyBack, fmt.Sprintf("*%s = %s", p, id.Name))
		}
	}
	if len(names) == 0 {
		return
	}
	// When the body itself declares one of the names (`v := f(v)`), it
	// goes into a block of its own so the copy does not clash with it.
	open, close := "", ""
	if declaresAny(body, names) {
		open, close = " {", "}"
	}
	c.insert(body.Lbrace+1, fmt.Sprintf("%s %s := %s;%s", shadow, strings.Join(names, ", "), strings.Join(froms, ", "), open))
	if len(copyBack) == 0 {
		c.insert(body.Rbrace, close)
		return
	}
	back := strings.Join(copyBack, "; ")
	label := ""
	if l := ownLabel(loop, stack); l != nil {
		label = l.Label.Name
	}
	for _, b := range branches(body, label).cont {
		c.replace(b.Pos(), b.End(), fmt.Sprintf("{ %s; %s }", back, c.text(b)))
	}
	c.insert(body.Rbrace, fmt.Sprintf("%s; %s ", close, back))
}

// renameUses replaces the uses of obj in nodes (nil ones skipped) by name.
func (c *cell) renameUses(nodes []ast.Node, obj types.Object, name string) {
	for _, n := range nodes {
		if n == nil || reflect.ValueOf(n).IsNil() {
			continue
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && c.info.Uses[id] == obj {
				c.replace(id.Pos(), id.End(), name)
			}
			return true
		})
	}
}

// declaresAny reports whether the statements of block declare one of names
// in the block's own scope.
func declaresAny(block *ast.BlockStmt, names []string) bool {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, s := range block.List {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok && want[id.Name] {
						return true
					}
				}
			}
		case *ast.DeclStmt:
			for _, spec := range s.Decl.(*ast.GenDecl).Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, id := range spec.Names {
						if want[id.Name] {
							return true
						}
					}
				case *ast.TypeSpec:
					if want[spec.Name.Name] {
						return true
					}
				}
			}
		}
	}
	return false
}

// captured reports whether a function literal in body refers to obj, or
// body takes obj's address.
func captured(info *types.Info, body ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if uses(info, n, obj) {
				found = true
			}
			return false
		case *ast.UnaryExpr:
			if id, ok := n.X.(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

func uses(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// modified reports whether body assigns obj or takes its address.
func modified(info *types.Info, body ast.Node, obj types.Object) bool {
	is := func(x ast.Expr) bool {
		id, ok := x.(*ast.Ident)
		return ok && info.Uses[id] == obj
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				found = found || is(l)
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || (n.Op == token.AND && is(n.X))
		}
		return !found
	})
	return found
}
