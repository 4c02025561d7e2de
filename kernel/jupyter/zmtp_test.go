package jupyter

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log"
	"reflect"
	"strings"
	"testing"

	"github.com/go-zeromq/zmq4"

	"github.com/gopherlab/gopherlab/kernel/wire"
)

func encodeFrames(frames [][]byte) []byte {
	var buf bytes.Buffer
	bufs := frameBuffers(frames)
	bufs.WriteTo(&buf)
	return buf.Bytes()
}

func TestFramesRoundTrip(t *testing.T) {
	msg := [][]byte{[]byte("id"), bytes.Repeat([]byte("x"), 300), {}, []byte("last")}
	wire := encodeFrames(msg)
	// A short frame has a 2-byte header, a long one (>255 bytes) 9 bytes.
	if want := 2 + 2 + 9 + 300 + 2 + 2 + 4; len(wire) != want {
		t.Fatalf("encoded %d bytes, want %d", len(wire), want)
	}
	if wire[0] != 1 || wire[4] != 3 || wire[len(wire)-6] != 0 {
		t.Errorf("flags: first %#x, long %#x, last %#x", wire[0], wire[4], wire[len(wire)-6])
	}
	// A PING command before the message is skipped.
	ping := []byte{4, 4, 'P', 'I', 'N', 'G'}
	r := bufio.NewReader(bytes.NewReader(append(ping, append(wire, wire...)...)))
	for i := range 2 {
		got, err := readMessage(r)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, msg) {
			t.Errorf("message %d = %q", i, got)
		}
	}
	if _, err := readMessage(r); err != io.EOF {
		t.Errorf("after the last message: %v, want EOF", err)
	}
}

func TestReadMessageRejectsBadFrames(t *testing.T) {
	huge := append([]byte{2}, binary.BigEndian.AppendUint64(nil, maxFrame+1)...)
	if _, err := readMessage(bufio.NewReader(bytes.NewReader(huge))); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("oversized frame: %v", err)
	}
	cut := encodeFrames([][]byte{[]byte("hello")})[:4]
	if _, err := readMessage(bufio.NewReader(bytes.NewReader(cut))); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated frame: %v", err)
	}
}

func TestRouterRoutesByIdentity(t *testing.T) {
	got := make(chan [][]byte, 10)
	p := freePorts(t, 1)
	ci := &wire.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0]}
	r, err := listenRouter("test", ci, p[0], log.New(io.Discard, "", 0), func(_ *router, f [][]byte) { got <- f })
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Send([][]byte{[]byte("nobody"), []byte("x")}); err == nil {
		t.Error("Send to an unknown peer succeeded")
	}
	dial := func(id string) zmq4.Socket {
		d := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity(id)))
		if err := d.Dial(ci.Endpoint(p[0])); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	a, b := dial("a"), dial("b")
	for _, d := range []zmq4.Socket{a, b} {
		if err := d.Send(zmq4.NewMsgString("hi")); err != nil {
			t.Fatal(err)
		}
	}
	from := map[string]bool{}
	for range 2 {
		f := <-got
		if len(f) != 2 || string(f[1]) != "hi" {
			t.Fatalf("received %q", f)
		}
		from[string(f[0])] = true
	}
	if !from["a"] || !from["b"] {
		t.Fatalf("identities %v, want a and b", from)
	}
	if err := r.Send([][]byte{[]byte("b"), []byte("for b")}); err != nil {
		t.Fatal(err)
	}
	if m, err := b.Recv(); err != nil || string(m.Frames[0]) != "for b" {
		t.Errorf("b received %q, %v", m.Frames, err)
	}
	// A reconnecting peer with the same identity takes the route over.
	a2 := dial("a")
	a2.Send(zmq4.NewMsgString("again"))
	<-got
	if err := r.Send([][]byte{[]byte("a"), []byte("for a2")}); err != nil {
		t.Fatal(err)
	}
	if m, err := a2.Recv(); err != nil || string(m.Frames[0]) != "for a2" {
		t.Errorf("a2 received %q, %v", m.Frames, err)
	}
}
