package notebook

import (
	"context"
	"strings"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/engine"
)

// fakeSession runs cells written in a tiny script language, one command per
// line, so tests can produce any sequence of outputs:
//
//	out TEXT | err TEXT      stream TEXT (\n and \r escapes) to stdout/stderr
//	show ID TEXT             display TEXT (text/plain and text/html); ID "-" for none
//	update ID TEXT           update display ID
//	clear | clearwait        clear_output(false | true)
//	png                      display a 1-byte image/png
//	result TEXT              final value TEXT
//	fail NAME VALUE          fail with an *engine.Error
//	hang                     block until the context is done
//	set NAME VALUE           remember a variable; get NAME prints it
type fakeSession struct {
	vars   map[string]string
	closed bool
}

func newFake() *fakeSession { return &fakeSession{vars: map[string]string{}} }

func (f *fakeSession) Close() error { f.closed = true; return nil }

func (f *fakeSession) Execute(ctx context.Context, code string, out engine.Output) (*display.Data, error) {
	var result *display.Data
	for _, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
		unescape := strings.NewReplacer(`\n`, "\n", `\r`, "\r").Replace
		switch cmd {
		case "out":
			out.Stream("stdout", unescape(arg))
		case "err":
			out.Stream("stderr", unescape(arg))
		case "show", "update":
			id, text, _ := strings.Cut(arg, " ")
			if id == "-" {
				id = ""
			}
			out.Display(display.Data{Bundle: map[string]any{"text/plain": text, "text/html": "<b>" + text + "</b>"}, ID: id, Update: cmd == "update"})
		case "png":
			out.Display(display.Data{Bundle: map[string]any{"image/png": []byte{0x89}}})
		case "clear", "clearwait":
			out.ClearOutput(cmd == "clearwait")
		case "result":
			result = &display.Data{Bundle: map[string]any{"text/plain": arg}}
		case "fail":
			name, value, _ := strings.Cut(arg, " ")
			return nil, &engine.Error{Name: name, Value: value, Traceback: []string{"cell line 1: " + value}}
		case "hang":
			<-ctx.Done()
			return nil, &engine.Error{Name: "Interrupted", Value: "interrupted"}
		case "set":
			name, value, _ := strings.Cut(arg, " ")
			f.vars[name] = value
		case "get":
			out.Stream("stdout", f.vars[arg]+"\n")
		case "", "//":
		default:
			if strings.HasPrefix(cmd, "//") {
				continue
			}
			if name, value, ok := strings.Cut(line, " = "); ok { // injected parameters
				f.vars[strings.TrimPrefix(name, "var ")] = value
				continue
			}
			return nil, &engine.Error{Name: "CompileError", Value: "unknown command " + cmd}
		}
	}
	return result, nil
}
