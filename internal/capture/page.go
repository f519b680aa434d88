package capture

import (
	"bytes"
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

//go:embed page.html
var pageHTML string

// page is the capture page's one template: the sign-in form, the bounce
// that brings a strict cookie along, and the page itself. It is parsed when
// the page is first drawn, not at start, which every weekly command pays.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(pageHTML))
})

// pageData is what the template draws.
type pageData struct {
	Nonce, Heading string
	// Name is who is signed in; empty on the sign-in page.
	Name, CSRF  string
	Bounce      bool
	Login       *loginView
	Error       string
	Form        Link
	Added       *addedView
	Newest      string
	Recent      []recentView
	Bookmarklet template.URL
	Base        string
}

type loginView struct{ Name, Code, Next string }

type addedView struct {
	Draft, Label, Title, URL, UsedIn string
	InDraft, Queued                  bool
}

type recentView struct{ When, Via, Draft, Title, URL string }

// render draws the page with status, under a policy that runs only the
// page's own inline script and style (by nonce) and loads nothing from
// elsewhere.
func render(w http.ResponseWriter, status int, d pageData) {
	var b [16]byte
	_, _ = rand.Read(b[:])
	d.Nonce = base64.RawURLEncoding.EncodeToString(b[:])
	if d.Heading == "" {
		d.Heading = "weekly capture"
	}
	var buf bytes.Buffer
	if err := page().Execute(&buf, d); err != nil {
		http.Error(w, "could not draw the page", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", fmt.Sprintf("default-src 'none'; script-src 'nonce-%s'; style-src 'nonce-%s'; img-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'", d.Nonce, d.Nonce))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// session returns the token the request's cookie signs in as, and the
// cookie's value.
func (s *Server) session(r *http.Request) (Token, string, bool) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return Token{}, "", false
	}
	name, _, _, ok := parseCookie(c.Value)
	if !ok {
		return Token{}, "", false
	}
	t, ok := s.keys.byName(name)
	if !ok || !s.sign.check(c.Value, t, s.cfg.Now()) {
		return Token{}, "", false
	}
	return t, c.Value, true
}

// signIn answers a request that is not signed in: with nothing of the
// page, only the sign-in form. A browser that came from another site's
// page (the bookmarklet's window) did not send the strict cookie it may
// have: it is sent back to the same address once, from this site, which
// brings the cookie along.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, problem string) {
	if _, err := r.Cookie(cookieName); err != nil && r.Method == http.MethodGet && r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		render(w, http.StatusUnauthorized, pageData{Bounce: true})
		return
	}
	next := ""
	if r.Method == http.MethodGet && (r.URL.Path == "/add" || r.URL.Path == "/share") {
		next = r.URL.RequestURI()
	}
	render(w, http.StatusUnauthorized, pageData{Heading: "Sign in", Login: &loginView{Next: next}, Error: problem})
}

// handlePage is GET /, /add (the bookmarklet's window: url, title, note)
// and /share (a phone's share target: url, title, text): the form, filled
// in from the query, the last links received and the bookmarklet.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	t, value, ok := s.session(r)
	if !ok {
		s.signIn(w, r, "")
		return
	}
	q := r.URL.Query()
	form := Link{URL: q.Get("url"), Title: q.Get("title"), Note: q.Get("note")}
	if r.URL.Path == "/share" {
		form = shared(q.Get("url"), q.Get("title"), q.Get("text"))
	}
	form.URL, form.Title = sanitize.Line(form.URL), sanitize.Line(form.Title)
	form.Note = sanitize.Text(form.Note)
	render(w, http.StatusOK, s.pageFor(r, t, value, form))
}

// pageFor is the signed-in page with form filled in.
func (s *Server) pageFor(r *http.Request, t Token, cookie string, form Link) pageData {
	d := pageData{Name: t.Name, CSRF: s.sign.csrf(cookie), Form: form, Base: s.origin(r)}
	d.Bookmarklet = template.URL(bookmarklet(d.Base))
	if path, _, err := store.New(s.cfg.Dir).Newest(); err == nil && path != "" {
		d.Newest = store.Name(path)
	}
	for _, x := range s.inbox.recent.list() {
		d.Recent = append(d.Recent, recentView{When: x.At.Local().Format("Mon 15:04"), Via: x.Via, Draft: x.Draft, Title: x.Title, URL: x.URL})
	}
	return d
}

// handleForm is POST /add: the page's form, sent.
func (s *Server) handleForm(w http.ResponseWriter, r *http.Request) {
	t, value, ok := s.session(r)
	if !ok {
		s.signIn(w, r, "Sign in again: this browser is not signed in any more.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			render(w, http.StatusRequestEntityTooLarge, s.withError(r, t, value, Link{}, fmt.Sprintf("That is more than %d KiB: too much for a link and a note.", MaxBody>>10)))
			return
		}
		render(w, http.StatusBadRequest, s.withError(r, t, value, Link{}, "The form did not arrive whole; send it again."))
		return
	}
	in := Link{URL: r.PostForm.Get("url"), Title: r.PostForm.Get("title"), Note: r.PostForm.Get("note")}
	if !s.sign.checkCSRF(value, r.PostForm.Get("csrf")) {
		s.refused(r, "a form without this session's CSRF token")
		render(w, http.StatusForbidden, s.withError(r, t, value, in, "This form is out of date (or came from another page): check it and send it again."))
		return
	}
	now := s.cfg.Now()
	if ok, wait := s.limit.Allow(t.Name, now); !ok {
		render(w, http.StatusTooManyRequests, s.withError(r, t, value, in, fmt.Sprintf("%d links in the last minute is the most a token may send; try again in %s.", PerMinute, wait.Round(time.Second)+time.Second)))
		return
	}
	s.keys.touch(t, now)
	added, err := s.Add(t.Name, in)
	if err != nil {
		render(w, statusOf(err), s.withError(r, t, value, in, sentence(err.Error())))
		return
	}
	d := s.pageFor(r, t, value, Link{})
	d.Heading = "Added"
	d.Added = &addedView{Draft: added.Draft, Label: added.Label, Title: added.Item.Title, URL: added.Item.URL(), InDraft: added.InDraft, Queued: added.Queued}
	if len(added.UsedIn) > 0 {
		nums := make([]string, len(added.UsedIn))
		for i, n := range added.UsedIn {
			nums[i] = fmt.Sprintf("#%d", n)
		}
		d.Added.UsedIn = strings.Join(nums, ", ")
	}
	render(w, http.StatusOK, d)
}

// withError is the signed-in page with the form as sent and what is wrong.
func (s *Server) withError(r *http.Request, t Token, cookie string, form Link, problem string) pageData {
	d := s.pageFor(r, t, cookie, Link{URL: sanitize.Line(form.URL), Title: sanitize.Line(form.Title), Note: sanitize.Text(form.Note)})
	d.Error = problem
	return d
}

// sentence starts an error's text with a capital, for the page.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// handleLoginPage is GET /login?code=…, a login link: it asks before it
// signs in, so that a link previewer fetching the link does not use it up.
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	name, ok := s.logins.peek(code, s.cfg.Now())
	if !ok {
		render(w, http.StatusUnauthorized, pageData{Heading: "Sign in", Login: &loginView{}, Error: "This login link has been used or is more than an hour old. Restart weekly capture for new ones, or paste your token."})
		return
	}
	render(w, http.StatusOK, pageData{Heading: "Sign in", Login: &loginView{Name: name, Code: code}})
}

// handleLogin is POST /login: a login link's code, or a token pasted in,
// signs the browser in.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		render(w, http.StatusBadRequest, pageData{Heading: "Sign in", Login: &loginView{}, Error: "The form did not arrive whole; send it again."})
		return
	}
	now := s.cfg.Now()
	var t Token
	ok := false
	if code := r.PostForm.Get("code"); code != "" {
		if name, used := s.logins.use(code, now); used {
			t, ok = s.keys.byName(name)
		}
	} else {
		t, ok = s.keys.find(strings.TrimSpace(r.PostForm.Get("token")))
	}
	if !ok {
		s.refused(r, "a login link or token that is not good")
		render(w, http.StatusUnauthorized, pageData{Heading: "Sign in", Login: &loginView{Next: safeNext(r.PostForm.Get("next"))}, Error: "That login link or token is not good (any more)."})
		return
	}
	s.cfg.Log.Printf("signed in a browser as %s from %s", t.Name, clientAddr(r))
	setCookie(w, s.sign.cookie(t, now), s.tls != nil)
	next := safeNext(r.PostForm.Get("next"))
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// safeNext returns where to go after signing in when it is one of the
// page's own addresses, else "".
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return ""
	}
	switch u.Path {
	case "/", "/add", "/share":
		return u.RequestURI()
	}
	return ""
}

// handleLogout is POST /logout: the browser forgets its cookie.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	clearCookie(w, s.tls != nil)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// origin is the server's address as the browser asked for it (through a
// tunnel it is not the address listened on), when it looks like a host.
func (s *Server) origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if hostLike().MatchString(r.Host) {
		return scheme + "://" + r.Host
	}
	return s.base
}

var hostLike = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$`)
})

// bookmarklet returns the javascript: link that opens the capture page of
// base in a small window, with the page's address and title (and the text
// selected, as the note) filled in. It carries no token: the window is
// signed in by the page's cookie.
func bookmarklet(base string) string {
	b, _ := json.Marshal(base + "/add?url=")
	return "javascript:(function(){var s=String(getSelection()).slice(0,2000),u=" + string(b) +
		"+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title)+(s?'&note='+encodeURIComponent(s):'');" +
		"var w=open(u,'weekly','width=520,height=640');if(!w)location.href=u})()"
}

// shareURL finds the link in a phone's shared text, which is where most
// apps put it.
var shareURL = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`https?://[^\s<>"]+`)
})

// shared turns what a phone's share sheet sends into the form: the link
// (from url, else the first link in text), the title, and what else the
// text says as the note.
func shared(u, title, text string) Link {
	u, text = strings.TrimSpace(u), strings.TrimSpace(text)
	if u == "" {
		if m := shareURL().FindStringIndex(text); m != nil {
			u = text[m[0]:m[1]]
			text = strings.TrimSpace(strings.TrimRight(text[:m[0]], " ") + " " + strings.TrimLeft(text[m[1]:], " "))
		}
	}
	text = strings.TrimSpace(strings.ReplaceAll(text, u, ""))
	if text == strings.TrimSpace(title) {
		text = ""
	}
	return Link{URL: u, Title: title, Note: text}
}

// handleManifest is the web app manifest: installed on a phone, the page
// is a share target.
func (s *Server) handleManifest(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/manifest+json")
	_, _ = w.Write([]byte(`{
  "name": "weekly capture",
  "short_name": "weekly",
  "start_url": "/",
  "scope": "/",
  "display": "standalone",
  "background_color": "#ffffff",
  "theme_color": "#2b5fb4",
  "icons": [{"src": "/icon.svg", "sizes": "any", "type": "image/svg+xml"}],
  "share_target": {"action": "/share", "method": "GET", "params": {"title": "title", "text": "text", "url": "url"}}
}
`))
}

// handleIcon is the page's icon.
func handleIcon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "max-age=86400")
	_, _ = w.Write([]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#2b5fb4"/><path d="M12 20l8 26 12-20 12 20 8-26" fill="none" stroke="#fff" stroke-width="6" stroke-linejoin="round" stroke-linecap="round"/></svg>`))
}
