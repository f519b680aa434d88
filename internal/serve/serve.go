// Package serve gives the board to editors over SSH: public-key access by
// an authorized_keys file with the editors' names, a host key kept next to
// it, and one Bubble Tea program per session, made by a factory the caller
// gives, so that sessions can share one open document.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/netip"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/capture"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// DefaultAddr is where weekly serve listens unless told otherwise: this
// machine only.
const DefaultAddr = "127.0.0.1:23234"

// Folder is the folder in the drafts directory that holds the server's
// authorized_keys and host key.
const Folder = ".weekly"

// nameKey is where the authenticated editor's name travels from the key
// check to the session; noBoardKey says that the key's line refuses it a
// terminal (restrict, no-pty), and where.
const (
	nameKey    = "weekly-editor"
	noBoardKey = "weekly-no-board"
)

// MemoryLimit is the memory weekly serve keeps to when it can (see
// memlimit.Keep, which raises it to half again the heap in use; GOMEMLIMIT
// sets another): a served board is mostly its screen's cells (a 120x32
// board about 1.1 MB, one at the MaxWidth x MaxHeight clamp about 8 MB),
// and without a limit the heap grows to twice what is in use before it is
// collected. In issue 23's check (52 boards, five of them hostile) the heap
// in use is about 95 MB; under this limit the process peaks near 220 MiB.
const MemoryLimit = 192 << 20

// DefaultMaxSessions is how many boards a server gives at once unless told
// otherwise.
const DefaultMaxSessions = 32

// Session is what a Factory knows of one connection.
type Session struct {
	// Editor is the name from the authorized_keys line whose key signed in.
	Editor string
	// User is the login name the client gave, which says nothing of who.
	User   string
	Remote net.Addr
	// Environ is the environment the client sent (TERM, LANG...): the
	// client's text, not to be logged as it is.
	Environ []string
	// Context ends when the session does: its channel closed, or its
	// connection.
	Context context.Context
}

// Program is what a Factory makes for one session.
type Program struct {
	Model tea.Model
	// Stop is the message that makes Model save and quit, which the server
	// sends every program when it shuts down; nil quits at once.
	Stop tea.Msg
	// Done, if set, runs once the program has ended, however it ended: the
	// place to check the last save and to release what the session held.
	Done func() error
	// Started, if set, is given the session's program once it is made and
	// before it runs: the place to start sending it messages from outside
	// its event loop (changes made by the other sessions).
	Started func(p *tea.Program)
}

// Factory makes the program of one session. Its error is shown to the
// client, whose session then ends.
type Factory func(s Session) (Program, error)

// Config is what a Server needs.
type Config struct {
	Addr string // host:port, DefaultAddr when empty
	// Dir is the drafts directory; the keys are in Dir/.weekly.
	Dir     string
	Factory Factory
	// Links takes the links of ssh … add, from editors and contributors
	// (see contrib.go); nil refuses add.
	Links *capture.Inbox
	// Log gets one line per connection, refusal and disconnection.
	Log *log.Logger
	// KeepAlive is how often a client is asked whether it is still there;
	// one not heard from for three of them is dropped. 0 means 15 seconds
	// (dropped within 45).
	KeepAlive time.Duration
	// MaxSessions is how many boards are served at once; a login beyond
	// them is refused with a message. 0 means DefaultMaxSessions.
	MaxSessions int
	// Idle is how long a board may go without a key from its editor
	// before it is saved and its session closed. 0 means DefaultIdle;
	// below 0, never.
	Idle time.Duration

	clock     clock         // real time unless a test gives its own
	handshake time.Duration // for a connection to log in; 30 seconds when 0
}

// Server is an SSH server of the board.
type Server struct {
	cfg   Config
	srv   *ssh.Server
	clock clock

	// editors are the keys of authorized_keys, contributors those of the
	// contributors file.
	editors, contributors *keyFile
	// limit counts the links each contributor sent in the last minute.
	limit capture.Limiter
	// adding counts the adds each sender has running.
	adding inFlight

	mu       sync.Mutex
	programs map[ssh.Session]*running // the board of each session
	boards   int                      // sessions let through the gate
	closing  bool
	sessions sync.WaitGroup
}

// KeysPath returns the authorized_keys file of a drafts directory.
func KeysPath(dir string) string { return filepath.Join(dir, Folder, "authorized_keys") }

// HostKeyPath returns the host key file of a drafts directory.
func HostKeyPath(dir string) string { return filepath.Join(dir, Folder, "host_ed25519") }

// New reads the editors' keys, makes the host key on first start, and
// returns a server ready to Serve.
func New(cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.KeepAlive == 0 {
		cfg.KeepAlive = 15 * time.Second
	}
	if cfg.MaxSessions == 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.Idle == 0 {
		cfg.Idle = DefaultIdle
	}
	if cfg.clock == nil {
		cfg.clock = realClock{}
	}
	if cfg.handshake == 0 {
		cfg.handshake = 30 * time.Second
	}
	if cfg.MaxSessions < 0 {
		return nil, fmt.Errorf("serve: at most %d sessions: give 1 or more", cfg.MaxSessions)
	}
	if cfg.Log == nil {
		cfg.Log = log.New(log.Writer(), "", log.LstdFlags)
	}
	if err := keyModes(cfg.Dir); err != nil {
		return nil, err
	}
	editors, err := newKeyFile(KeysPath(cfg.Dir), "editor", LoadKeys)
	if err != nil {
		return nil, err
	}
	contributors, err := newKeyFile(ContributorsPath(cfg.Dir), "contributor", LoadContributors)
	if err != nil {
		return nil, err
	}
	if err := hostKeyMode(cfg.Dir); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, clock: cfg.clock, editors: editors, contributors: contributors, programs: map[ssh.Session]*running{}}
	s.srv, err = wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithHostKeyPath(HostKeyPath(cfg.Dir)), // makes the key on first start
		wish.WithPublicKeyAuth(s.auth),
		func(srv *ssh.Server) error {
			// Sessions only (no port forwards), each through the door.
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.openSession}
			// A connection that has not logged in by then (one that sends
			// nothing, or garbage slowly) is closed, as sshd's
			// LoginGraceTime does.
			srv.HandshakeTimeout = cfg.handshake
			return nil
		},
		s.refuseForwards, // after the channel handlers are set
		// The last runs first: the gate, then the session's log and
		// bookkeeping around the program.
		wish.WithMiddleware(
			s.run,
			s.session,
			s.gate,
			s.command, // a command, or a contributor: no board
		),
	)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	// The host key made now, as sshd wants it.
	if err := hostKeyMode(cfg.Dir); err != nil {
		return nil, err
	}
	return s, nil
}

// logf logs one line of an event, made safe: what a client sends (its
// login, TERM, a key's comment) can hold escape sequences and line breaks.
func (s *Server) logf(format string, args ...any) {
	s.cfg.Log.Print(sanitize.Line(fmt.Sprintf(format, args...)))
}

// clean makes a client's text short and plain, for a log line.
func clean(s string) string { return sanitize.Clip(sanitize.Line(s), 80) }

// nameOf returns the name of the editor signed in on ctx's connection.
func nameOf(ctx ssh.Context) string { return ctx.Permissions().Extensions[nameKey] }

// Editors returns the editors allowed in, reading authorized_keys again
// when it has changed since it was last read, so that an editor can be
// added or removed without a restart. A file that no longer reads, or
// that others can write, is logged, and the editors read before stay.
func (s *Server) Editors() []Editor { return s.editors.current(s.cfg.Dir, s.logf) }

// auth lets in the keys of authorized_keys (editors) and of the
// contributors file, as their lines' options allow, and logs the others.
func (s *Server) auth(ctx ssh.Context, key ssh.PublicKey) bool {
	from := clean(ctx.RemoteAddr().String())
	login := clean(ctx.User())
	if _, ok := key.(*gossh.Certificate); ok {
		s.logf("refused a certificate (%s) from %s (login %q): weekly serve takes plain keys only", clean(key.Type()), from, login)
		return false
	}
	e, r, ok := s.lookup(key)
	if !ok {
		s.logf("refused %s key %s from %s (login %q): not in %s nor %s", clean(key.Type()), gossh.FingerprintSHA256(key), from, login, KeysPath(s.cfg.Dir), ContributorsPath(s.cfg.Dir))
		return false
	}
	where := fmt.Sprintf("%s line %d", r.file(s.cfg.Dir), e.Line)
	if !e.Expires.IsZero() && !time.Now().Before(e.Expires) {
		s.logf("refused the key of %s from %s (login %q): it expired at %s (expiry-time, %s)", e.Name, from, login, e.Expires.Format("2006-01-02 15:04:05 MST"), where)
		return false
	}
	if e.From != "" {
		ip, ok := addrOf(ctx.RemoteAddr())
		if !ok || !fromAllows(e.From, ip) {
			s.logf("refused the key of %s from %s (login %q): not an address its from=%q allows (%s)", e.Name, from, login, e.From, where)
			return false
		}
	}
	perms := ctx.Permissions()
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[nameKey] = e.Name
	delete(perms.Extensions, noBoardKey)
	delete(perms.Extensions, roleKey)
	if r == contributor {
		perms.Extensions[roleKey] = roleContributor
	}
	if e.NoBoard {
		perms.Extensions[noBoardKey] = where
	}
	return true
}

// addrOf returns the IP address of a client.
func addrOf(a net.Addr) (netip.Addr, bool) {
	if t, ok := a.(*net.TCPAddr); ok {
		ip, ok := netip.AddrFromSlice(t.IP)
		return ip.Unmap(), ok
	}
	ap, err := netip.ParseAddrPort(a.String())
	return ap.Addr().Unmap(), err == nil
}

// gate lets a session on to the board, or refuses it with a message to the
// client and a line in the log: while the server shuts down, to a key whose
// line refuses it a terminal, without a terminal, and beyond MaxSessions.
func (s *Server) gate(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if d := doorOf(sess.Context()); d != nil {
			sess = &doorSession{Session: sess, win: d.win}
		}
		name, from := sess.Permissions().Extensions[nameKey], clean(sess.RemoteAddr().String())
		if where, ok := sess.Permissions().Extensions[noBoardKey]; ok {
			s.logf("refused a board to %s from %s: the key's line says restrict or no-pty (%s)", name, from, where)
			wish.Fatalln(sess, "weekly serve: your key's line in authorized_keys says restrict or no-pty, so it gets no terminal, and no board; ask whoever runs the server.")
			return
		}
		if _, _, ok := sess.Pty(); !ok {
			s.logf("refused a board to %s from %s: no terminal asked for", name, from)
			wish.Fatalln(sess, "weekly serve gives a board, which needs a terminal: connect with ssh -t and no -T.")
			return
		}
		s.mu.Lock()
		switch {
		case s.closing:
			s.mu.Unlock()
			wish.Fatalln(sess, "weekly serve is shutting down; try again when it is back.")
			return
		case s.boards >= s.cfg.MaxSessions:
			s.mu.Unlock()
			s.logf("refused a board to %s from %s: %d boards are open, the most (--max-sessions)", name, from, s.cfg.MaxSessions)
			wish.Fatalln(sess, fmt.Sprintf("weekly serve has %d boards open, the most it gives at once; try again later.", s.cfg.MaxSessions))
			return
		}
		s.boards++
		s.sessions.Add(1)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.boards--
			s.mu.Unlock()
			s.sessions.Done()
		}()
		next(sess)
	}
}

// session logs the session and tells the client when its window was
// larger than a board is drawn; its board is ended, however it ended (a
// panic in the session's code included), by finish.
func (s *Server) session(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		name := sess.Permissions().Extensions[nameKey]
		start := time.Now()
		pty, _, _ := sess.Pty()
		s.logf("connected: %s from %s (login %q, %s %dx%d)", name, clean(sess.RemoteAddr().String()), clean(sess.User()), clean(pty.Term), pty.Window.Width, pty.Window.Height)
		d := doorOf(sess.Context())
		if d != nil {
			if asked, ok := d.begin(); ok {
				tellClamped(sess, asked)
			}
		}
		defer func() {
			s.logf("disconnected: %s from %s after %s", name, clean(sess.RemoteAddr().String()), time.Since(start).Round(time.Second))
		}()
		defer func() {
			v := recover() // a panic of the session's own code ends this session only
			s.mu.Lock()
			r, ok := s.programs[sess]
			delete(s.programs, sess)
			s.mu.Unlock()
			if v != nil {
				s.logPanic(name, panicked{v, debug.Stack()})
				if ok {
					r.ended(panicNote)
				}
			}
			if ok && s.finish(sess, r) && d != nil {
				if asked, ok := d.late(); ok {
					tellClamped(sess, asked)
				}
			}
		}()
		next(sess) // returns once the program has ended
	}
}

// tellClamped tells the client, in a line outside the board, that its
// window was larger than a board is drawn.
func tellClamped(sess ssh.Session, asked ssh.Window) {
	tell(sess, fmt.Sprintf("weekly serve: your terminal is %dx%d; the board is drawn at %dx%d at most.", asked.Width, asked.Height, MaxWidth, MaxHeight))
}

// run runs the session's program, as wish's bubbletea middleware does, with
// its window changes, and closes it when its editor is idle; a client that
// goes is an ordinary end, not an error for the log.
func (s *Server) run(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		r := s.program(sess)
		if r == nil {
			next(sess)
			return
		}
		pty, windows, _ := sess.Pty()
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		go s.forwardWindows(ctx, r.prog, pty.Window, windows)
		go s.watchIdle(ctx, r)
		_, err := r.prog.Run()
		s.runErr(r, err)
		r.prog.Kill()
		cancel()
		next(sess)
	}
}

// program makes the session's board through the factory; a refusal is
// shown to the client. The board's model is guarded (a panic ends this
// board only), its output queued (a client that stops reading is dropped),
// its input watched (an idle editor is disconnected).
func (s *Server) program(sess ssh.Session) *running {
	name := sess.Permissions().Extensions[nameKey]
	p, err := s.cfg.Factory(Session{Editor: name, User: sess.User(), Remote: sess.RemoteAddr(), Environ: sess.Environ(), Context: sess.Context()})
	if err != nil {
		s.logf("refused a board to %s: %v", name, err)
		wish.Fatalln(sess, err.Error())
		return nil
	}
	r := &running{stop: p.Stop, done: p.Done, name: name, from: clean(sess.RemoteAddr().String()), end: func() {}}
	if d := doorOf(sess.Context()); d != nil && d.end != nil {
		r.end = d.end
	}
	r.last.Store(s.clock.Now().UnixNano())
	r.out = newOutbox(sess, MaxUnsent, func(unsent int) { s.unread(r, unsent) })
	model := guard(p.Model, func(pn panicked) {
		s.logPanic(name, pn)
		r.ended(panicNote)
		go r.prog.Quit() // a panic in View: Update cannot return tea.Quit
	})
	opts := append(bubbletea.MakeOptions(sess),
		tea.WithoutSignalHandler(),
		tea.WithContext(sess.Context()),
		tea.WithFPS(FPS),
		tea.WithOutput(r.out),
		tea.WithInput(newKeys(sess, r, s.clock)),
	)
	r.prog = tea.NewProgram(model, opts...)
	s.mu.Lock()
	s.programs[sess] = r
	s.mu.Unlock()
	if p.Started != nil {
		p.Started(r.prog)
	}
	return r
}

// Serve accepts connections on l until Shutdown, and reads authorized_keys
// again as soon as it changes.
func (s *Server) Serve(l net.Listener) error {
	defer s.watch()()
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on the configured address and serves.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	s.logf("serving %s on %s to %d editor(s)%s", s.cfg.Dir, l.Addr(), len(s.Editors()), s.andContributors())
	return s.Serve(l)
}

// Shutdown asks every program to save and quit, waits for them (until ctx
// ends, when the rest are quit at once), then closes the server. Clients get
// their terminal back.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for _, r := range s.programs {
		if r.stop == nil {
			go r.prog.Quit()
		} else {
			go r.prog.Send(r.stop)
		}
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.sessions.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		s.mu.Lock()
		for _, r := range s.programs {
			r.prog.Quit()
		}
		s.mu.Unlock()
		s.logf("shutdown: quit the programs that had not ended: %v", ctx.Err())
		return s.srv.Close()
	}
	if err := s.srv.Shutdown(ctx); err != nil {
		// A client that keeps its connection open without a session holds
		// Shutdown until ctx ends; it has nothing to save.
		return s.srv.Close()
	}
	return nil
}
