package serve

import (
	"errors"
	"io"
	"sync"
	"time"
)

// MaxUnsent is how much of a board's output may wait for a client that
// reads it slower than it is drawn: a dozen full redraws of the largest
// board (MaxWidth x MaxHeight, about 150 KB each). A client past it has
// stopped reading, and is dropped: its board would otherwise stop (a
// program blocks on a write the client never takes), holding what its
// editor was writing, or buffer without end.
const MaxUnsent = 2 << 20

// errUnread is what a board's writes return once its client was dropped
// for not reading.
var errUnread = errors.New("the client stopped reading its board")

// outbox stands between a board's program and its session: the program's
// writes are queued and never wait on the client; one goroutine sends them
// as fast as the client takes them. Once more than limit bytes wait, the
// client is taken to have stopped reading: full is called (once), the
// queue is let go, and every later write fails.
type outbox struct {
	w     io.Writer
	limit int
	full  func(unsent int)

	mu      sync.Mutex
	queue   []byte // written, not yet taken by the sender
	spare   []byte // the sender's last buffer, for the next queue
	sending int    // bytes the sender is writing now
	err     error  // errUnread, or the session's write error
	closed  bool   // no more writes: the sender ends once the queue is sent
	wake    chan struct{}
	sent    chan struct{} // closed when the sender has ended
}

func newOutbox(w io.Writer, limit int, full func(unsent int)) *outbox {
	o := &outbox{w: w, limit: limit, full: full, wake: make(chan struct{}, 1), sent: make(chan struct{})}
	go o.send()
	return o
}

// Write queues p for the client.
func (o *outbox) Write(p []byte) (int, error) {
	o.mu.Lock()
	if o.err != nil {
		err := o.err
		o.mu.Unlock()
		return 0, err
	}
	if o.closed {
		o.mu.Unlock()
		return 0, io.ErrClosedPipe
	}
	if unsent := len(o.queue) + o.sending + len(p); unsent > o.limit {
		o.err, o.queue, o.spare = errUnread, nil, nil
		o.mu.Unlock()
		o.full(unsent)
		return 0, errUnread
	}
	o.queue = append(o.queue, p...)
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
	return len(p), nil
}

// Unsent returns how many bytes wait for the client.
func (o *outbox) Unsent() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.queue) + o.sending
}

// send writes what is queued to the client until the outbox is closed and
// empty, or a write fails.
func (o *outbox) send() {
	defer close(o.sent)
	for {
		o.mu.Lock()
		for len(o.queue) == 0 {
			if o.closed || o.err != nil {
				o.mu.Unlock()
				return
			}
			o.mu.Unlock()
			<-o.wake
			o.mu.Lock()
		}
		chunk := o.queue
		o.queue, o.spare = o.spare[:0], nil
		o.sending = len(chunk)
		o.mu.Unlock()

		_, err := o.w.Write(chunk) // waits while the client's window is full

		o.mu.Lock()
		o.sending = 0
		if err != nil {
			if o.err == nil {
				o.err = err
			}
			o.queue = nil
			o.mu.Unlock()
			return
		}
		if o.err == nil && cap(chunk) <= o.limit/4 {
			o.spare = chunk // kept for the next round, unless it grew large
		}
		o.mu.Unlock()
	}
}

// close stops taking writes and waits, at most wait, until what was queued
// has reached the client (the board's last frame, which gives the client's
// terminal back). It reports whether it all went.
func (o *outbox) close(wait time.Duration) bool {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-o.sent:
		o.mu.Lock()
		defer o.mu.Unlock()
		return o.err == nil
	case <-t.C:
		return false
	}
}

// stuck reports whether the sender is still in a write to the client.
func (o *outbox) stuck() bool {
	select {
	case <-o.sent:
		return false
	default:
		return true
	}
}
