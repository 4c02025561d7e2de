package preprocess

import "testing"

func TestIsComplete(t *testing.T) {
	for _, tc := range []struct {
		src, status, indent string
	}{
		{"", Complete, ""},
		{"x := 1", Complete, ""},
		{"fmt.Println(x)\n", Complete, ""},
		{"func f() {", Incomplete, "    "},
		{"func f() {\n\tif x {", Incomplete, "        "},
		{"func f() {\n\tif x {\n\t}\n}", Complete, ""},
		{"fmt.Println(1,", Incomplete, "    "},
		{"xs := []int{", Incomplete, "    "},
		{"m[", Incomplete, "    "},
		{"s := `line one", Incomplete, ""},
		{"s := `line one\nline two`", Complete, ""},
		{"/* a comment", Incomplete, ""},
		{"x := 1 /* c */", Complete, ""},
		{"x := 1 +", Incomplete, "    "},
		{"ok := a &&", Incomplete, "    "},
		{"x :=", Incomplete, "    "},
		{"v := obj.", Incomplete, "    "},
		{"f(a,\n", Incomplete, "    "},
		{"if x {\n} else", Incomplete, "    "},
		{"for", Incomplete, "    "},
		{"return", Complete, ""},
		{"i++", Complete, ""},
		{"func f()", Incomplete, ""},
		{"func (p *T) Name() string", Incomplete, ""},
		{"func f() int {\n\treturn 1\n}", Complete, ""},
		{"f := func() {}\n", Complete, ""},
		{"func() { fmt.Println() }()", Complete, ""},
		{"var f func()", Complete, ""},
		{")", Invalid, ""},
		{"f(]", Invalid, ""},
		{"}", Invalid, ""},
		{"s := \"abc\nx\"", Invalid, ""},
		{"x := 1 // trailing +", Complete, ""},
	} {
		status, indent := IsComplete(tc.src)
		if status != tc.status || indent != tc.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tc.src, status, indent, tc.status, tc.indent)
		}
	}
}
