package link

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, ok := range []string{"https://example.com/", "http://example.com/a?b=c#d", "https://127.0.0.1:8080/x", "https://例え.jp/パス"} {
		if _, err := Check(ok); err != nil {
			t.Errorf("Check(%q) = %v", ok, err)
		}
	}
	for bad, says := range map[string]string{
		"javascript:alert(1)":          "not javascript links",
		"file:///etc/passwd":           "not file links",
		"ftp://example.com/":           "not ftp links",
		"example.com/page":             "needs to start with https://",
		"https://":                     "has no host",
		"https://a b.example/":         "space or control",
		"https://a.example/\x1b]52;c;": "space or control",
		"https://user:pw@example.com/": "user name or password",
		"":                             "empty",
	} {
		_, err := Check(bad)
		if err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("Check(%q) = %v, want an error saying %q", bad, err, says)
		}
	}
}

func TestNormalize(t *testing.T) {
	same := [][]string{
		{"https://www.example.com/post/", "http://example.com/post", "https://example.com/post?utm_source=x&utm_medium=y", "https://EXAMPLE.com/post#top", "https://example.com:443/post"},
		{"https://example.com/?b=2&a=1", "https://example.com?a=1&b=2&fbclid=z"},
	}
	for _, group := range same {
		for _, u := range group[1:] {
			if Normalize(u) != Normalize(group[0]) {
				t.Errorf("Normalize(%q) = %q, want %q", u, Normalize(u), Normalize(group[0]))
			}
		}
	}
	different := [][2]string{
		{"https://example.com/Post", "https://example.com/post"},
		{"https://example.com/?id=1", "https://example.com/?id=2"},
		{"https://example.com:8080/", "https://example.com/"},
		{"https://blog.example.com/", "https://example.com/"},
	}
	for _, p := range different {
		if Normalize(p[0]) == Normalize(p[1]) {
			t.Errorf("Normalize treats %q and %q as the same link", p[0], p[1])
		}
	}
}

func TestInText(t *testing.T) {
	for _, tt := range []struct {
		text, url string
		want      bool
	}{
		{"Sign up now: http://bit.ly/2d0Ejyk", "http://bit.ly/2d0Ejyk", true},
		{"See http://a.example/x. Then more.", "http://a.example/x", true},
		{"Check out how:\n\nhttps://e.example/cd\n\nAbout us.", "https://e.example/cd", true},
		{"(https://a.example/)", "https://a.example/", true},
		{"https://a.example/longer", "https://a.example/", false},
		{"https://a.example/x.html", "https://a.example/x", false},
		{"nothing here", "https://a.example/", false},
	} {
		if got := InText(tt.text, tt.url); got != tt.want {
			t.Errorf("InText(%q, %q) = %v, want %v", tt.text, tt.url, got, tt.want)
		}
	}
}
