package jupyter

import (
	"context"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/history"
)

// handle answers one request between status busy and idle. When it is a
// cell that failed with stop_on_error, it returns the requests that were
// queued behind it, for the caller to abort.
func (s *server) handle(ctx context.Context, r request) (toAbort []request) {
	if r.msg.Header.MsgType == "shutdown_request" {
		defer s.shutdown() // after the reply and status idle are sent
	}
	if r.msg.Header.MsgType == "execute_request" {
		// A cell's outputs must not be lost; other requests' statuses may,
		// as with ipykernel, so that shell-only clients are not held up.
		s.iopub.awaitSubscriber(ctx, s.opts.SubscriberWait)
	}
	s.publishStatus(r.msg, "busy")
	defer s.publishStatus(r.msg, "idle")
	switch t := r.msg.Header.MsgType; t {
	case "execute_request":
		return s.execute(ctx, r)
	case "kernel_info_request":
		s.reply(r, "kernel_info_reply", json.RawMessage(s.kernelInfo))
	case "complete_request":
		s.complete(r)
	case "inspect_request":
		s.inspect(r)
	case "is_complete_request":
		s.isComplete(r)
	case "history_request":
		s.history(r)
	case "comm_info_request":
		s.reply(r, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case "comm_open":
		s.commOpen(r)
	case "comm_msg", "comm_close":
		// No comm target exists, so there is no comm to talk to or close.
	case "connect_request":
		s.reply(r, "connect_reply", map[string]any{"status": "ok",
			"shell_port": s.ci.ShellPort, "iopub_port": s.ci.IOPubPort, "stdin_port": s.ci.StdinPort,
			"control_port": s.ci.ControlPort, "hb_port": s.ci.HBPort})
	case "interrupt_request":
		s.interrupt()
		s.reply(r, "interrupt_reply", map[string]string{"status": "ok"})
	case "shutdown_request":
		var c struct {
			Restart bool `json:"restart"`
		}
		if !s.decode(r, &c) {
			return nil
		}
		content := map[string]any{"status": "ok", "restart": c.Restart}
		s.reply(r, "shutdown_reply", content)
		s.publish(r.msg, "shutdown_reply", content) // ipykernel tells every front end
	default:
		s.log.Printf("ignoring unknown message type %q", t) // as ipykernel does
	}
	return nil
}

// decode unmarshals r's content into v. Content it cannot decode is logged
// and, for a request, answered with an error reply, so that the front end
// does not wait forever.
func (s *server) decode(r request, v any) bool {
	err := r.msg.DecodeContent(v)
	if err == nil {
		return true
	}
	s.log.Printf("bad request %s: %v", r.msg.Header.MsgID, err)
	if t, ok := strings.CutSuffix(r.msg.Header.MsgType, "_request"); ok {
		s.replyError(r, t+"_reply", "BadRequest", err.Error())
	}
	return false
}

func (s *server) complete(r request) {
	var c struct {
		Code      string `json:"code"`
		CursorPos *int   `json:"cursor_pos"`
	}
	if !s.decode(r, &c) {
		return
	}
	var comp engine.Completion // empty if Complete panics
	s.guard("Complete", func() { comp = s.exec.Complete(c.Code, byteOffset(c.Code, c.CursorPos)) })
	matches := comp.Matches
	if matches == nil {
		matches = []string{}
	}
	md := comp.Metadata
	if md == nil {
		md = map[string]any{}
	}
	s.reply(r, "complete_reply", map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": runeOffset(c.Code, comp.Start),
		"cursor_end":   runeOffset(c.Code, comp.End),
		"metadata":     md,
	})
}

func (s *server) inspect(r request) {
	var c struct {
		Code        string `json:"code"`
		CursorPos   *int   `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	if !s.decode(r, &c) {
		return
	}
	var in engine.Inspection // not found if Inspect panics
	s.guard("Inspect", func() { in = s.exec.Inspect(c.Code, byteOffset(c.Code, c.CursorPos), c.DetailLevel) })
	data := in.Bundle
	if data == nil || !in.Found {
		data = map[string]any{}
	}
	s.reply(r, "inspect_reply", map[string]any{"status": "ok", "found": in.Found, "data": data, "metadata": map[string]any{}})
}

func (s *server) isComplete(r request) {
	var c struct {
		Code string `json:"code"`
	}
	if !s.decode(r, &c) {
		return
	}
	status, indent := "unknown", ""
	s.guard("IsComplete", func() { status, indent = s.exec.IsComplete(c.Code) })
	content := map[string]string{"status": status}
	if status == "incomplete" {
		content["indent"] = indent
	}
	s.reply(r, "is_complete_reply", content)
}

func (s *server) history(r request) {
	var c struct {
		Output     bool   `json:"output"`
		AccessType string `json:"hist_access_type"`
		Session    int    `json:"session"`
		Start      int    `json:"start"`
		Stop       int    `json:"stop"`
		N          *int   `json:"n"`
		Pattern    string `json:"pattern"`
		Unique     bool   `json:"unique"`
	}
	if !s.decode(r, &c) {
		return
	}
	n := 10 // IPython's default for tail
	if c.N != nil {
		n = *c.N
	}
	var (
		entries []history.Entry
		err     error
	)
	if h := s.opts.History; h != nil {
		switch c.AccessType {
		case "tail":
			entries, err = h.Tail(n)
		case "range":
			entries, err = h.Range(c.Session, c.Start, c.Stop)
		case "search":
			if c.N == nil {
				n = 0 // all matches
			}
			entries, err = h.Search(c.Pattern, n, c.Unique)
		default:
			s.replyError(r, "history_reply", "ValueError", "unknown hist_access_type "+c.AccessType+"; use tail, range or search")
			return
		}
	}
	if err != nil {
		s.replyError(r, "history_reply", "HistoryError", err.Error())
		return
	}
	rows := make([][3]any, len(entries))
	for i, e := range entries {
		rows[i] = [3]any{e.Session, e.Line, e.Input}
		if c.Output {
			var out any // JSON null when the cell had no result
			if e.Output != nil {
				out = *e.Output
			}
			rows[i][2] = [2]any{e.Input, out}
		}
	}
	s.reply(r, "history_reply", map[string]any{"status": "ok", "history": rows})
}

func (s *server) replyError(r request, msgType, ename, evalue string) {
	s.reply(r, msgType, map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": []string{ename + ": " + evalue}})
}

// commOpen closes a comm at once: no comm target is registered, and
// ipykernel answers an unknown target the same way.
func (s *server) commOpen(r request) {
	var c struct {
		CommID     string `json:"comm_id"`
		TargetName string `json:"target_name"`
	}
	if !s.decode(r, &c) {
		return
	}
	s.log.Printf("no comm target %q; closing comm %s", c.TargetName, c.CommID)
	s.publish(r.msg, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
}

// byteOffset converts a cursor position in Unicode code points (Jupyter's
// unit since protocol 5.2) to a byte offset in code; nil means the end.
func byteOffset(code string, cursor *int) int {
	if cursor == nil {
		return len(code)
	}
	n := *cursor
	for i := range code {
		if n <= 0 {
			return i
		}
		n--
	}
	return len(code)
}

// runeOffset converts a byte offset in code to code points.
func runeOffset(code string, off int) int {
	off = max(0, min(off, len(code)))
	return utf8.RuneCountInString(code[:off])
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called on constant values
	}
	return b
}
