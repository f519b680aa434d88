package cli

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/store"
)

// offlineTransport makes requests as a machine without a network does:
// its resolver cannot reach a name server (connect: network is
// unreachable), so every name fails to resolve. Only 127.0.0.1, which
// needs no lookup, answers.
func offlineTransport() *http.Transport {
	resolver := &net.Resolver{PreferGo: true, Dial: func(_ context.Context, network, _ string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}
	}}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = (&net.Dialer{Resolver: resolver, Timeout: 5 * time.Second}).DialContext
	return t
}

// checkApp returns an App over a drafts directory holding draft 519 with
// an item for each of urls, whose requests go through transport.
func checkApp(t *testing.T, transport http.RoundTripper, urls ...string) (app *App, out, errOut *strings.Builder) {
	t.Helper()
	dir := t.TempDir()
	d := draft.New("DevOps Weekly", 519, "2020-12-06", []string{"News"})
	for i, u := range urls {
		if err := d.Append(1, draft.Item{ID: string(rune('a' + i)), URLs: []string{u}, Blurb: "A post."}); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Create(filepath.Join(dir, "519.json"), d); err != nil {
		t.Fatal(err)
	}
	out, errOut = &strings.Builder{}, &strings.Builder{}
	app = &App{In: strings.NewReader(""), Out: out, Err: errOut, Getenv: func(string) string { return "" },
		Now: time.Now, dir: dir, Fetch: fetch.Options{Transport: transport, Timeout: 10 * time.Second}}
	return app, out, errOut
}

// TestCheckOnlineWithoutNetwork: with no network, check --online says so in
// one line and exits 2, rather than reporting every link as broken with a
// resolver's error.
func TestCheckOnlineWithoutNetwork(t *testing.T) {
	t.Parallel()
	app, out, errOut := checkApp(t, offlineTransport(),
		"https://one.example.com/post", "https://two.example.org/", "https://three.example.net/x")
	if code := runApp(context.Background(), app, []string{"--dir", app.dir, "check", "519", "--online", "--no-spell"}); code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
	if got := errOut.String(); got != "Error: no network: nothing checked\n" {
		t.Errorf("stderr %q, want the one line", got)
	}
	if strings.Contains(out.String(), "lookup") || strings.Contains(out.String(), "example") {
		t.Errorf("links reported as broken:\n%s", out)
	}
}

// TestCheckOnlineSomeAnswer: when a link answers, the network is there, and
// the links that fail are reported each, exit status 1.
func TestCheckOnlineSomeAnswer(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()
	app, out, errOut := checkApp(t, offlineTransport(), srv.URL+"/ok", "https://one.example.com/post")
	if code := runApp(context.Background(), app, []string{"--dir", app.dir, "check", "519", "--online", "--no-spell"}); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(out.String(), "News, item 2: dial tcp: lookup one.example.com") || strings.Contains(out.String(), srv.URL) {
		t.Errorf("want the failing link alone reported, got:\n%s", out)
	}
	if strings.Contains(errOut.String(), "no network") {
		t.Errorf("stderr %q", errOut)
	}
}
