package jupyter

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/security/null"

	"github.com/gopherlab/gopherlab/kernel/wire"
)

// The kernel's ROUTER and PUB sockets are built here on zmq4's ZMTP 3.0
// handshake (zmq4.Open) instead of zmq4's socket types, whose message path
// costs several goroutine hand-offs, a goroutine per send and two system
// calls per frame read: that made up most of a cell's round trip. Frames are
// read through a buffer and a whole message is written with one writev.

// ioTimeout bounds the handshake and each write to a peer: a front end that
// stops reading is dropped rather than allowed to stall the kernel.
const ioTimeout = 10 * time.Second

// maxFrame bounds a frame's announced size, so that garbage on the port
// cannot make the kernel allocate without bound.
const maxFrame = 1 << 30

// listen listens on the connection's port, tcp or ipc.
func listen(ci *wire.ConnectionInfo, port int) (net.Listener, error) {
	if ci.Transport == "ipc" {
		return net.Listen("unix", strings.TrimPrefix(ci.Endpoint(port), "ipc://"))
	}
	return net.Listen("tcp", net.JoinHostPort(ci.IP, strconv.Itoa(port)))
}

// handshake performs the ZMTP greeting and NULL-security handshake as a
// socket of type typ, and returns the peer's identity property.
func handshake(nc net.Conn, typ zmq4.SocketType) (identity string, err error) {
	nc.SetDeadline(time.Now().Add(ioTimeout))
	defer nc.SetDeadline(time.Time{})
	zc, err := zmq4.Open(nc, null.Security(), typ, nil, true, nil)
	if err != nil {
		return "", err
	}
	return zc.Peer.Meta["Identity"], nil
}

// frameBuffers lays out a message's frames for one writev.
func frameBuffers(frames [][]byte) net.Buffers {
	hdrs := make([]byte, 0, 9*len(frames))
	bufs := make(net.Buffers, 0, 2*len(frames))
	for i, f := range frames {
		var flags byte
		if i < len(frames)-1 {
			flags |= 1 // MORE
		}
		start := len(hdrs)
		if len(f) > 255 {
			hdrs = append(hdrs, flags|2) // LONG
			hdrs = binary.BigEndian.AppendUint64(hdrs, uint64(len(f)))
		} else {
			hdrs = append(hdrs, flags, byte(len(f)))
		}
		bufs = append(bufs, hdrs[start:len(hdrs):len(hdrs)], f)
	}
	return bufs
}

// readMessage reads one message's frames; ZMTP commands (e.g. PING) are
// skipped.
func readMessage(r *bufio.Reader) ([][]byte, error) {
	var frames [][]byte
	for {
		flags, err := r.ReadByte()
		if err != nil {
			return nil, err
		}
		var size uint64
		if flags&2 != 0 {
			var b [8]byte
			if _, err := io.ReadFull(r, b[:]); err != nil {
				return nil, err
			}
			size = binary.BigEndian.Uint64(b[:])
		} else {
			b, err := r.ReadByte()
			if err != nil {
				return nil, err
			}
			size = uint64(b)
		}
		if size > maxFrame {
			return nil, fmt.Errorf("frame of %d bytes is over the %d limit", size, maxFrame)
		}
		body := make([]byte, size)
		if _, err := io.ReadFull(r, body); err != nil {
			return nil, err
		}
		if flags&4 != 0 { // a command, not part of a message
			continue
		}
		frames = append(frames, body)
		if flags&1 == 0 {
			return frames, nil
		}
	}
}

// peer is one connection of a router or publisher.
type peer struct {
	nc     net.Conn
	wmu    sync.Mutex // one message written at a time
	id     string
	topics map[string]struct{} // a subscriber's; guarded by publisher.mu
}

func (p *peer) write(frames [][]byte) error {
	bufs := frameBuffers(frames)
	p.wmu.Lock()
	defer p.wmu.Unlock()
	p.nc.SetWriteDeadline(time.Now().Add(ioTimeout))
	_, err := bufs.WriteTo(p.nc)
	return err
}

// router is a ZeroMQ ROUTER socket: each received message is handed to
// onMessage (on the connection's goroutine) with the peer identity as first
// frame; Send routes by that first frame.
type router struct {
	name      string
	ln        net.Listener
	log       *log.Logger
	onMessage func(r *router, frames [][]byte)

	mu     sync.Mutex
	peers  map[string]*peer
	closed bool
}

func listenRouter(name string, ci *wire.ConnectionInfo, port int, logger *log.Logger, onMessage func(*router, [][]byte)) (*router, error) {
	ln, err := listen(ci, port)
	if err != nil {
		return nil, err
	}
	r := &router{name: name, ln: ln, log: logger, onMessage: onMessage, peers: map[string]*peer{}}
	go acceptLoop(ln, r.serve)
	return r, nil
}

func acceptLoop(ln net.Listener, serve func(net.Conn)) {
	for {
		nc, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		go serve(nc)
	}
}

func (r *router) serve(nc net.Conn) {
	id, err := handshake(nc, zmq4.Router)
	if err != nil {
		r.log.Printf("%s: handshake: %v", r.name, err)
		nc.Close()
		return
	}
	if id == "" { // as libzmq does, name an anonymous peer
		var b [5]byte
		rand.Read(b[1:])
		id = string(b[:])
	}
	p := &peer{nc: nc, id: id}
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		nc.Close()
		return
	}
	if old := r.peers[id]; old != nil {
		old.nc.Close() // a reconnecting front end takes its identity over
	}
	r.peers[id] = p
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		if r.peers[id] == p {
			delete(r.peers, id)
		}
		r.mu.Unlock()
		nc.Close()
	}()
	br := bufio.NewReaderSize(nc, 64<<10)
	for {
		frames, err := readMessage(br)
		if err != nil {
			return
		}
		r.onMessage(r, append([][]byte{[]byte(id)}, frames...))
	}
}

// Send writes frames[1:] to the peer named by frames[0]; a message for a
// peer that is gone is dropped, as ZeroMQ does.
func (r *router) Send(frames [][]byte) error {
	r.mu.Lock()
	p := r.peers[string(frames[0])]
	r.mu.Unlock()
	if p == nil {
		return fmt.Errorf("%s: no peer %q connected", r.name, frames[0])
	}
	if err := p.write(frames[1:]); err != nil {
		p.nc.Close()
		return fmt.Errorf("%s: %w", r.name, err)
	}
	return nil
}

// Close stops accepting and disconnects every peer.
func (r *router) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	for _, p := range r.peers {
		p.nc.Close()
	}
	return r.ln.Close()
}
