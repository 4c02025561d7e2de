package preprocess

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// builtinCall rewrites min, max and clear, which yaegi v0.16.1 lacks, to the
// prelude's helpers. It reports whether the walk should descend into call.
func (c *cell) builtinCall(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return true
	}
	switch obj := c.info.Uses[id].(type) {
	case *types.Builtin, nil:
	default:
		_ = obj
		return true
	}
	switch id.Name {
	case "min", "max":
		tv := c.info.Types[call]
		if tv.Value != nil {
			return !c.constMinMax(call, tv)
		}
		helper := "__glMin"
		if id.Name == "max" {
			helper = "__glMax"
		}
		if t := c.typeOf(call); t != nil {
			if ts, ok := c.typeString(t); ok {
				helper += "[" + ts + "]"
			}
		}
		c.replace(id.Pos(), id.End(), helper)
	case "clear":
		if len(call.Args) != 1 {
			return true
		}
		t := c.typeOf(call.Args[0])
		if t == nil {
			return true
		}
		switch u := t.Underlying().(type) {
		case *types.Map:
			if s, ok := c.typeList([]types.Type{u.Key(), u.Elem()}); ok {
				c.replace(id.Pos(), id.End(), "__glClearMap["+s+"]")
			}
		case *types.Slice:
			if s, ok := c.typeString(u.Elem()); ok {
				c.replace(id.Pos(), id.End(), "__glClearSlice["+s+"]")
			}
		}
	}
	return true
}

// constMinMax replaces a constant min/max call by its winning argument, so
// it stays a constant (`const c = max(1, 2.5)`), converted to the result's
// type or kind. It reports whether it did.
func (c *cell) constMinMax(call *ast.CallExpr, tv types.TypeAndValue) bool {
	var win ast.Expr
	for _, a := range call.Args {
		if v := c.info.Types[a].Value; v != nil && constant.Compare(v, token.EQL, tv.Value) {
			win = a
			break
		}
	}
	if win == nil {
		return false
	}
	text := c.text(win)
	if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		// go/types records the winner with the result's kind, so look at
		// its literal: min(1, 2.5) is the untyped float 1.0, not 1.
		lit, _ := win.(*ast.BasicLit)
		switch {
		case b.Kind() == types.UntypedFloat && (lit == nil || lit.Kind != token.FLOAT):
			text += " + 0.0"
		case b.Kind() == types.UntypedRune && (lit == nil || lit.Kind != token.CHAR):
			text += " + 0*'0'"
		}
		c.replace(call.Pos(), call.End(), "("+text+")")
		return true
	}
	ts, ok := c.typeString(tv.Type)
	if !ok {
		return false
	}
	c.replace(call.Pos(), call.End(), ts+"("+text+")")
	return true
}

// funcExpr handles a use of a generic function: one of slices, maps or cmp
// that yaegi lacks goes to the prelude's version, and any other gets the
// type arguments go/types inferred written out, since yaegi's inference
// fails on core types (`S ~[]E`) and untyped constants.
func (c *cell) funcExpr(e ast.Expr, handled map[ast.Node]bool) {
	if handled[e] {
		return
	}
	fun, nExplicit := e, 0
	switch x := e.(type) {
	case *ast.IndexExpr:
		fun, nExplicit = x.X, 1
	case *ast.IndexListExpr:
		fun, nExplicit = x.X, len(x.Indices)
	}
	if nExplicit > 0 && c.iterType(e, fun) {
		return
	}
	id := funcIdent(fun)
	if id == nil {
		return
	}
	inst, hasInst := c.info.Instances[id]
	rd, isRedirect := c.redirect(fun)
	if !hasInst && !isRedirect {
		return
	}
	handled[fun], handled[id] = true, true
	if isRedirect {
		text := rd.to
		if hasInst {
			var args []types.Type
			for _, i := range rd.keep {
				args = append(args, inst.TypeArgs.At(i))
			}
			if s, ok := c.typeList(args); ok {
				text += "[" + s + "]"
			}
		}
		c.replace(e.Pos(), e.End(), text)
		return
	}
	if _, ok := inst.Type.(*types.Signature); !ok || nExplicit == inst.TypeArgs.Len() {
		return
	}
	var args []types.Type
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		args = append(args, inst.TypeArgs.At(i))
	}
	s, ok := c.typeList(args)
	if !ok {
		return
	}
	c.replace(fun.End(), e.End(), "["+s+"]")
}

// redirect reports the prelude function that stands in for fun, a selector
// like slices.Max of an imported standard package.
func (c *cell) redirect(fun ast.Expr) (redirect, bool) {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return redirect{}, false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return redirect{}, false
	}
	pn, ok := c.info.Uses[x].(*types.PkgName)
	if !ok {
		return redirect{}, false
	}
	rd, ok := redirects[pn.Imported().Path()][sel.Sel.Name]
	return rd, ok
}

// A redirect names the prelude function for a generic standard library
// function and which of the standard function's type arguments it takes.
type redirect struct {
	to   string
	keep []int
}

// redirects lists the generic functions of slices, maps and cmp that yaegi
// v0.16.1 has no source for, or whose source fails in it (maps.Clone,
// slices.Delete, Compact, Replace, Concat, ...). The others (slices.Contains,
// Index, Insert, Equal, Clone, Grow, cmp.Compare, maps.Copy, ...) work once
// their type arguments are explicit.
var redirects = map[string]map[string]redirect{
	"slices": {
		"Sort":             {"__glSlicesSort", []int{1}},
		"SortFunc":         {"__glSlicesSortFunc", []int{1}},
		"SortStableFunc":   {"__glSlicesSortStableFunc", []int{1}},
		"IsSorted":         {"__glSlicesIsSorted", []int{1}},
		"IsSortedFunc":     {"__glSlicesIsSortedFunc", []int{1}},
		"Min":              {"__glSlicesMin", []int{1}},
		"Max":              {"__glSlicesMax", []int{1}},
		"MinFunc":          {"__glSlicesMinFunc", []int{1}},
		"MaxFunc":          {"__glSlicesMaxFunc", []int{1}},
		"BinarySearch":     {"__glSlicesBinarySearch", []int{1}},
		"BinarySearchFunc": {"__glSlicesBinarySearchFunc", []int{1, 2}},
		"All":              {"__glSlicesAll", []int{1}},
		"Values":           {"__glSlicesValues", []int{1}},
		"Backward":         {"__glSlicesBackward", []int{1}},
		"Collect":          {"__glSlicesCollect", []int{0}},
		"AppendSeq":        {"__glSlicesAppendSeq", []int{1}},
		"Sorted":           {"__glSlicesSorted", []int{0}},
		"SortedFunc":       {"__glSlicesSortedFunc", []int{0}},
		"SortedStableFunc": {"__glSlicesSortedStableFunc", []int{0}},
		"Repeat":           {"__glSlicesRepeat", []int{1}},
		"Delete":           {"__glSlicesDelete", []int{1}},
		"DeleteFunc":       {"__glSlicesDeleteFunc", []int{1}},
		"Compact":          {"__glSlicesCompact", []int{1}},
		"CompactFunc":      {"__glSlicesCompactFunc", []int{1}},
		"Replace":          {"__glSlicesReplace", []int{1}},
		"Concat":           {"__glSlicesConcat", []int{1}},
	},
	"maps": {
		"Keys":    {"__glMapsKeys", []int{1, 2}},
		"Values":  {"__glMapsValues", []int{1, 2}},
		"All":     {"__glMapsAll", []int{1, 2}},
		"Clone":   {"__glMapsClone", []int{1, 2}},
		"Collect": {"__glMapsCollect", []int{0, 1}},
		"Insert":  {"__glMapsInsert", []int{1, 2}},
	},
}

// iterType writes iter.Seq[V] and iter.Seq2[K, V] as the function types
// they stand for, since yaegi cannot import package iter (it is generic
// only). The engine registers an empty "iter" package so that the cell's
// import of it still works.
func (c *cell) iterType(e, fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Seq" && sel.Sel.Name != "Seq2") {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	if pn, ok := c.info.Uses[x].(*types.PkgName); !ok || pn.Imported().Path() != "iter" {
		return false
	}
	var lbrack, rbrack token.Pos
	switch e := e.(type) {
	case *ast.IndexExpr:
		lbrack, rbrack = e.Lbrack, e.Rbrack
	case *ast.IndexListExpr:
		lbrack, rbrack = e.Lbrack, e.Rbrack
	}
	c.replace(fun.Pos(), lbrack+1, "func(func(")
	c.replace(rbrack, rbrack+1, ") bool)")
	return true
}
