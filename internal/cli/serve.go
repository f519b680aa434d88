package cli

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os/signal"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/capture"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/memlimit"
	"github.com/weekly-dev/weekly/internal/serve"
	"github.com/weekly-dev/weekly/internal/tui"
	"github.com/weekly-dev/weekly/internal/tui/preview"
)

type serveOptions struct {
	// capture is where to serve weekly capture's endpoint too; "" for not.
	capture         string
	tlsCert, tlsKey string

	listen      string
	maxSessions int
	idle        time.Duration
}

func newServeCmd(app *App) *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [DRAFT]",
		Short: "Serve the board to editors over SSH",
		Long: `Serve the board over SSH: each editor who connects gets the board on the
draft (the newest in the drafts directory unless DRAFT names one).

Only the keys in DIR/.weekly/authorized_keys get in: one editor a line, in
OpenSSH format, the editor's name in the comment after the key. Any other key
is refused before anything is drawn. A line's from="10.0.0.0/8,!10.0.0.1"
and expiry-time="YYYYMMDD" are honoured as sshd does; restrict or no-pty
lets the key in but gives it no board; any other option, or a certificate,
refuses the line. The file is read again as soon as it changes: no
restart to add an editor. The server's host key is made on first start and
kept in DIR/.weekly/host_ed25519 (keep it out of git; weekly git setup
does). As sshd, the server does not start when others can write
authorized_keys or read the host key. The log on standard error says who
connected and when, and when they left.

Editors connect with: ssh -p 23234 HOST (a terminal is needed; a board is
drawn at 320x100 at most; three sessions a connection). Everyone
on the server works on the same draft at once: each sees the others'
changes as they are made, and their names on the card or column they are
on. A blurb one editor is writing shows their name, and nobody else can
open it meanwhile. u undoes your own changes only. The server saves the
draft; weekly add, set, section and sponsor on the server's shell reach
every board. A draft changed on disk by something else meanwhile is not
saved over: the boards say so and their copy goes to DRAFT.json.kept.

Contributors, whose keys are in DIR/.weekly/contributors (the same format,
options and checks as authorized_keys, read again as soon as it changes),
may only send links: ssh -p 23234 HOST add URL [NOTE...] puts one in the
newest draft's inbox (--draft NAME for another), via their name; add -
reads one URL a line from standard input. A contributor gets no board, and
may send 60 links a minute. Editors may use add the same way. Every other
command, port forwards, agent forwarding and subsystems are refused.

--capture ADDR serves weekly capture's endpoint and page from the same
process (the same tokens, and the same rule: an address other than this
machine's needs --tls-cert and --tls-key); its links reach the boards
within a second.

SIGTERM or ctrl+c stops the server: every board saves and quits first, and
the capture endpoint finishes the requests in flight.`,
		Example: `  weekly serve
  weekly serve 519 --listen 0.0.0.0:23234
  weekly serve --capture 127.0.0.1:23235
  ssh -p 23234 server.example add https://example.com/post "for Tools?"
  pbpaste | ssh -p 23234 server.example add --draft 519 -`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			return runServe(cmd.Context(), app, opts, name)
		},
	}
	cmd.Flags().StringVar(&opts.capture, "capture", "", "also serve weekly capture on this address, host:port")
	cmd.Flags().StringVar(&opts.tlsCert, "tls-cert", "", "with --capture: serve HTTPS with this certificate (PEM)")
	cmd.Flags().StringVar(&opts.tlsKey, "tls-key", "", "with --capture: the certificate's private key (PEM)")
	cmd.Flags().StringVar(&opts.listen, "listen", serve.DefaultAddr, "address to listen on, host:port")
	cmd.Flags().IntVar(&opts.maxSessions, "max-sessions", serve.DefaultMaxSessions, "most boards served at once; more logins are refused")
	cmd.Flags().DurationVar(&opts.idle, "idle", serve.DefaultIdle, "save and close a board idle this long; 0 never")
	return cmd
}

func runServe(ctx context.Context, app *App, opts *serveOptions, name string) error {
	if opts.capture == "" && (opts.tlsCert != "" || opts.tlsKey != "") {
		return errors.New("--tls-cert and --tls-key are for the capture endpoint: give --capture ADDR too")
	}
	logger := log.New(app.Err, "", log.LstdFlags)
	dir := app.Store().Dir
	if opts.idle < 0 {
		return fmt.Errorf("--idle %s: give a time such as 2h or 30m, or 0 to never disconnect an idle board", opts.idle)
	}
	defer memlimit.Keep(serve.MemoryLimit)()
	hubs := newHubSet()
	// One Inbox for the links of ssh … add and of the capture endpoint.
	inbox := capture.NewInbox(capture.InboxConfig{Dir: dir, Now: app.Now, Fetch: titleFetch(app), Log: logger})
	defer inbox.Close()
	srv, err := serve.New(serve.Config{
		Addr:        opts.listen,
		Dir:         dir,
		Factory:     boardFactory(app, name, hubs),
		Links:       inbox,
		Log:         logger,
		MaxSessions: opts.maxSessions,
		Idle:        idleOf(opts.idle),
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer stop()
	// The capture endpoint stops when the server does, for whatever reason.
	capCtx, stopCapture := context.WithCancel(ctx)
	defer stopCapture()
	var capturing <-chan error
	if opts.capture != "" {
		// Started (and checked: tokens, TLS) before the SSH server, so that
		// a server that cannot do both does neither.
		c, l, err := capture.Start(capture.Config{
			Dir: dir, Addr: opts.capture, TLSCert: opts.tlsCert, TLSKey: opts.tlsKey,
			Now: app.Now, Log: logger, Inbox: inbox,
		})
		if err != nil {
			return err
		}
		done := make(chan error, 1)
		go func() { done <- c.Serve(capCtx, l) }()
		capturing = done
	}
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe() }()
	var failed error
	select {
	case failed = <-served:
		served = nil
	case failed = <-capturing:
		capturing = nil
		if failed == nil {
			failed = errors.New("the capture endpoint stopped")
		}
	case <-ctx.Done():
	}
	stopCapture() // it finishes the requests in flight
	if failed == nil {
		fmt.Fprintln(app.Err, "stopping: every board saves and quits")
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shut)
	if served != nil {
		err = errors.Join(err, <-served)
	}
	if capturing != nil {
		err = errors.Join(err, <-capturing)
	}
	// The drafts of sessions that did not end in time are saved here.
	return errors.Join(failed, err, hubs.closeAll())
}

// idleOf is the server's idle time for --idle, where 0 means never.
func idleOf(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// boardFactory makes each session's board on the draft called name (the
// newest when empty). Every session on one draft sits at the same
// live.Hub, which the first opens (taking the draft's edit lock, as weekly
// edit does) and the last closes, saving it.
func boardFactory(app *App, name string, hubs *hubSet) serve.Factory {
	return func(s serve.Session) (serve.Program, error) {
		path, err := serveTarget(app, name)
		if err != nil {
			return serve.Program{}, err
		}
		hub, seat, err := hubs.join(path, s.Editor)
		if err != nil {
			return serve.Program{}, err
		}
		// Nothing the client sends reaches the board: an editor over SSH
		// runs no program, theirs or the server's ($BROWSER, $VISUAL).
		m := newBoard(app, seat, path, &hubs.spellers, tui.WithGetenv(func(string) string { return "" }), tui.Served(),
			tui.WithPreviewCache(hubs.previews))
		return serve.Program{
			Model: m,
			// ctrl+c quits whatever the board is doing; the hub saves.
			Stop: tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl},
			Done: func() error { return hubs.leave(path, hub, seat) },
		}, nil
	}
}

// hubSet is the drafts open on the server, each shared by its sessions.
type hubSet struct {
	mu       sync.Mutex
	open     map[string]*live.Hub
	spellers spellerCache // one dictionary for all the server's boards
	// previews keeps the blocks the boards' previews render, so that each
	// is rendered once for all the editors of a draft (and bounded for
	// the whole server).
	previews *preview.Cache
}

func newHubSet() *hubSet {
	return &hubSet{open: map[string]*live.Hub{}, previews: preview.NewCache(0)}
}

// join seats editor at the draft at path, opening it when no session has.
func (hs *hubSet) join(path, editor string) (*live.Hub, *live.Seat, error) {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	h := hs.open[path]
	if h == nil {
		var err error
		if h, err = live.Open(path, "weekly serve", live.Config{}); err != nil {
			return nil, nil, err
		}
		hs.open[path] = h
	}
	seat, err := h.Join(editor)
	if err != nil {
		return nil, nil, err
	}
	return h, seat, nil
}

// leave takes a session's seat away; the last one out saves and closes the
// draft.
func (hs *hubSet) leave(path string, h *live.Hub, seat *live.Seat) error {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if seat.Leave() > 0 {
		return nil
	}
	if hs.open[path] == h {
		delete(hs.open, path)
	}
	return h.Close()
}

// seats returns how many boards sit at the open drafts.
func (hs *hubSet) seats() int {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	n := 0
	for _, h := range hs.open {
		n += h.Seats()
	}
	return n
}

// closeAll saves and closes every draft still open.
func (hs *hubSet) closeAll() error {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	var errs []error
	for path, h := range hs.open {
		errs = append(errs, h.Close())
		delete(hs.open, path)
	}
	return errors.Join(errs...)
}

// serveTarget returns the draft to serve: the one named, else the newest.
func serveTarget(app *App, name string) (string, error) {
	if name != "" {
		return app.DraftPath(name)
	}
	path, _, err := app.Store().Newest()
	if err != nil || path != "" {
		return path, err
	}
	return "", errors.New("there is no draft to serve yet: start one with weekly new on the server")
}
