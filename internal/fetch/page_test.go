package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
)

// serve starts a test server on 127.0.0.1 with h and returns its URL.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// page returns a handler that serves body with the given Content-Type
// (none at all when contentType is "-").
func page(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if contentType == "-" {
			w.Header()["Content-Type"] = nil
		} else {
			w.Header().Set("Content-Type", contentType)
		}
		io.WriteString(w, body)
	}
}

func TestFetchTitleAndDescription(t *testing.T) {
	tests := []struct {
		name, body        string
		title, descripion string
	}{
		{
			"title and Open Graph",
			`<!doctype html><html><head><title>Kubernetes &amp; you</title>
			<meta property="og:title" content="OG title">
			<meta property="og:description" content="What is new in 1.20.">
			<meta name="description" content="Plain description"></head><body><title>not this</title></body></html>`,
			"Kubernetes & you", "What is new in 1.20.",
		},
		{
			"meta description",
			`<html><head><TITLE>  Spread
			  over lines </TITLE><META NAME="Description" CONTENT="The plain one"></head></html>`,
			"Spread over lines", "The plain one",
		},
		{
			"twitter cards",
			`<head><meta name="twitter:title" content="Tweet title"><meta name="twitter:description" content="Tweet description"><meta name="description" content="later"></head>`,
			"Tweet title", "Tweet description",
		},
		{
			"og:title when there is no title",
			`<head><title></title><meta property="og:title" content="From OG"></head>`,
			"From OG", "",
		},
		{
			"no head at all",
			`<p>Just text`,
			"", "",
		},
		{
			"SVG title in the body is not the page's",
			`<html><body><svg><title>icon</title></svg></body></html>`,
			"", "",
		},
	}
	f := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := serve(t, page("text/html; charset=utf-8", tt.body))
			p, err := f.Fetch(context.Background(), u+"/post")
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.title || p.Description != tt.descripion {
				t.Errorf("got title %q, description %q; want %q, %q", p.Title, p.Description, tt.title, tt.descripion)
			}
			if p.URL != u+"/post" {
				t.Errorf("URL = %q, want %q", p.URL, u+"/post")
			}
		})
	}
}

func TestFetchSendsUserAgent(t *testing.T) {
	var got atomic.Value
	u := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.UserAgent())
		io.WriteString(w, "<title>x</title>")
	}))
	if _, err := New(Options{UserAgent: UserAgent("v1.2.3")}).Fetch(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if want := "weekly/v1.2.3 (+link newsletter composer)"; got.Load() != want {
		t.Errorf("User-Agent = %q, want %q", got.Load(), want)
	}
}

// hostile is a title carrying OSC 52 (clipboard write), SGR, a raw 8-bit CSI,
// a bidi override, a zero-width space, a CR overwrite and character
// references to ESC and BEL.
const hostile = "Safe\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 \x1b[31mred\x1b[0m \x9b2J title\u202egpj.exe\u202c pay\u200bpal\rEVIL &#x1b;]0;pwned&#7;"

// checkClean fails if s carries anything a terminal would act on.
func checkClean(t *testing.T, what, s string) {
	t.Helper()
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != 0x200d && r != 0x200c {
			t.Errorf("%s %q carries %U", what, s, r)
		}
	}
	for _, bad := range []string{"\x1b", "\x9b", "52;c;", "[31m", "]0;"} {
		if strings.Contains(s, bad) {
			t.Errorf("%s %q carries %q", what, s, bad)
		}
	}
}

func TestFetchHostilePage(t *testing.T) {
	body := "<html><head><title>" + hostile + "</title>" +
		`<meta property="og:description" content="` + strings.ReplaceAll(hostile, `"`, "") + `"></head>`
	tests := []struct{ contentType, title string }{
		{"text/html; charset=utf-8", "Safe red titlegpj.exe paypal EVIL"},
		// Undeclared and not valid UTF-8, the page is read as Windows-1252,
		// as browsers do: 0x9B is "›" there, and the UTF-8 bytes of the bidi
		// override and ZWSP become printable mojibake, harmless.
		{"text/html", "Safe red ›2J titleâ€®gpj.exeâ€¬ payâ€‹pal EVIL"},
		{"-", "Safe red ›2J titleâ€®gpj.exeâ€¬ payâ€‹pal EVIL"},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			u := serve(t, page(tt.contentType, body))
			p, err := New(Options{}).Fetch(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			checkClean(t, "title", p.Title)
			checkClean(t, "description", p.Description)
			if p.Title != tt.title || p.Description != tt.title {
				t.Errorf("title %q, description %q; want %q", p.Title, p.Description, tt.title)
			}
		})
	}
}

func TestFetchCharsets(t *testing.T) {
	latin1 := "Caf\xe9 cr\xe8me br\xfbl\xe9e \x96 na\xefve" // ISO-8859-1, and an en dash as Windows-1252 has it
	const want = "Café crème brûlée – naïve"
	padding := "<!-- " + strings.Repeat("padding ", 200) + "-->"
	tests := []struct {
		name, contentType, body, want string
	}{
		{"header", "text/html; charset=ISO-8859-1", "<title>" + latin1 + "</title>", want},
		{"meta charset", "text/html", `<meta charset="iso-8859-1"><title>` + latin1 + "</title>", want},
		{"http-equiv", "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=latin1"><title>` + latin1 + "</title>", want},
		{"undeclared Latin-1", "text/html", "<title>" + latin1 + "</title>", want},
		{"undeclared UTF-8 after the first 1,024 bytes", "text/html", "<head>" + padding + "<title>Café – 日本</title>", "Café – 日本"},
		{"header beats meta", "text/html; charset=utf-8", `<meta charset="iso-8859-1"><title>Café</title>`, "Café"},
		{"Shift_JIS", "text/html; charset=Shift_JIS", "<title>\x93\xfa\x96\x7b</title>", "日本"},
		{"UTF-16 with BOM", "text/html", "\xff\xfe<\x00t\x00i\x00t\x00l\x00e\x00>\x00\xe9\x00<\x00/\x00t\x00i\x00t\x00l\x00e\x00>\x00", "é"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := serve(t, page(tt.contentType, tt.body))
			p, err := New(Options{}).Fetch(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.want {
				t.Errorf("title = %q, want %q", p.Title, tt.want)
			}
		})
	}
}

func TestFetchNoAnswer(t *testing.T) {
	stop := make(chan struct{})
	u := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(func() { close(stop) })
	f := New(Options{Timeout: 50 * time.Millisecond})
	_, err := f.Fetch(context.Background(), u)
	var slow *errNoAnswer
	if !errors.As(err, &slow) {
		t.Fatalf("err = %v, want no answer", err)
	}
	if want := u + ": no complete answer within 50ms"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestFetchSlowBody(t *testing.T) {
	u := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<html><head><title>Tri")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	_, err := New(Options{Timeout: 50 * time.Millisecond}).Fetch(context.Background(), u)
	var slow *errNoAnswer
	if !errors.As(err, &slow) {
		t.Fatalf("err = %v, want no answer: the deadline covers the body", err)
	}
}

// endless writes a page of size bytes (or until the client hangs up),
// with title before or after the padding, and reports what it wrote.
func endless(size int64, titleFirst bool, wrote chan<- int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		var n int64
		write := func(s string) bool {
			k, err := io.WriteString(w, s)
			n += int64(k)
			return err == nil
		}
		defer func() { wrote <- n }()
		if titleFirst && !write("<html><head><title>Big page</title><!--") {
			return
		}
		if !titleFirst && !write("<html><head><!--") {
			return
		}
		chunk := strings.Repeat("x", 32<<10)
		for n < size {
			if !write(chunk) {
				return
			}
		}
		write("--><title>Too late</title></head>")
	}
}

func TestFetchCutsOffHugePage(t *testing.T) {
	const size = 64 << 20
	for _, titleFirst := range []bool{true, false} {
		t.Run(fmt.Sprint("title first ", titleFirst), func(t *testing.T) {
			wrote := make(chan int64, 1)
			u := serve(t, endless(size, titleFirst, wrote))
			p, err := New(Options{}).Fetch(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if titleFirst {
				want = "Big page"
			}
			if p.Title != want {
				t.Errorf("title = %q, want %q", p.Title, want)
			}
			if n := <-wrote; n >= size {
				t.Errorf("the server wrote all %d bytes: the page was not cut off", n)
			}
		})
	}
}

func TestReadStopsAtLimit(t *testing.T) {
	f := New(Options{MaxBytes: 100 << 10})
	r := &countingReader{}
	data, truncated, err := f.read(context.Background(), r, endOfHead)
	if err != nil || !truncated || len(data) != 100<<10 {
		t.Fatalf("read = %d bytes, truncated %v, %v; want %d bytes, truncated", len(data), truncated, err, 100<<10)
	}
	if r.n > 100<<10+32<<10 {
		t.Errorf("read %d bytes from the body, want at most the limit and one chunk", r.n)
	}
}

// countingReader is an endless body of 'x' that counts what was read.
type countingReader struct{ n int }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	c.n += len(p)
	return len(p), nil
}

func TestReadStopsAtHeadEnd(t *testing.T) {
	for _, end := range []string{"</head>", "</HEAD >", "<body class=x>", "<BODY>"} {
		body := "<html><head><title>Short</title>" + strings.Repeat("<meta name=x content=y>", 3000) + end + strings.Repeat("<p>text</p>", 1<<20)
		data, truncated, err := New(Options{}).read(context.Background(), strings.NewReader(body), endOfHead)
		if err != nil || truncated {
			t.Fatalf("%s: read: truncated %v, %v", end, truncated, err)
		}
		if i := strings.Index(body, end); len(data) < i+len(end)-2 || len(data) > i+64<<10 {
			t.Errorf("%s: read %d bytes; the head ends at %d", end, len(data), i)
		}
	}
}

// redirects serves /r/N as a redirect to /r/N-1, and /r/0 as a page.
func redirects() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/r/%d", &n); err != nil {
			http.NotFound(w, r)
			return
		}
		if n == 0 {
			io.WriteString(w, "<title>Arrived</title>")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusFound)
	}
}

func TestFetchRedirects(t *testing.T) {
	u := serve(t, redirects())
	f := New(Options{})
	p, err := f.Fetch(context.Background(), u+"/r/5")
	if err != nil || p.Title != "Arrived" || p.URL != u+"/r/0" {
		t.Fatalf("5 redirects: %+v, %v; want the page at /r/0", p, err)
	}
	_, err = f.Fetch(context.Background(), u+"/r/6")
	if err == nil || !strings.Contains(err.Error(), "stopped after 5 redirects") {
		t.Fatalf("6 redirects: err = %v, want stopped after 5", err)
	}
	if _, err := New(Options{MaxRedirects: -1}).Fetch(context.Background(), u+"/r/1"); err == nil {
		t.Fatal("a redirect was followed with MaxRedirects -1")
	}
}

func TestFetchRefusesRedirectElsewhere(t *testing.T) {
	for _, target := range []string{"file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)"} {
		u := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", target)
			w.WriteHeader(http.StatusMovedPermanently)
		}))
		_, err := New(Options{}).Fetch(context.Background(), u)
		if err == nil || !strings.Contains(err.Error(), "redirected to a link weekly does not follow") {
			t.Errorf("redirect to %s: err = %v", target, err)
		}
	}
}

func TestFetchSkipsNonHTML(t *testing.T) {
	tests := []struct{ contentType, body, says string }{
		{"application/pdf", "%PDF-1.4", "it is application/pdf"},
		{"image/png", "\x89PNG\r\n\x1a\n", "it is image/png"},
		{"application/json", `{"title":"x"}`, "it is application/json"},
		{"-", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it looks like image/png"},
	}
	for _, tt := range tests {
		u := serve(t, page(tt.contentType, tt.body))
		_, err := New(Options{}).Fetch(context.Background(), u)
		if !errors.Is(err, ErrNotHTML) || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: err = %v, want not HTML, %s", tt.contentType, err, tt.says)
		}
	}
	u := serve(t, page("application/xhtml+xml", "<html><head><title>XHTML</title></head></html>"))
	if p, err := New(Options{}).Fetch(context.Background(), u); err != nil || p.Title != "XHTML" {
		t.Errorf("XHTML: %+v, %v", p, err)
	}
}

func TestFetchErrors(t *testing.T) {
	u := serve(t, http.NotFoundHandler())
	_, err := New(Options{}).Fetch(context.Background(), u+"/gone")
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 404 || err.Error() != u+"/gone: HTTP 404 Not Found" {
		t.Errorf("404: err = %v", err)
	}
	_, err = New(Options{}).Fetch(context.Background(), "javascript:alert(1)")
	if err == nil || !strings.Contains(err.Error(), `"javascript:alert(1)"`) {
		t.Errorf("javascript: err = %v, want it refused by name", err)
	}
}

func TestFetchHostileStatusLine(t *testing.T) {
	u := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 404 Not\x1b]52;c;QQ==\x07 Found\x9b2J\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		buf.Flush()
	}))
	_, err := New(Options{}).Fetch(context.Background(), u)
	if err == nil {
		t.Fatal("no error for a 404")
	}
	checkClean(t, "error", err.Error())
	if want := u + ": HTTP 404 Not Found"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

// inFlight wraps h, recording in most the most requests it saw at once.
func inFlight(most *atomic.Int32, h http.HandlerFunc) http.HandlerFunc {
	var now atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		n := now.Add(1)
		defer now.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond) // let requests overlap if they can
		h(w, r)
	}
}

func TestFetchAllIsBounded(t *testing.T) {
	var most atomic.Int32
	u := serve(t, inFlight(&most, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<title>Page %s</title>", r.URL.Path)
	}))
	var urls []string
	for i := range 24 {
		urls = append(urls, fmt.Sprintf("%s/%d", u, i))
	}
	urls = append(urls, "ftp://example.com/")
	results := New(Options{Parallel: 3}).FetchAll(context.Background(), urls)
	for i, r := range results[:24] {
		if want := fmt.Sprintf("Page /%d", i); r.Err != nil || r.Page.Title != want {
			t.Errorf("result %d = %+v, want title %q", i, r, want)
		}
	}
	if results[24].Err == nil {
		t.Error("an ftp link was fetched")
	}
	if m := most.Load(); m > 3 {
		t.Errorf("%d requests in flight at once, want at most 3", m)
	}
}

func TestFetchSharedBoundAcrossCallers(t *testing.T) {
	var most atomic.Int32
	u := serve(t, inFlight(&most, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<title>x</title>")
	}))
	f := New(Options{Parallel: 2})
	var wg sync.WaitGroup
	for range 10 { // as ten tea.Cmds, one per card, would
		wg.Go(func() {
			if _, err := f.Fetch(context.Background(), u); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if m := most.Load(); m > 2 {
		t.Errorf("%d requests in flight at once, want at most 2", m)
	}
}

func TestFetchCancelledWhileWaiting(t *testing.T) {
	f := New(Options{Parallel: 1})
	release, err := f.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Fetch(ctx, "http://127.0.0.1:1/"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want canceled", err)
	}
}
