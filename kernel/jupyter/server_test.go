package jupyter

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/history"
	"github.com/gopherlab/gopherlab/kernel/wire"
)

// fakeExec interprets a tiny command language so the server can be tested
// without the yaegi engine.
type fakeExec struct {
	mu      sync.Mutex // the test reads vars while the kernel runs cells
	vars    map[string]string
	release chan struct{} // ends "hang" cells
}

func newFake() *fakeExec { return &fakeExec{vars: map[string]string{}, release: make(chan struct{})} }

func (f *fakeExec) lookup(k string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.vars[k]
	return v, ok
}

func (f *fakeExec) Execute(ctx context.Context, code string, out engine.Output) (*display.Data, error) {
	cmd, arg, _ := strings.Cut(code, " ")
	switch cmd {
	case "print":
		out.Stream("stdout", arg+"\n")
	case "set":
		k, v, _ := strings.Cut(arg, "=")
		f.mu.Lock()
		f.vars[k] = v
		f.mu.Unlock()
	case "get":
		v, ok := f.lookup(arg)
		if !ok {
			return nil, &engine.Error{Name: "CompileError", Value: "undefined: " + arg}
		}
		return &display.Data{Bundle: map[string]any{"text/plain": v}}, nil
	case "png":
		return &display.Data{Bundle: map[string]any{"image/png": []byte{1, 2, 3}, "text/plain": "img"}}, nil
	case "panic":
		return nil, &engine.Error{Name: "panic", Value: arg, Traceback: []string{"panic: " + arg, "cell:1"}}
	case "wait":
		out.Stream("stdout", "waiting\n")
		<-ctx.Done()
		return nil, &engine.Error{Name: "Interrupted", Value: "interrupted"}
	case "crash": // an engine bug
		panic("engine bug")
	case "hang": // a cell that ignores its context, like compiled code in a loop
		<-f.release
	case "sleep":
		d, _ := time.ParseDuration(arg)
		time.Sleep(d)
	case "input":
		v, err := out.Input(arg, false)
		if err != nil {
			return nil, &engine.Error{Name: "InputError", Value: err.Error()}
		}
		out.Stream("stdout", "got "+v+"\n")
	case "display":
		out.Display(display.Data{Bundle: map[string]any{"text/plain": "v1"}, ID: "d1"})
		out.Display(display.Data{Bundle: map[string]any{"text/plain": "v2"}, ID: "d1", Update: true})
		out.ClearOutput(true)
	default:
		return nil, fmt.Errorf("unknown command %q", cmd)
	}
	return nil, nil
}

func (f *fakeExec) Complete(code string, cursor int) engine.Completion {
	// Completes the identifier before the cursor with two fixed names.
	start := strings.LastIndexAny(code[:cursor], " .(") + 1
	return engine.Completion{Matches: []string{"Println", "Printf"}, Start: start, End: cursor}
}

func (f *fakeExec) Inspect(code string, cursor, detail int) engine.Inspection {
	if strings.HasPrefix(code, "fmt.Println") {
		return engine.Inspection{Found: true, Bundle: map[string]any{"text/plain": fmt.Sprintf("func Println (detail %d)", detail)}}
	}
	return engine.Inspection{}
}

func (f *fakeExec) IsComplete(code string) (string, string) {
	if code == "crash" {
		panic("engine bug")
	}
	if strings.HasSuffix(code, "{") {
		return "incomplete", "\t"
	}
	return "complete", ""
}

func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// client is a minimal Jupyter front end over zmq4.
type client struct {
	t                     testing.TB
	codec                 *wire.Codec
	sess                  *wire.Session
	shell, control, stdin zmq4.Socket
	iopub, hb             zmq4.Socket
	ci                    *wire.ConnectionInfo
	iopubMsgs             chan *wire.Message
}

// startKernel serves a kernel on free ports, dials it and waits until iopub
// delivers, as jupyter_client's wait_for_ready does. The channel yields
// Serve's result once it returns, then is closed.
func startKernel(t testing.TB, exec Executor, opts Options) (*client, <-chan error) {
	t.Helper()
	c, done := startKernelNoWait(t, exec, opts)
	for {
		c.send(c.shell, "kernel_info_request", map[string]any{})
		c.recv(c.shell)
		select {
		case <-c.iopubMsgs:
			for waitIdle(c) {
			}
			return c, done
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// waitIdle drains one more iopub message if one comes within 50ms.
func waitIdle(c *client) bool {
	select {
	case <-c.iopubMsgs:
		return true
	case <-time.After(50 * time.Millisecond):
		return false
	}
}

// startKernelNoWait is startKernel without the iopub handshake.
func startKernelNoWait(t testing.TB, exec Executor, opts Options) (*client, <-chan error) {
	t.Helper()
	p := freePorts(t, 5)
	ci := &wire.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], IOPubPort: p[1], StdinPort: p[2],
		ControlPort: p[3], HBPort: p[4], Key: "test-key", SignatureScheme: "hmac-sha256"}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ci, exec, opts); close(done) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done: // Serve's result, or closed if the test took it
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after cancel")
		}
	})
	return dial(t, ci), done
}

func dial(t testing.TB, ci *wire.ConnectionInfo) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	id := zmq4.WithID(zmq4.SocketIdentity("client-1"))
	retry := zmq4.WithDialerRetry(10 * time.Millisecond)
	c := &client{t: t, codec: wire.NewCodec([]byte(ci.Key)), sess: wire.NewSession("client-session", "tester"), ci: ci,
		shell: zmq4.NewDealer(ctx, id, retry), control: zmq4.NewDealer(ctx, retry), stdin: zmq4.NewDealer(ctx, id, retry),
		iopub: zmq4.NewSub(ctx, retry), hb: zmq4.NewReq(ctx, retry), iopubMsgs: make(chan *wire.Message, 1000)}
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{c.iopub, ci.IOPubPort}, {c.shell, ci.ShellPort}, {c.control, ci.ControlPort}, {c.stdin, ci.StdinPort}, {c.hb, ci.HBPort}} {
		if err := d.s.Dial(ci.Endpoint(d.port)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			zm, err := c.iopub.Recv()
			if err != nil {
				return
			}
			m, err := c.codec.Decode(zm.Frames)
			if err != nil {
				t.Errorf("iopub message: %v", err)
				return
			}
			c.iopubMsgs <- m
		}
	}()
	t.Cleanup(func() {
		for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.iopub, c.hb} {
			s.Close()
		}
	})
	return c
}

func (c *client) send(sock zmq4.Socket, msgType string, content any) string {
	c.t.Helper()
	m, err := c.sess.NewMessage(msgType, nil, content)
	if err != nil {
		c.t.Fatal(err)
	}
	frames, err := c.codec.Encode(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
	return m.Header.MsgID
}

func (c *client) recv(sock zmq4.Socket) *wire.Message {
	c.t.Helper()
	type result struct {
		m   *wire.Message
		err error
	}
	ch := make(chan result, 1)
	go func() {
		zm, err := sock.Recv()
		if err != nil {
			ch <- result{nil, err}
			return
		}
		m, err := c.codec.Decode(zm.Frames)
		ch <- result{m, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			c.t.Fatal(r.err)
		}
		return r.m
	case <-time.After(5 * time.Second):
		c.t.Fatal("no reply within 5s")
	}
	return nil
}

func content(t testing.TB, m *wire.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// request sends a request and returns its reply and the iopub messages with
// it as parent, up to and including status idle.
func (c *client) request(sock zmq4.Socket, msgType string, body any) (map[string]any, []*wire.Message) {
	c.t.Helper()
	id := c.send(sock, msgType, body)
	rep := c.recv(sock)
	if rep.ParentMsgID() != id {
		c.t.Fatalf("reply parent %q, want %q", rep.ParentMsgID(), id)
	}
	return content(c.t, rep), c.iopubUntilIdle(id)
}

func (c *client) iopubUntilIdle(parent string) []*wire.Message {
	c.t.Helper()
	var got []*wire.Message
	timeout := time.After(5 * time.Second)
	for {
		select {
		case m := <-c.iopubMsgs:
			if m.ParentMsgID() != parent {
				continue
			}
			got = append(got, m)
			if m.Header.MsgType == "status" && content(c.t, m)["execution_state"] == "idle" {
				return got
			}
		case <-timeout:
			c.t.Fatalf("no status idle for %s; got %d messages", parent, len(got))
		}
	}
}

func types(ms []*wire.Message) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Header.MsgType)
	}
	return strings.Join(s, ",")
}

func execute(code string) map[string]any {
	return map[string]any{"code": code, "silent": false, "store_history": true, "allow_stdin": true, "stop_on_error": true}
}

func TestCellRightAfterStartKeepsOutput(t *testing.T) {
	c, _ := startKernelNoWait(t, newFake(), Options{})
	// No kernel_info handshake first: the cell goes out as soon as the
	// sockets are dialed, racing the iopub subscription.
	rep, msgs := c.request(c.shell, "execute_request", execute("print hello"))
	if rep["status"] != "ok" || rep["execution_count"] != 1.0 {
		t.Fatalf("reply = %v", rep)
	}
	if got := types(msgs); got != "status,execute_input,stream,status" {
		t.Fatalf("iopub = %s", got)
	}
	if text := content(t, msgs[2])["text"]; text != "hello\n" {
		t.Errorf("stream text = %q", text)
	}
}

func TestKernelInfoAndIntrospection(t *testing.T) {
	c, _ := startKernel(t, newFake(), Options{Version: "1.2.3"})
	rep, msgs := c.request(c.shell, "kernel_info_request", map[string]any{})
	li := rep["language_info"].(map[string]any)
	if rep["protocol_version"] != "5.3" || rep["implementation"] != "gopherlab" || rep["implementation_version"] != "1.2.3" ||
		li["name"] != "go" || li["file_extension"] != ".go" || li["mimetype"] != "text/x-go" || strings.HasPrefix(li["version"].(string), "go") {
		t.Errorf("kernel_info_reply = %v", rep)
	}
	if types(msgs) != "status,status" {
		t.Errorf("iopub = %s", types(msgs))
	}
	// Control answers kernel_info too.
	if rep, _ := c.request(c.control, "kernel_info_request", map[string]any{}); rep["implementation"] != "gopherlab" {
		t.Errorf("control kernel_info_reply = %v", rep)
	}

	// Cursor positions are code points: "é" is one, two bytes.
	rep, _ = c.request(c.shell, "complete_request", map[string]any{"code": "é; fmt.Pri", "cursor_pos": 10})
	if rep["cursor_start"] != 7.0 || rep["cursor_end"] != 10.0 || fmt.Sprint(rep["matches"]) != "[Println Printf]" {
		t.Errorf("complete_reply = %v", rep)
	}
	rep, _ = c.request(c.shell, "inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 5, "detail_level": 1})
	if rep["found"] != true || rep["data"].(map[string]any)["text/plain"] != "func Println (detail 1)" {
		t.Errorf("inspect_reply = %v", rep)
	}
	rep, _ = c.request(c.shell, "inspect_request", map[string]any{"code": "nothing", "cursor_pos": 2})
	if rep["found"] != false || len(rep["data"].(map[string]any)) != 0 || rep["status"] != "ok" {
		t.Errorf("inspect_reply not found = %v", rep)
	}
	rep, _ = c.request(c.shell, "is_complete_request", map[string]any{"code": "for {"})
	if rep["status"] != "incomplete" || rep["indent"] != "\t" {
		t.Errorf("is_complete_reply = %v", rep)
	}
	rep, _ = c.request(c.shell, "comm_info_request", map[string]any{})
	if rep["status"] != "ok" || len(rep["comms"].(map[string]any)) != 0 {
		t.Errorf("comm_info_reply = %v", rep)
	}
	rep, _ = c.request(c.shell, "connect_request", map[string]any{})
	if rep["hb_port"] != float64(c.ci.HBPort) {
		t.Errorf("connect_reply = %v", rep)
	}
}

func TestCommOpenIsClosed(t *testing.T) {
	c, _ := startKernel(t, newFake(), Options{})
	id := c.send(c.shell, "comm_open", map[string]any{"comm_id": "c1", "target_name": "jupyter.widget", "data": map[string]any{}})
	msgs := c.iopubUntilIdle(id)
	if types(msgs) != "status,comm_close,status" || content(t, msgs[1])["comm_id"] != "c1" {
		t.Errorf("iopub = %s", types(msgs))
	}
	// comm_msg, comm_close and unknown types are ignored: busy/idle, no reply.
	for _, typ := range []string{"comm_msg", "comm_close", "frobnicate_request"} {
		id := c.send(c.shell, typ, map[string]any{"comm_id": "c1", "data": map[string]any{}})
		if got := types(c.iopubUntilIdle(id)); got != "status,status" {
			t.Errorf("%s: iopub = %s", typ, got)
		}
	}
	// The shell socket still answers afterwards (nothing was queued for it).
	if rep, _ := c.request(c.shell, "kernel_info_request", map[string]any{}); rep["status"] != "ok" {
		t.Errorf("kernel_info after ignored messages: %v", rep)
	}
}

func TestExecuteOutputs(t *testing.T) {
	c, _ := startKernel(t, newFake(), Options{})
	rep, msgs := c.request(c.shell, "execute_request", execute("png"))
	if rep["execution_count"] != 1.0 || types(msgs) != "status,execute_input,execute_result,status" {
		t.Fatalf("reply %v, iopub %s", rep, types(msgs))
	}
	res := content(t, msgs[2])
	if res["execution_count"] != 1.0 || res["data"].(map[string]any)["image/png"] != "AQID" {
		t.Errorf("execute_result = %v", res)
	}

	_, msgs = c.request(c.shell, "execute_request", execute("display"))
	if got := types(msgs); got != "status,execute_input,display_data,update_display_data,clear_output,status" {
		t.Fatalf("iopub = %s", got)
	}
	if tr := content(t, msgs[3])["transient"].(map[string]any); tr["display_id"] != "d1" {
		t.Errorf("update transient = %v", tr)
	}
	if content(t, msgs[4])["wait"] != true {
		t.Errorf("clear_output = %v", content(t, msgs[4]))
	}

	// silent: no execute_input, no outputs, count unchanged.
	rep, msgs = c.request(c.shell, "execute_request", map[string]any{"code": "print quiet", "silent": true})
	if rep["execution_count"] != 2.0 || types(msgs) != "status,status" {
		t.Errorf("silent: reply %v iopub %s", rep, types(msgs))
	}
	// store_history=false: runs visibly without a new count.
	rep, msgs = c.request(c.shell, "execute_request", map[string]any{"code": "print x", "store_history": false})
	if rep["execution_count"] != 2.0 || types(msgs) != "status,execute_input,stream,status" {
		t.Errorf("no history: reply %v iopub %s", rep, types(msgs))
	}

	// user_expressions: evaluated after a successful cell.
	rep, _ = c.request(c.shell, "execute_request", map[string]any{"code": "set a=7",
		"user_expressions": map[string]string{"ok": "get a", "bad": "get zz"}})
	ue := rep["user_expressions"].(map[string]any)
	if ok := ue["ok"].(map[string]any); ok["status"] != "ok" || ok["data"].(map[string]any)["text/plain"] != "7" {
		t.Errorf("user expression ok = %v", ok)
	}
	if bad := ue["bad"].(map[string]any); bad["status"] != "error" || bad["ename"] != "CompileError" {
		t.Errorf("user expression bad = %v", bad)
	}
}

func TestPagePayload(t *testing.T) {
	c, _ := startKernel(t, newFake(), Options{})
	rep, _ := c.request(c.shell, "execute_request", execute("fmt.Println??"))
	p := rep["payload"].([]any)
	if len(p) != 1 || p[0].(map[string]any)["source"] != "page" ||
		p[0].(map[string]any)["data"].(map[string]any)["text/plain"] != "func Println (detail 1)" {
		t.Errorf("payload = %v", p)
	}
	rep, msgs := c.request(c.shell, "execute_request", execute("nope?"))
	if len(rep["payload"].([]any)) != 0 || types(msgs) != "status,execute_input,stream,status" {
		t.Errorf("unknown name: reply %v iopub %s", rep, types(msgs))
	}
}

func TestErrorAbortsQueuedCells(t *testing.T) {
	f := newFake()
	c, _ := startKernel(t, f, Options{})
	first := c.send(c.shell, "execute_request", execute("sleep 200ms"))
	bad := c.send(c.shell, "execute_request", execute("panic boom"))
	queued := c.send(c.shell, "execute_request", execute("set never=1"))
	info := c.send(c.shell, "kernel_info_request", map[string]any{})
	replies := map[string]map[string]any{}
	for range 4 {
		m := c.recv(c.shell)
		replies[m.ParentMsgID()] = content(t, m)
	}
	if replies[first]["status"] != "ok" || replies[bad]["status"] != "error" || replies[bad]["ename"] != "panic" {
		t.Errorf("first %v, bad %v", replies[first], replies[bad])
	}
	if tb := replies[bad]["traceback"].([]any); len(tb) != 2 || tb[0] != "panic: boom" {
		t.Errorf("traceback = %v", tb)
	}
	if replies[queued]["status"] != "aborted" {
		t.Errorf("queued cell reply = %v", replies[queued])
	}
	if replies[info]["status"] != "ok" {
		t.Errorf("kernel_info during abort = %v", replies[info])
	}
	if msgs := c.iopubUntilIdle(bad); types(msgs) != "status,execute_input,error,status" {
		t.Errorf("error iopub = %s", types(msgs))
	}
	if _, ok := f.lookup("never"); ok {
		t.Error("an aborted cell ran")
	}
	// After the abort window, cells run again; stop_on_error=false aborts nothing.
	c.send(c.shell, "execute_request", map[string]any{"code": "panic again", "stop_on_error": false})
	next := c.send(c.shell, "execute_request", execute("set later=1"))
	for range 2 {
		m := c.recv(c.shell)
		if m.ParentMsgID() == next && content(t, m)["status"] != "ok" {
			t.Errorf("cell after stop_on_error=false failure: %v", content(t, m))
		}
	}
	if v, _ := f.lookup("later"); v != "1" {
		t.Error("cell after a stop_on_error=false failure did not run")
	}
}

func TestInterruptKeepsKernelAlive(t *testing.T) {
	f := newFake()
	c, _ := startKernel(t, f, Options{})
	c.request(c.shell, "execute_request", execute("set kept=yes"))
	id := c.send(c.shell, "execute_request", execute("wait"))
	// Wait until the cell runs, then interrupt it over control.
	for m := range c.iopubMsgs {
		if m.ParentMsgID() == id && m.Header.MsgType == "stream" {
			break
		}
	}
	rep, msgs := c.request(c.control, "interrupt_request", map[string]any{})
	if rep["status"] != "ok" || types(msgs) != "status,status" {
		t.Errorf("interrupt_reply %v iopub %s", rep, types(msgs))
	}
	if cell := content(t, c.recv(c.shell)); cell["status"] != "error" || cell["ename"] != "Interrupted" {
		t.Errorf("interrupted cell reply = %v", cell)
	}
	rep, msgs = c.request(c.shell, "execute_request", execute("get kept"))
	if rep["status"] != "ok" || content(t, msgs[2])["data"].(map[string]any)["text/plain"] != "yes" {
		t.Errorf("state after interrupt: %v %s", rep, types(msgs))
	}
}

func TestStdinRoundTrip(t *testing.T) {
	c, _ := startKernel(t, newFake(), Options{})
	id := c.send(c.shell, "execute_request", execute("input name:"))
	req := c.recv(c.stdin)
	if req.Header.MsgType != "input_request" || req.ParentMsgID() != id || content(t, req)["prompt"] != "name:" {
		t.Fatalf("input_request = %s %s", req.Header.MsgType, req.Content)
	}
	c.send(c.stdin, "input_reply", map[string]any{"value": "gopher"})
	if rep := content(t, c.recv(c.shell)); rep["status"] != "ok" {
		t.Fatalf("reply = %v", rep)
	}
	msgs := c.iopubUntilIdle(id)
	if types(msgs) != "status,execute_input,stream,status" || content(t, msgs[2])["text"] != "got gopher\n" {
		t.Errorf("iopub = %s", types(msgs))
	}
	// allow_stdin=false: the engine gets an error, no input_request is sent.
	rep, _ := c.request(c.shell, "execute_request", map[string]any{"code": "input x", "allow_stdin": false})
	if rep["status"] != "error" || !strings.Contains(rep["evalue"].(string), "allow_stdin is false") {
		t.Errorf("allow_stdin=false reply = %v", rep)
	}
}

func TestExecutorPanicIsAnError(t *testing.T) {
	f := newFake()
	c, _ := startKernel(t, f, Options{})
	c.request(c.shell, "execute_request", execute("set kept=1"))
	rep, _ := c.request(c.shell, "execute_request", execute("crash"))
	if rep["status"] != "error" || rep["ename"] != "KernelError" || !strings.Contains(rep["evalue"].(string), "engine bug") {
		t.Errorf("reply = %v", rep)
	}
	if rep, _ := c.request(c.shell, "is_complete_request", map[string]any{"code": "crash"}); rep["status"] != "unknown" {
		t.Errorf("is_complete_reply = %v", rep)
	}
	if rep, _ := c.request(c.shell, "execute_request", execute("get kept")); rep["status"] != "ok" {
		t.Errorf("cell after the panic: %v", rep)
	}
}

func TestMalformedRequestGetsErrorReply(t *testing.T) {
	c, _ := startKernel(t, newFake(), Options{})
	rep, _ := c.request(c.shell, "execute_request", map[string]any{"code": 42})
	if rep["status"] != "error" || rep["ename"] != "BadRequest" || !strings.Contains(rep["evalue"].(string), "execute_request content") {
		t.Errorf("reply = %v", rep)
	}
	if rep, _ := c.request(c.shell, "execute_request", execute("print ok")); rep["status"] != "ok" {
		t.Errorf("next cell: %v", rep)
	}
}

func TestInterruptWhileWaitingForInput(t *testing.T) {
	c, _ := startKernel(t, newFake(), Options{})
	id := c.send(c.shell, "execute_request", execute("input never answered:"))
	if req := c.recv(c.stdin); req.Header.MsgType != "input_request" {
		t.Fatalf("got %s", req.Header.MsgType)
	}
	c.request(c.control, "interrupt_request", map[string]any{})
	rep := c.recv(c.shell)
	if rep.ParentMsgID() != id || content(t, rep)["status"] != "error" {
		t.Errorf("reply = %s", rep.Content)
	}
}

func TestBadSignatureNotExecuted(t *testing.T) {
	f := newFake()
	c, _ := startKernel(t, f, Options{})
	forged := *c
	forged.codec = wire.NewCodec([]byte("wrong-key"))
	forged.send(c.shell, "execute_request", execute("set pwned=1"))
	unsigned := *c
	unsigned.codec = wire.NewCodec(nil)
	unsigned.send(c.shell, "execute_request", execute("set pwned=2"))
	// A good request after them is answered first: the forged ones were dropped.
	rep, _ := c.request(c.shell, "execute_request", execute("get pwned"))
	if rep["status"] != "error" {
		t.Errorf("forged cell ran: %v", rep)
	}
	if _, ok := f.lookup("pwned"); ok {
		t.Error("a message with a bad signature was executed")
	}
}

func TestHeartbeat(t *testing.T) {
	c, _ := startKernel(t, newFake(), Options{})
	if err := c.hb.Send(zmq4.NewMsgString("ping")); err != nil {
		t.Fatal(err)
	}
	m, err := c.hb.Recv()
	if err != nil || string(m.Frames[0]) != "ping" {
		t.Errorf("heartbeat echo = %q, %v", m.Frames, err)
	}
}

func TestHistoryRequests(t *testing.T) {
	store, err := history.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	c, _ := startKernel(t, newFake(), Options{History: store})
	for _, code := range []string{"set a=1", "get a", "get a", "print not stored"} {
		body := execute(code)
		if code == "print not stored" {
			body["store_history"] = false
		}
		c.request(c.shell, "execute_request", body)
	}
	rep, _ := c.request(c.shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 2, "output": true, "raw": true})
	if got := fmt.Sprint(rep["history"]); got != "[[1 2 [get a 1]] [1 3 [get a 1]]]" {
		t.Errorf("tail = %s", got)
	}
	rep, _ = c.request(c.shell, "history_request", map[string]any{"hist_access_type": "range", "session": 0, "start": 1, "stop": 2, "output": false, "raw": true})
	if got := fmt.Sprint(rep["history"]); got != "[[1 1 set a=1]]" {
		t.Errorf("range = %s", got)
	}
	rep, _ = c.request(c.shell, "history_request", map[string]any{"hist_access_type": "search", "pattern": "get*", "unique": true, "output": false, "raw": true})
	if got := fmt.Sprint(rep["history"]); got != "[[1 3 get a]]" {
		t.Errorf("search unique = %s", got)
	}
	rep, _ = c.request(c.shell, "history_request", map[string]any{"hist_access_type": "search", "pattern": "[", "output": false, "raw": true})
	if rep["status"] != "error" || !strings.Contains(rep["evalue"].(string), "unclosed") {
		t.Errorf("bad glob = %v", rep)
	}
}

func TestShutdownDoesNotWaitForAStuckCell(t *testing.T) {
	f := newFake()
	defer close(f.release)
	c, done := startKernel(t, f, Options{})
	id := c.send(c.shell, "execute_request", execute("hang"))
	for m := range c.iopubMsgs { // the cell is running
		if m.ParentMsgID() == id && m.Header.MsgType == "execute_input" {
			break
		}
	}
	start := time.Now()
	if rep, _ := c.request(c.control, "shutdown_request", map[string]any{"restart": false}); rep["status"] != "ok" {
		t.Errorf("shutdown_reply = %v", rep)
	}
	select {
	case <-done:
		if d := time.Since(start); d < shutdownGrace {
			t.Errorf("Serve returned after %v, before the %v grace for the cell", d, shutdownGrace)
		}
	case <-time.After(shutdownGrace + 3*time.Second):
		t.Fatal("Serve waits forever for a cell that ignores cancellation")
	}
}

func TestShutdown(t *testing.T) {
	for _, socket := range []string{"control", "shell"} {
		t.Run(socket, func(t *testing.T) {
			c, done := startKernel(t, newFake(), Options{})
			sock := c.control
			if socket == "shell" {
				sock = c.shell
			}
			rep, msgs := c.request(sock, "shutdown_request", map[string]any{"restart": true})
			if rep["status"] != "ok" || rep["restart"] != true || types(msgs) != "status,shutdown_reply,status" {
				t.Errorf("shutdown_reply %v iopub %s", rep, types(msgs))
			}
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Serve returned %v after shutdown", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Serve still running after shutdown_request")
			}
		})
	}
}

// BenchmarkRoundTrip measures the server's share of a cell's round trip:
// execute_request sent to status idle received, with an executor that does
// nothing, over loopback TCP (the client is zmq4, in the same process).
func BenchmarkRoundTrip(b *testing.B) {
	c, _ := startKernel(b, newFake(), Options{})
	for b.Loop() {
		id := c.send(c.shell, "execute_request", execute("set x=1"))
		c.iopubUntilIdle(id)
		c.recv(c.shell)
	}
}
