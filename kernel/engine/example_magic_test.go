package engine_test

import (
	"context"
	"fmt"

	"github.com/gopherlab/gopherlab/kernel/engine"
)

// A cell may mix Go 1.22+ code with magic and shell lines.
func ExampleSession_Execute_modernGoAndMagics() {
	s, err := engine.New(engine.Options{})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	cell := `%env GREETING=hello
words := []string{"b", "a"}
slices.Sort(words)
for i := range 2 {
	fmt.Println(os.Getenv("GREETING"), i, words[i], max(i, 1))
}
!echo from the shell`
	if _, err := s.Execute(context.Background(), cell, printOutput{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// env: GREETING=hello
	// hello 0 a 1
	// hello 1 b 1
	// from the shell
}
