package jupyter

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/wire"
)

type executeContent struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"` // default true
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`   // default true
	StopOnError     *bool             `json:"stop_on_error"` // default true
}

func orTrue(b *bool) bool { return b == nil || *b }

// execute runs a cell. When it fails with stop_on_error, execute takes the
// requests queued behind it before replying, so that a request the front
// end sends after seeing the error is not aborted, and returns them.
func (s *server) execute(ctx context.Context, r request) (toAbort []request) {
	var c executeContent
	if !s.decode(r, &c) {
		return nil
	}
	store := orTrue(c.StoreHistory) && !c.Silent
	if store {
		s.count++
	}
	if !c.Silent {
		s.publish(r.msg, "execute_input", map[string]any{"code": c.Code, "execution_count": s.count})
	}

	cellCtx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.cancelCell = cancel
	s.mu.Unlock()
	out := &cellOutput{s: s, ctx: cellCtx, parent: r.msg, allowStdin: orTrue(c.AllowStdin), silent: c.Silent}
	var (
		data    *display.Data
		err     error
		payload = []any{}
	)
	if expr, detail, ok := helpRequest(c.Code); ok {
		payload = s.page(out, expr, detail)
	} else {
		if perr := s.guard("Execute", func() { data, err = s.exec.Execute(cellCtx, c.Code, out) }); perr != nil {
			err = perr
		}
	}
	var exprs map[string]any
	if err == nil {
		exprs = s.userExpressions(cellCtx, c.UserExpressions)
	}
	s.mu.Lock()
	s.cancelCell = nil
	s.mu.Unlock()
	cancel()

	if store && s.opts.History != nil {
		if herr := s.opts.History.Add(s.count, c.Code, plainText(data)); herr != nil {
			s.log.Print(herr)
		}
	}
	if err != nil {
		if orTrue(c.StopOnError) && !c.Silent {
			toAbort = s.queued()
		}
		ename, evalue, tb := errorParts(err)
		if !c.Silent {
			s.publish(r.msg, "error", map[string]any{"ename": ename, "evalue": evalue, "traceback": tb})
		}
		s.reply(r, "execute_reply", map[string]any{"status": "error", "execution_count": s.count,
			"ename": ename, "evalue": evalue, "traceback": tb})
		return toAbort
	}
	if data != nil && !c.Silent {
		content := map[string]any{"execution_count": s.count, "data": data.JSONBundle(), "metadata": metadata(data)}
		if data.ID != "" {
			content["transient"] = map[string]any{"display_id": data.ID}
		}
		s.publish(r.msg, "execute_result", content)
	}
	s.reply(r, "execute_reply", map[string]any{"status": "ok", "execution_count": s.count,
		"payload": payload, "user_expressions": exprs})
	return nil
}

// guard runs f, which calls the Executor, and turns a panic into an error:
// an engine bug must not end the process and lose the session's state.
func (s *server) guard(what string, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("%s panicked: %v\n%s", what, r, debug.Stack())
			msg := fmt.Sprintf("the kernel's %s panicked: %v", what, r)
			err = &engine.Error{Name: "KernelError", Value: msg, Traceback: []string{"KernelError: " + msg}}
		}
	}()
	f()
	return nil
}

// errorParts splits a cell's error into Jupyter's ename, evalue, traceback.
func errorParts(err error) (string, string, []string) {
	var e *engine.Error
	if errors.As(err, &e) {
		tb := e.Traceback
		if tb == nil {
			tb = []string{e.Name + ": " + e.Value}
		}
		return e.Name, e.Value, tb
	}
	return "Error", err.Error(), []string{err.Error()}
}

func plainText(d *display.Data) string {
	if d == nil {
		return ""
	}
	s, _ := d.Bundle["text/plain"].(string)
	return s
}

func metadata(d *display.Data) map[string]any {
	if d.Metadata == nil {
		return map[string]any{}
	}
	return d.Metadata
}

// userExpressions evaluates each expression after a successful cell, as
// ipykernel does: a result is {"status":"ok","data":bundle,"metadata":{}}
// or an error reply's fields. Their output is discarded; they cannot read
// input.
func (s *server) userExpressions(ctx context.Context, exprs map[string]string) map[string]any {
	res := make(map[string]any, len(exprs))
	for name, expr := range exprs {
		var (
			data *display.Data
			err  error
		)
		if perr := s.guard("Execute", func() { data, err = s.exec.Execute(ctx, expr, discard{}) }); perr != nil {
			err = perr
		}
		if err != nil {
			ename, evalue, tb := errorParts(err)
			res[name] = map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": tb}
			continue
		}
		bundle := map[string]any{}
		md := map[string]any{}
		if data != nil {
			bundle, md = data.JSONBundle(), metadata(data)
		}
		res[name] = map[string]any{"status": "ok", "data": bundle, "metadata": md}
	}
	return res
}

// helpRequest recognizes IPython's help syntax "expr?" (detail 0) and
// "expr??" (detail 1) on a single line.
func helpRequest(code string) (expr string, detail int, ok bool) {
	code = strings.TrimSpace(code)
	if strings.ContainsRune(code, '\n') || !strings.HasSuffix(code, "?") {
		return "", 0, false
	}
	expr = strings.TrimSuffix(code, "?")
	if strings.HasSuffix(expr, "?") {
		expr, detail = strings.TrimSuffix(expr, "?"), 1
	}
	expr = strings.TrimSpace(expr)
	return expr, detail, expr != "" && !strings.HasSuffix(expr, "?")
}

// page returns the execute_reply payload showing the documentation of expr.
func (s *server) page(out *cellOutput, expr string, detail int) []any {
	var in engine.Inspection
	s.guard("Inspect", func() { in = s.exec.Inspect(expr, len(expr), detail) })
	if !in.Found || len(in.Bundle) == 0 {
		out.Stream("stdout", fmt.Sprintf("no documentation found for %s\n", expr))
		return []any{}
	}
	return []any{map[string]any{"source": "page", "data": in.Bundle, "start": 0}}
}

// cellOutput publishes a running cell's effects with the execute_request
// as their parent. A silent cell publishes nothing, as the protocol says
// ("will not broadcast output on the IOPUB channel").
type cellOutput struct {
	s          *server
	ctx        context.Context
	parent     *wire.Message
	allowStdin bool
	silent     bool
}

func (o *cellOutput) Stream(name, text string) {
	if text == "" || o.silent {
		return
	}
	o.s.publish(o.parent, "stream", map[string]string{"name": name, "text": text})
}

func (o *cellOutput) Display(d display.Data) {
	if o.silent {
		return
	}
	content := map[string]any{"data": d.JSONBundle(), "metadata": metadata(&d), "transient": map[string]any{}}
	if d.ID != "" {
		content["transient"] = map[string]any{"display_id": d.ID}
	}
	kind := "display_data"
	if d.Update {
		kind = "update_display_data"
	}
	o.s.publish(o.parent, kind, content)
}

func (o *cellOutput) ClearOutput(wait bool) {
	if o.silent {
		return
	}
	o.s.publish(o.parent, "clear_output", map[string]bool{"wait": wait})
}

// ErrNoStdin is returned to a cell asking for input when the front end
// sent allow_stdin=false.
var ErrNoStdin = errors.New("jupyter: this front end cannot answer input requests (allow_stdin is false); pass values to the cell in code instead")

func (o *cellOutput) Input(prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", ErrNoStdin
	}
	select { // an unclaimed reply from an earlier request is stale
	case <-o.s.inputs:
	default:
	}
	m, err := o.s.sess.NewMessage("input_request", o.parent, map[string]any{"prompt": prompt, "password": password})
	if err != nil {
		return "", err
	}
	o.s.send(o.s.stdin, m)
	select {
	case rep := <-o.s.inputs:
		var c struct {
			Value string `json:"value"`
		}
		if err := rep.DecodeContent(&c); err != nil {
			return "", err
		}
		return c.Value, nil
	case <-o.ctx.Done():
		return "", o.ctx.Err()
	}
}

// discard is the Output of user expressions.
type discard struct{}

func (discard) Stream(string, string)              {}
func (discard) Display(display.Data)               {}
func (discard) ClearOutput(bool)                   {}
func (discard) Input(string, bool) (string, error) { return "", ErrNoStdin }
