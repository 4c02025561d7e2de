package engine

import (
	"fmt"
	"github.com/gopherlab/gopherlab/kernel/preprocess"
	"github.com/gopherlab/gopherlab/kernel/symdoc"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

var keywords = func() []string {
	var k []string
	for t := token.BREAK; t <= token.VAR; t++ {
		if t.IsKeyword() {
			k = append(k, t.String())
		}
	}
	return k
}()

var predeclared = []string{
	"any", "bool", "byte", "comparable", "complex64", "complex128", "error", "false", "float32",
	"float64", "int", "int8", "int16", "int32", "int64", "iota", "nil", "rune", "string", "true",
	"uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "new",
	"panic", "print", "println", "real", "recover",
}

// byteOffset converts a cursor in code points to a byte offset in code.
func byteOffset(code string, cursor int) int {
	off := 0
	for i := 0; i < cursor && off < len(code); i++ {
		_, n := utf8.DecodeRuneInString(code[off:])
		off += n
	}
	return off
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// identAt returns the identifier around byte offset off: its start, end,
// and, when it follows "X." or "X.Y.", the qualifier X (X.Y).
func identAt(code string, off int) (start, end int, qual string) {
	start, end = off, off
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= n
	}
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += n
	}
	if start > 0 && code[start-1] == '.' {
		q := start - 1
		for q > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:q])
			if !isIdentRune(r) && r != '.' {
				break
			}
			q -= n
		}
		qual = strings.Trim(code[q:start-1], ".")
	}
	return start, end, qual
}

// Complete proposes completions for the identifier before the cursor (in
// code points, anywhere in the cell): after "pkg." the exported names of a
// preloaded or imported package; after "x." or "x.f." the fields and
// methods of that value's type (see members); otherwise Go keywords, predeclared names, names the session defined and
// package names.
func (s *Session) Complete(code string, cursor int) Completion {
	off := byteOffset(code, cursor)
	start, _, qual := identAt(code, off)
	prefix := code[start:off]
	var cands []string
	if qual != "" {
		if syms := s.pkgSymbols(qual); syms != nil {
			for name := range syms {
				if token.IsExported(name) {
					cands = append(cands, name)
				}
			}
		} else {
			cands = s.members(qual)
		}
	} else {
		cands = append(cands, keywords...)
		cands = append(cands, predeclared...)
		s.mu.Lock()
		for name := range s.decls {
			cands = append(cands, name)
		}
		for name := range s.imports {
			cands = append(cands, name)
		}
		s.mu.Unlock()
		for name := range s.pkgs.byName {
			cands = append(cands, name)
		}
	}
	seen := map[string]bool{}
	var matches []string
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !strings.HasPrefix(c, "__gl") && !seen[c] {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	startCP := utf8.RuneCountInString(code[:start])
	return Completion{Matches: matches, Start: startCP, End: cursor, Metadata: map[string]any{}}
}

// pkgSymbols returns the symbols of the package a name refers to in the
// session (imported) or would refer to (auto-import).
func (s *Session) pkgSymbols(name string) map[string]reflect.Value {
	return s.pkgs.byPath[s.pkgPath(name)]
}

// pkgPath is the import path of the package name refers to, or "".
func (s *Session) pkgPath(name string) string {
	if strings.Contains(name, ".") {
		return ""
	}
	s.mu.Lock()
	path, ok := s.imports[name]
	s.mu.Unlock()
	if !ok {
		path = s.pkgs.byName[name]
	}
	return path
}

// Inspect describes the identifier under the cursor: a preloaded package
// symbol by its Go type and doc comment (from kernel/symdoc), a field or
// method of a session value (x.f) by its declaration and doc, a session
// name by its declaration.
func (s *Session) Inspect(code string, cursor, detailLevel int) Inspection {
	start, end, qual := identAt(code, byteOffset(code, cursor))
	name := code[start:end]
	if name == "" {
		return Inspection{}
	}
	var text, doc string
	if qual != "" {
		if syms := s.pkgSymbols(qual); syms != nil {
			if v, ok := syms[name]; ok {
				text = describe(qual+"."+name, v)
				doc = symdoc.Lookup(s.pkgPath(qual), name)
			}
		} else {
			text, doc = s.describeMember(qual, name)
		}
	} else {
		s.mu.Lock()
		src, ok := s.decls[name]
		path, isPkg := s.imports[name]
		s.mu.Unlock()
		if !isPkg {
			path, isPkg = s.pkgs.byName[name]
		}
		switch {
		case ok:
			text = src
		case isPkg:
			text = fmt.Sprintf("package %s // import %q", name, path)
		}
	}
	if text == "" {
		return Inspection{}
	}
	md := "```go\n" + text + "\n```"
	if doc != "" {
		text += "\n\n" + doc
		md += "\n\n" + doc
	}
	return Inspection{Found: true, Bundle: map[string]any{"text/plain": text, "text/markdown": md}}
}

// describe writes a preloaded symbol as Go would declare it. yaegi tables
// hold a type as a nil pointer to it, a variable as a pointer, and a
// constant or function as its value.
func describe(name string, v reflect.Value) string {
	t := v.Type()
	switch {
	case v.Kind() == reflect.Func:
		return "func " + name + strings.TrimPrefix(t.String(), "func")
	case v.Kind() == reflect.Pointer && v.IsNil():
		return fmt.Sprintf("type %s %s", name, t.Elem().Kind())
	case v.Kind() == reflect.Pointer:
		return fmt.Sprintf("var %s %s", name, t.Elem())
	}
	return fmt.Sprintf("const %s %s = %v", name, t, v)
}

// IsComplete tells a front end whether code can run as is ("complete"),
// needs more lines ("incomplete", with the indent for the next line),
// cannot be fixed by more lines ("invalid"); see preprocess.IsComplete
// for the grammar it follows. Magic and shell lines (see Magics) are
// complete lines of their own; a cell magic (%%time) is complete at an
// empty line.
func (s *Session) IsComplete(code string) (status, indent string) {
	lines := strings.Split(code, "\n")
	if strings.HasPrefix(strings.TrimSpace(lines[0]), "%%") {
		// A cell magic takes the lines up to an empty one.
		if len(lines) > 1 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			return preprocess.Complete, ""
		}
		return preprocess.Incomplete, ""
	}
	var goText strings.Builder
	for _, line := range lines {
		if t := strings.TrimSpace(line); (strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!")) && goComplete(goText.String()) {
			line = "" // a magic line is whole by itself
		}
		goText.WriteString(line + "\n")
	}
	return preprocess.IsComplete(strings.TrimSuffix(goText.String(), "\n"))
}
