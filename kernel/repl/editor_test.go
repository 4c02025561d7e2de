package repl

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestEditorKeys(t *testing.T) {
	const (
		left, right, up, down = "\x1b[D", "\x1b[C", "\x1b[A", "\x1b[B"
		home, end, del        = "\x1b[H", "\x1b[F", "\x1b[3~"
	)
	tests := []struct {
		name, keys, initial, want string
		history                   []string
	}{
		{"plain", "x := 1\r", "", "x := 1", nil},
		{"indent kept", "return\r", "    ", "    return", nil},
		{"backspace", "abd\x7fc\r", "", "abc", nil},
		{"insert after left", "ac" + left + "b\r", "", "abc", nil},
		{"home end", "bc" + home + "a" + end + "d\r", "", "abcd", nil},
		{"ctrl-a ctrl-e", "bc\x01a\x05d\r", "", "abcd", nil},
		{"delete", "abc" + home + del + "\r", "", "bc", nil},
		{"kill to end", "abcdef" + left + left + left + "\x0b\r", "", "abc", nil},
		{"kill to start", "abcdef" + left + left + "\x15\r", "", "ef", nil},
		{"delete word", "foo bar\x17baz\r", "", "foo baz", nil},
		{"history up", up + up + "\r", "", "first", []string{"first", "second"}},
		{"history up down", "draft" + up + down + "\r", "", "draft", []string{"first"}},
		{"right at end stays", "ab" + right + right + "c\r", "", "abc", nil},
		{"tab without completer indents", "\tx\r", "", "    x", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEditor(strings.NewReader(tt.keys), io.Discard)
			e.History = tt.history
			got, err := e.ReadLine("> ", tt.initial)
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestEditorEndings(t *testing.T) {
	e := NewEditor(strings.NewReader("\x04"), io.Discard)
	if _, err := e.ReadLine("> ", ""); err != io.EOF {
		t.Errorf("Ctrl-D on an empty line: %v, want io.EOF", err)
	}
	e = NewEditor(strings.NewReader("abc\x03"), io.Discard)
	if _, err := e.ReadLine("> ", ""); !errors.Is(err, ErrInterrupted) {
		t.Errorf("Ctrl-C: %v, want ErrInterrupted", err)
	}
}

func TestEditorCompletion(t *testing.T) {
	words := []string{"Println", "Printf", "Sprint"}
	complete := func(line []rune, cursor int) ([]string, int) {
		start := strings.LastIndex(string(line[:cursor]), ".") + 1
		var m []string
		for _, w := range words {
			if strings.HasPrefix(w, string(line[start:cursor])) {
				m = append(m, w)
			}
		}
		return m, start
	}
	tests := []struct{ keys, want, screen string }{
		{"fmt.Sp\t\r", "fmt.Sprint", ""},
		{"fmt.Pr\tln\r", "fmt.Println", ""},               // common prefix "Print"
		{"fmt.Print\t\r", "fmt.Print", "Println  Printf"}, // nothing to add: list
	}
	for _, tt := range tests {
		var screen strings.Builder
		e := NewEditor(strings.NewReader(tt.keys), &screen)
		e.Complete = complete
		got, err := e.ReadLine("> ", "")
		if err != nil || got != tt.want || !strings.Contains(screen.String(), tt.screen) {
			t.Errorf("%q: got %q, %v (screen %q); want %q, screen with %q", tt.keys, got, err, screen.String(), tt.want, tt.screen)
		}
	}
}

func ExampleEditor_ReadLine() {
	// Keys as a terminal in raw mode sends them: "x", Left, "a", Enter.
	e := NewEditor(strings.NewReader("x\x1b[Da\r"), io.Discard)
	line, _ := e.ReadLine("go> ", "")
	fmt.Println(line)
	// Output: ax
}
