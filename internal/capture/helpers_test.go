package capture

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// lockedLog is a log that tests read while the server writes it.
type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// clock is a time that tests move.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// rig is a capture server on a drafts directory with draft 519 (newest)
// and 518, and a token for Ann.
type rig struct {
	s     *Server
	dir   string
	path  string // 519's file
	token string
	log   *lockedLog
	clock *clock
}

func newRig(t testing.TB, fetch FetchFunc) *rig {
	t.Helper()
	dir := t.TempDir()
	for _, n := range []int{518, 519} {
		d := draft.New("Test Weekly", n, "2024-06-02", []string{"News", "Tools"})
		if err := store.Create(filepath.Join(dir, draftFile(n)), d); err != nil {
			t.Fatal(err)
		}
	}
	c := &clock{now: time.Date(2024, 6, 2, 10, 0, 0, 0, time.UTC)}
	token, err := AddToken(TokensPath(dir), "Ann", c.Now())
	if err != nil {
		t.Fatal(err)
	}
	lg := &lockedLog{}
	s, err := New(Config{Dir: dir, Now: c.Now, Fetch: fetch, Log: log.New(lg, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	s.base = "http://127.0.0.1:23235"
	t.Cleanup(s.Close)
	return &rig{s: s, dir: dir, path: filepath.Join(dir, "519.json"), token: token, log: lg, clock: c}
}

func draftFile(n int) string { return strconv.Itoa(n) + ".json" }

// do sends a request to the server and returns its answer.
func (r *rig) do(req *http.Request) *httptest.ResponseRecorder {
	if req.RemoteAddr == "" {
		req.RemoteAddr = "192.0.2.7:4242"
	}
	w := httptest.NewRecorder()
	r.s.ServeHTTP(w, req)
	return w
}

// post sends body to POST /links with auth as the Authorization header.
func (r *rig) post(auth, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/links", strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	return r.do(req)
}

// files returns the drafts directory's drafts and queues, byte for byte.
func (r *rig) files(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".lock") || strings.HasSuffix(e.Name(), ".edit") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(r.dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(data)
	}
	return out
}

// inbox returns draft 519's inbox, queue included.
func (r *rig) inbox(t testing.TB) []draft.Item { return r.inboxOf(t, "519") }

// inboxOf returns the inbox of the draft called name, queue included.
func (r *rig) inboxOf(t testing.TB, name string) []draft.Item {
	t.Helper()
	d, err := store.LoadQueued(filepath.Join(r.dir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return d.Inbox
}

func body(w *httptest.ResponseRecorder) string {
	b, _ := io.ReadAll(w.Result().Body)
	return string(b)
}
