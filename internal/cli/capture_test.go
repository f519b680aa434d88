package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/weekly-dev/weekly/internal/capture"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// weeklyProcess returns the test binary set up to run as weekly with args
// (TestMain runs weekly when WEEKLY_RUN_MAIN is set).
func weeklyProcess(env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "WEEKLY_RUN_MAIN=1", "GORACE=atexit_sleep_ms=0", "WEEKLY_DIR="), env...)
	return cmd
}

// addToken makes a token for name with the real weekly and returns it.
func addToken(t *testing.T, dir, name string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := weeklyProcess(nil, "--dir", dir, "capture", "token", "add", name)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("token add %s: %v\n%s", name, err, errOut.String())
	}
	return strings.TrimSpace(out.String())
}

// captureProcess is a running weekly capture.
type captureProcess struct {
	cmd    *exec.Cmd
	url    string
	logins map[string]string
	stderr *syncBuffer
	done   chan error
}

// syncBuffer is a buffer a process writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startCapture runs weekly capture on dir on a free port of 127.0.0.1 and
// waits until it says where it listens; the process is stopped with
// SIGTERM at the end of the test.
func startCapture(t *testing.T, dir string, env []string, args ...string) *captureProcess {
	t.Helper()
	cmd := weeklyProcess(env, append([]string{"--dir", dir, "capture", "--listen", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &captureProcess{cmd: cmd, logins: map[string]string{}, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		p.done <- cmd.Wait() // once its output is read
	}()
	t.Cleanup(func() { p.stop(t) })
	listening := regexp.MustCompile(`^weekly capture: listening on (http\S+)$`)
	login := regexp.MustCompile(`^Login link for (.+) \(works once, within an hour\): (\S+)$`)
	timeout := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("weekly capture ended before it listened:\n%s", p.stderr.String())
			}
			if m := listening.FindStringSubmatch(l); m != nil {
				p.url = m[1]
			}
			if m := login.FindStringSubmatch(l); m != nil {
				p.logins[m[1]] = m[2]
			}
			if strings.HasPrefix(l, "Scripts: POST") {
				go func() {
					for range lines {
					}
				}()
				return p
			}
		case <-timeout:
			t.Fatalf("weekly capture did not start in 20 s:\n%s", p.stderr.String())
		}
	}
}

// stop sends SIGTERM and waits for the process; it reports how it ended.
func (p *captureProcess) stop(t *testing.T) error {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		p.done <- err // for a second stop
		return err
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		t.Fatalf("weekly capture did not stop on SIGTERM:\n%s", p.stderr.String())
		return nil
	}
}

// post sends body to POST /links with auth, and returns the status and the
// answer.
func (p *captureProcess) post(t *testing.T, auth, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, p.url+"/links", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// draftsDir returns a drafts directory with drafts 1 and 2 (the newest).
func draftsDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range []int{1, 2} {
		if err := store.Create(filepath.Join(dir, fmt.Sprintf("%d.json", n)), draft.New("Test Weekly", n, "2024-06-02", []string{"News"})); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestCaptureProcess runs the real weekly capture: a good token's link
// reaches the newest draft's inbox with its sender and note; bad tokens,
// links, bodies, methods and a burst over the limit are refused with their
// statuses and write nothing; the page shows nothing without a sign-in;
// the tokens file keeps no token; SIGTERM stops it cleanly.
func TestCaptureProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("runs weekly capture")
	}
	t.Parallel()
	dir := draftsDir(t)
	token := addToken(t, dir, "Ann")
	data, err := os.ReadFile(capture.TokensPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), strings.TrimPrefix(token, "wk_")) {
		t.Fatalf("the tokens file holds the token:\n%s", data)
	}
	if fi, _ := os.Stat(capture.TokensPath(dir)); fi.Mode().Perm() != 0o600 {
		t.Fatalf("the tokens file is %v", fi.Mode().Perm())
	}
	p := startCapture(t, dir, nil)
	if !strings.HasPrefix(p.url, "http://127.0.0.1:") || p.logins["Ann"] == "" {
		t.Fatalf("capture said url %q, logins %v", p.url, p.logins)
	}
	good := "Bearer " + token

	status, answer := p.post(t, good, `{"url": "blog.example/post", "title": "A post", "note": "For Tools?"}`)
	var got struct {
		Draft, ID string
		Repeat    bool
	}
	if err := json.Unmarshal([]byte(answer), &got); err != nil || status != http.StatusCreated || got.Draft != "2" || got.Repeat {
		t.Fatalf("POST: %d %s", status, answer)
	}
	d, err := store.Load(filepath.Join(dir, "2.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Inbox) != 1 || d.Inbox[0].ID != got.ID || d.Inbox[0].URL() != "https://blog.example/post" || d.Inbox[0].Via != "Ann" || d.Inbox[0].Note != "For Tools?" || d.Inbox[0].Blurb != "" {
		t.Fatalf("the newest draft's inbox: %+v", d.Inbox)
	}

	before := snapshot(t, dir)
	for _, tc := range []struct {
		name, auth, body string
		status           int
	}{
		{"no token", "", `{"url": "https://a.example/"}`, 401},
		{"unknown token", "Bearer wk_" + strings.Repeat("A", 43), `{"url": "https://a.example/"}`, 401},
		{"ftp link", good, `{"url": "ftp://a.example/"}`, 400},
		{"not JSON", good, `url=https://a.example/`, 400},
		{"unknown draft", good, `{"url": "https://a.example/", "draft": "9"}`, 404},
		{"over 64 KiB", good, `{"url": "https://a.example/", "note": "` + strings.Repeat("x", 70000) + `"}`, 413},
	} {
		if status, answer := p.post(t, tc.auth, tc.body); status != tc.status || !strings.Contains(answer, `"error"`) {
			t.Errorf("%s: %d %s, want %d", tc.name, status, answer, tc.status)
		}
	}
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		req, _ := http.NewRequest(method, p.url+"/links", nil)
		req.Header.Set("Authorization", good)
		if status, _ := do(t, req); status != http.StatusMethodNotAllowed {
			t.Errorf("%s /links: %d", method, status)
		}
	}
	status, page := do(t, mustRequest(t, http.MethodGet, p.url+"/"))
	if status != http.StatusUnauthorized || strings.Contains(page, `id="bookmarklet"`) || strings.Contains(page, "blog.example") || strings.Contains(page, `action="/add"`) {
		t.Errorf("GET / without a token: %d\n%s", status, page)
	}
	if after := snapshot(t, dir); after != before {
		t.Fatalf("a refused request changed the drafts:\nbefore %s\nafter  %s", before, after)
	}
	if log := p.stderr.String(); !strings.Contains(log, "refused POST /links from 127.0.0.1:") || strings.Contains(log, token) {
		t.Errorf("401s are logged with the address and never the token:\n%s", log)
	}

	// A burst: 60 requests in the minute (one good and four refused sent
	// already), then 429.
	for i := 6; i <= 60; i++ {
		if status, answer := p.post(t, good, fmt.Sprintf(`{"url": "https://burst.example/%d", "title": "t"}`, i)); status != http.StatusCreated {
			t.Fatalf("link %d: %d %s", i, status, answer)
		}
	}
	before = snapshot(t, dir)
	if status, answer := p.post(t, good, `{"url": "https://burst.example/61", "title": "t"}`); status != http.StatusTooManyRequests {
		t.Fatalf("link 61 in a minute: %d %s", status, answer)
	}
	if after := snapshot(t, dir); after != before {
		t.Fatal("the link over the limit was written")
	}

	if err := p.stop(t); err != nil {
		t.Fatalf("SIGTERM: %v\n%s", err, p.stderr.String())
	}
	var out bytes.Buffer
	list := weeklyProcess(nil, "--dir", dir, "capture", "token", "list")
	list.Stdout = &out
	if err := list.Run(); err != nil || strings.Contains(out.String(), "never") {
		t.Errorf("token list after use: %v\n%s", err, out.String())
	}
}

// snapshot is the drafts of dir and their queues, as one string.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var sb strings.Builder
	for _, name := range []string{"1.json", "2.json", ".1.json.incoming", ".2.json.incoming"} {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		fmt.Fprintf(&sb, "%s:%x ", name, data)
	}
	return sb.String()
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestCaptureFinishesARequestInFlight stops weekly capture while a link is
// half sent: the server reads the rest, saves the link and answers 201
// before it exits, and takes no new connection meanwhile.
func TestCaptureFinishesARequestInFlight(t *testing.T) {
	if testing.Short() {
		t.Skip("runs weekly capture")
	}
	t.Parallel()
	dir := draftsDir(t)
	token := addToken(t, dir, "Ann")
	p := startCapture(t, dir, nil)
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"url": "https://in-flight.example/", "title": "In flight"}`
	half := len(body) / 2
	fmt.Fprintf(conn, "POST /links HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", token, len(body))
	r := bufio.NewReader(conn)
	// The server says 100 Continue once the handler reads the body: the
	// request is in flight.
	if line, err := r.ReadString('\n'); err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("waiting for 100 Continue: %q, %v", line, err)
	}
	_, _ = r.ReadString('\n') // the blank line after it
	if _, err := io.WriteString(conn, body[:half]); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(p.stderr.String(), "stopping: finishing the requests in flight"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no word of stopping:\n%s", p.stderr.String())
		}
	}
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(p.url, "http://"), time.Second); err == nil {
		c.Close()
		t.Error("a stopping server took a new connection")
	}
	if _, err := io.WriteString(conn, body[half:]); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("the request in flight: %d", resp.StatusCode)
	}
	if err := p.stop(t); err != nil {
		t.Fatalf("exit: %v\n%s", err, p.stderr.String())
	}
	d, err := store.Load(filepath.Join(dir, "2.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Inbox) != 1 || d.Inbox[0].Title != "In flight" {
		t.Fatalf("the inbox: %+v", d.Inbox)
	}
}

// TestCaptureOpensTheLoginLink runs weekly capture --open with $BROWSER
// set: it opens the login link it printed.
func TestCaptureOpensTheLoginLink(t *testing.T) {
	if testing.Short() {
		t.Skip("runs weekly capture")
	}
	t.Parallel()
	dir := draftsDir(t)
	addToken(t, dir, "Ann")
	opened := filepath.Join(t.TempDir(), "opened")
	script := filepath.Join(t.TempDir(), "browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" > "+opened+".tmp && mv "+opened+".tmp "+opened+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	p := startCapture(t, dir, []string{"BROWSER=" + script}, "--open")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if data, err := os.ReadFile(opened); err == nil {
			if got := strings.TrimSpace(string(data)); got != p.logins["Ann"] {
				t.Fatalf("opened %q, want the login link %q", got, p.logins["Ann"])
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("--open opened nothing")
		}
	}
}

// TestCaptureReachesTheOpenBoard sends a link to the real weekly capture
// while the draft is open on a board (weekly edit's, and weekly serve's):
// the card appears by itself, saying who sent it.
func TestCaptureReachesTheOpenBoard(t *testing.T) {
	if testing.Short() {
		t.Skip("runs weekly capture")
	}
	eachBoard(t, func(t *testing.T, app *App, path string, k boardKind) {
		dir := filepath.Dir(path)
		token := addToken(t, dir, "Ann")
		p := startCapture(t, dir, nil)
		err := k.run(t, app, "1", func(tm *teatest.TestModel) {
			waitFor(t, tm, "Inbox")
			status, answer := p.post(t, "Bearer "+token, `{"url": "https://sent.example/post", "title": "Sent while open", "note": "For News"}`)
			if status != http.StatusCreated {
				t.Fatalf("POST: %d %s", status, answer)
			}
			waitForWords(t, tm, "Sent while open", "sent.example · via Ann", "1 link added by another command")
			tm.Send(key("q"))
		})
		if err != nil {
			t.Fatal(err)
		}
		d, err := store.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Inbox) != 1 || d.Inbox[0].Via != "Ann" || d.Inbox[0].Note != "For News" {
			t.Fatalf("the board saved %+v", d.Inbox)
		}
		if !strings.Contains(p.stderr.String(), "queued for the open board") {
			t.Errorf("the log: %s", p.stderr.String())
		}
	})
}

// waitForWords waits until the board has drawn each text, its words in
// order. The renderer skips cells that did not change (the spaces of a new
// card over an empty column, with a cursor move), so a space between two
// words may be missing from the output.
func waitForWords(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	res := make([]*regexp.Regexp, len(texts))
	for i, text := range texts {
		words := strings.Fields(text)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		res[i] = regexp.MustCompile(strings.Join(words, " ?"))
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		drawn := ansi.Strip(string(b))
		for _, re := range res {
			if !re.MatchString(drawn) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}
