package display_test

import "github.com/gopherlab/gopherlab/kernel/display"

// Without a kernel (no sink installed) displays print their plain text,
// so code that uses display also runs as an ordinary Go program.
func Example() {
	display.Show("hello")
	display.Show(struct{ Epoch, Loss float64 }{3, 0.25})
	display.Markdown("**bold**")

	h := display.New()
	h.Text("step 1")
	h.Text("step 2") // in a notebook this replaces "step 1"
	// Output:
	// "hello"
	// {Epoch:3 Loss:0.25}
	// **bold**
	// step 1
	// step 2
}
