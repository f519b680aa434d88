package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/store"
)

// intakeApp returns an App over a temporary drafts directory holding draft
// 519 of "DevOps Weekly", and its output buffers.
func intakeApp(t *testing.T) (app *App, out, errOut *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	app = &App{
		In: strings.NewReader(""), Out: out, Err: errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2020, 12, 6, 9, 0, 0, 0, time.UTC) },
		dir:    dir,
	}
	if err := app.Store().SaveSettings(store.Settings{Newsletter: "DevOps Weekly", Footer: "Thanks."}); err != nil {
		t.Fatal(err)
	}
	d := draft.New("DevOps Weekly", 519, "2020-12-06", []string{"News", "Tools"})
	if err := store.Create(filepath.Join(dir, "519.json"), d); err != nil {
		t.Fatal(err)
	}
	return app, out, errOut
}

func load(t *testing.T, app *App, name string) *draft.Draft {
	t.Helper()
	path, _ := app.DraftPath(name)
	d, err := store.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// site serves the pages the tests fetch, and counts requests.
type site struct {
	URL      string
	requests atomic.Int32
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{}
	mux := http.NewServeMux()
	mux.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<html><head><title>New Kubernetes</title><meta property="og:description" content="What is new in 1.20."></head>`)
	})
	mux.HandleFunc("/other", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<title>Another post</title>`)
	})
	mux.HandleFunc("/hostile", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<title>Safe\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 \x1b[31mred\x1b[0m \x9b2J title\u202egpj.exe</title>")
	})
	mux.HandleFunc("/paper.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		io.WriteString(w, "%PDF-1.4")
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	mux.HandleFunc("/no-head", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title><link>/</link>
<item><title>Relative post</title><link>/post</link><description>&lt;p&gt;From the feed.&lt;/p&gt;</description></item>
<item><title>Other</title><link>/other</link></item></channel></rss>`)
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func TestAddFetchesTitleAndDescription(t *testing.T) {
	app, _, errOut := intakeApp(t)
	s := newSite(t)
	if err := runAdd(context.Background(), app, &addOptions{}, "519", []string{s.URL + "/post"}); err != nil {
		t.Fatal(err)
	}
	it := load(t, app, "519").Inbox[0]
	if it.Title != "New Kubernetes" || it.Description != "What is new in 1.20." || it.URLs[0] != s.URL+"/post" {
		t.Errorf("item = %+v", it)
	}
	if errOut.Len() > 0 {
		t.Errorf("stderr: %s", errOut)
	}
}

func TestAddStoresHostileTitleClean(t *testing.T) {
	app, _, _ := intakeApp(t)
	s := newSite(t)
	if err := runAdd(context.Background(), app, &addOptions{}, "519", []string{s.URL + "/hostile"}); err != nil {
		t.Fatal(err)
	}
	if got := load(t, app, "519").Inbox[0].Title; got != "Safe red titlegpj.exe" {
		t.Errorf("title = %q", got)
	}
	data, _ := os.ReadFile(filepath.Join(app.dir, "519.json"))
	for _, bad := range []string{`\u001b`, "\x1b", "\x9b", "\u009b", "\u202e", "52;c;", "[31m"} {
		if bytes.Contains(data, []byte(bad)) {
			t.Errorf("the draft file holds %q", bad)
		}
	}
}

func TestAddKeepsLinksThatFail(t *testing.T) {
	app, _, errOut := intakeApp(t)
	app.Fetch = fetch.Options{Timeout: 100 * time.Millisecond}
	s := newSite(t)
	urls := []string{s.URL + "/hang", s.URL + "/missing", s.URL + "/paper.pdf", s.URL + "/post", "http://127.0.0.1:1/refused"}
	app.In = strings.NewReader(strings.Join(urls, "\n"))
	if err := runAdd(context.Background(), app, &addOptions{}, "519", []string{"-"}); err != nil {
		t.Fatal(err)
	}
	inbox := load(t, app, "519").Inbox
	if len(inbox) != len(urls) {
		t.Fatalf("inbox has %d items, want %d", len(inbox), len(urls))
	}
	for i, it := range inbox {
		if it.URLs[0] != urls[i] {
			t.Errorf("item %d is %s, want %s", i, it.URLs[0], urls[i])
		}
	}
	if inbox[3].Title != "New Kubernetes" {
		t.Errorf("the page that answered has title %q", inbox[3].Title)
	}
	warnings := strings.Split(strings.TrimSpace(errOut.String()), "\n")
	want := []string{
		s.URL + "/hang: no complete answer within 100ms",
		s.URL + "/missing: HTTP 404 Not Found",
		s.URL + "/paper.pdf: not an HTML page: it is application/pdf",
		"http://127.0.0.1:1/refused: ",
	}
	if len(warnings) != len(want) {
		t.Fatalf("warnings:\n%s", errOut)
	}
	for i, w := range want {
		if !strings.HasPrefix(warnings[i], "warning: "+w) || !strings.HasSuffix(warnings[i], "(no title fetched; the link is kept)") {
			t.Errorf("warning %d = %q, want it to start with %q", i, warnings[i], w)
		}
	}
}

func TestAddNoFetch(t *testing.T) {
	app, _, _ := intakeApp(t)
	s := newSite(t)
	if err := runAdd(context.Background(), app, &addOptions{noFetch: true}, "519", []string{s.URL + "/post"}); err != nil {
		t.Fatal(err)
	}
	if n := s.requests.Load(); n != 0 {
		t.Errorf("%d requests with --no-fetch", n)
	}
	if it := load(t, app, "519").Inbox[0]; it.Title != "" {
		t.Errorf("title %q without fetching", it.Title)
	}
}

func TestAddTextBlockFetchesNothing(t *testing.T) {
	app, _, _ := intakeApp(t)
	s := newSite(t)
	if err := runAdd(context.Background(), app, &addOptions{blurb: "Sponsored by " + s.URL + "/post"}, "519", nil); err != nil {
		t.Fatal(err)
	}
	if n := s.requests.Load(); n != 0 {
		t.Errorf("%d requests for a text block", n)
	}
}

func TestAddRefusesBadURLs(t *testing.T) {
	for _, bad := range []string{"javascript:alert(1)", "file:///etc/passwd", "ftp://ftp.example.com/x", "not a url", "https://example.com/\x1b]52;c;QQ==\x07"} {
		app, _, _ := intakeApp(t)
		path := filepath.Join(app.dir, "519.json")
		before, _ := os.ReadFile(path)
		err := runAdd(context.Background(), app, &addOptions{}, "519", []string{"https://example.com/ok", bad})
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", bad)) {
			t.Errorf("add %q: err = %v, want it refused by name", bad, err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Errorf("add %q changed the draft", bad)
		}
	}
}

func TestImportLinks(t *testing.T) {
	s := newSite(t)
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<item><title>Feed post</title><link>https://blog.example.com/a</link><description>&lt;b&gt;Bold&lt;/b&gt; claim.</description></item>
<item><title>Again</title><link>https://blog.example.com/a?utm_source=rss</link></item></channel></rss>`
	atom := `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Releases</title>
<entry><title>Version 2.0</title><link href="https://releases.example.org/2.0"/><id>1</id><updated>2020-12-01T00:00:00Z</updated><summary>Out now.</summary></entry></feed>`
	bookmarks := `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE><H1>Bookmarks</H1>
<DL><p>
    <DT><A HREF="https://sre.example.com/postmortems" ADD_DATE="1606000000">Blameless postmortems</A>
    <DD>How to write them.
    <DT><A HREF="javascript:void(0)">Bookmarklet</A>
</DL><p>`
	list := "# to read\n" + s.URL + "/post\n\n" + s.URL + "/other\n"
	app, out, errOut := intakeApp(t)
	for _, f := range []struct{ name, data string }{{"blog.rss", rss}, {"releases.atom", atom}, {"bookmarks.html", bookmarks}, {"links.txt", list}} {
		handled, err := importLinks(app, filepath.Join(app.dir, "519.json"), f.name, []byte(f.data))
		if !handled || err != nil {
			t.Fatalf("%s: handled %v, %v", f.name, handled, err)
		}
	}
	type card struct{ url, title, description, source string }
	var got []card
	for _, it := range load(t, app, "519").Inbox {
		got = append(got, card{it.URLs[0], it.Title, it.Description, it.Source})
	}
	want := []card{
		{"https://blog.example.com/a", "Feed post", "Bold claim.", "feed"},
		{"https://releases.example.org/2.0", "Version 2.0", "Out now.", "feed"},
		{"https://sre.example.com/postmortems", "Blameless postmortems", "How to write them.", "bookmarks"},
		{s.URL + "/post", "New Kubernetes", "What is new in 1.20.", "list"},
		{s.URL + "/other", "Another post", "", "list"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("inbox:\n%v\nwant\n%v", got, want)
	}
	if !strings.Contains(errOut.String(), `bookmarks.html: skipped bookmark 2 ("Bookmarklet"): URL "javascript:void(0)"`) {
		t.Errorf("stderr does not name the skipped bookmarklet:\n%s", errOut)
	}
	if !strings.Contains(out.String(), "Imported 2 link(s) from links.txt (list of URLs) into the inbox of ") {
		t.Errorf("stdout:\n%s", out)
	}

	// A second import of the same list adds nothing and fetches nothing.
	out.Reset()
	before := s.requests.Load()
	if _, err := importLinks(app, filepath.Join(app.dir, "519.json"), "links.txt", []byte(list)); err != nil {
		t.Fatal(err)
	}
	if n := len(load(t, app, "519").Inbox); n != len(want) {
		t.Errorf("inbox has %d items after importing again, want %d", n, len(want))
	}
	if s.requests.Load() != before {
		t.Error("importing links the draft has fetched them again")
	}
	if !strings.Contains(out.String(), "Imported 0 link(s) from links.txt (list of URLs) into the inbox of ") || !strings.Contains(out.String(), "2 already in the draft were left out") {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestImportLinksNotHandled(t *testing.T) {
	app, _, _ := intakeApp(t)
	path := filepath.Join(app.dir, "519.json")
	before, _ := os.ReadFile(path)
	for _, data := range []string{
		"DEVOPS WEEKLY\nISSUE #519 - 6th December 2020\n\nNews\n====\n\nA post.\n\nhttps://a.example/\n",
		"# DevOps Weekly #519\n\n*6th December 2020*\n",
		"",
	} {
		handled, err := importLinks(app, path, "issue.txt", []byte(data))
		if handled || err != nil {
			t.Errorf("%q: handled %v, %v; want it left to another reader", data, handled, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the draft changed")
	}
}

// TestImportLinksSkipsBadLines: a list of URLs with a line weekly does not
// take brings in the good ones and names the line it skipped.
func TestImportLinksSkipsBadLines(t *testing.T) {
	app, _, errOut := intakeApp(t)
	path := filepath.Join(app.dir, "519.json")
	handled, err := importLinks(app, path, "links.txt", []byte("http://127.0.0.1:9/a\nfile:///etc/passwd\n"))
	if !handled || err != nil {
		t.Fatalf("handled %v, err = %v", handled, err)
	}
	if !strings.Contains(errOut.String(), `links.txt: skipped line 2: URL "file:///etc/passwd"`) {
		t.Errorf("the skipped line is not named: %q", errOut.String())
	}
	d, err := store.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Inbox); n == 0 || d.Inbox[n-1].URL() != "http://127.0.0.1:9/a" {
		t.Errorf("the good link is not in the inbox: %+v", d.Inbox)
	}
}

func TestImportLinksCreatesDraft(t *testing.T) {
	app, out, _ := intakeApp(t)
	s := newSite(t)
	path := filepath.Join(app.dir, "520.json")
	handled, err := importLinks(app, path, "links.txt", []byte(s.URL+"/post\n"))
	if !handled || err != nil {
		t.Fatal(handled, err)
	}
	d := load(t, app, "520")
	if d.Newsletter != "DevOps Weekly" || d.Number != 520 || d.Footer != "Thanks." || len(d.Sections) != 2 || len(d.Inbox) != 1 || d.Inbox[0].Title != "New Kubernetes" {
		t.Errorf("created draft: %+v", d)
	}
	if !strings.Contains(out.String(), "Created "+path) {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestImportFeed(t *testing.T) {
	app, _, _ := intakeApp(t)
	s := newSite(t)
	path := filepath.Join(app.dir, "519.json")
	if err := importFeed(app, path, s.URL+"/feed.xml"); err != nil {
		t.Fatal(err)
	}
	inbox := load(t, app, "519").Inbox
	if len(inbox) != 2 || inbox[0].URLs[0] != s.URL+"/post" || inbox[0].Title != "Relative post" || inbox[0].Description != "From the feed." || inbox[1].Title != "Other" {
		t.Errorf("inbox = %+v", inbox)
	}
	err := importFeed(app, path, s.URL+"/post")
	if err == nil || !strings.Contains(err.Error(), "is not an RSS, Atom or JSON feed") {
		t.Errorf("a page as a feed: err = %v", err)
	}
	if err := importFeed(app, path, "ftp://example.com/feed"); err == nil || !strings.Contains(err.Error(), `--feed: URL "ftp://example.com/feed"`) {
		t.Errorf("ftp feed: err = %v", err)
	}
}

func TestCheckOnline(t *testing.T) {
	app, out, _ := intakeApp(t)
	app.Fetch = fetch.Options{Timeout: 200 * time.Millisecond}
	s := newSite(t)
	path := filepath.Join(app.dir, "519.json")
	err := store.Update(path, "test", func(d *draft.Draft) error {
		for i, u := range []string{"/post", "/missing", "/no-head", "/hang"} {
			it := draft.NewItem([]string{s.URL + u}, "A blurb.", app.Now(), "test")
			if err := d.Append(1+i%2, it); err != nil {
				return err
			}
		}
		return d.Append(draft.Inbox, draft.NewItem([]string{s.URL + "/missing"}, "", app.Now(), "test"))
	})
	if err != nil {
		t.Fatal(err)
	}
	err = runCheck(context.Background(), app, &checkOptions{online: true}, "519")
	if err == nil || !strings.Contains(err.Error(), "4 finding(s)") {
		t.Errorf("err = %v", err)
	}
	want := fmt.Sprintf(`Tools, item 1: repeats the link of Inbox, item 1: %[1]s/missing
Inbox, item 1: HTTP 404 Not Found: %[1]s/missing
Tools, item 1: HTTP 404 Not Found: %[1]s/missing
Tools, item 2: no complete answer within 200ms: %[1]s/hang
`, s.URL)
	if out.String() != want {
		t.Errorf("stdout:\n%s\nwant\n%s", out, want)
	}
}
