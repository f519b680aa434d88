// Package capture takes links over HTTP into a draft's inbox, from wherever
// an editor finds them: POST /links with a bearer token (for scripts and
// phone shortcuts), and a small page with a bookmarklet, a form and a share
// target for browsers. Links enter a draft as weekly add's do, through the
// draft's queue when a board has it open, and each card records who sent
// it (the token's name) and their note.
//
// Tokens are kept hashed in DIR/.weekly/tokens (see tokens.go); the page
// signs browsers in with a cookie signed by DIR/.weekly/capture_key.
package capture

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"
)

// FetchFunc learns a link's title and description from its page.
type FetchFunc func(ctx context.Context, url string) (title, description string, err error)

// Config is what a Server needs.
type Config struct {
	// Dir is the drafts directory: the drafts, the archive, and .weekly
	// with the tokens.
	Dir string
	// Addr is where Listen listens, DefaultAddr when empty.
	Addr string
	// TLSCert and TLSKey are a certificate and its key, both or neither;
	// without them only a loopback address is served.
	TLSCert, TLSKey string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Fetch learns titles; nil leaves a link without one as it came.
	Fetch FetchFunc
	// Log gets a line per link added, per refusal and per start and stop.
	Log *log.Logger
	// Inbox, if set, is the Inbox the server adds links through, shared
	// with the rest of the process (weekly serve's contributors), which
	// closes it; else the server makes its own of Dir, Now, Fetch and Log.
	Inbox *Inbox
}

// Server is the capture endpoint and page of one drafts directory.
type Server struct {
	cfg    Config
	tls    *tls.Config
	keys   *keyring
	sign   signer
	logins logins
	limit  Limiter
	// refusal bounds the log lines of refused requests.
	refusal refusals
	csrf    *http.CrossOriginProtection
	mux     *http.ServeMux
	base    string // the server's URL, once it listens

	// inbox takes the links in; the server closes it when it made it.
	inbox    *Inbox
	ownInbox bool
}

// New checks the configuration (the address against TLS, the certificate),
// reads the tokens and the cookie key, and returns a server ready to
// Listen. Without a token nobody could use it, so it refuses to start.
func New(cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = log.New(os.Stderr, "", log.LstdFlags)
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return nil, errors.New("give both --tls-cert and --tls-key, or neither")
	}
	if err := CheckListen(cfg.Addr, cfg.TLSCert != ""); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, csrf: http.NewCrossOriginProtection()}
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("TLS certificate %s and key %s: %w", cfg.TLSCert, cfg.TLSKey, err)
		}
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	var err error
	if s.keys, err = newKeyring(TokensPath(cfg.Dir), cfg.Log); err != nil {
		return nil, err
	}
	if tokens, _ := s.keys.current(); len(tokens) == 0 {
		return nil, fmt.Errorf("no tokens in %s: nobody could send a link; make one with weekly capture token add NAME", TokensPath(cfg.Dir))
	}
	key, err := loadKey(KeyPath(cfg.Dir))
	if err != nil {
		return nil, err
	}
	s.sign = signer{key: key}
	s.inbox = cfg.Inbox
	if s.inbox == nil {
		s.inbox = NewInbox(InboxConfig{Dir: cfg.Dir, Now: cfg.Now, Fetch: cfg.Fetch, Log: cfg.Log})
		s.ownInbox = true
	}
	s.routes()
	return s, nil
}

// routes lays out what the server answers.
func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("/links", s.handleLinks)
	m.HandleFunc("GET /{$}", s.handlePage)
	m.HandleFunc("GET /add", s.handlePage)
	m.HandleFunc("GET /share", s.handlePage)
	m.Handle("POST /add", s.csrf.Handler(http.HandlerFunc(s.handleForm)))
	m.HandleFunc("GET /login", s.handleLoginPage)
	m.Handle("POST /login", s.csrf.Handler(http.HandlerFunc(s.handleLogin)))
	m.Handle("POST /logout", s.csrf.Handler(http.HandlerFunc(s.handleLogout)))
	m.HandleFunc("GET /manifest.webmanifest", s.handleManifest)
	m.HandleFunc("GET /icon.svg", handleIcon)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "nothing here: POST /links adds a link, / is the capture page")
	})
	s.mux = m
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	s.mux.ServeHTTP(w, r)
}

// Listen listens on the configured address and returns the listener;
// URL then says where the server is.
func (s *Server) Listen() (net.Listener, error) {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	s.base = s.baseURL(l.Addr())
	return l, nil
}

// baseURL is how a browser reaches the server listening at addr: the host
// the address names, else (an unspecified address) the certificate's
// first name or this machine's name.
func (s *Server) baseURL(addr net.Addr) string {
	host, _, _ := net.SplitHostPort(s.cfg.Addr)
	_, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
		if s.tls != nil {
			if names := certNames(s.tls); len(names) > 0 {
				host = names[0]
			} else if h, err := os.Hostname(); err == nil {
				host = h
			}
		}
	}
	scheme := "http"
	if s.tls != nil {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

func certNames(c *tls.Config) []string {
	if len(c.Certificates) == 0 || c.Certificates[0].Leaf == nil {
		return nil
	}
	return c.Certificates[0].Leaf.DNSNames
}

// URL returns where the server is, once it listens.
func (s *Server) URL() string { return s.base }

// LoginLink is a one-time link that signs a browser in to the page.
type LoginLink struct {
	Name, URL string
}

// LoginLinks returns a fresh one-time login link for each token, each good
// once within an hour.
func (s *Server) LoginLinks() []LoginLink {
	tokens, _ := s.keys.current()
	out := make([]LoginLink, 0, len(tokens))
	for _, t := range tokens {
		out = append(out, LoginLink{Name: t.Name, URL: s.base + "/login?code=" + s.logins.issue(t.Name, s.cfg.Now())})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Serve answers on l until ctx ends, then stops: it takes no new
// connection and finishes the requests in flight (for up to 10 seconds),
// lets the background fetches of titles end, and records when the tokens
// were last used.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       20 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          s.cfg.Log,
		TLSConfig:         s.tls,
	}
	served := make(chan error, 1)
	go func() {
		if s.tls != nil {
			served <- srv.ServeTLS(l, "", "")
		} else {
			served <- srv.Serve(l)
		}
	}()
	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
		// No new connection from here on, before the log says so.
		_ = l.Close()
		s.cfg.Log.Printf("stopping: finishing the requests in flight")
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = srv.Shutdown(shut)
		cancel()
		<-served
	}
	s.Close()
	if errors.Is(err, http.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		err = nil // the listener closed above
	}
	return err
}

// Close ends the background fetches of titles of its own Inbox, waits for
// them, and records when the tokens were last used.
func (s *Server) Close() {
	if s.ownInbox {
		s.inbox.Close()
	}
	s.keys.flush(s.cfg.Now())
}

// Add puts a link sent with the token called via on its draft's inbox,
// through the server's Inbox.
func (s *Server) Add(via string, in Link) (Added, error) { return s.inbox.Add(via, in) }

// Run serves the capture endpoint and page of cfg until ctx ends: Start,
// then Serve.
func Run(ctx context.Context, cfg Config) error {
	s, l, err := Start(cfg)
	if err != nil {
		return err
	}
	return s.Serve(ctx, l)
}

// Start makes the server of cfg (refusing what New refuses) and listens;
// it logs where, and a login link per token. weekly serve --capture starts
// it so, to know it can serve before it serves anything else.
func Start(cfg Config) (*Server, net.Listener, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, nil, err
	}
	l, err := s.Listen()
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	s.cfg.Log.Printf("capture: listening on %s (POST /links, and the page at /)", s.URL())
	for _, ln := range s.LoginLinks() {
		s.cfg.Log.Printf("capture: login link for %s (once, within an hour): %s", ln.Name, ln.URL)
	}
	return s, l, nil
}

// clientAddr is the request's remote address, for the log.
func clientAddr(r *http.Request) string {
	return strings.ToValidUTF8(r.RemoteAddr, "?")
}
