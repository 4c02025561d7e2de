package notebook

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Tags of the cell declaring parameters and of the cell Inject adds, as in
// papermill.
const (
	ParametersTag = "parameters"
	InjectedTag   = "injected-parameters"
)

// Param is a name=value parameter given on the command line.
type Param struct {
	Name, Value string
}

// ParseParam parses "name=value".
func ParseParam(s string) (Param, error) {
	name, value, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || !token.IsIdentifier(name) {
		return Param{}, fmt.Errorf("parameter %q: want name=value with a Go identifier as name (e.g. --param epochs=3)", s)
	}
	return Param{name, value}, nil
}

// Inject adds a code cell tagged "injected-parameters" that assigns params,
// after the first code cell tagged "parameters", replacing any cell injected
// by an earlier run, and records params in metadata.gopherlab.parameters.
//
// Every parameter must be declared in the parameters cell (var, := or a
// typed var); the error otherwise lists the declared ones. A value is
// written as a Go literal: quoted if the variable is a string, checked
// against the variable's type when the declaration shows it (bool, int*,
// uint*, float*), else kept as is if it reads as a bool or number and
// quoted otherwise. Without a parameters cell the cell goes at the top and
// Inject returns a warning, as papermill does. With no params, Inject does
// nothing.
func Inject(nb *Notebook, params []Param) (warning string, err error) {
	if len(params) == 0 {
		return "", nil
	}
	nb.Cells = slices.DeleteFunc(nb.Cells, func(c *Cell) bool { return c.HasTag(InjectedTag) })
	at, decls := 0, map[string]string(nil)
	for i, c := range nb.Cells {
		if c.Type == "code" && c.HasTag(ParametersTag) {
			if decls, err = declarations(c.Source); err != nil {
				return "", fmt.Errorf("cell %d, tagged %q: %w", i+1, ParametersTag, err)
			}
			at = i + 1
			break
		}
	}
	if decls == nil {
		warning = fmt.Sprintf("no cell tagged %q: injecting the parameters at the top (tag a cell %q in Jupyter to declare them)", ParametersTag, ParametersTag)
	}
	var src strings.Builder
	src.WriteString("// Parameters injected by gopherlab run.")
	recorded := map[string]any{}
	for _, p := range params {
		if _, dup := recorded[p.Name]; dup {
			return "", fmt.Errorf("parameter %s given twice", p.Name)
		}
		typ, declared := decls[p.Name]
		if decls != nil && !declared {
			return "", fmt.Errorf("parameter %s is not declared in the %q cell; it declares: %s", p.Name, ParametersTag, declaredList(decls))
		}
		if typ == "const" {
			return "", fmt.Errorf("parameter %s is a const in the %q cell; declare it with var or := so it can be set", p.Name, ParametersTag)
		}
		lit, err := literal(p, typ)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&src, "\n%s = %s", p.Name, lit)
		recorded[p.Name] = p.Value
	}
	if decls == nil {
		// Nothing declares the variables: declare them.
		s := strings.ReplaceAll(src.String(), "\n", "\nvar ")
		src.Reset()
		src.WriteString(s)
	}
	cell := &Cell{
		Type:     "code",
		Source:   src.String(),
		Metadata: map[string]any{"tags": []any{InjectedTag}},
	}
	if nb.NbformatMinor >= 5 {
		cell.ID = InjectedTag
	}
	nb.Cells = slices.Insert(nb.Cells, at, cell)
	nb.GopherlabMetadata()["parameters"] = recorded
	return warning, nil
}

// literal renders p's value as a Go literal for a variable of type typ
// ("" when unknown).
func literal(p Param, typ string) (string, error) {
	v := strings.TrimSpace(p.Value)
	isBool := v == "true" || v == "false"
	_, intErr := strconv.ParseInt(v, 0, 64)
	f, floatErr := strconv.ParseFloat(v, 64)
	// ParseFloat also reads "Inf" and "NaN", which Go source does not.
	isNum := intErr == nil || floatErr == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && !strings.ContainsAny(strings.ToLower(v), "in")
	bad := func(kind string) error {
		return fmt.Errorf("parameter %s=%s: %s is %s in the %q cell, and %q is not %s literal", p.Name, p.Value, p.Name, typ, ParametersTag, p.Value, kind)
	}
	switch {
	case typ == "string":
		return strconv.Quote(p.Value), nil
	case typ == "bool":
		if !isBool {
			return "", bad("a bool (true or false)")
		}
	case strings.HasPrefix(typ, "int") || strings.HasPrefix(typ, "uint"):
		if intErr != nil {
			return "", bad("an integer")
		}
	case strings.HasPrefix(typ, "float"):
		if !isNum {
			return "", bad("a number")
		}
	case !isBool && !isNum:
		return strconv.Quote(p.Value), nil
	}
	return v, nil
}

// declarations returns the variables a parameters cell declares at its top
// level, mapped to their type as far as the source shows it: a basic type
// name, "const", or "" when unknown.
func declarations(src string) (map[string]string, error) {
	// A cell is statements and declarations; a function body holds both
	// (func declarations would not parse there, but declare no variables);
	// a file holds declarations only.
	var stmts []ast.Stmt
	fset := token.NewFileSet()
	if f, err := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+src+"\n}", 0); err == nil {
		stmts = f.Decls[0].(*ast.FuncDecl).Body.List
	} else if f, err2 := parser.ParseFile(fset, "", "package p\n"+src, 0); err2 == nil {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok {
				stmts = append(stmts, &ast.DeclStmt{Decl: g})
			}
		}
	} else {
		return nil, fmt.Errorf("cannot parse it: %v", err)
	}
	decls := map[string]string{}
	for _, s := range stmts {
		switch s := s.(type) {
		case *ast.DeclStmt:
			g := s.Decl.(*ast.GenDecl)
			if g.Tok != token.VAR && g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					switch {
					case g.Tok == token.CONST:
						decls[name.Name] = "const"
					case vs.Type != nil:
						decls[name.Name] = typeName(vs.Type)
					case len(vs.Values) == len(vs.Names):
						decls[name.Name] = exprType(vs.Values[i])
					default:
						decls[name.Name] = ""
					}
				}
			}
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE {
				continue
			}
			for i, lhs := range s.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok || id.Name == "_" {
					continue
				}
				if _, seen := decls[id.Name]; seen {
					continue // := redeclaring keeps the first type
				}
				decls[id.Name] = ""
				if len(s.Rhs) == len(s.Lhs) {
					decls[id.Name] = exprType(s.Rhs[i])
				}
			}
		}
	}
	delete(decls, "_")
	return decls, nil
}

// exprType is the default type of a literal expression, or "".
func exprType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.BasicLit:
		switch e.Kind {
		case token.INT:
			return "int"
		case token.FLOAT:
			return "float64"
		case token.STRING:
			return "string"
		}
	case *ast.Ident:
		if e.Name == "true" || e.Name == "false" {
			return "bool"
		}
	case *ast.UnaryExpr:
		if e.Op == token.SUB || e.Op == token.ADD {
			return exprType(e.X)
		}
	case *ast.CallExpr: // a conversion such as float32(0.5)
		if len(e.Args) == 1 {
			return typeName(e.Fun)
		}
	}
	return ""
}

// typeName is the name of a predeclared basic type, or "".
func typeName(e ast.Expr) string {
	id, ok := e.(*ast.Ident)
	if !ok {
		return ""
	}
	switch id.Name {
	case "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
		"float32", "float64", "byte", "rune":
		if id.Name == "byte" {
			return "uint8"
		}
		if id.Name == "rune" {
			return "int32"
		}
		return id.Name
	}
	return ""
}

func declaredList(decls map[string]string) string {
	if len(decls) == 0 {
		return "nothing"
	}
	names := make([]string, 0, len(decls))
	for n := range decls {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
