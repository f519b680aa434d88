package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// chromium returns the headless browser to run, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a browser")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("no Chromium on the PATH (Debian: apt-get install chromium); the bookmarklet is not tried in a browser")
	return ""
}

// TestBookmarkletInABrowser signs a headless Chromium in through a login
// link, opens a page of another site, runs the bookmarklet from the
// capture page there, and presses enter in the window it opens: the link
// arrives with the page's title, and the window says where it went. The
// window's first request, from another site, comes without the strict
// cookie; the page's one bounce brings it.
func TestBookmarkletInABrowser(t *testing.T) {
	exe := chromium(t)
	t.Parallel()

	// weekly capture, listening as weekly capture does.
	dir := t.TempDir()
	if err := store.Create(filepath.Join(dir, "519.json"), draft.New("Test Weekly", 519, "2024-06-02", []string{"News"})); err != nil {
		t.Fatal(err)
	}
	if _, err := AddToken(TokensPath(dir), "Ann", time.Now()); err != nil {
		t.Fatal(err)
	}
	lg := &lockedLog{}
	s, err := New(Config{Dir: dir, Addr: "127.0.0.1:0", Log: log.New(lg, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, l) }()
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Error(err)
		}
	})

	// A page of another site (localhost, not 127.0.0.1) worth a link.
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, `<!doctype html><title>Issue 5: Go &amp; friends</title><p>A post worth a link.</p>`)
	}))
	t.Cleanup(page.Close)
	pageURL := strings.Replace(page.URL, "127.0.0.1", "localhost", 1) + "/posts/5?ref=home"

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe))...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	bctx, cancelTime := context.WithTimeout(bctx, 60*time.Second)
	defer cancelTime()

	// Sign in with the login link weekly capture printed.
	login := s.LoginLinks()[0].URL
	if err := chromedp.Do(bctx, chromedp.Navigate(login), chromedp.Click(chromedp.CSS(`button[type=submit]`))); err != nil {
		t.Fatalf("signing in: %v\n%s", err, lg.String())
	}
	if err := until(bctx, `document.getElementById('bookmarklet') !== null`); err != nil {
		t.Fatalf("signed in: %v\n%s", err, lg.String())
	}
	mark, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById('bookmarklet').getAttribute('href')`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mark, "javascript:") || strings.Contains(mark, "wk_") {
		t.Fatalf("the bookmarklet: %s", mark)
	}

	// On the other site's page, the bookmarklet, as a click on it runs it:
	// its address percent-decoded, then run in the page.
	code, err := url.PathUnescape(strings.TrimPrefix(mark, "javascript:"))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(pageURL)); err != nil {
		t.Fatal(err)
	}
	opened := chromedp.WaitNewTarget(bctx, func(info *target.Info) bool { return strings.Contains(info.URL, "/add?") })
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[any](code)); err != nil {
		t.Fatalf("running the bookmarklet: %v", err)
	}
	var id target.ID
	select {
	case id = <-opened:
	case <-bctx.Done():
		t.Fatal("the bookmarklet opened no window")
	}
	wctx, cancelWindow := chromedp.NewContext(bctx, chromedp.WithTargetID(id))
	defer cancelWindow()
	// The window's page sends itself back once (the bounce): wait across
	// that navigation for the form.
	if err := until(wctx, `document.getElementById('send') !== null`); err != nil {
		t.Fatalf("the window: %v\n%s", err, lg.String())
	}
	filled, err := chromedp.Run(wctx, chromedp.Evaluate[[]string](`[document.getElementById('url').value, document.getElementById('title').value, document.activeElement.id]`))
	if err != nil {
		t.Fatal(err)
	}
	if filled[0] != pageURL || filled[1] != "Issue 5: Go & friends" || filled[2] != "send" {
		t.Fatalf("the window's form: url %q, title %q, focus on %q", filled[0], filled[1], filled[2])
	}
	// One key: enter sends it.
	if err := chromedp.Do(wctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatalf("sending: %v", err)
	}
	if err := until(wctx, `document.getElementById('added') !== null`); err != nil {
		t.Fatalf("after enter: %v\n%s", err, lg.String())
	}
	said, err := chromedp.Run(wctx, chromedp.Evaluate[string](`document.getElementById('added').textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(said, "Added to the inbox of 519 (Test Weekly #519), via Ann") {
		t.Errorf("the window says %q", said)
	}
	d, err := store.Load(filepath.Join(dir, "519.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Inbox) != 1 || d.Inbox[0].URL() != pageURL || d.Inbox[0].Title != "Issue 5: Go & friends" || d.Inbox[0].Via != "Ann" {
		t.Fatalf("the inbox: %+v", d.Inbox)
	}
}

// until evaluates cond in the page of ctx until it is true, across
// navigations (an evaluation cut short by one is tried again).
func until(ctx context.Context, cond string) error {
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			if err == nil {
				err = errors.New("never true: " + cond)
			}
			return fmt.Errorf("%w (%v)", ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
