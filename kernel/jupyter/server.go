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
	// SubscriberWait bounds how long execute requests wait for a first
	// iopub subscriber (ZeroMQ drops what a PUB socket sends to nobody), so
	// that a cell sent right after start loses no output; 0 means 2 seconds.
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
	sock *router
}

type server struct {
	exec  Executor
	opts  Options
	log   *log.Logger
	codec *wire.Codec
	sess  *wire.Session
	ci    *wire.ConnectionInfo

	shell, control, stdin *router
	iopub                 *publisher
	hb                    zmq4.Socket

	shellQ   chan request
	controlQ chan request
	inputs   chan *wire.Message // input_reply messages from the stdin socket
	done     chan struct{}      // closed by a shutdown_request
	endOnce  sync.Once

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
		exec:     exec,
		opts:     opts,
		log:      log.New(logw, "gopherlab kernel: ", log.LstdFlags),
		codec:    wire.NewCodec([]byte(ci.Key)),
		sess:     wire.NewSession(newID(), "kernel"),
		ci:       ci,
		shellQ:   make(chan request, 1024),
		controlQ: make(chan request, 64),
		inputs:   make(chan *wire.Message, 1),
		done:     make(chan struct{}),
	}
	s.kernelInfo = mustJSON(kernelInfo(opts))
	if err := s.bind(ctx, ci); err != nil {
		return err
	}
	defer s.closeSockets()

	// As ipykernel does; it reaches only subscribers already connected.
	s.publish(nil, "status", map[string]string{"execution_state": "starting"})

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)

	var wg sync.WaitGroup
	for _, loop := range []func(context.Context){s.heartbeat, s.serveControl, s.runShell} {
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
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(shutdownGrace):
		// A cell stuck in compiled code cannot be stopped; exit without it.
		s.log.Printf("the running cell ignored its cancellation for %v; returning without it", shutdownGrace)
	}
	return err
}

// shutdownGrace is how long Serve waits at exit for the running cell to
// honour its cancelled context.
const shutdownGrace = 2 * time.Second

// bind listens on all five sockets; iopub first, so that it is live before
// any request can be answered.
func (s *server) bind(ctx context.Context, ci *wire.ConnectionInfo) error {
	var err error
	fail := func(name string, err error) error {
		s.closeSockets()
		return fmt.Errorf("jupyter: binding the %s socket: %w (is another kernel using this connection file?)", name, err)
	}
	if s.iopub, err = listenPublisher(ci, s.log); err != nil {
		return fail("iopub", err)
	}
	queue := func(q chan request) func(*router, [][]byte) {
		return func(sock *router, frames [][]byte) {
			if m := s.decodeFrames(sock, frames); m != nil {
				select {
				case q <- request{m, sock}:
				case <-ctx.Done():
				}
			}
		}
	}
	if s.shell, err = listenRouter("shell", ci, ci.ShellPort, s.log, queue(s.shellQ)); err != nil {
		return fail("shell", err)
	}
	if s.control, err = listenRouter("control", ci, ci.ControlPort, s.log, queue(s.controlQ)); err != nil {
		return fail("control", err)
	}
	if s.stdin, err = listenRouter("stdin", ci, ci.StdinPort, s.log, s.stdinMessage); err != nil {
		return fail("stdin", err)
	}
	s.hb = zmq4.NewRep(ctx, zmq4.WithLogger(s.log))
	if err := s.hb.Listen(ci.Endpoint(ci.HBPort)); err != nil {
		return fail("heartbeat", err)
	}
	return nil
}

func (s *server) closeSockets() {
	s.endOnce.Do(func() {
		for _, r := range []*router{s.shell, s.control, s.stdin} {
			if r != nil {
				r.Close()
			}
		}
		if s.hb != nil {
			s.hb.Close()
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

// decodeFrames returns the message in frames, or nil after logging why it
// is dropped (malformed, or not signed with the connection key).
func (s *server) decodeFrames(sock *router, frames [][]byte) *wire.Message {
	m, err := s.codec.Decode(frames)
	if err != nil {
		s.log.Printf("%s: dropping message: %v", sock.name, err)
		return nil
	}
	return m
}

// stdinMessage receives on the stdin socket: input replies for Input.
func (s *server) stdinMessage(sock *router, frames [][]byte) {
	m := s.decodeFrames(sock, frames)
	if m == nil {
		return
	}
	if m.Header.MsgType != "input_reply" {
		s.log.Printf("stdin: ignoring %s", m.Header.MsgType)
		return
	}
	select { // a reply nobody waits for replaces an older one
	case <-s.inputs:
	default:
	}
	select {
	case s.inputs <- m:
	default: // another reply won the race; one is enough
	}
}

// serveControl answers control requests as they come, while cells run.
// An execute_request sent there joins the shell queue, to keep cells serial.
func (s *server) serveControl(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-s.controlQ:
			if r.msg.Header.MsgType == "execute_request" {
				select {
				case s.shellQ <- r:
				case <-ctx.Done():
					return
				}
				continue
			}
			s.handle(ctx, r)
		}
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
func (s *server) send(sock *router, m *wire.Message) {
	frames, err := s.codec.Encode(m)
	if err != nil {
		s.log.Printf("encoding %s: %v", m.Header.MsgType, err)
		return
	}
	if err := sock.Send(frames); err != nil {
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
