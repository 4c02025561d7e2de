package engine

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/preprocess"
	"github.com/gopherlab/gopherlab/kernel/symbols"
)

// Options configure a Session.
type Options struct {
	// CaptureFDs redirects the process's file descriptors 1 and 2 to the
	// running cell, so that output of compiled library code and of
	// goroutines reaches it too. It is process-wide: use it in the kernel
	// process, with at most one capturing Session at a time. Without it,
	// only what interpreted code writes through fmt, log and the stdin/out
	// of yaegi reaches the cell; os.Stdout and compiled code write to the
	// process's own stdout.
	CaptureFDs bool
	// Symbols are the compiled packages cells can import (yaegi symbol
	// tables keyed "importpath/name"); nil means symbols.All().
	Symbols []map[string]map[string]reflect.Value
}

// Session is one interpreter whose state persists across cells. Execute
// calls must not overlap; Complete, Inspect and IsComplete may run at any
// time.
//
// Output written while no cell runs (by goroutines a cell left behind) is
// delivered to the Output of the last cell, which may therefore receive
// Stream calls after its Execute returned, until the next Execute starts.
type Session struct {
	in     *interp.Interpreter
	pkgs   *packages
	out    router
	panics *panicFilter
	stdin  *stdinReader
	cap    *capture
	modern *modern

	exec sync.Mutex // one cell at a time

	mu      sync.Mutex        // guards imports, decls and the result counts (Complete/Inspect read them)
	imports map[string]string // package name -> import path, in the session
	decls   map[string]string // names defined by cells -> declaration source

	result        *display.Data   // final value set by the cell's result hook
	timeCtx       context.Context // the running cell's context, for %timeit
	running       chan struct{}   // closed when an interrupted cell's code ends
	funcResults   map[string]int  // functions cells declared -> number of results
	generic       map[string]bool // functions cells declared -> has type parameters
	methodResults map[string]int  // methods cells declared -> number of results (-1: differs by type)
}

// rtPath is the compiled package through which interpreted helper code
// (the prelude and rewritten go statements) calls into the engine.
const rtPath = "gopherlab/rt"

// prelude is evaluated at New. Names starting with __gl are the engine's.
const prelude = `import __glrt "gopherlab/rt"

// Input prints prompt and returns a line typed by the user.
func Input(prompt string) string { return __glrt.Input(prompt) }

// yaegi v0.16.1 cannot call methods of cell types from compiled code,
// and its type switch matches any cell type with methods against an
// interface (a type with only String matches __glBundler, then the call
// panics): the recovers turn that into "no such method".
type __glBundler interface{ MIMEBundle() map[string]interface{} }
type __glStringer interface{ String() string }

func __glMIME(v interface{}) (m map[string]interface{}) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	switch b := v.(type) {
	case __glBundler:
		return b.MIMEBundle()
	}
	return nil
}

func __glString(v interface{}) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	switch b := v.(type) {
	case __glStringer:
		return b.String(), true
	}
	return "", false
}

// __glBundle returns what compiled code cannot find out about a value of
// a cell type: its MIMEBundle, and its String method as text/plain.
func __glBundle(v interface{}) map[string]interface{} {
	m := __glMIME(v)
	s, ok := __glString(v)
	if !ok {
		return m
	}
	out := map[string]interface{}{"text/plain": s}
	for k, c := range m {
		out[k] = c
	}
	return out
}

// Cells' display.Show(v) calls run this (see showCalls).
func __glShow(v interface{}) { __glrt.Show(v, __glBundle(v)) }
`

// New starts a session with the preloaded packages.
func New(opts Options) (*Session, error) {
	tables := opts.Symbols
	if tables == nil {
		tables = symbols.All()
	}
	s := &Session{
		pkgs:    newPackages(tables...),
		modern:  newModern(),
		imports: map[string]string{},
		decls:   map[string]string{},

		funcResults:   map[string]int{},
		generic:       map[string]bool{},
		methodResults: map[string]int{},
	}
	s.stdin = &stdinReader{r: &s.out}
	// yaegi gives cells an empty environment unless handed one: without
	// Env, os.Getenv("HOME") in a cell is "".
	iopts := interp.Options{Stdin: s.stdin, Env: os.Environ()}
	if opts.CaptureFDs {
		c, err := startCapture(s.out.stream)
		if err != nil {
			return nil, err
		}
		s.cap = c
		s.panics = &panicFilter{w: os.Stderr}
		iopts.Stdout = os.Stdout
	} else {
		s.panics = &panicFilter{w: streamWriter{&s.out, "stderr"}}
		iopts.Stdout = streamWriter{&s.out, "stdout"}
	}
	iopts.Stderr = s.panics
	s.in = interp.New(iopts)
	for _, t := range tables {
		if err := s.in.Use(t); err != nil {
			s.Close()
			return nil, fmt.Errorf("engine: loading symbols: %w", err)
		}
	}
	if err := s.in.Use(preprocess.Symbols); err != nil {
		s.Close()
		return nil, fmt.Errorf("engine: loading preprocessor symbols: %w", err)
	}
	if err := s.in.Use(s.overrides()); err != nil {
		s.Close()
		return nil, fmt.Errorf("engine: loading overrides: %w", err)
	}
	if err := s.evalInternal(prelude); err != nil {
		s.Close()
		return nil, fmt.Errorf("engine: prelude: %w", err)
	}
	if err := s.evalInternal(preprocess.Prelude); err != nil {
		s.Close()
		return nil, fmt.Errorf("engine: preprocessor prelude: %w", err)
	}
	// Rewritten cells call its generic functions: var x T = f(v) needs
	// genericInits for them too.
	for _, name := range genericFuncs(preprocess.Prelude) {
		s.generic[name] = true
	}
	s.decls["Input"] = "func Input(prompt string) string"
	wireLibraries()
	return s, nil
}

// genericFuncs returns the names of the generic functions src declares.
func genericFuncs(src string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package main;"+src, parser.SkipObjectResolution)
	if err != nil {
		panic("engine: a prelude does not parse: " + err.Error())
	}
	var names []string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Type.TypeParams != nil {
			names = append(names, fd.Name.Name)
		}
	}
	return names
}

// evalInternal evaluates declarations of the engine (the prelude). Their
// file name ends in the cells' one because yaegi scopes imports by file
// base name; its directory keeps engine lines out of cell tracebacks.
func (s *Session) evalInternal(src string) error {
	f, err := parser.ParseFile(s.in.FileSet(), "prelude/"+cellFile, "package main;"+src, 0)
	if err != nil {
		return err
	}
	prog, err := s.in.CompileAST(f)
	if err != nil {
		return err
	}
	_, err = s.in.Execute(prog)
	return err
}

// Close gives file descriptors 1 and 2 back to the process if the session
// captured them. The session must not be used afterwards.
func (s *Session) Close() error {
	if s.cap != nil {
		s.cap.stop()
		s.cap = nil
	}
	return nil
}

// exitPanic is what os.Exit and log.Fatal panic with inside cells.
type exitPanic struct {
	code int
	call string
}

func (e exitPanic) String() string {
	return fmt.Sprintf("%s called (exit status %d); the kernel keeps running", e.call, e.code)
}

// overrides replaces the symbols through which a cell could end the
// process or read the process's stdin, and adds the engine's hooks.
func (s *Session) overrides() interp.Exports {
	out := interp.Exports{
		"os/os": {
			"Exit":  reflect.ValueOf(func(code int) { panic(exitPanic{code, fmt.Sprintf("os.Exit(%d)", code)}) }),
			"Stdin": reflect.ValueOf(&[]io.Reader{s.stdin}[0]).Elem(),
		},
		rtPath + "/rt": {
			"Input":   reflect.ValueOf(s.input),
			"Result":  reflect.ValueOf(s.setResult),
			"Show":    reflect.ValueOf(showCell),
			"GoPanic": reflect.ValueOf(s.goPanic),
			"Timeit":  reflect.ValueOf(s.timeit),
		},
	}
	// yaegi already turns log.Fatal* into panics but with a plain string;
	// keep its logger (so log.SetFlags and SetOutput still apply) and panic
	// with exitPanic instead.
	if logSyms := s.in.Symbols("log")["log"]; logSyms != nil {
		if output, ok := logSyms["Output"].Interface().(func(int, string) error); ok {
			fatal := func(call string, msg func(...any) string) reflect.Value {
				return reflect.ValueOf(func(v ...any) {
					output(2, msg(v...))
					panic(exitPanic{1, call})
				})
			}
			out["log/log"] = map[string]reflect.Value{
				"Fatal":   fatal("log.Fatal", fmt.Sprint),
				"Fatalln": fatal("log.Fatalln", fmt.Sprintln),
				"Fatalf": reflect.ValueOf(func(format string, v ...any) {
					output(2, fmt.Sprintf(format, v...))
					panic(exitPanic{1, "log.Fatalf"})
				}),
			}
		}
	}
	return out
}

// input implements the prelude's Input.
func (s *Session) input(prompt string) string {
	line, err := s.out.input(prompt, false)
	if err != nil {
		panic(err)
	}
	return line
}

// setResult records the final value of a cell; bundle is non-nil when v
// is of a cell type with a MIMEBundle method (which compiled code cannot
// call).
func (s *Session) setResult(v any, bundle map[string]any) {
	s.result = &display.Data{Bundle: display.Bundle(cellValue(v, bundle))}
}

// showCell is display.Show for a value from a cell; bundle is as in
// setResult.
func showCell(v any, bundle map[string]any) { display.Show(cellValue(v, bundle)) }

// cellValue is v as display renders it, with the bundle the interpreted
// side found for a cell type.
func cellValue(v any, bundle map[string]any) any {
	v = unwrapCellValue(v)
	if bundle != nil {
		return display.Bundled(bundle, v)
	}
	return v
}

// goPanic reports a panic recovered in a goroutine started by a cell.
func (s *Session) goPanic(r any) {
	msg := fmt.Sprintf("panic in goroutine: %v; the kernel keeps running\n", r)
	if e, ok := r.(exitPanic); ok {
		msg = fmt.Sprintf("%s in a goroutine; the goroutine stopped, the kernel keeps running\n", e.call)
	}
	for _, l := range s.panics.take() {
		msg += "  " + l + "\n"
	}
	s.panics.w.Write([]byte(msg))
}

// Execute runs one cell (Go source, with magic and shell lines: see
// Magics) and returns the rich value of its final expression
// (nil when the cell does not end with an expression that has a value). A
// non-nil error is an *Error; the session keeps everything the cell
// defined before the error.
func (s *Session) Execute(ctx context.Context, code string, out Output) (*display.Data, error) {
	s.exec.Lock()
	defer s.exec.Unlock()
	s.out.set(out)
	display.SetSink(out)
	display.SetContext(ctx)
	s.stdin.reset()
	s.panics.take()
	s.result = nil
	if s.cap != nil {
		defer s.cap.flush()
	}
	return s.runMagics(ctx, code)
}

// runCell runs Go source (no magics) in the running cell's setting.
func (s *Session) runCell(ctx context.Context, code string) (*display.Data, error) {
	code, rerr := s.rewrite(blankPackageClause(code))
	if rerr != nil {
		return nil, rerr
	}
	c, err := s.prepare(code)
	if err != nil {
		return nil, err
	}
	for _, u := range c.units {
		if err := s.runUnit(ctx, u); err != nil {
			return nil, err
		}
	}
	if c.final == nil {
		return nil, nil
	}
	return s.runFinal(ctx, c.final)
}

func (s *Session) runUnit(ctx context.Context, u unit) error {
	for _, name := range u.types {
		forgetGlobal(s.in, name)
	}
	prog, err := s.compile(u.node)
	if err != nil {
		return err
	}
	if _, err := s.execute(ctx, prog); err != nil {
		return err
	}
	s.mu.Lock()
	for name, src := range u.decls {
		s.decls[name] = src
	}
	for name, path := range u.imports {
		s.imports[name] = path
	}
	for name, n := range u.funcResults {
		s.funcResults[name] = n
		s.generic[name] = u.generic[name]
	}
	for name, n := range u.methodResults {
		if old, ok := s.methodResults[name]; ok && old != n {
			n = -1
		}
		s.methodResults[name] = n
	}
	s.mu.Unlock()
	return nil
}

// resultBlock is the final expression x rewritten to record its value:
//
//	__glv := x
//	__glrt.Result(__glv, __glBundle(__glv))
//
// (a variable of x's own type reaches compiled code intact, where an
// interface{} parameter holding a cell type would not).
func resultBlock(x ast.Expr) *ast.BlockStmt {
	at := func(name string) *ast.Ident { return &ast.Ident{Name: name, NamePos: x.Pos()} }
	assign := &ast.AssignStmt{Lhs: []ast.Expr{at("__glv")}, Tok: token.DEFINE, TokPos: x.Pos(), Rhs: []ast.Expr{x}}
	record := &ast.CallExpr{
		Fun:  &ast.SelectorExpr{X: at("__glrt"), Sel: at("Result")},
		Args: []ast.Expr{at("__glv"), &ast.CallExpr{Fun: at("__glBundle"), Args: []ast.Expr{at("__glv")}}},
	}
	return &ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{assign, &ast.ExprStmt{X: record}}}
}

// runFinal evaluates the cell's final expression and returns its rich
// value. Only an expression known to have exactly one value runs through
// resultBlock (which also gives cell types their MIMEBundle display):
// yaegi would accept assigning a call with no result, and misrun it. Any
// other expression runs as a plain statement and the cell has no value.
func (s *Session) runFinal(ctx context.Context, x ast.Expr) (*display.Data, error) {
	if s.genericCall(x) {
		// yaegi fails on __glv := f(x) for a generic f but returns the
		// value of a plain call.
		v, err := s.run(ctx, x)
		if err != nil || !v.IsValid() || !v.CanInterface() {
			return nil, err
		}
		return &display.Data{Bundle: display.Bundle(v.Interface())}, nil
	}
	if s.results(ctx, x) == 1 {
		prog, err := s.compile(resultBlock(x))
		if err != nil {
			return nil, err
		}
		if _, err := s.execute(ctx, prog); err != nil {
			return nil, err
		}
		return s.result, nil
	}
	_, err := s.run(ctx, x)
	return nil, err
}

// genericCall reports whether x calls a generic function a cell declared.
func (s *Session) genericCall(x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := preprocess.Callee(call).(*ast.Ident)
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok && s.generic[id.Name]
}

// run compiles and runs expression x as a statement and returns the value
// yaegi gives back.
func (s *Session) run(ctx context.Context, x ast.Expr) (reflect.Value, error) {
	// Positions name the file, which yaegi's import lookup needs.
	prog, err := s.compile(&ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{&ast.ExprStmt{X: x}}})
	if err != nil {
		return reflect.Value{}, err
	}
	return s.execute(ctx, prog)
}

// results returns how many values expression x has, or -1 if the engine
// cannot tell. A non-call expression has one. A call has as many as what
// it calls: a builtin, a function a cell declared, a preloaded package's
// function, a func-typed variable, or a method of a value whose Go type
// is known (see typeOf).
func (s *Session) results(ctx context.Context, x ast.Expr) int {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return 1
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		s.mu.Lock()
		n, ok := s.funcResults[fun.Name]
		src, declared := s.decls[fun.Name]
		s.mu.Unlock()
		if ok {
			return n
		}
		// A variable holding a func (counter := makeCounter()).
		if v, ok := s.in.Globals()[fun.Name]; declared && ok && v.Kind() == reflect.Func {
			return v.Type().NumOut()
		}
		if strings.HasPrefix(src, "type ") || (!declared && basicTypes[fun.Name]) {
			return 1 // a conversion
		}
		if !declared && builtins[fun.Name] {
			switch fun.Name {
			case "append", "cap", "complex", "imag", "len", "make", "max", "min", "new", "real", "recover":
				return 1
			}
			return 0
		}
	case *ast.SelectorExpr:
		if v, ok := s.pkgSymbol(fun); ok {
			switch {
			case v.Kind() == reflect.Func:
				return v.Type().NumOut()
			case v.Kind() == reflect.Pointer && v.IsNil():
				return 1 // a conversion to a package's type
			}
			return -1
		}
		if m, ok := method(s.typeOf(ctx, fun.X), fun.Sel.Name); ok {
			return m.NumOut()
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if n, ok := s.methodResults[fun.Sel.Name]; ok {
			return n
		}
	}
	return -1
}

// undefined returns an error naming the first identifier in n that
// nothing declares, or nil.
func (s *Session) undefined(n ast.Node) *Error {
	notRefs := map[*ast.Ident]bool{} // identifiers that are not references to a declaration
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			notRefs[x.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				notRefs[id] = true // a struct literal's field name
			}
		case *ast.BranchStmt:
			notRefs[x.Label] = true
		case *ast.LabeledStmt:
			notRefs[x.Label] = true
		case *ast.FuncDecl:
			notRefs[x.Name] = true
		}
		return true
	})
	known := map[string]bool{}
	for _, name := range predeclared {
		known[name] = true
	}
	var found *ast.Ident
	s.mu.Lock()
	defer s.mu.Unlock()
	ast.Inspect(n, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || found != nil || id.Obj != nil || notRefs[id] || id.Name == "_" || known[id.Name] ||
			strings.HasPrefix(id.Name, "__gl") {
			return found == nil
		}
		if _, ok := s.decls[id.Name]; ok {
			return true
		}
		if s.isPackage(id.Name) {
			return true
		}
		found = id
		return false
	})
	if found == nil {
		return nil
	}
	return lineError("CompileError", s.in.FileSet().Position(found.Pos()).Line, "undefined: "+found.Name)
}

var basicTypes = map[string]bool{
	"bool": true, "byte": true, "complex64": true, "complex128": true, "error": true, "float32": true,
	"float64": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true, "rune": true,
	"string": true, "uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
}

// pkgSymbol returns the preloaded symbol sel names when it is pkg.Name.
func (s *Session) pkgSymbol(sel *ast.SelectorExpr) (reflect.Value, bool) {
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return reflect.Value{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.isPackage(pkg.Name) {
		return reflect.Value{}, false
	}
	path, ok := s.imports[pkg.Name]
	if !ok {
		path = s.pkgs.byName[pkg.Name]
	}
	v, ok := s.pkgs.byPath[path][sel.Sel.Name]
	return v, ok
}

// typeOf returns the Go type of x if it can be known without effects: the
// dynamic type of a variable or field path (looked up in the session), or
// the result type of a package function or of a method of such a value.
// It returns nil otherwise, and for cell types, whose methods reflect
// cannot see.
func (s *Session) typeOf(ctx context.Context, x ast.Expr) reflect.Type {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident, *ast.SelectorExpr:
		if sel, ok := x.(*ast.SelectorExpr); ok {
			if _, isPkg := s.pkgSymbol(sel); isPkg || !isNamePath(x) {
				return nil
			}
		}
		v, err := s.run(ctx, x)
		if err != nil || !v.IsValid() {
			return nil
		}
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		if !v.IsValid() {
			return nil
		}
		return v.Type()
	case *ast.CallExpr:
		var ft reflect.Type
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
			if v, ok := s.pkgSymbol(sel); ok && v.Kind() == reflect.Func {
				ft = v.Type()
			} else if m, ok := method(s.typeOf(ctx, sel.X), sel.Sel.Name); ok {
				ft = m
			}
		}
		if ft != nil && ft.NumOut() > 0 {
			return ft.Out(0)
		}
	}
	return nil
}

// method returns the type of method name of t (or of *t).
func method(t reflect.Type, name string) (reflect.Type, bool) {
	if t == nil {
		return nil, false
	}
	if m, ok := t.MethodByName(name); ok {
		return m.Type, true
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
			return m.Type, true
		}
	}
	return nil, false
}

// isPackage reports whether name refers to a package in cells; s.mu is
// held.
func (s *Session) isPackage(name string) bool {
	if _, declared := s.decls[name]; declared {
		return false
	}
	_, imported := s.imports[name]
	_, preloaded := s.pkgs.byName[name]
	return imported || preloaded
}

// isNamePath reports whether x is a name or a chain of field selections
// (a.b.c), whose evaluation has no effects.
func isNamePath(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isNamePath(x.X)
	}
	return false
}

// compile compiles a unit, turning yaegi's errors and the panics some
// unsupported constructs cause in its compiler into *Error.
func (s *Session) compile(n ast.Node) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprint(r)
			switch msg {
			case "nil type":
				msg += " (yaegi cannot range over an int or a func: write for i := 0; i < n; i++)"
			case "nil reflect type":
				msg += " (yaegi cannot infer the type of a generic call in x := f(v): write var x T = f(v))"
			}
			prog, err = nil, &Error{Name: "CompileError", Value: msg,
				Traceback: []string{"CompileError: the interpreter failed on this cell: " + msg}}
		}
	}()
	prog, err = s.in.CompileAST(n)
	if err != nil {
		// yaegi reports an undefined name in a top-level := (or in a
		// later use of it) as a "constant definition loop".
		if strings.Contains(err.Error(), "constant definition loop") {
			if e := s.undefined(n); e != nil {
				return nil, e
			}
			e := cellError("CompileError", err)
			e.Traceback = append(e.Traceback, "(yaegi cannot initialise x := f(v) at the top level of a cell when f is generic: write var x T = f(v))")
			return nil, e
		}
		return nil, cellError("CompileError", err)
	}
	return prog, nil
}

// execute runs a compiled unit and converts its failure into *Error.
func (s *Session) execute(ctx context.Context, prog *interp.Program) (reflect.Value, error) {
	if err := s.waitIdle(ctx); err != nil {
		return reflect.Value{}, err
	}
	// yaegi's ExecuteWithContext returns as soon as ctx is done, while the
	// interpreted code may still be inside a compiled call; when that call
	// returns, the next cell has reset the run id and the old cell would go
	// on. So the program runs under a context that is never cancelled, and
	// an interrupt stops the interpreter and waits for the program to end.
	var v reflect.Value
	var err error
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		v, err = s.in.ExecuteWithContext(context.Background(), prog)
	}()
	select {
	case <-finished:
	case <-ctx.Done():
		if !s.stop(finished) {
			s.running = finished
			return reflect.Value{}, interrupted("compiled code the cell called is still running; the next cell starts when it returns")
		}
		return reflect.Value{}, interrupted("")
	}
	if err == nil {
		return v, nil
	}
	var p interp.Panic
	if errors.As(err, &p) {
		return v, s.panicError(p.Value)
	}
	return v, cellError("RuntimeError", err)
}

// interruptGrace is how long an interrupt waits for the cell to stop.
const interruptGrace = time.Second

// stop interrupts the running program and reports whether it ended within
// interruptGrace. It stops repeatedly: a program that took its run id
// just after a stop is caught by the next one.
func (s *Session) stop(finished chan struct{}) bool {
	deadline := time.After(interruptGrace)
	tick := time.NewTicker(interruptGrace / 10)
	defer tick.Stop()
	for {
		stopInterpreter(s.in)
		select {
		case <-finished:
			return true
		case <-deadline:
			return false
		case <-tick.C:
		}
	}
}

// waitIdle waits until the code of an interrupted cell that was still in a
// compiled call has ended, or ctx is done.
func (s *Session) waitIdle(ctx context.Context) error {
	if s.running == nil {
		return nil
	}
	select {
	case <-s.running:
		s.running = nil
		return nil
	case <-ctx.Done():
		stopInterpreter(s.in)
		return interrupted("the previous interrupted cell is still running compiled code")
	}
}

func interrupted(note string) *Error {
	e := &Error{Name: "Interrupted", Value: "the cell was interrupted",
		Traceback: []string{"Interrupted: the cell was stopped; what earlier statements defined is kept"}}
	if note != "" {
		e.Traceback = append(e.Traceback, note)
	}
	return e
}

// panicError describes a panic that ended a cell, with the cell lines of
// the interpreted frames it went through.
func (s *Session) panicError(r any) *Error {
	trace := s.panics.take()
	switch x := r.(type) {
	case exitPanic:
		return &Error{Name: "Exit", Value: x.String(), Traceback: append([]string{"Exit: " + x.String()}, trace...)}
	case errNoStdin:
		return &Error{Name: "StdinNotAvailable", Value: x.Error(), Traceback: append([]string{x.Error()}, trace...)}
	}
	msg := fmt.Sprint(r)
	if err, ok := r.(error); ok {
		msg = err.Error()
	}
	return &Error{Name: "panic", Value: msg, Traceback: append([]string{"panic: " + msg}, trace...)}
}
