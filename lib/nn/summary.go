package nn

import (
	"fmt"
	"html"
	"strings"

	"gorgonia.org/gorgonia"
)

// Summary is a Keras-style table of a model's layers with their output
// shapes and parameter counts. It prints as text and renders as an HTML
// table in Jupyter (MIMEBundle).
type Summary struct {
	Rows        []SummaryRow
	TotalParams int
	// Err is set when the model could not be built for the input shape;
	// the rows then stop at the failing layer.
	Err error
}

// SummaryRow describes one layer.
type SummaryRow struct {
	Layer       string
	OutputShape []int // without the batch axis
	Params      int
}

// Summary builds the model for one sample of shape inputShape (without the
// batch axis) and tabulates each layer's output shape and parameter count.
// A nested model gets a row of its own followed by its layers, indented.
func (m *Model) Summary(inputShape ...int) *Summary {
	s := &Summary{TotalParams: m.NumParams()}
	g := NewGraph(false, 1)
	x := g.Input("x", m.Dtype(), append([]int{1}, inputShape...)...)
	s.add(m, g, x, "", "")
	return s
}

// add tabulates m's layers applied to x, indenting names by indent, and
// returns m's output (nil after an error, which it records).
func (s *Summary) add(m *Model, g *Graph, x *gorgonia.Node, path, indent string) *gorgonia.Node {
	for i, l := range m.Layers {
		at := len(s.Rows)
		var y *gorgonia.Node
		name := l.String()
		if sub, ok := l.(*Model); ok {
			name = fmt.Sprintf("Sequential(%d layers)", len(sub.Layers))
			s.Rows = append(s.Rows, SummaryRow{})
			y = s.add(sub, g, x, fmt.Sprintf("%s%d.", path, i), indent+"  ")
		} else {
			var err error
			if y, err = l.Forward(g, x); err != nil {
				s.Err = fmt.Errorf("layer %s%d (%v): %w", path, i, l, err)
			}
		}
		if y == nil {
			if s.Rows = s.Rows[:at]; s.Err == nil {
				s.Err = fmt.Errorf("layer %s%d (%v) gave no output", path, i, l)
			}
			return nil
		}
		row := SummaryRow{Layer: indent + name, OutputShape: []int(y.Shape()[1:]), Params: NumParams(l)}
		if at < len(s.Rows) {
			s.Rows[at] = row // a nested model's row goes before its layers
		} else {
			s.Rows = append(s.Rows, row)
		}
		x = y
	}
	return x
}

func shapeString(s []int) string {
	parts := []string{"None"}
	for _, d := range s {
		parts = append(parts, fmt.Sprint(d))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func (s *Summary) String() string {
	w0, w1 := len("Layer"), len("Output Shape")
	for _, r := range s.Rows {
		w0 = max(w0, len([]rune(r.Layer)))
		w1 = max(w1, len(shapeString(r.OutputShape)))
	}
	var b strings.Builder
	line := strings.Repeat("─", w0+w1+18) + "\n"
	row := func(a, c, d string) {
		fmt.Fprintf(&b, "%s%s  %-*s  %12s\n", a, strings.Repeat(" ", w0-len([]rune(a))+2), w1, c, d)
	}
	b.WriteString(line)
	row("Layer", "Output Shape", "Params")
	b.WriteString(line)
	for _, r := range s.Rows {
		row(r.Layer, shapeString(r.OutputShape), fmt.Sprint(r.Params))
	}
	b.WriteString(line)
	fmt.Fprintf(&b, "Total params: %d\n", s.TotalParams)
	if s.Err != nil {
		fmt.Fprintf(&b, "error: %v\n", s.Err)
	}
	return b.String()
}

// MIMEBundle renders the summary as text and as an HTML table.
func (s *Summary) MIMEBundle() map[string]any {
	var b strings.Builder
	b.WriteString(`<table><thead><tr><th style="text-align:left">Layer</th><th style="text-align:left">Output Shape</th><th style="text-align:right">Params</th></tr></thead><tbody>`)
	for _, r := range s.Rows {
		fmt.Fprintf(&b, `<tr><td style="text-align:left">%s</td><td style="text-align:left">%s</td><td style="text-align:right">%d</td></tr>`,
			html.EscapeString(r.Layer), shapeString(r.OutputShape), r.Params)
	}
	fmt.Fprintf(&b, `</tbody><tfoot><tr><td colspan="2" style="text-align:left"><b>Total params</b></td><td style="text-align:right"><b>%d</b></td></tr></tfoot></table>`, s.TotalParams)
	if s.Err != nil {
		fmt.Fprintf(&b, `<p style="color:#b00">error: %s</p>`, html.EscapeString(s.Err.Error()))
	}
	return map[string]any{"text/plain": s.String(), "text/html": b.String()}
}
