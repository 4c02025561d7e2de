package notebook

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseParam(t *testing.T) {
	p, err := ParseParam("lr=0.1=x")
	if err != nil || p != (Param{"lr", "0.1=x"}) {
		t.Errorf("ParseParam = %+v, %v", p, err)
	}
	for _, bad := range []string{"novalue", "=3", "1x=3", "a b=3"} {
		if _, err := ParseParam(bad); err == nil {
			t.Errorf("ParseParam(%q): no error", bad)
		}
	}
}

const paramsCell = `// Parameters.
epochs := 10
lr := 0.01
name := "mnist"
var verbose = false
var batch int
var scale float32 = 2
var (
	label string
	d     = time.Second
)
const version = 3
for i := 0; i < 3; i++ {
	inLoop := i
	_ = inLoop
}`

func TestInject(t *testing.T) {
	tests := []struct {
		name   string
		params []Param
		want   string // injected source after the comment line, or the error
	}{
		{"kept as is", []Param{{"epochs", "3"}, {"lr", "1e-3"}, {"verbose", "true"}},
			"epochs = 3\nlr = 1e-3\nverbose = true"},
		{"string variable quotes numbers", []Param{{"name", "42"}, {"label", `say "hi"`}},
			"name = \"42\"\nlabel = \"say \\\"hi\\\"\""},
		{"typed declarations", []Param{{"batch", "0x20"}, {"scale", "3"}, {"lr", "-2"}},
			"batch = 0x20\nscale = 3\nlr = -2"},
		{"unknown type by appearance", []Param{{"d", "5*time.Second"}},
			"d = \"5*time.Second\""},
		{"undeclared", []Param{{"epoch", "3"}},
			`error: parameter epoch is not declared in the "parameters" cell; it declares: batch, d, epochs, label, lr, name, scale, verbose, version`},
		{"loop variables are not parameters", []Param{{"inLoop", "3"}},
			"error: parameter inLoop is not declared"},
		{"const", []Param{{"version", "4"}}, "error: parameter version is a const"},
		{"int mismatch", []Param{{"epochs", "ten"}},
			`error: parameter epochs=ten: epochs is int in the "parameters" cell, and "ten" is not an integer literal`},
		{"bool mismatch", []Param{{"verbose", "yes"}}, "error: parameter verbose=yes: verbose is bool"},
		{"float mismatch", []Param{{"lr", "NaN"}}, "error: parameter lr=NaN: lr is float64"},
		{"twice", []Param{{"lr", "1"}, {"lr", "2"}}, "error: parameter lr given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := codeNotebook("out before", paramsCell, "out after")
			nb.Cells[2].Metadata = map[string]any{"tags": []any{"parameters"}}
			warning, err := Inject(nb, tt.params)
			if strings.HasPrefix(tt.want, "error: ") {
				if err == nil || !strings.HasPrefix(err.Error(), strings.TrimPrefix(tt.want, "error: ")) {
					t.Errorf("err = %v, want %s", err, tt.want)
				}
				return
			}
			if err != nil || warning != "" {
				t.Fatalf("Inject: %q, %v", warning, err)
			}
			if len(nb.Cells) != 5 {
				t.Fatalf("%d cells after Inject, want 5", len(nb.Cells))
			}
			c := nb.Cells[3]
			if !c.HasTag(InjectedTag) || c.ID != InjectedTag || c.Type != "code" {
				t.Errorf("injected cell %+v", c)
			}
			if _, src, _ := strings.Cut(c.Source, "\n"); src != tt.want {
				t.Errorf("injected source:\n%s\nwant:\n%s", src, tt.want)
			}
			rec := map[string]any{}
			for _, p := range tt.params {
				rec[p.Name] = p.Value
			}
			if got := nb.Metadata["gopherlab"].(map[string]any)["parameters"]; !reflect.DeepEqual(got, rec) {
				t.Errorf("metadata.gopherlab.parameters = %v, want %v", got, rec)
			}
		})
	}
}

func TestInjectReplacesEarlierInjection(t *testing.T) {
	nb := codeNotebook("epochs := 1")
	nb.Cells[1].Metadata = map[string]any{"tags": []any{"parameters"}}
	for _, v := range []string{"2", "3"} {
		if _, err := Inject(nb, []Param{{"epochs", v}}); err != nil {
			t.Fatal(err)
		}
	}
	if len(nb.Cells) != 3 || !strings.HasSuffix(nb.Cells[2].Source, "epochs = 3") {
		t.Errorf("cells after two injections: %d, last %q", len(nb.Cells), nb.Cells[len(nb.Cells)-1].Source)
	}
}

func TestInjectWithoutParametersCell(t *testing.T) {
	nb := codeNotebook("get epochs")
	nb.NbformatMinor = 4
	warning, err := Inject(nb, []Param{{"epochs", "5"}, {"name", "x"}})
	if err != nil || !strings.Contains(warning, `no cell tagged "parameters"`) {
		t.Fatalf("Inject: %q, %v", warning, err)
	}
	c := nb.Cells[0]
	if c.ID != "" {
		t.Errorf("nbformat 4.4 cell got an id %q", c.ID)
	}
	if want := "// Parameters injected by gopherlab run.\nvar epochs = 5\nvar name = \"x\""; c.Source != want {
		t.Errorf("injected source %q, want %q", c.Source, want)
	}
	r := Runner{NewSession: func() (Executor, error) { return newFake(), nil }}
	if err := r.Run(t.Context(), "p", nb); err != nil {
		t.Fatal(err)
	}
	if got := nb.Cells[2].Outputs[0].Text; got != "5\n" {
		t.Errorf("cell after injection printed %q, want the parameter", got)
	}
}

func TestInjectNothing(t *testing.T) {
	nb := codeNotebook("out a")
	if w, err := Inject(nb, nil); w != "" || err != nil || len(nb.Cells) != 2 || nb.Metadata != nil {
		t.Errorf("Inject(nil) changed the notebook: %q %v", w, err)
	}
}

func TestInjectUnparsableParametersCell(t *testing.T) {
	nb := codeNotebook("x := (")
	nb.Cells[1].Metadata = map[string]any{"tags": []any{"parameters"}}
	if _, err := Inject(nb, []Param{{"x", "1"}}); err == nil || !strings.Contains(err.Error(), "cannot parse") {
		t.Errorf("err = %v", err)
	}
}
