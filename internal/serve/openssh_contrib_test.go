package serve

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// sshCommand runs ssh to addr with the key, ssh's options opts, the
// command after the host, and stdin; no terminal unless opts ask for one
// (-tt). It returns standard output, standard error and the exit status.
func (k *openSSH) sshCommand(t *testing.T, addr string, stdin string, opts []string, command ...string) (string, string, int) {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-F", "/dev/null", "-p", port, "-i", k.file,
		"-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"}, opts...)
	args = append(append(args, "someone@127.0.0.1"), command...)
	cmd := exec.Command("ssh", args...)
	cmd.Env = []string{"HOME=" + k.home, "PATH=" + os.Getenv("PATH")}
	var out, errs bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(stdin), &out, &errs
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String(), errs.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), errs.String(), 0
}

// TestOpenSSHContributor checks with OpenSSH what a contributor's key may
// do: add URL NOTE and add - put links in the newest draft's inbox via
// the contributor's name; a terminal gets one line and no board; another
// command, a port forward either way and a subsystem are refused.
func TestOpenSSHContributor(t *testing.T) {
	t.Parallel()
	bob := newOpenSSH(t)
	b := newBoard()
	f := start(t, keyLine(newSigner(t), "ann"), func(c *Config) { c.Factory = b.factory }, withContributors(t, keyLine(bob.signer, "Bob Writer")))

	// ssh joins its arguments with spaces: the note arrives as typed.
	out, errs, code := bob.sshCommand(t, f.addr, "", nil, "add", "https://example.com/post", "for Tools,", "it's good")
	if code != 0 || out != "Added https://example.com/post to the inbox of 9 (Test Weekly #9), via Bob Writer\n" {
		t.Fatalf("ssh … add URL NOTE: exit %d, %q, %q", code, out, errs)
	}
	out, errs, code = bob.sshCommand(t, f.addr, "https://one.example/\n\n# skipped\nhttps://two.example/\n", nil, "add", "-")
	if code != 0 || strings.Count(out, "Added https://") != 2 {
		t.Fatalf("… | ssh … add -: exit %d, %q, %q", code, out, errs)
	}
	in := inboxOf(t, f.path)
	if len(in) != 4 {
		t.Fatalf("the inbox: %+v", in)
	}
	if it := in[1]; it.URL() != "https://example.com/post" || it.Via != "Bob Writer" || it.Note != "for Tools, it's good" {
		t.Errorf("the card of add URL NOTE: %+v", it)
	}
	if in[2].URL() != "https://one.example/" || in[3].URL() != "https://two.example/" || in[3].Via != "Bob Writer" || in[3].Note != "" {
		t.Errorf("the cards of add -: %+v", in[2:])
	}
	_, errs, code = bob.sshCommand(t, f.addr, "", nil, "add", "ftp://example.com/")
	if code != 1 || !strings.Contains(errs, "only http and https links are taken") {
		t.Errorf("a bad link: exit %d, %q", code, errs)
	}

	// A terminal: one line, no board.
	r := bob.run(t, f.addr, &pty.Winsize{Cols: 80, Rows: 24}, []string{"TERM=xterm"}, "-t")
	if code := r.exit(t); code == 0 {
		t.Error("a contributor's terminal session ended well")
	}
	// ssh has ended; what it wrote to the terminal may still be on its way.
	waitText(t, r.out.String, "HOST add -")
	if got := r.out.String(); !strings.Contains(got, "Bob Writer, your key may add links, and nothing else: ssh -p ") || strings.Count(strings.TrimSpace(got), "\n") != 0 {
		t.Errorf("the contributor was told %q; want one line", got)
	}
	waitLog(t, f, "refused a board to contributor Bob Writer from 127.0.0.1:")

	for _, command := range [][]string{{"sh"}, {"id"}, {"sh", "-c", "add"}, {"scp", "-t", "/tmp"}} {
		out, errs, code := bob.sshCommand(t, f.addr, "", nil, command...)
		if code != 2 || out != "" || !strings.Contains(errs, "weekly serve runs no command but add") {
			t.Errorf("ssh … %s: exit %d, %q, %q", strings.Join(command, " "), code, out, errs)
		}
	}
	waitLog(t, f, `refused a command to Bob Writer from 127.0.0.1:`)
	if _, errs, code := bob.sshCommand(t, f.addr, "", []string{"-s"}, "sftp"); code != 255 || !strings.Contains(errs, "subsystem request failed") {
		t.Errorf("ssh -s … sftp: exit %d, %q", code, errs)
	}
	if _, errs, code := bob.sshCommand(t, f.addr, "", []string{"-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9"}, "add", "https://example.com/r"); code != 255 || !strings.Contains(errs, "remote port forwarding failed") {
		t.Errorf("ssh -R: exit %d, %q", code, errs)
	}
	waitLog(t, f, "refused a tcpip-forward request (port forwarding) to Bob Writer from 127.0.0.1:")
	checkLocalForwardRefused(t, bob, f.addr)
	waitLog(t, f, "refused a direct-tcpip channel (port forwarding) to Bob Writer from 127.0.0.1:")

	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running != 0 || len(b.ended) != 0 { // running, or run and ended
		t.Errorf("a contributor got %d board(s)", b.running+len(b.ended))
	}
	if n := len(inboxOf(t, f.path)); n != 4 {
		t.Errorf("the refusals added %d link(s)", n-4)
	}
}

// checkLocalForwardRefused runs ssh -L with the key, connects through the
// forward, and checks that the connection is closed at once (the server
// refused the channel, which the caller finds in its log).
func checkLocalForwardRefused(t *testing.T, k *openSSH, addr string) {
	t.Helper()
	// A port free a moment ago, for ssh to listen on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	local := l.Addr().String()
	l.Close()
	target, err := net.Listen("tcp", "127.0.0.1:0") // what the forward would reach
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	k.run(t, addr, nil, nil, "-N", "-o", "ExitOnForwardFailure=yes", "-L", local+":"+target.Addr().String())
	var c net.Conn
	waitText(t, func() string {
		if c, err = net.Dial("tcp", local); err != nil {
			return ""
		}
		return "up"
	}, "up")
	defer c.Close()
	if n, err := c.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Errorf("the forward gave %d byte(s), %v", n, err)
	}
}

// TestOpenSSHEditorAddsAndGetsTheBoard checks with OpenSSH that an editor's
// key still gets the board in a terminal, may add links the same way (via
// the editor's name), and is refused other commands.
func TestOpenSSHEditorAddsAndGetsTheBoard(t *testing.T) {
	t.Parallel()
	ann := newOpenSSH(t)
	b := newBoard()
	f := start(t, keyLine(ann.signer, "Ann"), func(c *Config) { c.Factory = b.factory }, withContributors(t, keyLine(newSigner(t), "bob")))
	out, errs, code := ann.sshCommand(t, f.addr, "", nil, "add", "--draft", "9", "example.com/from-ann", "mine")
	if code != 0 || out != "Added https://example.com/from-ann to the inbox of 9 (Test Weekly #9), via Ann\n" {
		t.Fatalf("ssh … add: exit %d, %q, %q", code, out, errs)
	}
	if in := inboxOf(t, f.path); len(in) != 2 || in[1].Via != "Ann" || in[1].Note != "mine" {
		t.Errorf("the inbox: %+v", in)
	}
	if _, errs, code := ann.sshCommand(t, f.addr, "", nil, "sh"); code != 2 || !strings.Contains(errs, "runs no command but add") {
		t.Errorf("ssh … sh as an editor: exit %d, %q", code, errs)
	}
	if _, errs, code := ann.sshCommand(t, f.addr, "", []string{"-tt"}, "sh"); code != 2 || !strings.Contains(errs, "runs no command but add") {
		t.Errorf("ssh -tt … sh as an editor: exit %d, %q", code, errs)
	}
	ann.run(t, f.addr, &pty.Winsize{Cols: 80, Rows: 24}, []string{"TERM=xterm"}, "-t")
	if got := b.size(t); got.Width != 80 || got.Height != 24 {
		t.Errorf("the editor's board: %+v", got)
	}
}
