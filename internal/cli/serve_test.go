package cli

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
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
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)}, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
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

// TestServeClientVanishes runs the real fault: an editor's connection drops
// while the blurb editor is open, right after the last keystroke. What was
// typed is on disk, and the draft is free for the next editor, who is told
// who had it while it was held.
func TestServeClientVanishes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "9.json")
	d := draft.New("Test Weekly", 9, "2024-03-24", []string{"News"})
	d.Inbox = []draft.Item{{ID: "a", Blurb: "First", URLs: []string{"https://example.com/a"}}}
	if err := store.Save(path, d); err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	if err := os.MkdirAll(filepath.Join(dir, serve.Folder), 0o755); err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " Ann\n"
	if err := os.WriteFile(serve.KeysPath(dir), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	app := &App{Getenv: func(string) string { return "" }, Now: time.Now, dir: dir}
	logs := &strings.Builder{}
	var logMu sync.Mutex
	srv, err := serve.New(serve.Config{Dir: dir, Factory: boardFactory(app, ""), Log: log.New(writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return logs.Write(p)
	}), "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})

	first := openScreen(t, l.Addr().String(), signer)
	first.waitFor(t, "First")
	second := openScreen(t, l.Addr().String(), signer)
	second.waitFor(t, "is open on Ann's board")

	_, _ = io.WriteString(first.stdin, "\r") // enter: edit the blurb in place
	first.waitFor(t, "esc done")
	_, _ = io.WriteString(first.stdin, " and last")
	first.waitFor(t, "First and last")
	first.client.Close() // the connection drops, the editor still open

	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		got, err := store.Load(path)
		if err == nil && got.Inbox[0].Blurb == "First and last" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the blurb typed before the drop is not on disk: %+v, %v", got, err)
		}
	}
	third := openScreen(t, l.Addr().String(), signer)
	third.waitFor(t, "First and last")
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
