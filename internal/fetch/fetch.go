// Package fetch learns what a link is about: the title and description of
// the page it points to, whether it answers at all, and the bytes of a feed.
// Every request has a deadline, reads a bounded number of bytes, follows a
// bounded number of redirects and says who it is; every piece of text it
// returns has been through sanitize, since pages are written by strangers.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Defaults for the zero Options.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxBytes     = 2 << 20 // 2 MiB
	DefaultMaxRedirects = 5
	DefaultParallel     = 8
)

// UserAgent returns the User-Agent weekly sends: its name and version and
// what it is, so that a site's owner can tell what is asking.
func UserAgent(version string) string {
	return "weekly/" + version + " (+link newsletter composer)"
}

// Options set a Fetcher's limits. A zero field takes its default.
type Options struct {
	// Timeout bounds one request from its start to the last byte read,
	// redirects included; waiting for a free slot does not count.
	Timeout time.Duration
	// MaxBytes is the most read from one response body.
	MaxBytes int64
	// MaxRedirects is the most redirects followed for one request; a
	// negative value follows none.
	MaxRedirects int
	// Parallel is the most requests in flight at once across all callers
	// of the Fetcher.
	Parallel int
	// UserAgent is sent with every request; UserAgent("dev") by default.
	UserAgent string
	// Transport makes the requests; a clone of http.DefaultTransport by
	// default.
	Transport http.RoundTripper
}

// Fetcher makes bounded requests, at most Options.Parallel at a time. It is
// safe for concurrent use: a caller may start one goroutine per link (such as
// one tea.Cmd per card) and the Fetcher keeps the rest waiting.
type Fetcher struct {
	opts   Options
	client *http.Client
	slots  chan struct{}
}

// New returns a Fetcher with opts, defaults filled in.
func New(opts Options) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	switch {
	case opts.MaxRedirects == 0:
		opts.MaxRedirects = DefaultMaxRedirects
	case opts.MaxRedirects < 0:
		opts.MaxRedirects = 0
	}
	if opts.Parallel <= 0 {
		opts.Parallel = DefaultParallel
	}
	if opts.UserAgent == "" {
		opts.UserAgent = UserAgent("dev")
	}
	if opts.Transport == nil {
		opts.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	f := &Fetcher{opts: opts, slots: make(chan struct{}, opts.Parallel)}
	f.client = &http.Client{Transport: opts.Transport, CheckRedirect: f.checkRedirect}
	return f
}

// Options returns the limits in force, defaults filled in.
func (f *Fetcher) Options() Options { return f.opts }

// Error is a failed request: the URL asked for and why. Its message has been
// sanitised, since parts of it (a status line, a content type) come from the
// server.
type Error struct {
	URL string
	Err error
}

// Error returns "URL: reason".
func (e *Error) Error() string {
	return sanitize.Line(e.URL) + ": " + e.Reason()
}

// Reason returns why the request failed, sanitised, without the URL.
func (e *Error) Reason() string { return sanitize.Line(e.Err.Error()) }

// Unwrap returns the reason.
func (e *Error) Unwrap() error { return e.Err }

// StatusError is an answer with an HTTP error status (400 and up).
type StatusError struct {
	Code   int
	Status string // the status line as sent, such as "404 Not Found"
}

// Error returns "HTTP 404 Not Found".
func (e *StatusError) Error() string { return "HTTP " + sanitize.Line(e.Status) }

// ErrNotHTML is wrapped by the error Fetch returns for a page that is not
// HTML (a PDF, an image): it has no title to learn.
var ErrNotHTML = errors.New("not an HTML page")

// errNoAnswer is returned when a request runs out of time.
type errNoAnswer struct{ timeout time.Duration }

func (e *errNoAnswer) Error() string {
	return fmt.Sprintf("no complete answer within %s", e.timeout)
}

// errTooManyRedirects is returned when a chain of redirects is too long.
type errTooManyRedirects int

func (n errTooManyRedirects) Error() string {
	return fmt.Sprintf("stopped after %d redirects", int(n))
}

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return errTooManyRedirects(f.opts.MaxRedirects)
	}
	if _, err := link.Check(req.URL.String()); err != nil {
		return fmt.Errorf("redirected to a link weekly does not follow: %w", err)
	}
	return nil
}

// acquire waits for a free slot; release must be called when done.
func (f *Fetcher) acquire(ctx context.Context) (release func(), err error) {
	select {
	case f.slots <- struct{}{}:
		return func() { <-f.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// deadline returns ctx bounded by the fetcher's timeout: one per request,
// covering redirects and reading the body.
func (f *Fetcher) deadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, f.opts.Timeout)
}

// request sends one request to raw within ctx (see deadline) and returns
// the response, whose body the caller closes.
func (f *Fetcher) request(ctx context.Context, method, raw, accept string) (*http.Response, error) {
	u, err := link.Check(raw)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", accept)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.reason(ctx, err)
	}
	if resp.StatusCode >= 400 {
		resp.Body.Close()
		return nil, &StatusError{Code: resp.StatusCode, Status: resp.Status}
	}
	return resp, nil
}

// reason turns a client error into what went wrong, without the method and
// URL that *url.Error repeats.
func (f *Fetcher) reason(ctx context.Context, err error) error {
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		return &errNoAnswer{f.opts.Timeout}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// read reads at most MaxBytes of body, stopping early once stop reports
// that what was read is enough; truncated says the limit cut it short.
func (f *Fetcher) read(ctx context.Context, body io.Reader, stop func([]byte) bool) (data []byte, truncated bool, err error) {
	lr := io.LimitReader(body, f.opts.MaxBytes+1)
	data = make([]byte, 0, 32<<10)
	chunk := make([]byte, 32<<10)
	for {
		n, err := lr.Read(chunk)
		from := max(0, len(data)-8)
		data = append(data, chunk[:n]...)
		if int64(len(data)) > f.opts.MaxBytes {
			return data[:f.opts.MaxBytes], true, nil
		}
		if stop != nil && stop(data[from:]) {
			return data, false, nil
		}
		if err == io.EOF {
			return data, false, nil
		}
		if err != nil {
			return data, false, f.reason(ctx, err)
		}
	}
}

// mediaType returns the lower-case media type of a Content-Type header, or
// "" when there is none that parses.
func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(mt)
}
