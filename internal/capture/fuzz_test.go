package capture

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// FuzzCapture sends any body to POST /links with a good token: the answer
// is a JSON 201 whose card is clean (an http or https link, a title on one
// line, a note without control characters, nothing in the blurb), or a JSON
// refusal that left both drafts as they were; never a 500, never a panic.
func FuzzCapture(f *testing.F) {
	for _, seed := range []string{
		`{"url": "https://example.com/post", "title": "A post", "note": "for Tools", "draft": "519"}`,
		`{"url": "example.com/x"}`,
		`{"url": "javascript:alert(1)"}`,
		`{"url": "https://a.example/", "title": "\u001b]52;c;aGk=\u0007x", "note": "a\r\nb\u202e"}`,
		`{"url": "https://a.example/", "draft": 518}`,
		`{"url": "https://a.example/", "draft": "../../etc/passwd"}`,
		`{"url": ["x"]}`,
		`{"url": "https://a.example/"}{"url": "https://b.example/"}`,
		`null`,
		"\xff\xfe{}",
	} {
		f.Add(seed)
	}
	r := newRig(f, nil)
	good := "Bearer " + r.token
	f.Fuzz(func(t *testing.T, b string) {
		r.clock.Add(2 * time.Second) // never over the rate limit
		before := map[string][]byte{}
		for _, n := range []string{"518.json", "519.json"} {
			before[n], _ = os.ReadFile(filepath.Join(r.dir, n))
		}
		w := r.post(good, b)
		var answer struct {
			Error string
			ID    string
			Draft string
		}
		if err := json.Unmarshal([]byte(body(w)), &answer); err != nil || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%d: the answer is not JSON: %q", w.Code, body(w))
		}
		switch w.Code {
		case http.StatusCreated:
			in := r.inboxOf(t, answer.Draft)
			it := in[len(in)-1]
			if it.ID != answer.ID {
				t.Fatalf("the last card is %s, the answer says %s", it.ID, answer.ID)
			}
			if _, err := link.Check(it.URL()); err != nil || len(it.URLs) != 1 {
				t.Fatalf("a card with a bad link: %v (%q)", err, it.URLs)
			}
			if it.Title != sanitize.Line(it.Title) || it.Note != sanitize.Text(it.Note) || it.Blurb != "" || it.Via != "Ann" {
				t.Fatalf("an unclean card: %+v", it)
			}
			// The drafts as they were, so that they do not grow with every
			// input: each add reads the drafts, and thousands of cards made
			// the fuzzer crawl and miss its deadline.
			for n, was := range before {
				if err := os.WriteFile(filepath.Join(r.dir, n), was, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		case http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge:
			if answer.Error == "" || answer.Error != sanitize.Line(answer.Error) {
				t.Fatalf("%d with error %q", w.Code, answer.Error)
			}
			for n, was := range before {
				if now, _ := os.ReadFile(filepath.Join(r.dir, n)); string(now) != string(was) {
					t.Fatalf("a refused body (%d %s) changed %s", w.Code, answer.Error, n)
				}
			}
		default:
			t.Fatalf("%d %s for %q", w.Code, body(w), b)
		}
	})
}
