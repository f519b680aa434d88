package cli

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/serve"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui"
)

type serveOptions struct {
	listen string
}

func newServeCmd(app *App) *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [DRAFT] [--listen ADDR]",
		Short: "Serve the board to editors over SSH",
		Long: `Serve the board over SSH: each editor who connects gets the board on the
draft (the newest in the drafts directory unless DRAFT names one).

Only the keys in DIR/.weekly/authorized_keys get in: one editor a line, in
OpenSSH format, the editor's name in the comment after the key. Any other key
is refused before anything is drawn. The file is read again when it changes:
no restart to add an editor. The server's host key is made on first
start and kept in DIR/.weekly/host_ed25519 (keep it out of git; weekly git
setup does). The log on standard error says who connected and when, and
when they left.

Editors connect with: ssh -p 23234 HOST (a terminal is needed). For now one
editor has the draft at a time; a second is told who has it.

SIGTERM or ctrl+c stops the server: every board saves and quits first.`,
		Example: `  weekly serve
  weekly serve 519 --listen 0.0.0.0:23234`,
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
	cmd.Flags().StringVar(&opts.listen, "listen", serve.DefaultAddr, "address to listen on, host:port")
	return cmd
}

func runServe(ctx context.Context, app *App, opts *serveOptions, name string) error {
	dir := app.Store().Dir
	srv, err := serve.New(serve.Config{
		Addr:    opts.listen,
		Dir:     dir,
		Factory: boardFactory(app, name),
		Log:     log.New(app.Err, "", log.LstdFlags),
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe() }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(app.Err, "stopping: every board saves and quits")
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}

// boardFactory makes each session's board on the draft called name (the
// newest when empty). Until the board shares one document between
// sessions, one session has the draft at a time, holding its editor lock
// as weekly edit does.
func boardFactory(app *App, name string) serve.Factory {
	var mu sync.Mutex
	holder := ""
	return func(s serve.Session) (serve.Program, error) {
		path, err := serveTarget(app, name)
		if err != nil {
			return serve.Program{}, err
		}
		mu.Lock()
		defer mu.Unlock()
		if holder != "" {
			return serve.Program{}, fmt.Errorf("%s is open on %s's board; one editor at a time for now: try again when they are done", path, holder)
		}
		ed, err := store.OpenEditor(path, "weekly serve")
		if err != nil {
			return serve.Program{}, err
		}
		d, err := store.Load(path)
		if err != nil {
			ed.Close()
			return serve.Program{}, err
		}
		st := &sessionStore{ed: ed}
		fetcher := app.Fetcher()
		fetchTitle := func(ctx context.Context, url string) (string, string, error) {
			p, err := fetcher.Fetch(ctx, url)
			return p.Title, p.Description, err
		}
		m := tui.New(st, d, fetchTitle, tui.WithClock(app.Now), tui.WithContext(s.Context), tui.WithGetenv(envOf(s.Environ)))
		holder = s.Editor
		done := func() error {
			defer func() {
				ed.Close()
				mu.Lock()
				holder = ""
				mu.Unlock()
			}()
			return st.finish(d, m.Unsaved() != nil)
		}
		// ctrl+c saves and quits whatever the board is doing.
		return serve.Program{Model: m, Stop: tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}, Done: done}, nil
	}
}

// serveTarget returns the draft to serve: the one named, else the newest.
func serveTarget(app *App, name string) (string, error) {
	if name != "" {
		return app.DraftPath(name)
	}
	entries, err := app.Store().List()
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if e.Draft != nil {
			return e.Path, nil
		}
	}
	return "", errors.New("there is no draft to serve yet: start one with weekly new on the server")
}

// envOf looks a name up in a session's environment.
func envOf(environ []string) func(string) string {
	return func(name string) string {
		for i := len(environ) - 1; i >= 0; i-- {
			if k, v, ok := strings.Cut(environ[i], "="); ok && k == name {
				return v
			}
		}
		return ""
	}
}

// sessionStore is a served board's storage: the draft's editor, and a last
// save once the program has ended (the client may have vanished mid-edit)
// that no save still in flight can overwrite with an older copy.
type sessionStore struct {
	ed     *store.Editor
	mu     sync.Mutex
	closed bool
}

// Save writes the draft, unless the session has ended and made its last save.
func (s *sessionStore) Save(d *draft.Draft) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	return s.ed.Save(d)
}

// Take returns the links weekly add queued while the board was open.
func (s *sessionStore) Take() ([]store.Incoming, error) { return s.ed.Take() }

// finish makes the last save of d, the draft as the ended program left it,
// when it had changes not yet saved.
func (s *sessionStore) finish(d *draft.Draft, unsaved bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if !unsaved {
		return nil
	}
	return s.ed.Save(d)
}
