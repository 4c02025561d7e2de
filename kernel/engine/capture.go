package engine

import (
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// flushTimeout bounds the wait for a stream's flush token; it only expires
// if something else holds the pipe (e.g. a cell closed os.Stdout).
const flushTimeout = 5 * time.Second

// capture owns file descriptors 1 and 2 of the process: both are pipes
// whose readers forward everything to the running cell.
type capture struct {
	streams [2]*pipeStream
	saved   [2]*os.File // duplicates of the original fds 1 and 2
	seq     int
}

// pipeStream reads one redirected descriptor.
type pipeStream struct {
	name string
	fd   int
	r    *os.File
	emit func(name, text string)

	mu      sync.Mutex
	waiting map[string]chan struct{} // flush token -> reader saw it
	done    chan struct{}            // reader ended
}

// startCapture redirects fds 1 and 2 to pipes read by goroutines that call
// emit. Go's runtime crash reports go to the original stderr.
func startCapture(emit func(name, text string)) (*capture, error) {
	c := &capture{}
	for i, fd := range []int{1, 2} {
		saved, err := dupFD(fd)
		if err != nil {
			c.stop()
			return nil, fmt.Errorf("engine: capture fd %d: %w", fd, err)
		}
		c.saved[i] = saved
		r, w, err := os.Pipe()
		if err != nil {
			c.stop()
			return nil, fmt.Errorf("engine: capture fd %d: %w", fd, err)
		}
		if err := redirectFD(int(w.Fd()), fd); err != nil {
			r.Close()
			w.Close()
			c.stop()
			return nil, fmt.Errorf("engine: capture fd %d: %w", fd, err)
		}
		w.Close() // fd now holds the write end
		s := &pipeStream{name: [...]string{"stdout", "stderr"}[i], fd: fd, r: r, emit: emit,
			waiting: map[string]chan struct{}{}, done: make(chan struct{})}
		c.streams[i] = s
		go s.read()
	}
	logTarget.Store(c.saved[1])
	debug.SetCrashOutput(c.saved[1], debug.CrashOptions{})
	return c, nil
}

// flush returns once every byte written to fds 1 and 2 before the call has
// been handed to emit: it writes a unique token into each pipe and waits
// for its reader to reach it.
func (c *capture) flush() {
	c.seq++
	var waits []chan struct{}
	for _, s := range c.streams {
		token := fmt.Sprintf("%d-%d", s.fd, c.seq)
		ch := make(chan struct{})
		s.mu.Lock()
		s.waiting[token] = ch
		s.mu.Unlock()
		writeFD(s.fd, append(append(bytes.Clone(flushMarker), token...), '\n'))
		waits = append(waits, ch)
	}
	timeout := time.After(flushTimeout)
	for _, ch := range waits {
		select {
		case <-ch:
		case <-timeout:
			fmt.Fprintln(LogWriter(), "engine: output flush timed out")
			return
		}
	}
}

func (s *pipeStream) read() {
	defer close(s.done)
	buf := make([]byte, 64<<10)
	var data []byte
	for {
		n, err := s.r.Read(buf)
		data = append(data, buf[:n]...)
		data = s.scan(data)
		if err != nil {
			if len(data) > 0 {
				s.emit(s.name, string(data))
			}
			return
		}
	}
}

// scan emits the text in data, answers the flush tokens in it, and
// returns what must wait for more input.
func (s *pipeStream) scan(data []byte) []byte {
	for {
		i := bytes.Index(data, flushMarker)
		if i < 0 {
			keep := partialMarker(data)
			if text := data[:len(data)-keep]; len(text) > 0 {
				s.emit(s.name, string(text))
			}
			return append(data[:0], data[len(data)-keep:]...)
		}
		if i > 0 {
			s.emit(s.name, string(data[:i]))
		}
		rest := data[i+len(flushMarker):]
		j := bytes.IndexByte(rest, '\n')
		if j < 0 {
			return append(data[:0], data[i:]...)
		}
		s.mu.Lock()
		if ch, ok := s.waiting[string(rest[:j])]; ok {
			close(ch)
			delete(s.waiting, string(rest[:j]))
		}
		s.mu.Unlock()
		data = rest[j+1:]
	}
}

// stop puts the original descriptors back and ends the readers.
func (c *capture) stop() {
	for i, fd := range []int{1, 2} {
		if c.saved[i] == nil {
			continue
		}
		redirectFD(int(c.saved[i].Fd()), fd) // closes the pipe's write end held by fd
		if s := c.streams[i]; s != nil {
			<-s.done
			s.r.Close()
		}
	}
	logTarget.Store(nil)
	debug.SetCrashOutput(nil, debug.CrashOptions{})
	for _, saved := range c.saved {
		if saved != nil {
			saved.Close()
		}
	}
}
