package engine

import (
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// forgetGlobal removes name from the interpreted main package's scope.
//
// yaegi v0.16.1 cannot redefine a type: its type analysis looks the name up
// first and keeps the old type (nodeType2 returns the symbol's type for a
// type spec's own name), so `type T struct{A, B int}` after
// `type T struct{A int}` silently keeps one field. Removing the old symbol
// before the new declaration is compiled makes it a fresh definition. yaegi
// has no API for this, so the scope map is reached through reflection; the
// engine's tests fail if a yaegi upgrade changes the layout.
func forgetGlobal(in *interp.Interpreter, name string) {
	scopes := field(reflect.ValueOf(in).Elem(), "scopes")
	sc := scopes.MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.IsNil() {
		return
	}
	field(sc.Elem(), "sym").SetMapIndex(reflect.ValueOf(name), reflect.Value{})
}

// field returns the (unexported) field of struct v as a settable value.
func field(v reflect.Value, name string) reflect.Value {
	f := v.FieldByName(name)
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

// stopInterpreter does what yaegi's unexported (*Interpreter).stop does when
// ExecuteWithContext's context is done: bump the run id, which every
// interpreted frame checks between steps, and close the channel that
// interpreted channel operations select on. Unlike stop it may be called
// again (a program that had not yet taken the run id when the first call
// came is caught by the next).
func stopInterpreter(in *interp.Interpreter) {
	v := reflect.ValueOf(in).Elem()
	mu := (*sync.RWMutex)(unsafe.Pointer(v.FieldByName("mutex").UnsafeAddr()))
	mu.RLock()
	done := field(v, "done").Interface().(chan struct{})
	mu.RUnlock()
	atomic.AddUint64((*uint64)(unsafe.Pointer(v.FieldByName("id").UnsafeAddr())), 1)
	if done != nil {
		select {
		case <-done:
		default:
			close(done)
		}
	}
}

// unwrapCellValue returns the value a cell meant when v is yaegi's internal
// wrapper for a cell-type value held in an interface{} (what compiled code
// receives for such a value passed through an interface{} parameter), and
// v otherwise.
func unwrapCellValue(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || rv.Type().Name() != "valueInterface" ||
		rv.Type().PkgPath() != "github.com/traefik/yaegi/interp" {
		return v
	}
	cp := reflect.New(rv.Type()).Elem()
	cp.Set(rv)
	inner, ok := field(cp, "value").Interface().(reflect.Value)
	if !ok || !inner.IsValid() || !inner.CanInterface() {
		return v
	}
	return inner.Interface()
}
