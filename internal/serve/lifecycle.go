package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// FPS is the most frames a second a served board is drawn at. Bubble Tea
// sleeps while a board's frame does not change and draws on the next frame
// once it does, so a key reaches the editor's screen within 1/FPS of its
// update, and a board at rest costs nothing.
const FPS = 120

// resizeEvery is the least time between two window sizes a board is given:
// a client that resizes hundreds of times a second gets its latest size at
// most this often, rather than a frame a resize. A new size is a whole new
// screen (about 100,000 cells at the clamp, drawn and sent): at 60 a second
// one storming client took a processor to itself; ten a second still
// follows a window dragged by hand, and the last size always arrives.
const resizeEvery = time.Second / 10

// DefaultIdle is how long a board may go without a key from its editor
// before the server saves it and disconnects them.
const DefaultIdle = 2 * time.Hour

const (
	// stopWait is how long a board asked to save and quit (idle, shutdown)
	// has before it is ended at once.
	stopWait = 10 * time.Second
	// drainWait is how long the end of a board (the frame that gives the
	// client its terminal back) may take to reach the client.
	drainWait = 2 * time.Second
	// stuckWait is how long after its session a send to a client that
	// does not read may stay stuck before its connection is closed.
	stuckWait = 10 * time.Second
)

// clock is the server's time: the real one, or a test's that it moves.
type clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// running is a session's board as the server keeps it while it runs.
type running struct {
	prog *tea.Program
	stop tea.Msg
	done func() error
	name string
	from string
	out  *outbox
	end  func() // ends the session: its context, so its program

	last atomic.Int64 // when the editor last sent a key, in clock nanoseconds

	mu  sync.Mutex
	why string // what the client is told once its board has ended
	set bool
}

// ended records why the board ends, for the client; the first reason
// given is kept. An empty why tells the client nothing (it is not reading).
func (r *running) ended(why string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.set {
		r.why, r.set = why, true
	}
}

func (r *running) reason() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.why
}

// A board reads its client's input at most inputRate bytes a second once
// it has read inputBurst bytes in a run: a person types a few bytes a
// second and pastes at most a blurb at once, while every key is an update
// of the board taken with the draft's turn held, so a client sending
// garbage without end would otherwise have the other editors' keys wait
// behind its own. What is held back waits in the connection, whose window
// then stops the client.
const (
	inputBurst = 64 << 10
	inputRate  = 2 << 10
)

// keys is a session's input that notes when its editor last typed, read
// no faster than inputRate once inputBurst is spent.
type keys struct {
	io.Reader
	r     *running
	clock clock

	credit float64   // bytes that may be read now
	at     time.Time // when credit was counted
}

func newKeys(in io.Reader, r *running, c clock) *keys {
	return &keys{Reader: in, r: r, clock: c, credit: inputBurst, at: c.Now()}
}

func (k *keys) Read(p []byte) (int, error) {
	k.refill()
	for k.credit < 1 {
		<-k.clock.After(time.Duration((1 - k.credit) / inputRate * float64(time.Second)))
		k.refill()
	}
	if len(p) > int(k.credit) {
		p = p[:int(k.credit)]
	}
	n, err := k.Reader.Read(p)
	k.credit -= float64(n)
	if n > 0 {
		k.r.last.Store(k.clock.Now().UnixNano())
	}
	return n, err
}

func (k *keys) refill() {
	now := k.clock.Now()
	k.credit = min(k.credit+now.Sub(k.at).Seconds()*inputRate, inputBurst)
	k.at = now
}

// forwardWindows gives prog its session's window sizes until ctx ends, at
// most one every resizeEvery, and none the board has already (it starts
// at first); the door keeps only the latest size not given yet, so a storm
// of resizes costs a frame an interval.
func (s *Server) forwardWindows(ctx context.Context, prog *tea.Program, first ssh.Window, windows <-chan ssh.Window) {
	defer prog.Quit()
	given := first
	for {
		select {
		case <-ctx.Done():
			return
		case w, ok := <-windows:
			if !ok {
				return
			}
			if w.Width == given.Width && w.Height == given.Height {
				continue
			}
			given = w
			prog.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
		}
		select {
		case <-ctx.Done():
			return
		case <-s.clock.After(resizeEvery):
		}
	}
}

// watchIdle saves and closes the board once its editor has sent no key
// for the server's idle time.
func (s *Server) watchIdle(ctx context.Context, r *running) {
	idle := s.cfg.Idle
	if idle < 0 {
		return
	}
	for {
		since := s.clock.Now().Sub(time.Unix(0, r.last.Load()))
		if since >= idle {
			s.logf("idle: %s from %s sent no key in %s: the board saves and closes", r.name, r.from, idle)
			r.ended(fmt.Sprintf("weekly serve: disconnected after %s without a key; your work is saved. Connect again to go on.", idle))
			s.stopBoard(ctx, r)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-s.clock.After(idle - since):
		}
	}
}

// stopBoard asks a board to save and quit (its Stop message), and ends its
// session if it has not within stopWait.
func (s *Server) stopBoard(ctx context.Context, r *running) {
	if r.stop == nil {
		go r.prog.Quit()
	} else {
		go r.prog.Send(r.stop)
	}
	select {
	case <-ctx.Done():
	case <-s.clock.After(stopWait):
		r.end()
	}
}

// unread drops a client whose board's output waits unsent past MaxUnsent:
// it has stopped reading. What its editor did is in the draft already.
func (s *Server) unread(r *running, unsent int) {
	s.logf("dropped: %s from %s stopped reading its board: %d bytes unsent, more than the %d a board may queue", r.name, r.from, unsent, MaxUnsent)
	r.ended("")
	r.end()
}

// runErr logs how a board's program ended, unless it ended as boards do:
// its editor quit, the client went, the server stopped it.
func (s *Server) runErr(r *running, err error) {
	switch {
	case err == nil, errors.Is(err, errUnread):
	case errors.Is(err, tea.ErrProgramPanic):
		// Bubble Tea caught it, outside what guard watches.
		s.logf("the board of %s panicked inside Bubble Tea and was closed (the other boards go on): %v", r.name, err)
		r.ended(panicNote)
	case errors.Is(err, context.Canceled), errors.Is(err, tea.ErrProgramKilled):
	default:
		s.logf("the board of %s ended with: %v", r.name, err)
	}
}

// panicNote is what the client of a board that panicked is told.
const panicNote = "weekly serve: your board stopped on an error (the server's log has it); everything up to it is saved. Connect again to go on."

// finish ends a session's board, however it ended: its program is ended,
// its Done run (which lets go of its seat and of what its editor was
// writing), its last frame sent, and the client told why the server ended
// it. It reports whether the client takes what it is sent.
func (s *Server) finish(sess ssh.Session, r *running) bool {
	r.prog.Kill() // a no-op once it has ended
	r.end()
	if r.done != nil {
		func() {
			defer func() {
				if v := recover(); v != nil {
					s.logPanic(r.name, panicked{v, debug.Stack()})
				}
			}()
			if err := r.done(); err != nil {
				s.logf("session of %s ended with: %v", r.name, err)
			}
		}()
	}
	if !r.out.close(drainWait) {
		// The client is not reading: no note. A send stuck in its
		// window ends when the client closes the channel; one that does
		// not is not left holding its buffer.
		time.AfterFunc(stuckWait, func() {
			if r.out.stuck() {
				if c, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
					s.logf("closed the connection of %s from %s: its board's last frame was never taken", r.name, r.from)
					_ = c.Close()
				}
			}
		})
		return false
	}
	if why := r.reason(); why != "" {
		tell(sess, why)
	}
	return true
}

// tell writes a line to the client's standard error, outside the board,
// without waiting long on a client that does not read.
func tell(sess ssh.Session, line string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fmt.Fprintln(sess.Stderr(), line)
	}()
	t := time.NewTimer(drainWait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}
