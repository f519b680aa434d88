package cli

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/serve"
	"github.com/weekly-dev/weekly/internal/store"
)

// screenSession is an SSH session drawn into a terminal emulator.
type screenSession struct {
	client *gossh.Client
	stdin  io.Writer
	mu     sync.Mutex
	emu    *vt.Emulator
}

func openScreen(t *testing.T, addr string, signer gossh.Signer) *screenSession {
	t.Helper()
	return openScreenWith(t, addr, signer, nil)
}

// openScreenWith is openScreen with env sent as the client's environment
// (as ssh -o SetEnv does).
func openScreenWith(t *testing.T, addr string, signer gossh.Signer, env map[string]string) *screenSession {
	t.Helper()
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)}, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty("xterm-256color", 32, 120, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	s := &screenSession{client: client, stdin: stdin, emu: vt.NewEmulator(120, 32)}
	go func() { _, _ = io.Copy(stdin, s.emu) }()
	sess.Stderr = writerFunc(func(p []byte) (int, error) { // refusals come on stderr
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.emu.Write(p)
	})
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := stdout.Read(buf)
			s.mu.Lock()
			_, _ = s.emu.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *screenSession) waitFor(t *testing.T, text string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		s.mu.Lock()
		screen := s.emu.String()
		s.mu.Unlock()
		if strings.Contains(screen, text) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q:\n%s", text, screen)
		}
	}
}

// served is weekly serve on a drafts directory with one draft, 9.json,
// holding cards a and b in the inbox, for the editors named.
type served struct {
	path    string
	addr    string
	srv     *serve.Server
	hubs    *hubSet
	signers map[string]gossh.Signer
	logs    *lockedLog
}

type lockedLog struct {
	mu sync.Mutex
	sb strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.String()
}

func startServe(t *testing.T, names ...string) *served {
	t.Helper()
	return startServeWith(t, nil, 0, names...)
}

// startServeWith is startServe with each session's program passed through
// wrap, and keepalives every keepAlive (0: the default).
func startServeWith(t testing.TB, wrap func(serve.Program) serve.Program, keepAlive time.Duration, names ...string) *served {
	t.Helper()
	dir := t.TempDir()
	f := &served{path: filepath.Join(dir, "9.json"), signers: map[string]gossh.Signer{}, logs: &lockedLog{}, hubs: newHubSet()}
	d := draft.New("Test Weekly", 9, "2024-03-24", []string{"News"})
	d.Inbox = []draft.Item{
		{ID: "a", Blurb: "First", URLs: []string{"https://example.com/a"}},
		{ID: "b", Blurb: "Second", URLs: []string{"https://example.com/b"}},
	}
	if err := store.Save(f.path, d); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, serve.Folder), 0o755); err != nil {
		t.Fatal(err)
	}
	var keys strings.Builder
	for _, name := range names {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		signer, _ := gossh.NewSignerFromKey(priv)
		f.signers[name] = signer
		keys.WriteString(strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " " + name + "\n")
	}
	if err := os.WriteFile(serve.KeysPath(dir), []byte(keys.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	app := &App{Getenv: func(string) string { return "" }, Now: time.Now, dir: dir}
	factory := boardFactory(app, "", f.hubs)
	if wrap != nil {
		inner := factory
		factory = func(s serve.Session) (serve.Program, error) {
			p, err := inner(s)
			if err != nil {
				return p, err
			}
			return wrap(p), nil
		}
	}
	srv, err := serve.New(serve.Config{Dir: dir, Factory: factory, Log: log.New(f.logs, "", 0), KeepAlive: keepAlive})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr, f.srv = l.Addr().String(), srv
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { f.shutdown(t) })
	return f
}

// shutdown stops the server as SIGTERM does.
func (f *served) shutdown(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := errors.Join(f.srv.Shutdown(ctx), f.hubs.closeAll()); err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// waitOnDisk waits until the saved draft satisfies ok.
func waitOnDisk(t *testing.T, path, what string, ok func(d *draft.Draft) bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		d, err := store.Load(path)
		if err == nil && ok(d) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is not on disk: %+v, %v", what, d, err)
		}
	}
}

// keys types into the session.
func (s *screenSession) keys(text string) { _, _ = io.WriteString(s.stdin, text) }

// TestServeTogether runs two editors on one draft over SSH: a card moved
// and a blurb written by one appear on the other's board, each sees where
// the other is, the one writing a blurb has it to herself, and undo undoes
// only one's own change.
func TestServeTogether(t *testing.T) {
	t.Parallel()
	f := startServe(t, "Ann", "Bob")
	ann := openScreen(t, f.addr, f.signers["Ann"])
	ann.waitFor(t, "First")
	bob := openScreen(t, f.addr, f.signers["Bob"])
	bob.waitFor(t, "First")
	ann.waitFor(t, "@Bob") // Bob is on card a, as Ann is
	bob.waitFor(t, "@Ann")

	ann.keys("1") // send card a to News
	bob.waitFor(t, "[1] News · 1")
	waitOnDisk(t, f.path, "the moved card", func(d *draft.Draft) bool { return len(d.Sections[0].Items) == 1 })

	bob.keys("\r") // write b's blurb
	bob.waitFor(t, "esc done")
	ann.waitFor(t, "✎Bob")
	bob.keys(" and more")
	ann.waitFor(t, "Second and more")

	ann.keys("\r") // Ann's selection stayed on b: she is refused it
	ann.waitFor(t, "Bob is writing this blurb")

	bob.keys("\x1b") // esc: done
	ann.waitFor(t, "@Bob")
	waitOnDisk(t, f.path, "Bob's blurb", func(d *draft.Draft) bool { return d.Inbox[0].Blurb == "Second and more" })

	ann.keys("u") // undoes Ann's move, not Bob's blurb
	bob.waitFor(t, "[0] Inbox · 2")
	waitOnDisk(t, f.path, "the undone move", func(d *draft.Draft) bool {
		return len(d.Inbox) == 2 && len(d.Sections[0].Items) == 0 && d.Inbox[1].Blurb == "Second and more"
	})
}

// TestServeClientVanishes runs the real fault: an editor's connection drops
// while the blurb editor is open, right after the last keystroke. What was
// typed is kept, the blurb is free for the other editor, and her board
// goes on working.
func TestServeClientVanishes(t *testing.T) {
	t.Parallel()
	f := startServe(t, "Ann", "Bob")
	ann := openScreen(t, f.addr, f.signers["Ann"])
	ann.waitFor(t, "First")
	bob := openScreen(t, f.addr, f.signers["Bob"])
	bob.waitFor(t, "First")

	bob.keys("\r")
	bob.waitFor(t, "esc done")
	bob.keys(" and last")
	bob.waitFor(t, "First and last")
	ann.waitFor(t, "✎Bob")
	bob.client.Close() // the connection drops, the editor still open

	waitOnDisk(t, f.path, "the blurb typed before the drop", func(d *draft.Draft) bool { return d.Inbox[0].Blurb == "First and last" })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ann.mu.Lock()
		screen := ann.emu.String()
		ann.mu.Unlock()
		if !strings.Contains(screen, "Bob") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Bob's mark stayed after he left:\n%s", screen)
		}
	}
	ann.keys("\r")
	ann.waitFor(t, "esc done")
	ann.keys("!\x1b")
	waitOnDisk(t, f.path, "Ann's blurb after Bob left", func(d *draft.Draft) bool { return d.Inbox[0].Blurb == "First and last!" })
	if !strings.Contains(f.logs.String(), "disconnected: Bob") {
		t.Errorf("the log does not say Bob left:\n%s", f.logs.String())
	}
}

// TestServeNetworkDrop cuts an editor's network while she writes a blurb:
// her packets stop, with no FIN. The server's keepalives find her gone,
// her claim and place are let go, and what she typed is kept.
func TestServeNetworkDrop(t *testing.T) {
	t.Parallel()
	// A keepalive of a second: shorter, a loaded machine under -race
	// drops Ann before her network goes (3 unanswered in 0.9 s).
	f := startServeWith(t, nil, time.Second, "Ann", "Bob")
	cut, end := make(chan struct{}), make(chan struct{})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close(); close(end) })
	go func() { // a link that goes dead, both ways, when cut is closed
		c, err := l.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", f.addr)
		if err != nil {
			c.Close()
			return
		}
		pipe := func(dst, src net.Conn) {
			buf := make([]byte, 32<<10)
			for {
				n, err := src.Read(buf)
				select {
				case <-cut:
					<-end // hold both ends open, forward nothing, until the test ends
					dst.Close()
					src.Close()
					return
				default:
				}
				if err != nil {
					return
				}
				if _, err := dst.Write(buf[:n]); err != nil {
					return
				}
			}
		}
		go pipe(s, c)
		pipe(c, s)
	}()
	ann := openScreen(t, l.Addr().String(), f.signers["Ann"])
	ann.waitFor(t, "First")
	bob := openScreen(t, f.addr, f.signers["Bob"])
	bob.waitFor(t, "@Ann")
	ann.keys("\r")
	ann.waitFor(t, "esc done")
	ann.keys(" offline")
	bob.waitFor(t, "First offline")
	bob.waitFor(t, "✎Ann")
	close(cut)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		bob.mu.Lock()
		screen := bob.emu.String()
		bob.mu.Unlock()
		if !strings.Contains(screen, "Ann") {
			break
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Logf("goroutines:\n%s", buf[:runtime.Stack(buf, true)])
			t.Fatalf("Ann's claim and mark stayed after her network went:\n%s\nlog:\n%s", screen, f.logs.String())
		}
	}
	if !strings.Contains(f.logs.String(), "no answer to 3 keepalives") {
		t.Errorf("the log does not say Ann was dropped:\n%s", f.logs.String())
	}
	bob.keys("\r")
	bob.waitFor(t, "esc done")
	bob.keys("!\x1b")
	waitOnDisk(t, f.path, "Ann's words and Bob's after the drop", func(d *draft.Draft) bool { return d.Inbox[0].Blurb == "First offline!" })
}

// TestServeShutdownSaves stops the server, as SIGTERM does, right after a
// keystroke: the draft on disk has it, and the edit lock is let go.
func TestServeShutdownSaves(t *testing.T) {
	t.Parallel()
	f := startServe(t, "Ann", "Bob")
	ann := openScreen(t, f.addr, f.signers["Ann"])
	ann.waitFor(t, "First")
	bob := openScreen(t, f.addr, f.signers["Bob"])
	bob.waitFor(t, "First")
	ann.keys("\r")
	ann.waitFor(t, "esc done")
	ann.keys(" typed")
	ann.waitFor(t, "First typed")
	bob.keys("j1") // and Bob sends card b to News
	ann.waitFor(t, "[1] News · 1")
	f.shutdown(t)
	d, err := store.Load(f.path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Inbox[0].Blurb != "First typed" || len(d.Sections[0].Items) != 1 {
		t.Errorf("the changes made just before shutdown are not on disk: inbox %+v, News %+v", d.Inbox, d.Sections[0].Items)
	}
	ed, err := store.OpenEditor(f.path, "test")
	if err != nil {
		t.Fatalf("the draft is still held after shutdown: %v", err)
	}
	ed.Close()
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestServeRunsNothingTheClientAsks is the attack of issue 24: an editor
// with an authorized key sends $BROWSER, $VISUAL and $EDITOR naming a
// command, then presses o and E. Nothing runs on the server: o copies the
// link and shows it for the editor's own terminal to open, E says the
// external editor is not available over SSH (with or without the
// environment: the server's vi is never started either).
func TestServeRunsNothingTheClientAsks(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run the attack's command")
	}
	f := startServe(t, "Ann", "Bob")
	marker := filepath.Join(t.TempDir(), "pwned")
	attack := "sh -c 'id >" + marker + "'"
	ann := openScreenWith(t, f.addr, f.signers["Ann"], map[string]string{"BROWSER": attack, "VISUAL": attack, "EDITOR": attack})
	ann.waitFor(t, "First")
	ann.keys("o")
	ann.waitFor(t, "open it from here: https://example.com/a")
	ann.keys("E")
	ann.waitFor(t, "not available over SSH")
	bob := openScreen(t, f.addr, f.signers["Bob"]) // no environment: no server's vi either
	bob.waitFor(t, "First")
	bob.keys("j")
	bob.keys("E")
	bob.waitFor(t, "not available over SSH")
	bob.keys("\r") // the in-place editor is there
	bob.waitFor(t, "esc done")
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Fatalf("a command of the client's ran on the server: %v", err)
	}
}

// TestServeClaimsFollowSessions opens a blurb and closes the client at
// once, 50 times, as an editor whose terminal dies mid-keystroke (or whose
// editor returned at once) does: however the session ends, even with its
// claim on its way, the blurb is free again for the other editor.
func TestServeClaimsFollowSessions(t *testing.T) {
	t.Parallel()
	f := startServe(t, "Ann", "Bob")
	bob := openScreen(t, f.addr, f.signers["Bob"])
	bob.waitFor(t, "First")
	for i := range 50 {
		ann := openScreen(t, f.addr, f.signers["Ann"])
		ann.waitFor(t, "First")
		ann.keys("\r")     // claims card a's blurb...
		ann.client.Close() // ...and is gone, maybe before the claim is made
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			bob.mu.Lock()
			screen := bob.emu.String()
			bob.mu.Unlock()
			if !strings.Contains(screen, "Ann") && f.hubs.seats() == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("try %d: Ann's mark or seat stayed after she left:\n%s", i, screen)
			}
		}
		bob.keys("\r")
		bob.waitFor(t, "esc done")
		bob.keys("\x1b")
		bob.waitFor(t, "Blurb unchanged")
	}
}
