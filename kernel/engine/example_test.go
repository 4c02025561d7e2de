package engine_test

import (
	"context"
	"fmt"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/engine"
)

// printOutput is the smallest engine.Output: it prints streams and the
// text of displays, and has no stdin.
type printOutput struct{}

func (printOutput) Stream(name, text string) { fmt.Print(text) }
func (printOutput) Display(d display.Data)   { fmt.Println(d.Bundle["text/plain"]) }
func (printOutput) ClearOutput(wait bool)    {}
func (printOutput) Input(prompt string, password bool) (string, error) {
	return "", fmt.Errorf("no stdin")
}

func ExampleSession_Execute() {
	s, err := engine.New(engine.Options{})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, cell := range []string{
		"type Point struct{ X, Y float64 }\nfunc (p Point) Norm() float64 { return math.Hypot(p.X, p.Y) }",
		"p := Point{3, 4}\nfmt.Println(\"norm:\", p.Norm())",
		"strings.Repeat(\"go\", 2)", // no import needed
		"p.X = undefinedName",
	} {
		v, err := s.Execute(ctx, cell, printOutput{})
		switch {
		case err != nil:
			fmt.Println("error:", err)
		case v != nil:
			fmt.Println("value:", v.Bundle["text/plain"])
		}
	}
	// Output:
	// norm: 5
	// value: "gogo"
	// error: cell line 1: undefined: undefinedName
}
