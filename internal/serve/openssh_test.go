package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/creack/pty"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// openSSH is an OpenSSH client's key: the signer for authorized_keys, the
// private key in a file for ssh -i.
type openSSH struct {
	signer gossh.Signer
	file   string
	home   string
}

// newOpenSSH makes a throwaway key for the ssh client, or skips the test
// when there is no ssh.
func newOpenSSH(t *testing.T) *openSSH {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("no OpenSSH client (ssh) on the PATH")
	}
	if runtime.GOOS == "windows" {
		t.Skip("these tests run ssh in a pty")
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	file := filepath.Join(home, "id_ed25519")
	if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return &openSSH{signer: signer, file: file, home: home}
}

// sshRun is an ssh client running.
type sshRun struct {
	out  *syncBuffer
	done chan error
	cmd  *exec.Cmd
}

// run runs ssh to addr with the key, in a terminal of size (none when
// nil), with env added to a bare environment.
func (k *openSSH) run(t *testing.T, addr string, size *pty.Winsize, env []string, args ...string) *sshRun {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	args = append([]string{"-F", "/dev/null", "-p", port, "-i", k.file,
		"-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"}, args...)
	cmd := exec.Command("ssh", append(args, "editor@127.0.0.1")...)
	cmd.Env = append([]string{"HOME=" + k.home, "PATH=" + os.Getenv("PATH")}, env...)
	r := &sshRun{out: &syncBuffer{}, done: make(chan error, 1), cmd: cmd}
	if size != nil {
		tty, err := pty.StartWithSize(cmd, size)
		if err != nil {
			t.Fatal(err)
		}
		go func() { _, _ = io.Copy(r.out, tty) }() // until ssh exits and the pty gives EIO
		t.Cleanup(func() { tty.Close() })
	} else {
		cmd.Stdout, cmd.Stderr = r.out, r.out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
	}
	go func() { r.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-r.done
	})
	return r
}

// exit waits for ssh to end and returns its exit code.
func (r *sshRun) exit(t *testing.T) int {
	t.Helper()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(20 * time.Second):
		t.Fatalf("ssh did not end:\n%s", r.out.String())
		return 0
	}
}

// TestOpenSSHFrom checks with OpenSSH that a key whose line says
// from="10.0.0.1" is refused from 127.0.0.1, and one whose line allows
// 127.0.0.1 signs in.
func TestOpenSSHFrom(t *testing.T) {
	t.Parallel()
	far, near := newOpenSSH(t), newOpenSSH(t)
	f := start(t, `from="10.0.0.1" `+keyLine(far.signer, "far")+`from="10.0.0.0/8,127.0.0.1" `+keyLine(near.signer, "near"),
		func(c *Config) { c.Factory = newBoard().factory })
	r := far.run(t, f.addr, nil, nil, "-T")
	if code := r.exit(t); code != 255 || !strings.Contains(r.out.String(), "Permission denied (publickey)") {
		t.Errorf(`ssh with a from="10.0.0.1" key from 127.0.0.1: exit %d, %q; want refused`, code, r.out.String())
	}
	waitLog(t, f, `refused the key of far from 127.0.0.1:`)
	// Let in, then refused a board for want of a terminal (-T).
	r = near.run(t, f.addr, nil, nil, "-T")
	if code := r.exit(t); code != 1 || !strings.Contains(r.out.String(), "needs a terminal") {
		t.Errorf("ssh -T with a key allowed from 127.0.0.1: exit %d, %q", code, r.out.String())
	}
	waitLog(t, f, "refused a board to near from 127.0.0.1:")
}

// TestOpenSSHRestrict checks with OpenSSH that a restrict key, in a
// terminal, is told it gets no board, and gets none.
func TestOpenSSHRestrict(t *testing.T) {
	t.Parallel()
	k := newOpenSSH(t)
	b := newBoard()
	f := start(t, `restrict `+keyLine(k.signer, "ann"), func(c *Config) { c.Factory = b.factory })
	r := k.run(t, f.addr, &pty.Winsize{Cols: 80, Rows: 24}, []string{"TERM=xterm"}, "-t")
	if code := r.exit(t); code != 1 {
		t.Errorf("ssh with a restrict key: exit %d, want 1", code)
	}
	waitText(t, r.out.String, "so it gets no terminal, and no board")
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running != 0 {
		t.Errorf("a restrict key got %d board(s)", b.running)
	}
}

// TestOpenSSHHugeTerminal checks with OpenSSH in a 10000x10000 terminal,
// whose TERM holds escape sequences and a line break, that the board is
// drawn at the clamp, the client told, and the log one clean line.
func TestOpenSSHHugeTerminal(t *testing.T) {
	t.Parallel()
	k := newOpenSSH(t)
	b := newBoard()
	f := start(t, keyLine(k.signer, "ann"), func(c *Config) { c.Factory = b.factory })
	term := "xterm\x1b]0;owned\x07\x1b[2J\ndisconnected: bob from 10.0.0.1:1 after 1s"
	r := k.run(t, f.addr, &pty.Winsize{Cols: 10000, Rows: 10000}, []string{"TERM=" + term}, "-t")
	if got, want := b.size(t), (tea.WindowSizeMsg{Width: MaxWidth, Height: MaxHeight}); got != want {
		t.Errorf("the program was given %dx%d, want %dx%d", got.Width, got.Height, want.Width, want.Height)
	}
	waitText(t, r.out.String, "your terminal is 10000x10000; the board is drawn at 320x100 at most")
	waitLog(t, f, "connected: ann from 127.0.0.1:")
	if !strings.Contains(f.log.String(), `(login "editor", xterm disconnected: bob`) {
		t.Errorf("the log does not show TERM, cleaned:\n%s", f.log.String())
	}
	checkLogClean(t, f.log.String())
}

// TestOpenSSHAgentRefused checks with OpenSSH (ssh -A, an agent running)
// that agent forwarding is refused.
func TestOpenSSHAgentRefused(t *testing.T) {
	t.Parallel()
	k := newOpenSSH(t)
	f := start(t, keyLine(k.signer, "ann"), func(c *Config) { c.Factory = newBoard().factory })
	sock := filepath.Join(k.home, "agent")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		keyring := agent.NewKeyring()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { _ = agent.ServeAgent(keyring, c); c.Close() }()
		}
	}()
	k.run(t, f.addr, &pty.Winsize{Cols: 80, Rows: 24}, []string{"TERM=xterm", "SSH_AUTH_SOCK=" + sock}, "-t", "-A")
	waitLog(t, f, "refused agent forwarding to ann from 127.0.0.1:")
}

// TestOpenSSHFourthSession checks with OpenSSH sessions multiplexed on one
// connection (ControlMaster) that a fourth is refused.
func TestOpenSSHFourthSession(t *testing.T) {
	t.Parallel()
	k := newOpenSSH(t)
	b := newBoard()
	f := start(t, keyLine(k.signer, "ann"), func(c *Config) { c.Factory = b.factory })
	ctl := filepath.Join(k.home, "ctl")
	k.run(t, f.addr, nil, nil, "-M", "-S", ctl, "-N")
	waitText(t, func() string {
		if _, err := os.Stat(ctl); err != nil {
			return ""
		}
		return "up"
	}, "up")
	for i := range ConnSessions {
		k.run(t, f.addr, nil, []string{"TERM=xterm"}, "-S", ctl, "-tt")
		waitText(t, func() string { return fmt.Sprint(strings.Count("\n"+f.log.String(), "\nconnected: ann")) }, fmt.Sprint(i+1))
	}
	// ssh, told no, falls back to a connection of its own, which is
	// another story.
	r := k.run(t, f.addr, nil, []string{"TERM=xterm"}, "-S", ctl, "-tt")
	waitText(t, r.out.String, "session request failed: Session open refused by peer")
	waitLog(t, f, "refused a session to ann from 127.0.0.1:")
}
