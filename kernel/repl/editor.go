package repl

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// ErrInterrupted is what ReadLine returns when the user types Ctrl-C.
var ErrInterrupted = errors.New("interrupted")

// Completer proposes replacements for line[start:cursor] (in runes) with
// the cursor at cursor.
type Completer func(line []rune, cursor int) (matches []string, start int)

// Editor reads lines from a terminal in raw mode, echoing and editing them
// itself. It is not safe for concurrent use.
type Editor struct {
	in       *bufio.Reader
	out      io.Writer
	History  []string  // oldest first; Up and Down walk it
	Complete Completer // Tab; nil: Tab inserts spaces
}

// NewEditor returns an editor reading keys from in and drawing on out.
func NewEditor(in io.Reader, out io.Writer) *Editor {
	return &Editor{in: bufio.NewReader(in), out: out}
}

type lineState struct {
	prompt string
	buf    []rune
	pos    int
}

func (e *Editor) redraw(l *lineState) {
	fmt.Fprintf(e.out, "\r%s%s\x1b[K", l.prompt, string(l.buf))
	if back := len(l.buf) - l.pos; back > 0 {
		fmt.Fprintf(e.out, "\x1b[%dD", back)
	}
}

// ReadLine shows prompt and initial text (e.g. an indent) and returns the
// line the user entered. It returns io.EOF for Ctrl-D on an empty line and
// ErrInterrupted for Ctrl-C.
func (e *Editor) ReadLine(prompt, initial string) (string, error) {
	l := &lineState{prompt: prompt, buf: []rune(initial)}
	l.pos = len(l.buf)
	hist, draft := len(e.History), ""
	e.redraw(l)
	for {
		r, _, err := e.in.ReadRune()
		if err != nil {
			return "", err
		}
		switch r {
		case '\r', '\n':
			fmt.Fprint(e.out, "\r\n")
			return string(l.buf), nil
		case 3: // Ctrl-C
			fmt.Fprint(e.out, "^C\r\n")
			return "", ErrInterrupted
		case 4: // Ctrl-D
			if len(l.buf) == 0 {
				fmt.Fprint(e.out, "\r\n")
				return "", io.EOF
			}
			l.deleteAt(l.pos)
		case 1: // Ctrl-A
			l.pos = 0
		case 5: // Ctrl-E
			l.pos = len(l.buf)
		case 2: // Ctrl-B
			l.move(-1)
		case 6: // Ctrl-F
			l.move(1)
		case 11: // Ctrl-K
			l.buf = l.buf[:l.pos]
		case 21: // Ctrl-U
			l.buf, l.pos = l.buf[l.pos:], 0
		case 23: // Ctrl-W
			start := l.pos
			for start > 0 && unicode.IsSpace(l.buf[start-1]) {
				start--
			}
			for start > 0 && !unicode.IsSpace(l.buf[start-1]) {
				start--
			}
			l.buf, l.pos = append(l.buf[:start:start], l.buf[l.pos:]...), start
		case 127, 8: // Backspace
			if l.pos > 0 {
				l.pos--
				l.deleteAt(l.pos)
			}
		case '\t':
			e.complete(l)
		case 27:
			switch e.escape() {
			case 'A':
				if hist > 0 {
					if hist == len(e.History) {
						draft = string(l.buf)
					}
					hist--
					l.set(e.History[hist])
				}
			case 'B':
				if hist < len(e.History) {
					hist++
					if hist == len(e.History) {
						l.set(draft)
					} else {
						l.set(e.History[hist])
					}
				}
			case 'C':
				l.move(1)
			case 'D':
				l.move(-1)
			case 'H':
				l.pos = 0
			case 'F':
				l.pos = len(l.buf)
			case '3':
				l.deleteAt(l.pos)
			}
		default:
			if unicode.IsPrint(r) {
				l.buf = append(l.buf[:l.pos], append([]rune{r}, l.buf[l.pos:]...)...)
				l.pos++
			}
		}
		e.redraw(l)
	}
}

// escape reads the rest of an escape sequence and returns its key: A B C
// D (arrows), H F (Home, End), 3 (Delete), or 0.
func (e *Editor) escape() rune {
	b, _, err := e.in.ReadRune()
	if err != nil || (b != '[' && b != 'O') {
		return 0
	}
	k, _, err := e.in.ReadRune()
	if err != nil {
		return 0
	}
	if k < '0' || k > '9' {
		return k
	}
	// ESC [ n ~
	n := k
	for {
		c, _, err := e.in.ReadRune()
		if err != nil || c == '~' {
			break
		}
	}
	switch n {
	case '1', '7':
		return 'H'
	case '4', '8':
		return 'F'
	case '3':
		return '3'
	}
	return 0
}

func (l *lineState) set(s string) { l.buf = []rune(s); l.pos = len(l.buf) }

func (l *lineState) move(d int) {
	if p := l.pos + d; p >= 0 && p <= len(l.buf) {
		l.pos = p
	}
}

func (l *lineState) deleteAt(i int) {
	if i < len(l.buf) {
		l.buf = append(l.buf[:i], l.buf[i+1:]...)
	}
}

// complete handles Tab: one match replaces the word, several are
// completed to their common prefix, or listed when that adds nothing.
func (e *Editor) complete(l *lineState) {
	if e.Complete == nil || strings.TrimSpace(string(l.buf[:l.pos])) == "" {
		l.buf = append(l.buf[:l.pos], append([]rune("    "), l.buf[l.pos:]...)...)
		l.pos += 4
		return
	}
	matches, start := e.Complete(l.buf, l.pos)
	if len(matches) == 0 || start < 0 || start > l.pos {
		return
	}
	repl := commonPrefix(matches)
	if len(matches) > 1 && len([]rune(repl)) <= l.pos-start {
		fmt.Fprint(e.out, "\r\n"+columns(matches, 80))
		return
	}
	rest := l.buf[l.pos:]
	l.buf = append(append(l.buf[:start:start], []rune(repl)...), rest...)
	l.pos = start + len([]rune(repl))
}

func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// columns lays names out in columns within width, each line ending in
// "\r\n" (raw mode).
func columns(names []string, width int) string {
	w := 0
	for _, n := range names {
		w = max(w, len(n)+2)
	}
	per := max(1, width/w)
	var b strings.Builder
	for i, n := range names {
		b.WriteString(n)
		if (i+1)%per == 0 || i == len(names)-1 {
			b.WriteString("\r\n")
		} else {
			b.WriteString(strings.Repeat(" ", w-len(n)))
		}
	}
	return b.String()
}
