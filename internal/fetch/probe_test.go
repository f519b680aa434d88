package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	var gets atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/no-head", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		gets.Add(1)
		io.WriteString(w, strings.Repeat("x", 1<<20))
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	u := serve(t, mux)
	f := New(Options{})
	tests := []struct {
		path string
		code int
		err  string
	}{
		{"/ok", 200, ""},
		{"/no-head", 200, ""},
		{"/moved", 200, ""},
		{"/gone", 410, "HTTP 410 Gone"},
		{"/missing", 404, "HTTP 404 Not Found"},
		{"/loop", 0, "stopped after 5 redirects"},
	}
	for _, tt := range tests {
		code, err := f.Probe(context.Background(), u+tt.path)
		if code != tt.code {
			t.Errorf("%s: code %d, want %d", tt.path, code, tt.code)
		}
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.path, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: err = %v, want %q", tt.path, err, tt.err)
		}
	}
	if gets.Load() != 1 {
		t.Errorf("/no-head was fetched with GET %d times, want once", gets.Load())
	}
	if _, err := f.Probe(context.Background(), "file:///etc/passwd"); err == nil || !strings.Contains(err.Error(), "not file links") {
		t.Errorf("file: err = %v", err)
	}
}

func TestProbeNoAnswerAsksOnce(t *testing.T) {
	var asked atomic.Int32
	u := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		<-r.Context().Done()
	}))
	_, err := New(Options{Timeout: 30 * time.Millisecond}).Probe(context.Background(), u)
	var slow *errNoAnswer
	if !errors.As(err, &slow) {
		t.Fatalf("err = %v, want no answer", err)
	}
	if asked.Load() != 1 {
		t.Errorf("asked %d times, want once: no GET after a HEAD that timed out", asked.Load())
	}
}

func TestDownload(t *testing.T) {
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", page("application/rss+xml", feed))
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/feed.xml", http.StatusFound) })
	mux.HandleFunc("/big", page("application/rss+xml", strings.Repeat("x", 2<<20+1)))
	u := serve(t, mux)
	f := New(Options{})
	doc, err := f.Download(context.Background(), u+"/moved")
	if err != nil {
		t.Fatal(err)
	}
	if string(doc.Data) != feed || doc.URL != u+"/feed.xml" || doc.ContentType != "application/rss+xml" {
		t.Errorf("Download = %+v", doc)
	}
	_, err = f.Download(context.Background(), u+"/big")
	if err == nil || !strings.Contains(err.Error(), "larger than 2097152 bytes (2 MiB)") {
		t.Errorf("big: err = %v", err)
	}
	if doc, err := f.Download(context.Background(), u+"/exactly"); err == nil {
		t.Errorf("missing page: %+v", doc)
	}
}
