package history_test

import (
	"fmt"
	"os"

	"github.com/gopherlab/gopherlab/kernel/history"
)

func ExampleStore() {
	dir, _ := os.MkdirTemp("", "history")
	defer os.RemoveAll(dir)

	first, _ := history.Open(dir) // a kernel start: session 1
	first.Add(1, "x := 6 * 7", "")
	first.Add(2, "x", "42")
	first.Close()

	second, _ := history.Open(dir) // after a restart: session 2
	defer second.Close()
	second.Add(1, "fmt.Println(x)", "")
	found, _ := second.Search("*x*", 0, false)
	for _, e := range found {
		fmt.Printf("session %d line %d: %s\n", e.Session, e.Line, e.Input)
	}
	// Output:
	// session 1 line 1: x := 6 * 7
	// session 1 line 2: x
	// session 2 line 1: fmt.Println(x)
}
