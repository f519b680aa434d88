package serve

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
	"time"

	"charm.land/ssh"
	"github.com/weekly-dev/weekly/internal/sanitize"
	gossh "golang.org/x/crypto/ssh"
)

// The largest window a board is drawn at. A client may say its terminal
// is 10000x10000; a frame that size takes gigabytes. Bubble Tea keeps two
// screens of 112-byte cells, so a board at 320x100 costs about 7 MB and
// every frame of it draws 32,000 cells; at 500x200 it was 23 MB and
// 100,000 cells, and four such clients among 50 sessions took the server
// past 300 MB and its editors' keys to 56 ms (17 ms at 320x100). 320x100
// is a 2560-pixel-wide screen in an 8-pixel font.
const (
	MaxWidth  = 320
	MaxHeight = 100
)

// ConnSessions is how many sessions one connection may have open at once.
const ConnSessions = 3

// maxEnv bounds the environment a session may send (each variable is kept
// for the session's life).
const (
	maxEnv      = 64
	maxEnvBytes = 4096
)

// connKey is where a connection's state is kept in its context.
var connKey = &struct{ name string }{"weekly-conn"}

// doorKey is where a session's door is kept in its context.
var doorKey = &struct{ name string }{"weekly-door"}

// conn is what the server keeps of one connection: its sessions.
type conn struct {
	mu       sync.Mutex
	sessions int
}

// door is what the server keeps of one session as its requests pass: its
// window, and the window the client asked for when it was larger than a
// board is drawn.
type door struct {
	// win holds the session's latest window, clamped, for its program.
	// The session's own window channel is left alone: the session's
	// request loop blocks on it when nobody reads (before the shell
	// starts, after the program ends), and would not see its channel close.
	win chan ssh.Window
	end context.CancelFunc // ends the session's context, so its board
	pty bool               // a pty was asked for; only the request filter uses it
	env int                // env requests; only the request filter uses it

	mu      sync.Mutex
	asked   ssh.Window // the first window clamped
	clamped bool
	early   bool // clamped before the session began
	began   bool
}

// resize makes w the window the program reads next, in place of one it
// has not read yet. Only the request filter calls it, so it never blocks.
func (d *door) resize(w ssh.Window) {
	select {
	case <-d.win:
	default:
	}
	d.win <- w
}

// doorSession is a session whose window changes come from its door.
type doorSession struct {
	ssh.Session
	win <-chan ssh.Window
}

// Environ returns the one variable of the client's environment the server
// takes: TERM (sanitised), for the colour profile the board is drawn in.
// Nothing else a client sends reaches the board or a program.
func (s *doorSession) Environ() []string {
	p, _, _ := s.Session.Pty()
	if term := sanitize.Line(p.Term); term != "" {
		return []string{"TERM=" + term}
	}
	return nil
}

// Pty returns the session's pty, with the window changes of its door.
func (s *doorSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	p, _, ok := s.Session.Pty()
	return p, s.win, ok
}

// clamp records that the client asked for win, larger than a board is
// drawn; it reports whether this is the session's first clamp.
func (d *door) clamp(win ssh.Window) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.clamped {
		return false
	}
	d.asked, d.clamped, d.early = win, true, !d.began
	return true
}

// begin marks the session as begun, and returns the window clamped before
// it, if any.
func (d *door) begin() (ssh.Window, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.began = true
	return d.asked, d.clamped && d.early
}

// late returns the window clamped once the session had begun, if any.
func (d *door) late() (ssh.Window, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.asked, d.clamped && !d.early
}

// sessionContext is a connection's context that ends when one of its
// sessions does: the session's programs and goroutines end with the
// channel, not with the connection, which may carry other sessions.
type sessionContext struct {
	ssh.Context
	ctx  context.Context
	door *door
}

func (c *sessionContext) Done() <-chan struct{} { return c.ctx.Done() }
func (c *sessionContext) Err() error            { return c.ctx.Err() }
func (c *sessionContext) Value(key any) any {
	if key == doorKey {
		return c.door
	}
	return c.Context.Value(key)
}

// doorOf returns a session's door; nil outside a session made by openSession.
func doorOf(ctx context.Context) *door {
	d, _ := ctx.Value(doorKey).(*door)
	return d
}

// openSession is the handler of session channels: it refuses one more than
// ConnSessions on a connection, gives the session a context that ends when
// its channel closes, and passes its requests through filter before the
// usual handler reads them.
func (s *Server) openSession(srv *ssh.Server, sc *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	c := s.connOf(ctx, sc)
	c.mu.Lock()
	full := c.sessions >= ConnSessions
	if !full {
		c.sessions++
	}
	c.mu.Unlock()
	if full {
		s.logf("refused a session to %s from %s: %d sessions are open on its connection, the most", nameOf(ctx), clean(ctx.RemoteAddr().String()), ConnSessions)
		_ = nc.Reject(gossh.ResourceShortage, fmt.Sprintf("weekly serve takes at most %d sessions on one connection", ConnSessions))
		return
	}
	defer func() {
		c.mu.Lock()
		c.sessions--
		c.mu.Unlock()
	}()
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	sctx := &sessionContext{Context: ctx, ctx: inner, door: &door{win: make(chan ssh.Window, 1), end: cancel}}
	// Returns once the channel is closed, however it closed.
	ssh.DefaultSessionHandler(srv, sc, filtered{NewChannel: nc, s: s, ctx: sctx, cancel: cancel}, sctx)
}

// connOf returns a connection's state, made (and its keepalives started)
// by its first session.
func (s *Server) connOf(ctx ssh.Context, sc *gossh.ServerConn) *conn {
	ctx.Lock()
	defer ctx.Unlock()
	if c, ok := ctx.Value(connKey).(*conn); ok {
		return c
	}
	c := &conn{}
	ctx.SetValue(connKey, c)
	tick := time.NewTicker(s.cfg.KeepAlive)
	go func() {
		defer tick.Stop()
		ask := func(answered chan<- struct{}) {
			go func() {
				if _, _, err := sc.SendRequest("keepalive@openssh.com", true, nil); err == nil {
					select {
					case answered <- struct{}{}:
					case <-ctx.Done():
					}
				}
			}()
		}
		if keepAlive(ctx, tick.C, ask) {
			s.logf("dropped: %s from %s: no answer to %d keepalives in %s", nameOf(ctx), clean(ctx.RemoteAddr().String()), keepAliveMisses, keepAliveMisses*s.cfg.KeepAlive)
			_ = sc.Close()
		}
	}()
	return c
}

// filtered is a session channel whose requests pass the door first.
type filtered struct {
	gossh.NewChannel
	s      *Server
	ctx    *sessionContext
	cancel context.CancelFunc
}

// Accept accepts the channel and filters its requests.
func (f filtered) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		for req := range reqs {
			if f.s.pass(f.ctx, req) {
				out <- req
			}
		}
		// The channel is closed: end the session's context before the
		// handler sees the end of its requests (and closes the window
		// changes), so that its program quits rather than reads them.
		f.cancel()
		close(out)
	}()
	return ch, out, nil
}

// pass looks at a session request before the session handler does: it
// refuses agent forwarding and more environment than a board needs, clamps
// the window of pty-req to MaxWidth x MaxHeight, and answers window-change
// itself, clamped, through the door. It reports whether the request goes
// on to the handler.
func (s *Server) pass(ctx *sessionContext, req *gossh.Request) bool {
	d := ctx.door
	switch req.Type {
	case "auth-agent-req@openssh.com":
		s.logf("refused agent forwarding to %s from %s", nameOf(ctx), clean(ctx.RemoteAddr().String()))
		_ = req.Reply(false, nil)
		return false
	case "env":
		d.env++
		if d.env > maxEnv || len(req.Payload) > maxEnvBytes {
			_ = req.Reply(false, nil)
			return false
		}
	case "pty-req":
		// The window is two uint32s after the TERM string, rewritten in
		// place whatever follows, so that a payload the clamp cannot read
		// is one the handler cannot read either.
		if len(req.Payload) < 4 {
			return true // the handler refuses it
		}
		at := 4 + int(binary.BigEndian.Uint32(req.Payload))
		if at < 0 || len(req.Payload) < at+16 {
			return true
		}
		win, payload := clampAt(req.Payload, at)
		if payload != nil {
			req.Payload = payload
			s.clamped(ctx, win)
		}
		if !d.pty {
			d.pty = true
			d.resize(windowAt(req.Payload, at))
		}
	case "window-change":
		if !d.pty || len(req.Payload) < 16 {
			_ = req.Reply(false, nil)
			return false
		}
		win, payload := clampAt(req.Payload, 0)
		if payload != nil {
			s.clamped(ctx, win)
		} else {
			payload = req.Payload
		}
		d.resize(windowAt(payload, 0))
		_ = req.Reply(true, nil)
		return false
	}
	return true
}

// windowAt reads the window (columns, rows, then pixels) at b[at:].
func windowAt(b []byte, at int) ssh.Window {
	u := func(i int) int { return int(binary.BigEndian.Uint32(b[at+4*i:])) }
	return ssh.Window{Width: u(0), Height: u(1), WidthPixels: u(2), HeightPixels: u(3)}
}

// clampAt clamps the window at b[at:]: when it is larger than a board is
// drawn, it returns the window asked for and a copy of b with the window
// clamped; else nil.
func clampAt(b []byte, at int) (ssh.Window, []byte) {
	cols, rows := binary.BigEndian.Uint32(b[at:]), binary.BigEndian.Uint32(b[at+4:])
	c, r := clampWindow(cols, rows)
	if c == cols && r == rows {
		return ssh.Window{}, nil
	}
	out := slices.Clone(b)
	binary.BigEndian.PutUint32(out[at:], c)
	binary.BigEndian.PutUint32(out[at+4:], r)
	return ssh.Window{Width: int(cols), Height: int(rows)}, out
}

// clamped logs a session's first window larger than a board is drawn.
func (s *Server) clamped(ctx *sessionContext, asked ssh.Window) {
	if ctx.door.clamp(asked) {
		s.logf("clamped: %s from %s asked for a %dx%d window; the board is drawn at %dx%d at most", nameOf(ctx), clean(ctx.RemoteAddr().String()), asked.Width, asked.Height, MaxWidth, MaxHeight)
	}
}

// clampWindow bounds a window to MaxWidth x MaxHeight.
func clampWindow(cols, rows uint32) (uint32, uint32) {
	return min(cols, MaxWidth), min(rows, MaxHeight)
}

// keepAliveMisses is how many keepalive intervals a client may stay silent.
const keepAliveMisses = 3

// keepAlive asks the client whether it is there at each tick, one ask at a
// time, until ctx ends: ask sends the question and, once the client has
// answered, sends on answered. It returns true, for the caller to drop the
// connection, once keepAliveMisses ticks have passed since the client last
// answered: a peer whose network is gone sends no FIN, and its sessions
// would stay open for ever.
func keepAlive(ctx context.Context, tick <-chan time.Time, ask func(answered chan<- struct{})) bool {
	answered := make(chan struct{})
	var l liveness
	for {
		select {
		case <-ctx.Done():
			return false
		case <-answered:
			l.heard()
		case <-tick:
			now, drop := l.tick()
			if drop {
				return true
			}
			if now {
				ask(answered)
			}
		}
	}
}

// liveness counts the keepalive ticks since the client was last heard.
// Counting from the last answer, not from the first ask left unanswered,
// drops a frozen client within keepAliveMisses intervals of its freezing.
type liveness struct {
	silent int  // ticks since the last answer
	asking bool // an ask is out
}

// tick passes one interval; it says whether to ask now, and whether the
// client has been silent too long.
func (l *liveness) tick() (ask, drop bool) {
	l.silent++
	if l.silent >= keepAliveMisses {
		return false, true
	}
	if l.asking {
		return false, false
	}
	l.asking = true
	return true, false
}

// heard records an answer.
func (l *liveness) heard() { l.silent, l.asking = 0, false }
