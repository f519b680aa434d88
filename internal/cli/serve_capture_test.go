package cli

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/serve"
	"github.com/weekly-dev/weekly/internal/store"
)

// keyLineOf makes a key and returns its signer and its authorized_keys
// line, named name.
func keyLineOf(t *testing.T, name string) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " " + name + "\n"
}

// TestServeCapture runs the real weekly serve --capture: a link POSTed to
// the capture endpoint, and one a contributor adds over SSH, reach the
// board an editor has open within a second, via their senders; SIGTERM
// stops both servers, the board saving first.
func TestServeCapture(t *testing.T) {
	if testing.Short() {
		t.Skip("runs weekly serve")
	}
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "9.json")
	d := draft.New("Test Weekly", 9, "2024-03-24", []string{"News"})
	d.Inbox = []draft.Item{{ID: "a", Blurb: "First", URLs: []string{"https://example.com/a"}}}
	if err := store.Save(path, d); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, serve.Folder), 0o755); err != nil {
		t.Fatal(err)
	}
	ann, annLine := keyLineOf(t, "Ann")
	bob, bobLine := keyLineOf(t, "Bob")
	if err := os.WriteFile(serve.KeysPath(dir), []byte(annLine), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(serve.ContributorsPath(dir), []byte(bobLine), 0o644); err != nil {
		t.Fatal(err)
	}
	token := addToken(t, dir, "Phone")

	cmd := weeklyProcess(nil, "--dir", dir, "serve", "--listen", "127.0.0.1:0", "--capture", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logged := &syncBuffer{}
	lines := make(chan string, 64)
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logged.Write([]byte(sc.Text() + "\n"))
			select {
			case lines <- sc.Text():
			default:
			}
		}
		done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
	})
	sshAt := regexp.MustCompile(`serving .* on (127\.0\.0\.1:\d+) to 1 editor\(s\) and 1 contributor\(s\) \(links only\)`)
	httpAt := regexp.MustCompile(`capture: listening on (http://127\.0\.0\.1:\d+) `)
	var sshAddr, base string
	for timeout := time.After(20 * time.Second); sshAddr == "" || base == ""; {
		select {
		case l := <-lines:
			if m := sshAt.FindStringSubmatch(l); m != nil {
				sshAddr = m[1]
			}
			if m := httpAt.FindStringSubmatch(l); m != nil {
				base = m[1]
			}
		case err := <-done:
			t.Fatalf("weekly serve ended (%v):\n%s", err, logged.String())
		case <-timeout:
			t.Fatalf("weekly serve did not start:\n%s", logged.String())
		}
	}

	board := openScreen(t, sshAddr, ann)
	board.waitFor(t, "First")
	req, err := http.NewRequest(http.MethodPost, base+"/links", strings.NewReader(`{"url": "https://sent.example/post", "title": "Posted while served", "note": "from the phone"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if status, answer := do(t, req); status != http.StatusCreated || !strings.Contains(answer, `"draft":"9"`) {
		t.Fatalf("POST /links: %d %s", status, answer)
	}
	board.waitFor(t, "Posted while served")

	client, err := gossh.Dial("tcp", sshAddr, &gossh.ClientConfig{User: "bob", Auth: []gossh.AuthMethod{gossh.PublicKeys(bob)}, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sess.Stdout = &out
	if err := sess.Run("add https://ssh.example/post a note from Bob"); err != nil {
		t.Fatalf("ssh … add: %v (%s)", err, out.String())
	}
	if !strings.Contains(out.String(), "Added https://ssh.example/post to the inbox of 9 (Test Weekly #9), via Bob") {
		t.Errorf("ssh … add said %q", out.String())
	}
	board.waitFor(t, "https://ssh.example/post")
	client.Close()

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The board saves and quits; its client, unlike ssh, would keep the
	// connection open.
	waitLogged(t, logged, "disconnected: Ann")
	board.client.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("weekly serve ended with %v:\n%s", err, logged.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("weekly serve did not stop on SIGTERM:\n%s", logged.String())
	}
	if _, err := http.Get(base + "/"); err == nil {
		t.Error("the capture endpoint still answers after SIGTERM")
	}
	saved, err := store.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if in := saved.Inbox; len(in) != 3 || in[1].Via != "Phone" || in[1].Note != "from the phone" || in[2].Via != "Bob" || in[2].Note != "a note from Bob" || in[2].Source != "ssh" {
		t.Fatalf("the saved inbox: %+v", in)
	}
	for _, want := range []string{"(queued for the open board), via Phone", "(queued for the open board), via Bob", "stopping: finishing the requests in flight", "stopping: every board saves and quits"} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, logged.String())
		}
	}
}

// TestServeCaptureNeedsTLS checks that weekly serve --capture on an address
// other than this machine's refuses to start without TLS, saying why, and
// serves nothing.
func TestServeCaptureNeedsTLS(t *testing.T) {
	if testing.Short() {
		t.Skip("runs weekly serve")
	}
	t.Parallel()
	dir := draftsDir(t)
	if err := os.MkdirAll(filepath.Join(dir, serve.Folder), 0o755); err != nil {
		t.Fatal(err)
	}
	_, annLine := keyLineOf(t, "Ann")
	if err := os.WriteFile(serve.KeysPath(dir), []byte(annLine), 0o644); err != nil {
		t.Fatal(err)
	}
	addToken(t, dir, "Phone")
	var errs bytes.Buffer
	cmd := weeklyProcess(nil, "--dir", dir, "serve", "--listen", "127.0.0.1:0", "--capture", "0.0.0.0:0")
	cmd.Stderr = &errs
	if err := cmd.Run(); err == nil || !strings.Contains(errs.String(), "without TLS") || strings.Contains(errs.String(), "serving") {
		t.Fatalf("weekly serve --capture 0.0.0.0:0: %v\n%s", err, errs.String())
	}
	errs.Reset()
	cmd = weeklyProcess(nil, "--dir", dir, "serve", "--listen", "127.0.0.1:0", "--tls-cert", "x.crt", "--tls-key", "x.key")
	cmd.Stderr = &errs
	if err := cmd.Run(); err == nil || !strings.Contains(errs.String(), "give --capture ADDR too") {
		t.Fatalf("weekly serve --tls-cert without --capture: %v\n%s", err, errs.String())
	}
}

// waitLogged waits until the log holds text.
func waitLogged(t *testing.T, logged *syncBuffer, text string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(logged.String(), text); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q:\n%s", text, logged.String())
		}
	}
}
