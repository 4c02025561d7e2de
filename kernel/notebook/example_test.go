package notebook_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/notebook"
)

const source = `{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Shout"]},
  {"cell_type": "code", "execution_count": null, "metadata": {"tags": ["parameters"]}, "outputs": [],
   "source": ["word := \"hello\""]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["shout(word)"]}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 4
}`

// shouter stands in for an *engine.Session: it prints each cell upper-cased
// and returns the cell's length in bytes as its value.
type shouter struct{}

func (shouter) Execute(ctx context.Context, code string, out engine.Output) (*display.Data, error) {
	out.Stream("stdout", strings.ToUpper(code)+"\n")
	return &display.Data{Bundle: map[string]any{"text/plain": fmt.Sprint(len(code))}}, nil
}

func Example() {
	nb, err := notebook.Read(strings.NewReader(source))
	if err != nil {
		panic(err)
	}
	// As `gopherlab run --param word=bye` does.
	if _, err := notebook.Inject(nb, []notebook.Param{{Name: "word", Value: "bye"}}); err != nil {
		panic(err)
	}
	r := notebook.Runner{NewSession: func() (notebook.Executor, error) { return shouter{}, nil }}
	if err := r.Run(context.Background(), "shout.ipynb", nb); err != nil {
		panic(err)
	}
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		fmt.Printf("[%d] %q\n", c.ExecutionCount, c.Source)
		for _, o := range c.Outputs {
			switch o.Type {
			case "stream":
				fmt.Printf("    %s: %q\n", o.Name, o.Text)
			case "execute_result":
				fmt.Printf("    Out[%d]: %s\n", o.ExecutionCount, o.Data["text/plain"])
			}
		}
	}
	// Output:
	// [1] "word := \"hello\""
	//     stdout: "WORD := \"HELLO\"\n"
	//     Out[1]: 15
	// [2] "// Parameters injected by gopherlab run.\nword = \"bye\""
	//     stdout: "// PARAMETERS INJECTED BY GOPHERLAB RUN.\nWORD = \"BYE\"\n"
	//     Out[2]: 53
	// [3] "shout(word)"
	//     stdout: "SHOUT(WORD)\n"
	//     Out[3]: 11
}

func ExampleWrite() {
	nb := &notebook.Notebook{Nbformat: 4, NbformatMinor: 5, Cells: []*notebook.Cell{
		{Type: "code", ID: "c1", Source: "x := 1\nx + 1", ExecutionCount: 1,
			Outputs: []notebook.Output{{Type: "execute_result", ExecutionCount: 1, Data: map[string]any{"text/plain": "2"}}}},
	}}
	if err := notebook.Write(os.Stdout, nb); err != nil {
		panic(err)
	}
	// Output:
	// {
	//  "cells": [
	//   {
	//    "cell_type": "code",
	//    "execution_count": 1,
	//    "id": "c1",
	//    "metadata": {},
	//    "outputs": [
	//     {
	//      "data": {
	//       "text/plain": [
	//        "2"
	//       ]
	//      },
	//      "execution_count": 1,
	//      "metadata": {},
	//      "output_type": "execute_result"
	//     }
	//    ],
	//    "source": [
	//     "x := 1\n",
	//     "x + 1"
	//    ]
	//   }
	//  ],
	//  "metadata": {},
	//  "nbformat": 4,
	//  "nbformat_minor": 5
	// }
}
