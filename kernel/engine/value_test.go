package engine

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
)

// TestFinalValues checks the rich value of a cell's last expression.
func TestFinalValues(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		mime  string // a key the bundle must have besides text/plain
		plain string // expected text/plain ("" to skip)
	}{
		{"int", []string{"6 * 7"}, "", "42"},
		{"struct", []string{"type P struct{ X, Y int }", "P{1, 2}"}, "", "{X:1 Y:2}"},
		{"image is png", []string{"img := image.NewRGBA(image.Rect(0, 0, 4, 3))", "img"}, "image/png", ""},
		{"plot is png", []string{"p := plot.New()\np.Title.Text = \"t\"", "p"}, "image/png", ""},
		{"compiled MIMEBundle", []string{`display.Raw("text/html", "<b>hi</b>")`}, "text/html", "<b>hi</b>"},
		{"cell type MIMEBundle", []string{
			"type Card struct{ Title string }\nfunc (c Card) MIMEBundle() map[string]any { return map[string]any{\"text/html\": \"<h1>\" + c.Title + \"</h1>\"} }",
			`Card{"x"}`}, "text/html", ""},
		{"cell type MIMEBundle, pointer receiver", []string{
			"type Card struct{ Title string }\nfunc (c *Card) MIMEBundle() map[string]any { return map[string]any{\"text/markdown\": c.Title} }",
			`&Card{"x"}`}, "text/markdown", ""},
		{"returned by a cell function", []string{
			"type Card struct{ Title string }\nfunc (c Card) MIMEBundle() map[string]any { return map[string]any{\"text/html\": c.Title} }\nfunc NewCard() Card { return Card{\"n\"} }",
			"NewCard()"}, "text/html", ""},
		{"cell type with String", []string{"type Temp float64\nfunc (t Temp) String() string { return fmt.Sprintf(\"%.1f°C\", float64(t)) }", "Temp(21.5)"}, "", "21.5°C"},
		{"compiled Stringer", []string{"3 * time.Second"}, "", "3s"},
		{"a call with two results shows no value", []string{`strconv.Atoi("5")`}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t)
			for _, c := range tt.cells[:len(tt.cells)-1] {
				run(t, s, c)
			}
			d, err := s.Execute(context.Background(), tt.cells[len(tt.cells)-1], newFake())
			if err != nil {
				t.Fatal(err)
			}
			if tt.mime == "" && tt.plain == "" {
				if d != nil {
					t.Fatalf("value %v, want none", d.Bundle)
				}
				return
			}
			if d == nil {
				t.Fatal("no value")
			}
			if _, ok := d.Bundle["text/plain"].(string); !ok {
				t.Errorf("no text/plain in %v", d.Bundle)
			}
			if tt.plain != "" && d.Bundle["text/plain"] != tt.plain {
				t.Errorf("text/plain %q, want %q", d.Bundle["text/plain"], tt.plain)
			}
			if tt.mime != "" && d.Bundle[tt.mime] == nil {
				t.Fatalf("no %s in %v", tt.mime, d.Bundle)
			}
			if tt.mime == "image/png" {
				if _, err := png.Decode(bytes.NewReader(d.Bundle["image/png"].([]byte))); err != nil {
					t.Errorf("bad png: %v", err)
				}
			}
		})
	}
}

func TestRedefinedTypeLosesMIMEBundle(t *testing.T) {
	s := newSession(t)
	run(t, s, "type C struct{}\nfunc (C) MIMEBundle() map[string]any { return map[string]any{\"text/html\": \"h\"} }")
	run(t, s, "type C struct{ N int }")
	d, err := s.Execute(context.Background(), "C{2}", newFake())
	if err != nil {
		t.Fatal(err)
	}
	if d.Bundle["text/html"] != nil || d.Bundle["text/plain"] != "{N:2}" {
		t.Errorf("bundle %v", d.Bundle)
	}
}

func TestDisplayFromCell(t *testing.T) {
	s := newSession(t)
	out := newFake()
	d, err := s.Execute(context.Background(), "display.HTML(\"<i>a</i>\")\nh := display.New()\nh.Markdown(\"1\")\nh.Markdown(\"2\")", out)
	if err != nil || d != nil {
		t.Fatalf("value %v err %v; display calls must leave no value", d, err)
	}
	if len(out.displays) != 3 || out.displays[0].Bundle["text/html"] != "<i>a</i>" ||
		!out.displays[2].Update || out.displays[2].ID != out.displays[1].ID {
		t.Errorf("displays %+v", out.displays)
	}
	var ctxOK string
	ctxOK, _ = run(t, s, "display.Context().Err() == nil")
	if ctxOK != "true" {
		t.Errorf("display.Context in a cell: %s", ctxOK)
	}
}

func TestDisplayShowOfCellTypes(t *testing.T) {
	s := newSession(t)
	out := newFake()
	_, err := s.Execute(context.Background(), `
type Card struct{ Title string }
func (c Card) MIMEBundle() map[string]any { return map[string]any{"text/html": "<h1>" + c.Title + "</h1>"} }
type Plain struct{ N int }
func (Plain) Twice() int { return 2 }
display.Show(Card{"x"})
display.Show(Plain{3})
display.Show(42)`, out)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.displays) != 3 {
		t.Fatalf("%d displays", len(out.displays))
	}
	if got := out.displays[0].Bundle["text/html"]; got != "<h1>x</h1>" {
		t.Errorf("cell type with MIMEBundle: %v", out.displays[0].Bundle)
	}
	if got := out.displays[1].Bundle["text/plain"]; got != "{N:3}" {
		t.Errorf("cell type with methods: %v", got)
	}
	if got := out.displays[2].Bundle["text/plain"]; got != "42" {
		t.Errorf("int: %v", got)
	}
}

func TestPreferredImportsCoverAmbiguousNames(t *testing.T) {
	s := newSession(t)
	for name, paths := range s.pkgs.ambiguous() {
		pref, ok := PreferredImports[name]
		if !ok {
			t.Errorf("package name %s is ambiguous (%s): add it to PreferredImports", name, strings.Join(paths, ", "))
			continue
		}
		if s.pkgs.byName[name] != pref {
			t.Errorf("%s auto-imports %q, want %q", name, s.pkgs.byName[name], pref)
		}
	}
}

func TestComplete(t *testing.T) {
	s := newSession(t)
	run(t, s, "myValue := 1\nfunc myFunc() {}")
	tests := []struct {
		code       string
		cursor     int
		want       string
		start, end int
	}{
		{"strings.ToU", 11, "ToUpper", 8, 11},
		{"x := myV", 8, "myValue", 5, 8},
		{"myF", 3, "myFunc", 0, 3},
		{"fun", 3, "func", 0, 3},
		{"mat.NewD", 8, "NewDense", 4, 8},
		{"s := \"é\"; strin", 15, "strings", 10, 15}, // cursor in code points
	}
	for _, tt := range tests {
		c := s.Complete(tt.code, tt.cursor)
		found := false
		for _, m := range c.Matches {
			if m == tt.want {
				found = true
			}
			if strings.HasPrefix(m, "__gl") {
				t.Errorf("%q: internal name %s offered", tt.code, m)
			}
		}
		if !found || c.Start != tt.start || c.End != tt.end {
			t.Errorf("Complete(%q, %d) = %v [%d,%d), want %s in [%d,%d)", tt.code, tt.cursor, c.Matches, c.Start, c.End, tt.want, tt.start, tt.end)
		}
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t)
	run(t, s, "func area(w, h float64) float64 { return w * h }")
	tests := []struct {
		code   string
		cursor int
		want   string
	}{
		{"strings.ToUpper(x)", 10, "func strings.ToUpper(string) string"},
		{"area(1, 2)", 2, "func area(w, h float64) float64"},
		{"x := math.Pi", 11, "const math.Pi"},
		{"fmt", 1, `package fmt // import "fmt"`},
	}
	for _, tt := range tests {
		in := s.Inspect(tt.code, tt.cursor, 0)
		if !in.Found || !strings.Contains(in.Bundle["text/plain"].(string), tt.want) {
			t.Errorf("Inspect(%q) = %+v, want %q", tt.code, in, tt.want)
		}
	}
	if in := s.Inspect("nothingHere", 3, 0); in.Found {
		t.Errorf("unknown name found: %+v", in)
	}
}

func TestIsComplete(t *testing.T) {
	s := newSession(t)
	tests := []struct{ code, status, indent string }{
		{"x := 1", "complete", ""},
		{"func f() {", "incomplete", "    "},
		{"for {\n\tif x {", "incomplete", "        "},
		{"s := `raw", "incomplete", ""},
		{"x := 1 +", "incomplete", "    "},
		{"x := )", "invalid", ""},
		{"!ls -", "complete", ""},
		{"%time x := 1 +", "complete", ""},
		{"%env A=1\nfor {", "incomplete", "    "},
		{"%%time", "incomplete", ""},
		{"%%time\nx := 1\n", "complete", ""},
	}
	for _, tt := range tests {
		st, in := s.IsComplete(tt.code)
		if st != tt.status || in != tt.indent {
			t.Errorf("IsComplete(%q) = %q %q, want %q %q", tt.code, st, in, tt.status, tt.indent)
		}
	}
}
