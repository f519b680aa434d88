package capture

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/store"
)

func TestPostAddsToTheNewestDraftsInbox(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	w := r.post("Bearer "+r.token, `{"url": "example.com/x", "title": "A post\u001b[2J", "note": "For Tools?\nMaybe."}`)
	if w.Code != http.StatusCreated {
		t.Fatalf("POST: %d %s", w.Code, body(w))
	}
	var got linkAnswer
	if err := json.Unmarshal([]byte(body(w)), &got); err != nil {
		t.Fatal(err)
	}
	in := r.inbox(t)
	if got.Draft != "519" || got.Repeat || got.InDraft || len(in) != 1 || in[0].ID != got.ID {
		t.Fatalf("answer %+v, inbox %+v", got, in)
	}
	it := in[0]
	if it.URL() != "https://example.com/x" || it.Title != "A post" || it.Via != "Ann" || it.Note != "For Tools?\nMaybe." ||
		it.Blurb != "" || it.Source != "capture" || it.Site != "example.com" || !it.AddedAt.Equal(r.clock.Now()) {
		t.Fatalf("the card: %+v", it)
	}
	if !strings.Contains(r.log.String(), "added https://example.com/x to the inbox of 519, via Ann") {
		t.Errorf("the log: %s", r.log.String())
	}
	// A named draft, by name or by number.
	for _, draftField := range []string{`"518"`, `518`} {
		if w := r.post("Bearer "+r.token, `{"url": "https://example.com/y", "draft": `+draftField+`}`); w.Code != http.StatusCreated || !strings.Contains(body(w), `"draft":"518"`) {
			t.Fatalf("draft %s: %d %s", draftField, w.Code, body(w))
		}
	}
}

// TestRefusalsWriteNothing sends every kind of bad request: each gets its
// status and a JSON error naming the problem, and no file changes.
func TestRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	good := "Bearer " + r.token
	before := r.files(t)
	for _, tc := range []struct {
		name, method, auth, body string
		status                   int
		says                     string
	}{
		{"no token", "POST", "", `{"url": "https://a.example/"}`, 401, "Bearer TOKEN"},
		{"unknown token", "POST", "Bearer wk_nope", `{"url": "https://a.example/"}`, 401, "Bearer TOKEN"},
		{"basic auth", "POST", "Basic QW5uOng=", `{"url": "https://a.example/"}`, 401, "Bearer TOKEN"},
		{"the hash as token", "POST", "Bearer " + hash(r.token), `{"url": "https://a.example/"}`, 401, "Bearer TOKEN"},
		{"ftp", "POST", good, `{"url": "ftp://a.example/"}`, 400, "only http and https"},
		{"javascript", "POST", good, `{"url": "javascript:alert(1)"}`, 400, "only http and https"},
		{"no url", "POST", good, `{"note": "x"}`, 400, "url is missing"},
		{"spaces", "POST", good, `{"url": "https://a.example/x y"}`, 400, "space"},
		{"not json", "POST", good, `url=https://a.example/`, 400, "not JSON"},
		{"empty", "POST", good, ``, 400, "empty"},
		{"array", "POST", good, `["https://a.example/"]`, 400, "not a JSON object"},
		{"unknown field", "POST", good, `{"url": "https://a.example/", "blurb": "x"}`, 400, `"blurb"`},
		{"url a number", "POST", good, `{"url": 5}`, 400, "url is a number"},
		{"two values", "POST", good, `{"url": "https://a.example/"} {}`, 400, "more than one"},
		{"cut short", "POST", good, `{"url": "https://a.ex`, 400, "cut short"},
		{"long note", "POST", good, `{"url": "https://a.example/", "note": "` + strings.Repeat("n", maxNote+1) + `"}`, 400, "note is 4001 characters"},
		{"bad draft", "POST", good, `{"url": "https://a.example/", "draft": {}}`, 400, "draft is a draft's name"},
		{"unknown draft", "POST", good, `{"url": "https://a.example/", "draft": "999"}`, 404, `no draft named "999"`},
		{"a path as draft", "POST", good, `{"url": "https://a.example/", "draft": "../519"}`, 404, "no draft named"},
		{"a file as draft", "POST", good, `{"url": "https://a.example/", "draft": "519.json"}`, 404, "no draft named"},
		{"settings as draft", "POST", good, `{"url": "https://a.example/", "draft": "settings"}`, 404, "no draft named"},
		{"too big", "POST", good, `{"url": "https://a.example/", "note": "` + strings.Repeat("x", MaxBody) + `"}`, 413, "64 KiB"},
		{"GET", "GET", good, ``, 405, "POST /links"},
		{"PUT", "PUT", good, `{"url": "https://a.example/"}`, 405, "POST /links"},
		{"OPTIONS", "OPTIONS", "", ``, 405, "POST /links"},
	} {
		req := httptest.NewRequest(tc.method, "/links", strings.NewReader(tc.body))
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		w := r.do(req)
		var e struct{ Error string }
		if err := json.Unmarshal([]byte(body(w)), &e); err != nil || w.Code != tc.status || !strings.Contains(e.Error, tc.says) {
			t.Errorf("%s: %d %s, want %d saying %q", tc.name, w.Code, body(w), tc.status, tc.says)
		}
		if tc.status == 405 && w.Header().Get("Allow") != "POST" {
			t.Errorf("%s: Allow %q", tc.name, w.Header().Get("Allow"))
		}
		if tc.status == 401 && w.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: no WWW-Authenticate", tc.name)
		}
	}
	// A body too big is refused by its length alone, and when it comes
	// without one (chunked), once 64 KiB have been read.
	req := httptest.NewRequest(http.MethodPost, "/links", strings.NewReader(strings.Repeat(" ", MaxBody+1)))
	req.Header.Set("Authorization", good)
	req.ContentLength = -1
	if w := r.do(req); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked body over 64 KiB: %d %s", w.Code, body(w))
	}
	if after := r.files(t); len(after) != len(before) || after["519.json"] != before["519.json"] || after["518.json"] != before["518.json"] {
		t.Fatalf("a refused request changed the drafts directory: %v", after)
	}
	logged := r.log.String()
	if !strings.Contains(logged, "refused POST /links from 192.0.2.1:1234") || !strings.Contains(logged, "an unknown token") || strings.Contains(logged, r.token) {
		t.Errorf("401s are logged with the address, and never the token:\n%s", logged)
	}
}

// TestLastUsed records a token's last use in the tokens file: not for a
// request it did not sign, at once for the first after a start, then at
// most once a minute, and last when the server stops.
func TestLastUsed(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	last := func() time.Time {
		tokens, err := LoadTokens(TokensPath(r.dir))
		if err != nil || len(tokens) != 1 {
			t.Fatalf("tokens %+v, %v", tokens, err)
		}
		return tokens[0].LastUsed
	}
	r.post("Bearer wk_unknown", `{"url": "https://a.example/"}`)
	if !last().IsZero() {
		t.Fatal("a refused token counted as a use of Ann's")
	}
	start := r.clock.Now()
	r.post("Bearer "+r.token, `{"url": "https://a.example/"}`)
	if !last().Equal(start) {
		t.Fatalf("first use: %v, want %v", last(), start)
	}
	r.clock.Add(10 * time.Second)
	r.post("Bearer "+r.token, `{"url": "https://b.example/"}`)
	if !last().Equal(start) {
		t.Fatal("a use within the minute is written at once")
	}
	r.s.Close()
	if want := start.Add(10 * time.Second); !last().Equal(want) {
		t.Fatalf("after Close: %v, want %v", last(), want)
	}
}

func TestRefusalLogIsSanitisedAndBounded(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	for range refusalsPerMinute + 5 {
		req := httptest.NewRequest(http.MethodPost, "/links", nil)
		req.Header.Set("User-Agent", "evil\x1b]52;c;aGk=\a\r\nfake line")
		r.do(req)
	}
	r.clock.Add(time.Minute)
	r.do(httptest.NewRequest(http.MethodPost, "/links", nil))
	logged := r.log.String()
	if strings.ContainsAny(logged, "\x1b\a\r") || strings.Contains(logged, "\nfake line") {
		t.Errorf("the user agent reached the log raw:\n%q", logged)
	}
	if n := strings.Count(logged, "refused POST"); n != refusalsPerMinute+1 {
		t.Errorf("%d refusal lines, want %d and a count of the rest", n, refusalsPerMinute+1)
	}
	if !strings.Contains(logged, "refused 5 more requests in the last minute") {
		t.Errorf("no count of the refusals not logged:\n%s", logged)
	}
}

func TestBurstOverTheRateLimit(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	good := "Bearer " + r.token
	for i := range PerMinute {
		if w := r.post(good, `{"url": "https://burst.example/`+strconv.Itoa(i)+`"}`); w.Code != http.StatusCreated {
			t.Fatalf("link %d: %d %s", i+1, w.Code, body(w))
		}
		r.clock.Add(500 * time.Millisecond)
	}
	before := r.files(t)
	w := r.post(good, `{"url": "https://burst.example/one-too-many"}`)
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" || !strings.Contains(body(w), "60 links in the last minute") {
		t.Fatalf("link 61: %d %s (Retry-After %q)", w.Code, body(w), w.Header().Get("Retry-After"))
	}
	if after := r.files(t); after["519.json"] != before["519.json"] {
		t.Fatal("the refused link was written")
	}
	// Another token has its own minute; Ann's frees up as it slides.
	other, err := AddToken(TokensPath(r.dir), "Bob", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if w := r.post("Bearer "+other, `{"url": "https://bob.example/"}`); w.Code != http.StatusCreated {
		t.Fatalf("Bob: %d %s", w.Code, body(w))
	}
	r.clock.Add(31 * time.Second)
	if w := r.post(good, `{"url": "https://burst.example/later"}`); w.Code != http.StatusCreated {
		t.Fatalf("Ann a minute after her first: %d %s", w.Code, body(w))
	}
}

func TestQueuedWhenTheDraftIsOpen(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	ed, err := store.OpenEditor(r.path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	defer ed.Close()
	before, _ := os.ReadFile(r.path)
	if w := r.post("Bearer "+r.token, `{"url": "https://open.example/", "note": "n"}`); w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, body(w))
	}
	if after, _ := os.ReadFile(r.path); string(after) != string(before) {
		t.Fatal("the open draft's file was written: the link must go through its queue")
	}
	in, err := ed.Take()
	if err != nil || len(in) != 1 || len(in[0].Items()) != 1 {
		t.Fatalf("the queue: %+v, %v", in, err)
	}
	if it := in[0].Items()[0]; it.Via != "Ann" || it.Note != "n" || in[0].Who != "weekly capture" {
		t.Fatalf("queued %+v by %q", it, in[0].Who)
	}
	if !strings.Contains(r.log.String(), "queued for the open board") {
		t.Errorf("the log: %s", r.log.String())
	}
}

func TestRepeatFromTheArchive(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	a := &archive.Archive{Schema: archive.Schema, Issues: []archive.Issue{
		{Newsletter: "Test Weekly", Number: 400, Items: []archive.Item{{URLs: []string{"https://www.old.example/post/?utm_source=x"}}}},
		{Newsletter: "Test Weekly", Number: 519, Items: []archive.Item{{URLs: []string{"https://mine.example/"}}}},
	}}
	if err := archive.Save(archive.Path(r.dir), a); err != nil {
		t.Fatal(err)
	}
	w := r.post("Bearer "+r.token, `{"url": "old.example/post"}`)
	if w.Code != http.StatusCreated || !strings.Contains(body(w), `"repeat":true,"used_in":[400]`) {
		t.Fatalf("a link of #400: %d %s", w.Code, body(w))
	}
	// This issue's own archived copy is no repeat; a link twice in the
	// draft is added again and said.
	w = r.post("Bearer "+r.token, `{"url": "https://mine.example/"}`)
	if !strings.Contains(body(w), `"repeat":false`) {
		t.Fatalf("a link of this issue: %s", body(w))
	}
	w = r.post("Bearer "+r.token, `{"url": "https://mine.example"}`)
	if !strings.Contains(body(w), `"in_draft":true`) || len(r.inbox(t)) != 3 {
		t.Fatalf("a link the draft has: %s, inbox %d", body(w), len(r.inbox(t)))
	}
}

// TestTitleFetchedAfterTheLinkIsSaved holds the page's answer until the
// link is saved: the card never waits for the page, and gets its title
// when the page answers.
func TestTitleFetchedAfterTheLinkIsSaved(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	fetch := func(ctx context.Context, url string) (string, string, error) {
		select {
		case <-release:
		case <-ctx.Done():
			return "", "", ctx.Err()
		}
		return "The page\x1b]0;title\a", "What it says", nil
	}
	r := newRig(t, fetch)
	w := r.post("Bearer "+r.token, `{"url": "https://slow.example/"}`)
	if w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, body(w))
	}
	if in := r.inbox(t); len(in) != 1 || in[0].Title != "" {
		t.Fatalf("the link is saved before its page answers: %+v", in)
	}
	close(release)
	r.s.inbox.bg.Wait()
	if in := r.inbox(t); in[0].Title != "The page" || in[0].Description != "What it says" {
		t.Fatalf("the title is written once fetched, cleaned: %+v", in[0])
	}
	// A title given is kept and nothing is fetched.
	r2 := newRig(t, func(context.Context, string) (string, string, error) {
		t.Error("fetched a title that was given")
		return "", "", nil
	})
	r2.post("Bearer "+r2.token, `{"url": "https://given.example/", "title": "Given"}`)
	r2.s.inbox.bg.Wait()
}

// TestTokensFileChanges adds and removes tokens while the server runs:
// each counts from the next request on.
func TestTokensFileChanges(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	bob, err := AddToken(TokensPath(r.dir), "Bob", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if w := r.post("Bearer "+bob, `{"url": "https://bob.example/"}`); w.Code != http.StatusCreated {
		t.Fatalf("a token made while running: %d %s", w.Code, body(w))
	}
	if err := RemoveToken(TokensPath(r.dir), "Ann"); err != nil {
		t.Fatal(err)
	}
	if w := r.post("Bearer "+r.token, `{"url": "https://ann.example/"}`); w.Code != http.StatusUnauthorized {
		t.Fatalf("a removed token: %d %s", w.Code, body(w))
	}
	// A file that no longer reads keeps the tokens read before.
	if err := os.WriteFile(TokensPath(r.dir), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if w := r.post("Bearer "+bob, `{"url": "https://bob.example/2"}`); w.Code != http.StatusCreated {
		t.Fatalf("after a broken tokens file: %d %s", w.Code, body(w))
	}
	if !strings.Contains(r.log.String(), "keeping the 1 token(s) read before") {
		t.Errorf("the log: %s", r.log.String())
	}
}

func TestNewRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := New(Config{Dir: dir}); err == nil || !strings.Contains(err.Error(), "weekly capture token add NAME") {
		t.Errorf("no tokens: %v", err)
	}
	if _, err := AddToken(TokensPath(dir), "Ann", time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cfg  Config
		says string
	}{
		{Config{Dir: dir, Addr: "0.0.0.0:23235"}, "without TLS"},
		{Config{Dir: dir, Addr: ":23235"}, "every address of this machine"},
		{Config{Dir: dir, Addr: "192.0.2.1:23235"}, "--tls-cert"},
		{Config{Dir: dir, TLSCert: "x.crt"}, "both --tls-cert and --tls-key"},
		{Config{Dir: dir, Addr: "0.0.0.0:1", TLSCert: filepath.Join(dir, "no.crt"), TLSKey: filepath.Join(dir, "no.key")}, "no.crt"},
		{Config{Dir: dir, Addr: "23235"}, "HOST:PORT"},
	} {
		if _, err := New(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%+v: %v, want it to say %q", tc.cfg, err, tc.says)
		}
	}
}

func TestCheckListen(t *testing.T) {
	t.Parallel()
	for addr, ok := range map[string]bool{
		"127.0.0.1:23235": true, "127.1.2.3:1": true, "[::1]:23235": true, "localhost:80": true,
		"0.0.0.0:23235": false, ":23235": false, "[::]:1": false, "192.168.1.5:1": false, "example.com:443": false,
	} {
		if err := CheckListen(addr, false); (err == nil) != ok {
			t.Errorf("%s without TLS: %v", addr, err)
		}
		if err := CheckListen(addr, true); err != nil {
			t.Errorf("%s with TLS: %v", addr, err)
		}
	}
}
