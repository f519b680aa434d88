package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui"
)

// syncBuffer is a log both the server and the test use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func keyLine(s gossh.Signer, name string) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + name + "\n"
}

// fixture is a drafts directory with one draft and a running server.
type fixture struct {
	dir, path string
	addr      string
	log       *syncBuffer
	srv       *Server
}

// start serves a drafts directory whose authorized_keys holds keys, with
// the board on a draft holding one card, as weekly serve does.
func start(t testing.TB, keys string, tweak ...func(*Config)) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir(), log: &syncBuffer{}}
	f.path = filepath.Join(f.dir, "9.json")
	d := draft.New("Test Weekly", 9, "2024-03-24", []string{"News", "Tools"})
	d.Inbox = append(d.Inbox, draft.Item{ID: "a", Blurb: "A known card", URLs: []string{"https://example.com/a"}})
	if err := store.Save(f.path, d); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(f.dir, Folder), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(KeysPath(f.dir), []byte(keys), 0o644); err != nil {
		t.Fatal(err)
	}
	factory := func(s Session) (Program, error) {
		hub, err := live.Open(f.path, "test serve", live.Config{})
		if err != nil {
			return Program{}, err
		}
		seat, err := hub.Join(s.Editor)
		if err != nil {
			_ = hub.Close()
			return Program{}, err
		}
		noFetch := func(context.Context, string) (string, string, error) { return "", "", errors.New("offline") }
		m := tui.New(seat, noFetch, tui.Served())
		return Program{Model: m, Stop: tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}, Done: hub.Close}, nil
	}
	cfg := Config{Addr: "127.0.0.1:0", Dir: f.dir, Factory: factory, Log: log.New(f.log, "", 0)}
	for _, fn := range tweak {
		fn(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr, f.srv = l.Addr().String(), srv
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return f
}

// terminal is an SSH client session drawn into a terminal emulator.
type terminal struct {
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser
	mu     sync.Mutex
	emu    *vt.Emulator
	drawn  *sync.Cond // on mu: signalled each time the screen has taken bytes
	ended  chan error
	errs   *syncBuffer // what the server wrote on the session's stderr
}

func dial(addr string, signer gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "editor",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
}

// connect opens a 120x32 terminal session as signer.
func connect(t testing.TB, addr string, signer gossh.Signer) *terminal {
	t.Helper()
	client, err := dial(addr, signer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 32, 120, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{client: client, sess: sess, stdin: stdin, emu: vt.NewEmulator(120, 32), ended: make(chan error, 1), errs: &syncBuffer{}}
	sess.Stderr = term.errs
	term.drawn = sync.NewCond(&term.mu)
	go func() { // the terminal's answers (such as its background colour) go back
		_, _ = io.Copy(stdin, term.emu)
	}()
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := stdout.Read(buf)
			term.mu.Lock()
			_, _ = term.emu.Write(buf[:n])
			term.drawn.Broadcast()
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { term.ended <- sess.Wait() }()
	return term
}

func (term *terminal) screen() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.emu.String()
}

// waitFor waits until the screen shows every one of texts.
func (term *terminal) waitFor(t testing.TB, texts ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := term.screen()
		all := true
		for _, x := range texts {
			all = all && strings.Contains(s, x)
		}
		if all {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q:\n%s", texts, s)
		}
		time.Sleep(20 * time.Millisecond) // polling a remote screen: there is no message to wait on
	}
}

// waitScreen waits, without polling, until the screen satisfies ok; it
// gives up after ten seconds, and reports whether the screen did.
func (term *terminal) waitScreen(ok func(screen string) bool) bool {
	late := false
	stop := time.AfterFunc(10*time.Second, func() {
		term.mu.Lock()
		late = true
		term.drawn.Broadcast()
		term.mu.Unlock()
	})
	defer stop.Stop()
	term.mu.Lock()
	defer term.mu.Unlock()
	for !ok(term.emu.String()) {
		if late {
			return false
		}
		term.drawn.Wait()
	}
	return true
}

func (term *terminal) send(t testing.TB, s string) {
	t.Helper()
	if _, err := term.stdin.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

func TestKnownKeyGetsTheBoard(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	f := start(t, "# the team\n"+keyLine(ann, "Ann Editor"))
	term := connect(t, f.addr, ann)
	term.waitFor(t, "Inbox", "News", "Tools", "A known card")
	if got := f.log.String(); !strings.Contains(got, "connected: Ann Editor from 127.0.0.1:") {
		t.Errorf("log does not say who connected:\n%s", got)
	}
	term.send(t, "q")
	select {
	case <-term.ended:
	case <-time.After(10 * time.Second):
		t.Fatalf("q did not end the session:\n%s", term.screen())
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(f.log.String(), "disconnected: Ann Editor") {
		if time.Now().After(deadline) {
			t.Fatalf("log does not say who left:\n%s", f.log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestUnknownKeyRefused(t *testing.T) {
	t.Parallel()
	ann, eve := newSigner(t), newSigner(t)
	f := start(t, keyLine(ann, "ann"))
	client, err := dial(f.addr, eve)
	if err == nil {
		client.Close()
		t.Fatal("a key not in authorized_keys got in")
	}
	if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Errorf("refusal = %v, want an authentication failure", err)
	}
	if got := f.log.String(); !strings.Contains(got, "refused ssh-ed25519 key "+gossh.FingerprintSHA256(eve.PublicKey())) {
		t.Errorf("log does not name the refused key:\n%s", got)
	}
}

// TestShutdownSaves checks that stopping the server makes each board save
// what it holds, text typed in an open editor included, before it quits.
func TestShutdownSaves(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	f := start(t, keyLine(ann, "ann"))
	term := connect(t, f.addr, ann)
	term.waitFor(t, "A known card")
	term.send(t, "i")
	term.waitFor(t, "Intro")
	term.send(t, "Written over SSH")
	term.waitFor(t, "Written over SSH")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- f.srv.Shutdown(ctx) }()
	select {
	case <-term.ended:
	case <-time.After(10 * time.Second):
		t.Fatalf("the session did not end on shutdown:\n%s", f.log.String())
	}
	term.client.Close() // as ssh does once its session has ended
	if err := <-shut; err != nil {
		t.Fatalf("Shutdown: %v\nlog:\n%s", err, f.log.String())
	}
	d, err := store.Load(f.path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Intro != "Written over SSH" {
		t.Errorf("intro after shutdown = %q, want the text typed", d.Intro)
	}
}

func TestLoadKeysReportsBadLine(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	path := filepath.Join(t.TempDir(), "authorized_keys")
	tests := []struct {
		name, file, want string
	}{
		{"not a key", keyLine(ann, "ann") + "\nssh-ed25519 AAAAnotbase64!! bob\n", "line 3: "},
		{"no name", "# editors\n" + strings.TrimSuffix(keyLine(ann, ""), " \n") + "\n", "line 2: the key has no name"},
		{"empty", "# nobody yet\n", "no keys"},
	}
	for _, tt := range tests {
		if err := os.WriteFile(path, []byte(tt.file), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadKeys(path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: LoadKeys error = %v, want one naming %s and %q", tt.name, err, path, tt.want)
		}
	}
	if _, err := LoadKeys(filepath.Join(t.TempDir(), "none")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: error = %v", err)
	}
	if err := os.WriteFile(path, []byte(keyLine(ann, "Ann Editor")), 0o644); err != nil {
		t.Fatal(err)
	}
	eds, err := LoadKeys(path)
	if err != nil || len(eds) != 1 || eds[0].Name != "Ann Editor" {
		t.Errorf("LoadKeys = %v, %v; want Ann Editor", eds, err)
	}
}

// TestNewRefusesBadKeys checks that the server does not start on a bad
// authorized_keys, and names the line.
func TestNewRefusesBadKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, Folder), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(KeysPath(dir), []byte("garbage here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{Dir: dir, Factory: func(Session) (Program, error) { return Program{}, nil }})
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("New = %v, want the bad line reported", err)
	}
	if _, err := os.Stat(HostKeyPath(dir)); err == nil {
		t.Errorf("a host key was made for a server that did not start")
	}
}

// TestKeepAliveDropsSilentPeer checks that a client whose network has gone
// (no FIN, nothing answers) is dropped after three unanswered keepalives,
// so that its session ends and its board saves and lets go of the draft.
func TestKeepAliveDropsSilentPeer(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.KeepAlive = 300 * time.Millisecond })

	// A proxy between client and server that can go silent, as a dead
	// network does: it stops passing bytes but keeps both sockets open.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var silent sync.Mutex // held: nothing passes
	go func() {
		in, err := l.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", f.addr)
		if err != nil {
			return
		}
		pass := func(dst, src net.Conn) {
			buf := make([]byte, 4096)
			for {
				n, err := src.Read(buf)
				if err != nil {
					return
				}
				silent.Lock()
				_, _ = dst.Write(buf[:n])
				silent.Unlock()
			}
		}
		go pass(out, in)
		pass(in, out)
	}()
	term := connect(t, l.Addr().String(), ann)
	term.waitFor(t, "A known card")
	silent.Lock()
	defer silent.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(f.log.String(), "disconnected: ann") {
		if time.Now().After(deadline) {
			t.Fatalf("a silent peer was never dropped:\n%s", f.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(f.log.String(), "dropped: ann from 127.0.0.1:") {
		t.Errorf("the log does not say why the peer was dropped:\n%s", f.log.String())
	}
}

// TestKeysReadAgain checks that an editor added to authorized_keys while
// the server runs gets in, and that a bad line written later keeps the keys
// that were good and is logged with its number.
func TestKeysReadAgain(t *testing.T) {
	t.Parallel()
	ann, bob := newSigner(t), newSigner(t)
	f := start(t, keyLine(ann, "ann"))
	if c, err := dial(f.addr, bob); err == nil {
		c.Close()
		t.Fatal("bob got in before his key was added")
	}
	if err := os.WriteFile(KeysPath(f.dir), []byte(keyLine(ann, "ann")+keyLine(bob, "bob")), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := dial(f.addr, bob)
	if err != nil {
		t.Fatalf("bob's key was added, yet: %v", err)
	}
	c.Close()
	if err := os.WriteFile(KeysPath(f.dir), []byte(keyLine(ann, "ann")+"oops\n"+keyLine(bob, "bob")), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = dial(f.addr, bob)
	if err != nil {
		t.Fatalf("a bad line locked bob out: %v", err)
	}
	c.Close()
	if got := f.log.String(); !strings.Contains(got, "authorized_keys: line 2:") {
		t.Errorf("the bad line is not logged:\n%s", got)
	}
}

// sized is a program that tells the sizes it is given, and quits on q.
type sized struct{ sizes chan<- tea.WindowSizeMsg }

func (m sized) Init() tea.Cmd { return nil }

func (m sized) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.sizes <- msg
	case tea.KeyPressMsg:
		if msg.String() == "q" {
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m sized) View() tea.View { return tea.NewView("a board") }

// board is a test factory of sized programs, which counts the programs
// running.
type board struct {
	sizes   chan tea.WindowSizeMsg
	mu      sync.Mutex
	running int
	ended   chan struct{}
}

func newBoard() *board {
	return &board{sizes: make(chan tea.WindowSizeMsg, 64), ended: make(chan struct{}, 64)}
}

func (b *board) factory(Session) (Program, error) {
	b.mu.Lock()
	b.running++
	b.mu.Unlock()
	return Program{Model: sized{b.sizes}, Done: func() error {
		b.mu.Lock()
		b.running--
		b.mu.Unlock()
		b.ended <- struct{}{}
		return nil
	}}, nil
}

func (b *board) size(t *testing.T) tea.WindowSizeMsg {
	t.Helper()
	select {
	case s := <-b.sizes:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("the program was given no size")
		return tea.WindowSizeMsg{}
	}
}

// shell opens a session with a w x h terminal on client, its stderr in
// errs.
func shell(t testing.TB, client *gossh.Client, w, h int, errs *syncBuffer) *gossh.Session {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if errs != nil {
		sess.Stderr = errs
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return sess
}

// TestClientTextLoggedClean checks that what a client sends (its login,
// its TERM) reaches the log as one plain line: no escape sequence for the
// operator's terminal, no line break to forge a log line.
func TestClientTextLoggedClean(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	b := newBoard()
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = b.factory })
	evil := "x\x1b]0;owned\x07\x1b[2J\ndisconnected: bob from 10.0.0.1:1 after 1s"
	client, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{
		User:            evil,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(ann)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestPty(evil, 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	b.size(t)
	waitLog(t, f, "connected: ann")
	checkLogClean(t, f.log.String())
}

// checkLogClean fails when a log holds an escape or control character, or
// a line no event of the test wrote.
func checkLogClean(t *testing.T, log string) {
	t.Helper()
	if strings.ContainsAny(strings.TrimSuffix(log, "\n"), "\x1b\x07\r\u009b") {
		t.Errorf("the log holds control characters: %q", log)
	}
	for _, line := range strings.Split(strings.TrimSuffix(log, "\n"), "\n") {
		if strings.HasPrefix(line, "disconnected: bob") {
			t.Errorf("a client forged a log line: %q", log)
		}
	}
}

// waitLog waits until the server's log holds text.
func waitLog(t *testing.T, f *fixture, text string) {
	t.Helper()
	waitText(t, f.log.String, text)
}

func waitText(t *testing.T, get func() string, text string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(get(), text); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never %q in:\n%s", text, get())
		}
	}
}

// ended waits for a session to end, and returns how.
func ended(t *testing.T, sess *gossh.Session) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end")
		return nil
	}
}

// TestClientEnvironmentStaysOut: of what a client sends with env requests
// (ssh -o SetEnv), the board gets TERM alone, cleaned, for its colours.
func TestClientEnvironmentStaysOut(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	got := make(chan []string, 1)
	f := start(t, keyLine(ann, "Ann"), func(c *Config) {
		inner := c.Factory
		c.Factory = func(s Session) (Program, error) {
			got <- s.Environ
			return inner(s)
		}
	})
	client, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	for k, v := range map[string]string{"BROWSER": "sh -c 'id'", "VISUAL": "vi", "LANG": "C"} {
		_ = sess.Setenv(k, v)
	}
	if err := sess.RequestPty("xterm-256color\x1b]0;owned\x07", 32, 120, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	select {
	case env := <-got:
		if len(env) != 1 || !strings.HasPrefix(env[0], "TERM=xterm-256color") || strings.ContainsAny(env[0], "\x1b\x07") {
			t.Errorf("the board was given %q, want TERM alone, clean", env)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no board was made")
	}
}
