package engine

import (
	"fmt"

	"github.com/gopherlab/gopherlab/kernel/symdoc"
	"go/types"
	"reflect"
	"strings"
)

// members returns the field and method names of the value that chain
// (x or x.f.g, starting at a session variable) denotes. The types cells
// declared and the preloaded packages' types (kernel/typesdata) come from
// the preprocessor's type checker, which knows their methods; values of
// types it cannot see (a cell's untyped use of an unknown package, say)
// are looked up in the interpreter and described by reflect.
func (s *Session) members(chain string) []string {
	parts := strings.Split(chain, ".")
	if t := s.chainType(parts); t != nil {
		return typeMembers(t)
	}
	return reflectMembers(s.in.Globals()[parts[0]], parts[1:])
}

// chainType is the go/types type of chain, or nil when unknown.
func (s *Session) chainType(parts []string) types.Type {
	m := s.modern
	m.mu.Lock()
	obj := m.r.Lookup(parts[0])
	m.mu.Unlock()
	v, ok := obj.(*types.Var)
	if !ok {
		return nil
	}
	t := v.Type()
	for _, p := range parts[1:] {
		f, _, _ := types.LookupFieldOrMethod(t, true, v.Pkg(), p)
		fv, ok := f.(*types.Var)
		if !ok {
			return nil
		}
		t = fv.Type()
	}
	if t == nil || t == types.Typ[types.Invalid] {
		return nil
	}
	return t
}

// typeMembers lists the methods of t (and *t) and its fields, promoted
// ones included, without the unexported names of other packages.
func typeMembers(t types.Type) []string {
	var names []string
	visible := func(o types.Object) bool {
		return o.Exported() || o.Pkg() == nil || o.Pkg().Path() == "main"
	}
	ms := types.NewMethodSet(t)
	if _, isPtr := t.(*types.Pointer); !isPtr && !types.IsInterface(t) {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	for i := 0; i < ms.Len(); i++ {
		if o := ms.At(i).Obj(); visible(o) {
			names = append(names, o.Name())
		}
	}
	var fields func(t types.Type, depth int)
	fields = func(t types.Type, depth int) {
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || depth > 4 {
			return
		}
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if visible(f) {
				names = append(names, f.Name())
			}
			if f.Embedded() {
				fields(f.Type(), depth+1)
			}
		}
	}
	fields(t, 0)
	return names
}

// reflectMembers lists the exported methods and the fields of the value
// v.path (reflect sees no methods of types declared in cells).
func reflectMembers(v reflect.Value, path []string) []string {
	deref := func(v reflect.Value) reflect.Value {
		for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && !v.IsNil() {
			v = v.Elem()
		}
		return v
	}
	for _, p := range path {
		v = deref(v)
		if !v.IsValid() || v.Kind() != reflect.Struct {
			return nil
		}
		v = v.FieldByName(p)
	}
	if v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() {
		return nil
	}
	var names []string
	t := v.Type()
	mt := t
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		mt = reflect.PointerTo(t)
	}
	for i := 0; i < mt.NumMethod(); i++ {
		names = append(names, mt.Method(i).Name)
	}
	if st := deref(v); st.IsValid() && st.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(st.Type()) {
			names = append(names, f.Name)
		}
	}
	return names
}

// describeMember returns the declaration of field or method name of the
// value chain denotes, and its doc comment when its type is preloaded.
func (s *Session) describeMember(chain, name string) (text, doc string) {
	parts := strings.Split(chain, ".")
	if t := s.chainType(parts); t != nil {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		if obj == nil {
			obj, _, _ = types.LookupFieldOrMethod(t, true, types.NewPackage("main", "main"), name)
		}
		if obj == nil {
			return "", ""
		}
		text = types.ObjectString(obj, func(p *types.Package) string {
			if p.Path() == "main" {
				return ""
			}
			return p.Name()
		})
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() != nil {
			if recv := fn.Signature().Recv(); recv != nil {
				rt := recv.Type()
				if p, ok := rt.(*types.Pointer); ok {
					rt = p.Elem()
				}
				if n, ok := rt.(*types.Named); ok {
					doc = symdoc.Lookup(fn.Pkg().Path(), n.Obj().Name()+"."+name)
				}
			}
		}
		return text, doc
	}
	v := s.in.Globals()[parts[0]]
	for _, p := range parts[1:] {
		for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && !v.IsNil() {
			v = v.Elem()
		}
		if !v.IsValid() || v.Kind() != reflect.Struct {
			return "", ""
		}
		v = v.FieldByName(p)
	}
	if v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", ""
	}
	m, ok := method(v.Type(), name)
	if !ok {
		return "", ""
	}
	base := v.Type()
	if base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	in := make([]string, 0, m.NumIn())
	for i := 1; i < m.NumIn(); i++ {
		in = append(in, m.In(i).String())
	}
	out := make([]string, 0, m.NumOut())
	for i := 0; i < m.NumOut(); i++ {
		out = append(out, m.Out(i).String())
	}
	text = fmt.Sprintf("func (%s) %s(%s)", m.In(0), name, strings.Join(in, ", "))
	switch len(out) {
	case 0:
	case 1:
		text += " " + out[0]
	default:
		text += " (" + strings.Join(out, ", ") + ")"
	}
	return text, symdoc.Lookup(base.PkgPath(), base.Name()+"."+name)
}
