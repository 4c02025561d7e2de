package engine

import (
	"slices"
	"strings"
	"testing"
)

// TestCompleteMembers completes the fields and methods of session values:
// cell types (methods through go/types, promoted members included),
// standard library values, and values of preloaded module packages
// (through reflect), with the cursor in the middle of a cell.
func TestCompleteMembers(t *testing.T) {
	s := newSession(t)
	run(t, s, `type Base struct{ ID int }
func (b *Base) Describe() string { return "base" }
type Point struct {
	Base
	X, Y float64
	label string
}
func (p Point) Norm() float64 { return p.X*p.X + p.Y*p.Y }
p := Point{X: 3, Y: 4}
var sb strings.Builder
m := mat.NewDense(2, 2, nil)
nested := struct{ Inner Point }{}`)
	tests := []struct {
		code   string
		cursor int
		want   []string
		not    []string
	}{
		{"p.", 2, []string{"Norm", "Describe", "X", "Y", "ID", "Base", "label"}, nil},
		{"p.N", 3, []string{"Norm"}, []string{"X"}},
		{"sb.Wr", 5, []string{"WriteString", "WriteByte", "WriteRune"}, []string{"Len"}},
		{"m.", 2, []string{"At", "Set", "Dims", "T"}, nil},
		{"nested.Inner.", 13, []string{"Norm", "X"}, nil},
		{"fmt.Println(p.X)\nq := p.No + 1\n", 26, []string{"Norm"}, nil},
	}
	for _, tt := range tests {
		c := s.Complete(tt.code, tt.cursor)
		for _, w := range tt.want {
			if !slices.Contains(c.Matches, w) {
				t.Errorf("Complete(%q, %d) = %v, missing %s", tt.code, tt.cursor, c.Matches, w)
			}
		}
		for _, n := range tt.not {
			if slices.Contains(c.Matches, n) {
				t.Errorf("Complete(%q, %d) = %v, should not offer %s", tt.code, tt.cursor, c.Matches, n)
			}
		}
	}
}

// BenchmarkComplete is the latency of a member completion in a session
// with a few declarations (target: well under 50 ms).
func BenchmarkComplete(b *testing.B) {
	s := newSession(b)
	run(b, s, "type T struct{ A, B int }\nfunc (T) M() {}\nv := T{}\nm := mat.NewDense(2, 2, nil)")
	for _, code := range []string{"v.", "m.", "strings.To", "xyz := v"} {
		b.Run(code, func(b *testing.B) {
			for b.Loop() {
				if c := s.Complete(code, len(code)); len(c.Matches) == 0 {
					b.Fatalf("no completion for %q", code)
				}
			}
		})
	}
}

// TestInspectDocs shows signatures with the doc comments of preloaded
// symbols, and the declarations of fields and methods of session values.
func TestInspectDocs(t *testing.T) {
	s := newSession(t)
	run(t, s, "type Shape struct{ W float64 }\nfunc (s Shape) Area() float64 { return s.W * s.W }\nsh := Shape{2}\nvar sb strings.Builder\nm := mat.NewDense(2, 2, nil)")
	tests := []struct {
		code   string
		cursor int
		want   []string
	}{
		{"strings.ToUpper", 10, []string{"func strings.ToUpper(string) string", "ToUpper returns s with all Unicode letters mapped to their upper case."}},
		{"mat.NewDense(2, 2, nil)", 5, []string{"func mat.NewDense(int, int, []float64) *mat.Dense", "NewDense creates a new Dense matrix"}},
		{"sh.Area()", 4, []string{"func (Shape).Area() float64"}},
		{"sh.W", 3, []string{"field W float64"}},
		{"sb.WriteString(\"x\")", 5, []string{"func (*strings.Builder).WriteString(s string) (int, error)", "WriteString appends the contents of s"}},
		{"m.Dims()", 3, []string{"func (*mat.Dense).Dims() (r int, c int)", "Dims returns the number of rows and columns"}},
	}
	for _, tt := range tests {
		in := s.Inspect(tt.code, tt.cursor, 0)
		text, _ := in.Bundle["text/plain"].(string)
		for _, w := range tt.want {
			if !in.Found || !strings.Contains(text, w) {
				t.Errorf("Inspect(%q, %d) = %q, want it to contain %q", tt.code, tt.cursor, text, w)
			}
		}
	}
}
