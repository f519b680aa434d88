package capture

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// signedIn signs a browser in through a login link and returns its cookie.
func (r *rig) signedIn(t *testing.T) *http.Cookie {
	t.Helper()
	links := r.s.LoginLinks()
	if len(links) != 1 || links[0].Name != "Ann" {
		t.Fatalf("login links %+v", links)
	}
	u, err := url.Parse(links[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	code := u.Query().Get("code")
	// Looking at the link (a previewer does) asks; it does not use it up.
	for range 2 {
		w := r.do(httptest.NewRequest(http.MethodGet, u.RequestURI(), nil))
		if w.Code != http.StatusOK || !strings.Contains(body(w), "Sign in as Ann") {
			t.Fatalf("GET the login link: %d %s", w.Code, body(w))
		}
	}
	w := r.do(form("/login", url.Values{"code": {code}}))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Fatalf("POST /login: %d %s", w.Code, body(w))
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies %+v", cookies)
	}
	c := cookies[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || strings.Contains(c.Value, r.token) {
		t.Fatalf("the cookie: %+v", c)
	}
	// The code works once.
	if w := r.do(form("/login", url.Values{"code": {code}})); w.Code != http.StatusUnauthorized || len(w.Result().Cookies()) != 0 {
		t.Fatalf("the login link again: %d", w.Code)
	}
	return c
}

// form is a POST of the page's form, from the page itself.
func form(path string, v url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

func get(path string, c *http.Cookie) *http.Request {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if c != nil {
		req.AddCookie(c)
	}
	return req
}

// pageContent are marks of the page's content, which nobody signed out
// may see.
var pageContent = []string{`id="bookmarklet"`, "Last links received", `action="/add"`, "javascript:", "Add to the inbox"}

func TestPageWithoutTokenShowsNothing(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	r.post("Bearer "+r.token, `{"url": "https://secret.example/"}`)
	forged := &http.Cookie{Name: cookieName, Value: "QW5u.1717322400.forged"}
	for _, req := range []*http.Request{
		get("/", nil), get("/add?url=https://x.example/", nil), get("/share?text=hi", nil), get("/", forged),
	} {
		w := r.do(req)
		page := body(w)
		if w.Code != http.StatusUnauthorized || !strings.Contains(page, `name="token"`) {
			t.Errorf("%s: %d, want the sign-in form", req.URL, w.Code)
		}
		for _, c := range append(pageContent, "secret.example") {
			if strings.Contains(page, c) {
				t.Errorf("%s signed out shows %q:\n%s", req.URL, c, page)
			}
		}
	}
	// Sent from another site's page (the bookmarklet's window), the
	// browser withheld its strict cookie: the page sends it back here once.
	req := get("/add?url=https://x.example/&title=X", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	w := r.do(req)
	if page := body(w); w.Code != http.StatusUnauthorized || !strings.Contains(page, "location.replace(location.href)") || strings.Contains(page, "x.example") {
		t.Errorf("a cross-site visit: %d\n%s", w.Code, page)
	}
	// The POST of the form, too, needs a signed-in browser.
	if w := r.do(form("/add", url.Values{"url": {"https://x.example/"}})); w.Code != http.StatusUnauthorized {
		t.Errorf("POST /add signed out: %d", w.Code)
	}
	if got := len(r.inbox(t)); got != 1 {
		t.Errorf("the inbox has %d links", got)
	}
}

func TestPageFlow(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	c := r.signedIn(t)
	w := r.do(get("/add?url=https%3A%2F%2Fblog.example%2Fpost&title=A+%3Cb%3Epost%3C%2Fb%3E&note=picked", c))
	page := body(w)
	if w.Code != http.StatusOK {
		t.Fatalf("GET /add: %d %s", w.Code, page)
	}
	for _, want := range []string{`value="https://blog.example/post"`, `value="A &lt;b&gt;post&lt;/b&gt;"`, ">picked</textarea>", `id="send" autofocus`, "Add to the inbox of 519"} {
		if !strings.Contains(page, want) {
			t.Errorf("the filled form lacks %s:\n%s", want, page)
		}
	}
	checkPagePolicy(t, w, r.token)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if csrf == nil {
		t.Fatal("the form has no CSRF token")
	}
	sent := url.Values{"url": {"https://blog.example/post"}, "title": {"A post"}, "note": {"picked"}}

	// Without the token, with another session's, or from another site:
	// refused, nothing written.
	for name, req := range map[string]*http.Request{
		"no csrf":    form("/add", sent),
		"wrong csrf": form("/add", url.Values{"url": sent["url"], "csrf": {r.s.sign.csrf("another session")}}),
	} {
		req.AddCookie(c)
		if w := r.do(req); w.Code != http.StatusForbidden {
			t.Errorf("%s: %d", name, w.Code)
		}
	}
	cross := form("/add", url.Values{"url": sent["url"], "csrf": {csrf[1]}})
	cross.Header.Set("Sec-Fetch-Site", "cross-site")
	cross.AddCookie(c)
	if w := r.do(cross); w.Code != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", w.Code)
	}
	if n := len(r.inbox(t)); n != 0 {
		t.Fatalf("a refused form wrote %d links", n)
	}

	sent.Set("csrf", csrf[1])
	req := form("/add", sent)
	req.AddCookie(c)
	w = r.do(req)
	page = body(w)
	if w.Code != http.StatusOK || !strings.Contains(page, "Added to the inbox of 519 (Test Weekly #519), via Ann") {
		t.Fatalf("POST /add: %d %s", w.Code, page)
	}
	in := r.inbox(t)
	if len(in) != 1 || in[0].Via != "Ann" || in[0].Note != "picked" || in[0].Title != "A post" {
		t.Fatalf("the inbox: %+v", in)
	}
	if !strings.Contains(page, "Last links received") || !strings.Contains(page, "Ann → 519") {
		t.Errorf("the page lists the link received:\n%s", page)
	}

	// A bad link comes back with the form as sent and the reason.
	bad := url.Values{"url": {"ftp://files.example/x"}, "note": {"keep me"}, "csrf": {csrf[1]}}
	req = form("/add", bad)
	req.AddCookie(c)
	w = r.do(req)
	if page := body(w); w.Code != http.StatusBadRequest || !strings.Contains(page, "only http and https") || !strings.Contains(page, ">keep me</textarea>") {
		t.Errorf("a bad link: %d\n%s", w.Code, page)
	}

	// Removing the token signs its browsers out.
	if err := RemoveToken(TokensPath(r.dir), "Ann"); err != nil {
		t.Fatal(err)
	}
	if w := r.do(get("/", c)); w.Code != http.StatusUnauthorized {
		t.Errorf("a removed token's cookie: %d", w.Code)
	}
}

// checkPagePolicy checks what the page may do: nothing loaded from
// elsewhere, its inline script by nonce only, no token in any address.
func checkPagePolicy(t *testing.T, w *httptest.ResponseRecorder, token string) {
	t.Helper()
	csp := w.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'nonce-", "form-action 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the policy lacks %s: %s", want, csp)
		}
	}
	page := body(w)
	if strings.Contains(page, token) || strings.Contains(page, strings.TrimPrefix(token, tokenPrefix)) {
		t.Fatal("the page carries the token")
	}
	for _, m := range regexp.MustCompile(`(?:href|src|action)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		u := m[1]
		switch {
		case strings.HasPrefix(u, "javascript:"):
			if strings.Contains(u, "wk_") || strings.Contains(u, "code=") {
				t.Errorf("the bookmarklet carries a secret: %s", u)
			}
		case strings.HasPrefix(u, "/"):
			if strings.Contains(u, "code=") || strings.Contains(u, "token") {
				t.Errorf("a link carries a secret: %s", u)
			}
		default:
			t.Errorf("the page loads or links %s, not its own", u)
		}
	}
	if n := strings.Count(page, "<script"); n != strings.Count(page, `<script nonce="`) {
		t.Error("a script without the nonce")
	}
}

func TestSignInWithATokenKeepsWhereItWasGoing(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	w := r.do(form("/login", url.Values{"token": {"wk_wrong"}, "next": {"/add?url=x"}}))
	if w.Code != http.StatusUnauthorized || len(w.Result().Cookies()) != 0 {
		t.Fatalf("a wrong token: %d", w.Code)
	}
	for next, want := range map[string]string{
		"/add?url=https%3A%2F%2Fa.example%2F": "/add?url=https%3A%2F%2Fa.example%2F",
		"//evil.example/":                     "/",
		"https://evil.example/":               "/",
		"/links":                              "/",
		`/\evil.example`:                      "/",
	} {
		w := r.do(form("/login", url.Values{"token": {r.token}, "next": {next}}))
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
			t.Errorf("next %q: %d to %q, want %q", next, w.Code, w.Header().Get("Location"), want)
		}
	}
	// A login from another site's page is refused.
	req := form("/login", url.Values{"token": {r.token}})
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if w := r.do(req); w.Code != http.StatusForbidden {
		t.Errorf("cross-site login: %d", w.Code)
	}
}

func TestCookieExpiresAndLoginLinksToo(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	links := r.s.LoginLinks()
	c := r.signedIn(t)
	r.clock.Add(loginLife + time.Second)
	u, _ := url.Parse(links[0].URL)
	if w := r.do(form("/login", url.Values{"code": {u.Query().Get("code")}})); w.Code != http.StatusUnauthorized {
		t.Errorf("a login link over an hour old: %d", w.Code)
	}
	if w := r.do(get("/", c)); w.Code != http.StatusOK {
		t.Errorf("a day-old cookie: %d", w.Code)
	}
	r.clock.Add(cookieLife)
	if w := r.do(get("/", c)); w.Code != http.StatusUnauthorized {
		t.Errorf("a cookie past its life: %d", w.Code)
	}
}

func TestShared(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, title, text string
		want             Link
	}{
		{"https://a.example/", "A", "", Link{URL: "https://a.example/", Title: "A"}},
		{"", "A post", "https://a.example/p", Link{URL: "https://a.example/p", Title: "A post"}},
		{"", "", "Look at this https://a.example/p it is good", Link{URL: "https://a.example/p", Note: "Look at this it is good"}},
		{"", "A post", "A post", Link{Title: "A post"}},
		{"https://a.example/", "A", "Worth a look https://a.example/", Link{URL: "https://a.example/", Title: "A", Note: "Worth a look"}},
	} {
		if got := shared(tc.url, tc.title, tc.text); got != tc.want {
			t.Errorf("shared(%q, %q, %q) = %+v, want %+v", tc.url, tc.title, tc.text, got, tc.want)
		}
	}
}

func TestSharePageFillsTheForm(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	c := r.signedIn(t)
	w := r.do(get("/share?title=A+post&text=Read+this+https%3A%2F%2Fa.example%2Fp", c))
	page := body(w)
	if w.Code != http.StatusOK || !strings.Contains(page, `value="https://a.example/p"`) || !strings.Contains(page, `value="A post"`) || !strings.Contains(page, ">Read this</textarea>") {
		t.Fatalf("GET /share: %d\n%s", w.Code, page)
	}
	m := r.do(get("/manifest.webmanifest", nil))
	if !strings.Contains(body(m), `"action": "/share"`) {
		t.Errorf("the manifest: %s", body(m))
	}
}

func TestBookmarklet(t *testing.T) {
	t.Parallel()
	b := bookmarklet("http://127.0.0.1:23235")
	for _, want := range []string{`"http://127.0.0.1:23235/add?url="`, "encodeURIComponent(location.href)", "encodeURIComponent(document.title)", "open(u,'weekly'"} {
		if !strings.Contains(b, want) {
			t.Errorf("the bookmarklet lacks %s: %s", want, b)
		}
	}
	if strings.ContainsAny(b, "%\n") {
		t.Errorf("a browser would decode or break the bookmarklet: %s", b)
	}
	// The page's address is the one the browser asked for, when it looks
	// like one.
	r := newRig(t, nil)
	req := get("/", nil)
	req.Host = "localhost:9999"
	if got := r.s.origin(req); got != "http://localhost:9999" {
		t.Errorf("origin %s", got)
	}
	req.Host = `x"><script>`
	if got := r.s.origin(req); got != r.s.base {
		t.Errorf("origin of a strange host: %s", got)
	}
}
