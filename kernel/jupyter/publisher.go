package jupyter

import (
	"bufio"
	"context"
	"log"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gopherlab/gopherlab/kernel/wire"
)

// publisher is the iopub socket, a ZeroMQ PUB (see zmtp.go). Unlike
// zmq4.NewPub, whose queue is dropped on Close (losing the shutdown_reply
// and last status), Send has written the message to every subscriber when
// it returns, and the first subscription is signalled, so that a cell sent
// right after start can wait for it instead of losing its output.
type publisher struct {
	ln  net.Listener
	log *log.Logger

	mu     sync.Mutex
	subs   map[*peer]struct{}
	closed bool

	joined   chan struct{} // closed when the first subscription arrives
	joinOnce sync.Once
}

func listenPublisher(ci *wire.ConnectionInfo, logger *log.Logger) (*publisher, error) {
	ln, err := listen(ci, ci.IOPubPort)
	if err != nil {
		return nil, err
	}
	p := &publisher{ln: ln, log: logger, subs: map[*peer]struct{}{}, joined: make(chan struct{})}
	go acceptLoop(ln, p.serve)
	return p, nil
}

// serve tracks a subscriber's subscriptions until it goes away.
func (p *publisher) serve(nc net.Conn) {
	if _, err := handshake(nc, zmq4.Pub); err != nil {
		p.log.Printf("iopub: handshake: %v", err)
		nc.Close()
		return
	}
	s := &peer{nc: nc, topics: map[string]struct{}{}}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		nc.Close()
		return
	}
	p.subs[s] = struct{}{}
	p.mu.Unlock()
	defer p.drop(s)
	br := bufio.NewReader(nc)
	for {
		frames, err := readMessage(br)
		if err != nil {
			return
		}
		// ZMTP 3.0 subscriptions are one-frame messages: 1 or 0, then the topic.
		if len(frames) != 1 || len(frames[0]) == 0 {
			continue
		}
		f := frames[0]
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

func (p *publisher) drop(s *peer) {
	p.mu.Lock()
	delete(p.subs, s)
	p.mu.Unlock()
	s.nc.Close()
}

func (s *peer) subscribed(topic []byte) bool {
	for t := range s.topics {
		if strings.HasPrefix(string(topic), t) {
			return true
		}
	}
	return false
}

// Send writes the message (its first frame is the topic) to every
// subscriber of the topic. Holding p.mu keeps messages in order.
func (p *publisher) Send(frames [][]byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.subs {
		if !s.subscribed(frames[0]) {
			continue
		}
		if err := s.write(frames); err != nil {
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
	return p.ln.Close()
}
