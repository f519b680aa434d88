package link

import (
	"testing"
)

// FuzzLink parses and normalises any text as a link: Check returns an
// error or a URL, Normalize is stable (its key, as a link again, has the
// same key) and
// Find returns only links that Check accepts. Its seeds, in
// testdata/fuzz/FuzzLink, are the corpus issues' links, and run as regular
// tests.
func FuzzLink(f *testing.F) {
	f.Add("https://www.example.com/a/?utm_source=x#frag")
	f.Fuzz(func(t *testing.T, raw string) {
		if _, err := Check(raw); err == nil {
			n := Normalize(raw)
			if again := Normalize("https://" + n); again != n {
				t.Fatalf("Normalize(%q) = %q, but as a link it normalises to %q", raw, n, again)
			}
			_ = Site(raw)
		}
		for _, u := range Find(raw) {
			if _, err := Check(u); err != nil {
				t.Fatalf("Find(%q) found %q, which Check refuses: %v", raw, u, err)
			}
		}
	})
}
