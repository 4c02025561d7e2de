package jupyter

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
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

// publisher is the iopub socket: a ZeroMQ PUB (ZMTP 3.0, NULL security)
// built on zmq4's connection layer. zmq4.NewPub does not fit a kernel: it
// queues messages for a goroutine and drops the queue on Close (the
// shutdown_reply and last status would be lost), it tells nobody when a
// subscriber joins (so a cell sent right after start could lose output),
// and it writes each frame with its own system call. Here Send writes the
// whole message to every subscriber before it returns.
type publisher struct {
	ln  net.Listener
	log *log.Logger

	mu     sync.Mutex
	subs   map[*subscriber]struct{}
	closed bool

	joined   chan struct{} // closed when the first subscription arrives
	joinOnce sync.Once
}

type subscriber struct {
	nc     net.Conn
	topics map[string]struct{} // guarded by publisher.mu
}

// writeTimeout bounds a write to one subscriber: a front end that stops
// reading is dropped rather than allowed to stall the kernel.
const writeTimeout = 10 * time.Second

func listenPublisher(ci *wire.ConnectionInfo, logger *log.Logger) (*publisher, error) {
	network, addr := "tcp", net.JoinHostPort(ci.IP, strconv.Itoa(ci.IOPubPort))
	if ci.Transport == "ipc" {
		network, addr = "unix", strings.TrimPrefix(ci.Endpoint(ci.IOPubPort), "ipc://")
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		return nil, err
	}
	p := &publisher{ln: ln, log: logger, subs: map[*subscriber]struct{}{}, joined: make(chan struct{})}
	go p.accept()
	return p, nil
}

func (p *publisher) accept() {
	for {
		nc, err := p.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		go p.serve(nc)
	}
}

// serve performs the handshake, then tracks the peer's subscriptions until
// it goes away.
func (p *publisher) serve(nc net.Conn) {
	nc.SetDeadline(time.Now().Add(writeTimeout))
	zc, err := zmq4.Open(nc, null.Security(), zmq4.Pub, nil, true, nil)
	if err != nil {
		p.log.Printf("iopub: handshake: %v", err)
		nc.Close()
		return
	}
	nc.SetDeadline(time.Time{})
	s := &subscriber{nc: nc, topics: map[string]struct{}{}}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		nc.Close()
		return
	}
	p.subs[s] = struct{}{}
	p.mu.Unlock()
	defer p.drop(s)
	for {
		msg, err := zc.RecvMsg()
		if err != nil {
			return
		}
		// ZMTP 3.0 subscriptions are one-frame messages: 1 or 0, then the topic.
		if msg.Type != zmq4.UsrMsg || len(msg.Frames) != 1 || len(msg.Frames[0]) == 0 {
			continue
		}
		f := msg.Frames[0]
		p.mu.Lock()
		switch f[0] {
		case 1:
			s.topics[string(f[1:])] = struct{}{}
		case 0:
			delete(s.topics, string(f[1:]))
		}
		p.mu.Unlock()
		if f[0] == 1 {
			p.joinOnce.Do(func() { close(p.joined) })
		}
	}
}

func (p *publisher) drop(s *subscriber) {
	p.mu.Lock()
	delete(p.subs, s)
	p.mu.Unlock()
	s.nc.Close()
}

func (s *subscriber) wants(topic []byte) bool {
	for t := range s.topics {
		if strings.HasPrefix(string(topic), t) {
			return true
		}
	}
	return false
}

// Send writes the message frames (the first is the topic) to every
// subscriber of that topic, in one system call each.
func (p *publisher) Send(frames [][]byte) {
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
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.subs {
		if !s.wants(frames[0]) {
			continue
		}
		s.nc.SetWriteDeadline(time.Now().Add(writeTimeout))
		b := append(net.Buffers(nil), bufs...) // WriteTo consumes its receiver
		if _, err := b.WriteTo(s.nc); err != nil {
			p.log.Printf("iopub: dropping a subscriber: %v", err)
			delete(p.subs, s)
			s.nc.Close()
		}
	}
}

// awaitSubscriber returns once a subscription has arrived, ctx is done, or
// d has passed.
func (p *publisher) awaitSubscriber(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.joined:
	case <-t.C:
	case <-ctx.Done():
	}
}

// Close stops accepting subscribers and disconnects the current ones.
func (p *publisher) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	for s := range p.subs {
		s.nc.Close()
	}
	if err := p.ln.Close(); err != nil {
		return fmt.Errorf("iopub: %w", err)
	}
	return nil
}
