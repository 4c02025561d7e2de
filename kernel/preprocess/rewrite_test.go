package preprocess

import (
	"strings"
	"testing"
)

// rewriteCases are cells and their exact rewrites. The rewriter uses
// failImporter, so example.com packages are unknown to go/types and the
// syntactic fallbacks apply.
var rewriteCases = []struct{ name, cell, want string }{
	{"range int literal",
		"for i := range 10 {\n\tfmt.Println(i)\n}",
		"for __glI1, __glN2 := 0, 10; __glI1 < __glN2; __glI1++ { i := __glI1; _ = i;\n\tfmt.Println(i)\n}"},
	{"range int no key",
		"n := 2\nfor range n {\n}",
		"n := 2\nfor __glI1, __glN2 := 0, n; __glI1 < __glN2; __glI1++ {\n}"},
	{"range int typed",
		"var n int64 = 5\nfor i := range n { _ = i }",
		"var n int64 = 5\nfor __glI1, __glN2 := int64(0), n; __glI1 < __glN2; __glI1++ { i := __glI1; _ = i; _ = i }"},
	{"range int assign",
		"var i int\nfor i = range 3 {\n}",
		"var i int\nfor __glI1, __glN2 := 0, 3; __glI1 < __glN2; __glI1++ { i = __glI1;\n}"},
	{"range int blank",
		"for _ = range 3 {\n}",
		"for __glI1, __glN2 := 0, 3; __glI1 < __glN2; __glI1++ {\n}"},
	{"range int len cue",
		"import \"example.com/nosuch\"\nfor i := range len(nosuch.Xs) - 1 { _ = i }",
		"import \"example.com/nosuch\"\nfor __glI1, __glN2 := 0, len(nosuch.Xs) - 1; __glI1 < __glN2; __glI1++ { i := __glI1; _ = i; _ = i }"},
	{"range unknown left",
		"import \"example.com/nosuch\"\nfor i := range nosuch.N { _ = i }",
		"import \"example.com/nosuch\"\nfor i := range nosuch.N { _ = i }"},
	{"range slice untouched",
		"for i, x := range []int{1} { _, _ = i, x }",
		"for i, x := range []int{1} { _, _ = i, x }"},
	{"nested range int min",
		"for i := range 3 {\n\tfor j := range i { _ = min(i, j) }\n}",
		"for __glI1, __glN2 := 0, 3; __glI1 < __glN2; __glI1++ { i := __glI1; _ = i;\n\tfor __glI3, __glN4 := 0, i; __glI3 < __glN4; __glI3++ { j := __glI3; _ = j; _ = __glMin[int](i, j) }\n}"},
	{"loopvar closure",
		"for i := 0; i < 3; i++ {\n\tgo func() { println(i) }()\n}",
		"for __glV1 := 0; __glV1 < 3; __glV1++ { i := __glV1;\n\tgo func() { println(i) }()\n}"},
	{"loopvar address",
		"var ps []*int\nfor i := 0; i < 3; i++ { ps = append(ps, &i) }",
		"var ps []*int\nfor __glV1 := 0; __glV1 < 3; __glV1++ { i := __glV1; ps = append(ps, &i) ; __glV1 = i }"},
	{"loopvar no closure",
		"for i := 0; i < 3; i++ { println(i) }",
		"for i := 0; i < 3; i++ { println(i) }"},
	{"loopvar modified",
		"var fs []func()\nfor i := 0; i < 9; i++ {\n\tfs = append(fs, func() { println(i) })\n\tif i == 2 {\n\t\tcontinue\n\t}\n\ti++\n}",
		"var fs []func()\nfor __glV1 := 0; __glV1 < 9; __glV1++ { i := __glV1;\n\tfs = append(fs, func() { println(i) })\n\tif i == 2 {\n\t\t{ __glV1 = i; continue }\n\t}\n\ti++\n; __glV1 = i }"},
	{"loopvar shadowed",
		"var fs []func()\nfor i := 0; i < 3; i++ {\n\tfs = append(fs, func() { println(i) })\n\ti := i * 2\n\t_ = i\n}",
		"var fs []func()\nfor __glV1 := 0; __glV1 < 3; __glV1++ { i := __glV1; {\n\tfs = append(fs, func() { println(i) })\n\ti := i * 2\n\t_ = i\n}}"},
	{"loopvar shadowed modified",
		"var fs []func()\nfor i := 0; i < 3; i++ {\n\tfs = append(fs, func() { println(i) })\n\ti++\n\ti := 5\n\t_ = i\n}",
		"var fs []func()\nfor __glV1 := 0; __glV1 < 3; __glV1++ { i := __glV1; {\n\tfs = append(fs, func() { println(i) })\n\ti++\n\ti := 5\n\t_ = i\n}; __glV1 = i }"},
	{"loopvar range",
		"m := map[string]int{}\nfor k, v := range m {\n\tdefer func() { println(k, v) }()\n}",
		"m := map[string]int{}\nfor __glV1, __glV2 := range m { k, v := __glV1, __glV2;\n\tdefer func() { println(k, v) }()\n}"},
	{"loopvar in a func keeps its name",
		"func f() {\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() { println(i) }()\n\t}\n}",
		"func f() {\n\tfor i := 0; i < 3; i++ { i := i;\n\t\tgo func() { println(i) }()\n\t}\n}"},
	{"multi define in a nested top-level block",
		"func f() (int, error) { return 1, nil }\nvar err error\nfor i := 0; i < 2; i++ {\n\tn, err := f()\n\t_, _ = n, err\n\tif _, ok := any(n).(int); ok {\n\t}\n}",
		"func f() (int, error) { return 1, nil }\nvar err error\nfor i := 0; i < 2; i++ {\n\tvar n int; var err error; n, err = f()\n\t_, _ = n, err\n\t{ var ok bool; if _, ok = any(n).(int); ok {\n\t} }\n}"},
	{"multi define in an if or switch header at the top level",
		"m := map[int]string{}\nif v, ok := m[1]; ok {\n\tprintln(v)\n} else if w, ok := m[2]; ok {\n\tprintln(w)\n}\nfor i := 0; i < 2; i++ {\n\tswitch s, ok := m[i]; {\n\tcase ok:\n\t\tprintln(s)\n\t}\n}\nfunc g() {\n\tif v, ok := m[1]; ok {\n\t\tprintln(v)\n\t}\n}",
		"m := map[int]string{}\n{ var v string; var ok bool; if v, ok = m[1]; ok {\n\tprintln(v)\n} else { var w string; var ok bool; if w, ok = m[2]; ok {\n\tprintln(w)\n} } }\nfor i := 0; i < 2; i++ {\n\t{ var s string; var ok bool; switch s, ok = m[i]; {\n\tcase ok:\n\t\tprintln(s)\n\t} }\n}\nfunc g() {\n\tif v, ok := m[1]; ok {\n\t\tprintln(v)\n\t}\n}"},
	{"multi define in a func is left alone",
		"func g() {\n\tif true {\n\t\ta, b := 1, 2\n\t\t_, _ = a, b\n\t}\n}",
		"func g() {\n\tif true {\n\t\ta, b := 1, 2\n\t\t_, _ = a, b\n\t}\n}"},
	{"generic result at the top level gets its type",
		"func F[T any](x T) []T { return []T{x} }\nys := F(2)\nvar zs = F(\"a\")\nfunc g() { a := F(1); _ = a }",
		"func F[T any](x T) []T { return []T{x} }\nvar ys []int = F[int](2)\nvar zs []string = F[string](\"a\")\nfunc g() { a := F[int](1); _ = a }"},
	{"top-level variables initialised by indexing become a declaration and an assignment",
		"import \"strings\"\nk := strings.Fields(\"a b\")[0]\nvar n = len(strings.Fields(\"a\")[0:1][0])\nvar b byte = k[0]\nvar (\n\tg = k[0]\n)\nfunc f() { x := k[0]; _ = x }\nxs := []int{1}[:1]\n_ = xs[0]",
		"import \"strings\"\nvar k string; k = strings.Fields(\"a b\")[0]\nvar n int; n = len(strings.Fields(\"a\")[0:1][0])\nvar b byte; b = k[0]\nvar (\n\tg = k[0]\n)\nfunc f() { x := k[0]; _ = x }\nxs := []int{1}[:1]\n_ = xs[0]"},
	{"a package's slice variable spread into a variadic call is sliced",
		"import (\n\t\"os\"\n\t\"path/filepath\"\n)\nargs := []string{\"a\"}\n_ = filepath.Join(os.Args...)\n_ = filepath.Join(args...)\n_ = append([]byte(nil), os.Args[0]...)",
		"import (\n\t\"os\"\n\t\"path/filepath\"\n)\nargs := []string{\"a\"}\n_ = filepath.Join(os.Args[:]...)\n_ = filepath.Join(args...)\n_ = append([]byte(nil), os.Args[0]...)"},
	{"defer arguments are evaluated at the defer",
		"func d(xs []int) {\n\tx := 1\n\tdefer println(x, \" \", 2)\n\tfor i := 0; i < 3; i++ {\n\t\tdefer println(i+x, xs[i], len(xs))\n\t}\n\tdefer func() {}()\n}",
		"func d(xs []int) {\n\tx := 1\n\t{ __glA1 := x; defer println(__glA1, \" \", 2) }\n\tfor i := 0; i < 3; i++ {\n\t\t{ __glA2, __glA3 := i+x, xs[i]; defer println(__glA2, __glA3, len(xs)) }\n\t}\n\tdefer func() {}()\n}"},
	{"top-level defer left for the engine to reject",
		"x := 1\ndefer println(x)",
		"x := 1\ndefer println(x)"},
	{"range func",
		"seq := func(yield func(int) bool) {}\nfor x := range seq {\n\tif x == 1 {\n\t\tcontinue\n\t}\n\tif x > 5 {\n\t\tbreak\n\t}\n\tprintln(x)\n}",
		"seq := func(yield func(int) bool) {}\nseq(func(x int) bool {\n\tif x == 1 {\n\t\treturn true\n\t}\n\tif x > 5 {\n\t\treturn false\n\t}\n\tprintln(x)\n; return true })"},
	{"range func one line",
		"seq := func(yield func(int) bool) {}\nfor x := range seq { println(x) }",
		"seq := func(yield func(int) bool) {}\nseq(func(x int) bool { println(x) ; return true })"},
	{"range func seq2 assign",
		"var k string\nvar v int\nseq := func(yield func(string, int) bool) {}\nfor k, v = range seq {\n}",
		"var k string\nvar v int\nseq := func(yield func(string, int) bool) {}\nseq(func(__glV1 string, __glV2 int) bool { k = __glV1; v = __glV2;\n; return true })"},
	{"range func no vars",
		"seq := func(yield func(int) bool) {}\nfor range seq {\n}",
		"seq := func(yield func(int) bool) {}\nseq(func(_ int) bool {\n; return true })"},
	{"range func return",
		"func find(seq func(func(int, string) bool)) (int, error) {\n\tfor i, s := range seq {\n\t\tif s == \"\" {\n\t\t\treturn i, nil\n\t\t}\n\t}\n\treturn 0, nil\n}",
		"func find(seq func(func(int, string) bool)) (int, error) {\n\t__glRet1 := false; var __glR2 int; var __glR3 error; seq(func(i int, s string) bool {\n\t\tif s == \"\" {\n\t\t\t{ __glRet1 = true; __glR2, __glR3 = i, nil; return false }\n\t\t}\n\t; return true }); if __glRet1 { return __glR2, __glR3 }\n\treturn 0, nil\n}"},
	{"range func named results",
		"func find(seq func(func(int) bool)) (n int) {\n\tfor i := range seq {\n\t\treturn i\n\t}\n\treturn\n}",
		"func find(seq func(func(int) bool)) (n int) {\n\t__glRet1 := false; seq(func(i int) bool {\n\t\t{ __glRet1 = true; n = i; return false }\n\t; return true }); if __glRet1 { return }\n\treturn\n}"},
	{"range func own label",
		"func f(seq func(func(int) bool)) {\nouter:\n\tfor i := range seq {\n\t\tfor j := range 3 {\n\t\t\tif i == j {\n\t\t\t\tcontinue outer\n\t\t\t}\n\t\t}\n\t}\n}",
		"func f(seq func(func(int) bool)) {\n\n\tseq(func(i int) bool {\n\t\tfor __glI1, __glN2 := 0, 3; __glI1 < __glN2; __glI1++ { j := __glI1; _ = j;\n\t\t\tif i == j {\n\t\t\t\treturn true\n\t\t\t}\n\t\t}\n\t; return true })\n}"},
	{"range func switch break",
		"seq := func(yield func(int) bool) {}\nfor x := range seq {\n\tswitch x {\n\tcase 1:\n\t\tbreak\n\t}\n}",
		"seq := func(yield func(int) bool) {}\nseq(func(x int) bool {\n\tswitch x {\n\tcase 1:\n\t\tbreak\n\t}\n; return true })"},
	{"min max",
		"a, b := 3, 7\nx := 2.5\nprintln(min(a, b), max(a, b, 9), min(x, 1), max(\"go\", \"lab\"))",
		"a, b := 3, 7\nx := 2.5\nprintln(__glMin[int](a, b), __glMax[int](a, b, 9), __glMin[float64](x, 1), string(\"lab\"))"},
	{"min max const",
		"const c = max(1, 2.5, 2)\nconst d = min(1, 2.5)\ntype Celsius float64\nconst e Celsius = 3\nvar f = min(e, 5)",
		"const c = (2.5)\nconst d = (1 + 0.0)\ntype Celsius float64\nconst e Celsius = 3\nvar f = Celsius(e)"},
	{"clear",
		"m := map[string][]int{}\ns := []float64{}\nclear(m)\nclear(s)",
		"m := map[string][]int{}\ns := []float64{}\n__glClearMap[string, []int](m)\n__glClearSlice[float64](s)"},
	{"clear unknown",
		"import \"example.com/nosuch\"\nclear(nosuch.M)",
		"import \"example.com/nosuch\"\nclear(nosuch.M)"},
	{"generic inference",
		"func Map[T, U any](xs []T, f func(T) U) []U { return nil }\nys := Map([]int{1}, func(i int) string { return \"\" })\nzs := Map[int]([]int{1}, func(i int) float64 { return 0 })",
		"func Map[T, U any](xs []T, f func(T) U) []U { return nil }\nvar ys []string = Map[int, string]([]int{1}, func(i int) string { return \"\" })\nvar zs []float64 = Map[int, float64]([]int{1}, func(i int) float64 { return 0 })"},
	{"generic explicit: only the variable type is added",
		"func Id[T any](x T) T { return x }\ny := Id[int](1)",
		"func Id[T any](x T) T { return x }\nvar y int = Id[int](1)"},
	{"stdlib generic",
		"import \"slices\"\nxs := []float64{3, 1}\nslices.Sort(xs)\nm := slices.Max(xs)\ni := slices.Index(xs, 1)",
		"import \"slices\"\nxs := []float64{3, 1}\n__glSlicesSort[float64](xs)\nvar m float64 = __glSlicesMax[float64](xs)\nvar i int = slices.Index[[]float64, float64](xs, 1)"},
	{"maps iter",
		"import (\n\t\"maps\"\n\t\"slices\"\n)\nm := map[string]int{}\nks := slices.Sorted(maps.Keys(m))\nfor k, v := range maps.All(m) {\n\tprintln(k, v)\n}",
		"import (\n\t\"maps\"\n\t\"slices\"\n)\nm := map[string]int{}\nvar ks []string = __glSlicesSorted[string](__glMapsKeys[string, int](m))\n__glMapsAll[string, int](m)(func(k string, v int) bool {\n\tprintln(k, v)\n; return true })"},
	{"cmp untyped",
		"import \"cmp\"\nc := cmp.Compare(2.5, 1)",
		"import \"cmp\"\nvar c int = cmp.Compare[float64](2.5, 1)"},
}

func TestRewrite(t *testing.T) {
	for _, tc := range rewriteCases {
		t.Run(tc.name, func(t *testing.T) {
			r := New()
			r.Importer = failImporter{}
			got, err := r.Rewrite(tc.cell)
			if err != nil {
				t.Fatalf("Rewrite: %v", err)
			}
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if strings.Count(got, "\n") != strings.Count(tc.cell, "\n") {
				t.Errorf("rewrite changed the number of lines")
			}
		})
	}
}

func TestRewritePackageClause(t *testing.T) {
	cell := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := range 2 {\n\t\tfmt.Println(i)\n\t}\n}\n"
	want := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor __glI1, __glN2 := 0, 2; __glI1 < __glN2; __glI1++ { i := __glI1; _ = i;\n\t\tfmt.Println(i)\n\t}\n}\n"
	got, err := Rewrite(cell)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRewriteDotImport(t *testing.T) {
	cell := "import . \"time\"\nvar d Duration\nfor i := range d {}"
	want := "import . \"time\"\nvar d Duration\nfor __glI1, __glN2 := Duration(0), d; __glI1 < __glN2; __glI1++ { i := __glI1; _ = i;}"
	got, err := Rewrite(cell)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRewriteErrors(t *testing.T) {
	for _, tc := range []struct{ name, cell, want string }{
		{"top-level return", "seq := func(yield func(int) bool) {}\nfor x := range seq {\n\tif x > 1 {\n\t\treturn\n\t}\n}",
			"cell line 4: return at the top level of a cell is not supported (the interpreter panics on it); put the code in a func and call it"},
		{"unnameable element type", "import (\n\t\"go/parser\"\n\t\"go/token\"\n\t\"slices\"\n)\nf, _ := parser.ParseFile(token.NewFileSet(), \"\", \"package p\", 0)\nfor d := range slices.Values(f.Decls) { println(d) }",
			"cell line 7: range over func: cannot name the element type go/ast.Decl in the cell; import its package"},
		{"syntax", "x := 1\nfor i := range 3 {\n", "cell line 2:19: syntax error: expected '}', found 'EOF'"},
		{"labeled continue out", `func f(seq func(func(int) bool)) {
outer:
	for j := range 3 {
		for i := range seq {
			if i == j {
				continue outer
			}
		}
	}
}`, "cell line 6: range over func with labeled continue outer to an outer statement is not supported in cells; move the loop into a func and return instead"},
		{"defer", `seq := func(yield func(int) bool) {}
for x := range seq {
	defer println(x)
}`, "cell line 3: defer inside a range-over-func loop is not supported in cells (it would run at the end of each iteration); move the defer out of the loop"},
		{"nested return", `func f(a, b func(func(int) bool)) int {
	for x := range a {
		for y := range b {
			return x + y
		}
	}
	return 0
}`, "cell line 4: return inside nested range-over-func loops is not supported in cells; return a flag from the inner loop instead"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Rewrite(tc.cell)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if got != tc.cell {
				t.Errorf("a failed rewrite must return the cell unchanged, got\n%s", got)
			}
		})
	}
}

func TestDeclare(t *testing.T) {
	r := New()
	if err := r.Declare("var n int64\nvar seq func(func(string) bool)"); err != nil {
		t.Fatal(err)
	}
	got, err := r.Rewrite("for i := range n { _ = i }\nfor s := range seq { println(s) }")
	if err != nil {
		t.Fatal(err)
	}
	want := "for __glI1, __glN2 := int64(0), n; __glI1 < __glN2; __glI1++ { i := __glI1; _ = i; _ = i }\n" +
		"seq(func(s string) bool { println(s) ; return true })"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if err := r.Declare("x := ("); err == nil {
		t.Errorf("Declare of a syntax error succeeded")
	}
}

// TestRewriteRemembersCells checks that a cell sees the variables, types and
// imports of earlier cells, and that a redeclaration replaces the old type.
func TestRewriteRemembersCells(t *testing.T) {
	r := New()
	for _, step := range []struct{ cell, want string }{
		{`import "time"`, `import "time"`},
		{"d := time.Duration(3)", "d := time.Duration(3)"},
		{"for i := range d {}", "for __glI1, __glN2 := time.Duration(0), d; __glI1 < __glN2; __glI1++ { i := __glI1; _ = i;}"},
		{"d := 2.5", "d := 2.5"},
		{"for i := range d {}", "for i := range d {}"}, // a float: left for yaegi to report
		{"type T struct{ n int }\nvar t T", "type T struct{ n int }\nvar t T"},
		{"for i := range t.n {}", "for __glI3, __glN4 := 0, t.n; __glI3 < __glN4; __glI3++ { i := __glI3; _ = i;}"},
	} {
		got, err := r.Rewrite(step.cell)
		if err != nil {
			t.Fatalf("Rewrite(%q): %v", step.cell, err)
		}
		if got != step.want {
			t.Errorf("Rewrite(%q) =\n%s\nwant\n%s", step.cell, got, step.want)
		}
	}
}
