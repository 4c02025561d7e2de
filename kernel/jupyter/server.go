package jupyter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gopherlab/gopherlab/kernel/display"
	"github.com/gopherlab/gopherlab/kernel/engine"
	"github.com/gopherlab/gopherlab/kernel/history"
	"github.com/gopherlab/gopherlab/kernel/wire"
)

// Executor runs and introspects cells; engine.Session satisfies it.
type Executor interface {
	// Execute runs code, sending its streams and displays to out, and returns
	// the value of its last expression (nil when there is none). It must stop
	// when ctx is cancelled (an interrupt).
	Execute(ctx context.Context, code string, out engine.Output) (*display.Data, error)
	// Complete completes code at the byte offset cursor.
	Complete(code string, cursor int) engine.Completion
	// Inspect documents what is at the byte offset cursor; detailLevel is 0 or 1.
	Inspect(code string, cursor, detailLevel int) engine.Inspection
	// IsComplete tells whether code is ready to run: status is "complete",
	// "incomplete", "invalid" or "unknown"; indent is the next line's
	// indentation when incomplete.
	IsComplete(code string) (status, indent string)
}

// Options configure a kernel server. The zero value is usable.
type Options struct {
	// History stores executed cells and answers history requests; nil keeps
	// no history (history requests get an empty list).
	History *history.Store
	// Log receives diagnostics (dropped messages, unknown types); nil discards them.
	Log io.Writer
	// Version is the implementation_version in kernel_info_reply; "" means "dev".
	Version string
	// Banner replaces the default kernel_info_reply banner.
	Banner string
	// SubscriberWait bounds how long requests wait for a first iopub
	// subscriber (ZeroMQ drops what a PUB socket sends to nobody), so that a
	// cell sent right after start loses no output; 0 means 2 seconds.
	SubscriberWait time.Duration
}

// ServeFile serves the kernel described by the connection file until a
// shutdown_request arrives (nil error) or ctx is done (ctx's error).
func ServeFile(ctx context.Context, connectionFile string, exec Executor, opts Options) error {
	ci, err := wire.ReadConnectionFile(connectionFile)
	if err != nil {
		return err
	}
	return Serve(ctx, ci, exec, opts)
}

// request is a decoded message and the socket to answer it on.
type request struct {
	msg  *wire.Message
	sock zmq4.Socket
}

type server struct {
	exec  Executor
	opts  Options
	log   *log.Logger
	codec *wire.Codec
	sess  *wire.Session
	ci    *wire.ConnectionInfo

	shell, control, stdin, hb zmq4.Socket
	iopub                     *publisher

	shellQ  chan request
	inputs  chan *wire.Message // input_reply messages from the stdin socket
	done    chan struct{}      // closed by a shutdown_request
	endOnce sync.Once

	kernelInfo []byte // the kernel_info_reply content, computed once

	mu         sync.Mutex
	cancelCell context.CancelFunc // cancels the running cell; nil when idle

	count int // execution count; touched only by the shell worker
}

// Serve is ServeFile with a parsed connection.
func Serve(ctx context.Context, ci *wire.ConnectionInfo, exec Executor, opts Options) error {
	if exec == nil {
		return errors.New("jupyter: Serve needs an Executor; pass engine.New's session")
	}
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	if opts.SubscriberWait == 0 {
		opts.SubscriberWait = 2 * time.Second
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &server{
		exec:   exec,
		opts:   opts,
		log:    log.New(logw, "gopherlab kernel: ", log.LstdFlags),
		codec:  wire.NewCodec([]byte(ci.Key)),
		sess:   wire.NewSession(newID(), "kernel"),
		ci:     ci,
		shellQ: make(chan request, 1024),
		inputs: make(chan *wire.Message, 1),
		done:   make(chan struct{}),
	}
	s.kernelInfo = mustJSON(kernelInfo(opts))
	if err := s.bind(ctx, ci); err != nil {
		return err
	}
	defer s.closeSockets()

	// ipykernel publishes "starting" once iopub is bound; a front end that is
	// already subscribed (a restart) learns the kernel is back.
	s.publish(nil, "status", map[string]string{"execution_state": "starting"})

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)

	var wg sync.WaitGroup
	for _, loop := range []func(context.Context){s.heartbeat, s.readShell, s.serveControl, s.readStdin, s.runShell} {
		wg.Add(1)
		go func() { defer wg.Done(); loop(ctx) }()
	}
	var err error
	for waiting := true; waiting; {
		select {
		case <-sigs:
			s.log.Print("SIGINT: interrupting the running cell")
			s.interrupt()
		case <-s.done:
			waiting = false
		case <-ctx.Done():
			err = ctx.Err()
			waiting = false
		}
	}
	cancel()
	s.interrupt()
	s.closeSockets() // unblocks the socket readers
	wg.Wait()
	return err
}

// bind listens on all five sockets; iopub first, so that it is live before
// any request can be answered.
func (s *server) bind(ctx context.Context, ci *wire.ConnectionInfo) error {
	var err error
	if s.iopub, err = listenPublisher(ci, s.log); err != nil {
		return fmt.Errorf("jupyter: binding the iopub socket: %w (is another kernel using this connection file?)", err)
	}
	zlog := zmq4.WithLogger(s.log)
	route := zmq4.WithTimeout(10 * time.Second) // a ROUTER send blocks only while no peer is connected
	s.shell = zmq4.NewRouter(ctx, zlog, route)
	s.control = zmq4.NewRouter(ctx, zlog, route)
	s.stdin = zmq4.NewRouter(ctx, zlog, route)
	s.hb = zmq4.NewRep(ctx, zlog)
	for _, b := range []struct {
		name string
		sock zmq4.Socket
		port int
	}{{"shell", s.shell, ci.ShellPort}, {"control", s.control, ci.ControlPort},
		{"stdin", s.stdin, ci.StdinPort}, {"heartbeat", s.hb, ci.HBPort}} {
		if err := b.sock.Listen(ci.Endpoint(b.port)); err != nil {
			s.closeSockets()
			return fmt.Errorf("jupyter: binding the %s socket: %w (is another kernel using this connection file?)", b.name, err)
		}
	}
	return nil
}

func (s *server) closeSockets() {
	s.endOnce.Do(func() {
		for _, sock := range []zmq4.Socket{s.shell, s.control, s.stdin, s.hb} {
			if sock != nil {
				sock.Close()
			}
		}
		if s.iopub != nil {
			s.iopub.Close()
		}
	})
}

// heartbeat echoes every ping, on its own goroutine so a busy cell never
// makes the kernel look dead.
func (s *server) heartbeat(ctx context.Context) {
	for {
		msg, err := s.hb.Recv()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			continue
		}
		if err := s.hb.Send(msg); err != nil && ctx.Err() == nil {
			s.log.Printf("heartbeat: %v", err)
		}
	}
}

// recv returns the next well-formed, correctly signed message on sock; it
// logs and drops the others. It returns nil when ctx is done.
func (s *server) recv(ctx context.Context, sock zmq4.Socket, name string) *wire.Message {
	for {
		zm, err := sock.Recv()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			s.log.Printf("%s: receive: %v", name, err)
			continue
		}
		m, err := s.codec.Decode(zm.Frames)
		if err != nil {
			s.log.Printf("%s: dropping message: %v", name, err)
			continue
		}
		return m
	}
}

func (s *server) readShell(ctx context.Context) {
	for {
		m := s.recv(ctx, s.shell, "shell")
		if m == nil {
			return
		}
		select {
		case s.shellQ <- request{m, s.shell}:
		case <-ctx.Done():
			return
		}
	}
}

func (s *server) readStdin(ctx context.Context) {
	for {
		m := s.recv(ctx, s.stdin, "stdin")
		if m == nil {
			return
		}
		if m.Header.MsgType != "input_reply" {
			s.log.Printf("stdin: ignoring %s", m.Header.MsgType)
			continue
		}
		select { // a reply nobody waits for replaces an older one
		case <-s.inputs:
		default:
		}
		s.inputs <- m
	}
}

// serveControl answers control requests as they come, while cells run.
// An execute_request sent there joins the shell queue, to keep cells serial.
func (s *server) serveControl(ctx context.Context) {
	for {
		m := s.recv(ctx, s.control, "control")
		if m == nil {
			return
		}
		if m.Header.MsgType == "execute_request" {
			select {
			case s.shellQ <- request{m, s.control}:
			case <-ctx.Done():
				return
			}
			continue
		}
		s.handle(ctx, request{m, s.control})
	}
}

// runShell executes shell requests one at a time.
func (s *server) runShell(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-s.shellQ:
			s.abort(ctx, s.handle(ctx, r))
		}
	}
}

// queued takes the requests waiting in the shell queue now.
func (s *server) queued() []request {
	var rs []request
	for {
		select {
		case r := <-s.shellQ:
			rs = append(rs, r)
		default:
			return rs
		}
	}
}

// abort answers the execute requests that were queued when a cell failed
// with status "aborted", and handles the other requests among them.
func (s *server) abort(ctx context.Context, rs []request) {
	for _, r := range rs {
		if r.msg.Header.MsgType != "execute_request" {
			s.handle(ctx, r)
			continue
		}
		s.log.Printf("aborting %s after an error", r.msg.Header.MsgID)
		s.publishStatus(r.msg, "busy")
		s.reply(r, "execute_reply", map[string]string{"status": "aborted"})
		s.publishStatus(r.msg, "idle")
	}
}

// interrupt cancels the running cell, if any.
func (s *server) interrupt() {
	s.mu.Lock()
	if s.cancelCell != nil {
		s.cancelCell()
	}
	s.mu.Unlock()
}

// shutdown ends Serve after the current request's replies are sent.
func (s *server) shutdown() {
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

// send encodes m and sends it on sock, logging failures: a reply that cannot
// be sent has nowhere else to go.
func (s *server) send(sock zmq4.Socket, m *wire.Message) {
	frames, err := s.codec.Encode(m)
	if err != nil {
		s.log.Printf("encoding %s: %v", m.Header.MsgType, err)
		return
	}
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		s.log.Printf("sending %s: %v", m.Header.MsgType, err)
	}
}

// reply answers request r with a message of type msgType.
func (s *server) reply(r request, msgType string, content any) {
	m, err := s.sess.NewMessage(msgType, r.msg, content)
	if err != nil {
		s.log.Print(err)
		return
	}
	s.send(r.sock, m)
}

// publish sends a message on iopub, with parent as its parent header.
func (s *server) publish(parent *wire.Message, msgType string, content any) {
	m, err := s.sess.NewMessage(msgType, parent, content)
	if err != nil {
		s.log.Print(err)
		return
	}
	m.Identities = [][]byte{[]byte("kernel." + s.sess.ID + "." + msgType)}
	frames, err := s.codec.Encode(m)
	if err != nil {
		s.log.Printf("encoding %s: %v", msgType, err)
		return
	}
	s.iopub.Send(frames)
}

func (s *server) publishStatus(parent *wire.Message, state string) {
	s.publish(parent, "status", statusContent[state])
}

// statusContent holds the three status contents, encoded once.
var statusContent = map[string]any{}

func init() {
	for _, st := range []string{"busy", "idle", "starting"} {
		statusContent[st] = mustJSON(map[string]string{"execution_state": st})
	}
}

func kernelInfo(opts Options) map[string]any {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	banner := opts.Banner
	if banner == "" {
		banner = "Gopherlab " + version + ": Go " + goVersion + " cells, interpreted by yaegi, with lib/, plots/ and datasets/ preloaded"
	}
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.ProtocolVersion,
		"implementation":         "gopherlab",
		"implementation_version": version,
		"language_info": map[string]any{
			"name":            "go",
			"version":         goVersion,
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"codemirror_mode": "go",
			"pygments_lexer":  "go",
		},
		"banner":   banner,
		"debugger": false,
		"help_links": []map[string]string{
			{"text": "Go documentation", "url": "https://go.dev/doc/"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "Go package documentation", "url": "https://pkg.go.dev/"},
		},
	}
}

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
