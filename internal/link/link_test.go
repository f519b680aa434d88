package link

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
)

func TestCheckAccepts(t *testing.T) {
	for _, raw := range []string{
		"https://example.com",
		"http://example.com/a/b?c=d#e",
		"HTTPS://Example.COM/Path",
		"http://127.0.0.1:8080/page.html",
		"http://[::1]:8080/",
		"https://münchen.de/straße",
		"https://example.com/%E2%80%AE",
		"https://example.com:443/",
	} {
		if _, err := Check(raw); err != nil {
			t.Errorf("Check(%q) = %v, want nil", raw, err)
		}
	}
}

func TestCheckRefuses(t *testing.T) {
	tests := []struct {
		raw, why string
	}{
		{"javascript:alert(document.cookie)", "not javascript links"},
		{"JavaScript:alert(1)", "not javascript links"},
		{"file:///etc/passwd", "not file links"},
		{"ftp://ftp.example.com/pub/file.tar.gz", "not ftp links"},
		{"data:text/html,<script>alert(1)</script>", "not data links"},
		{"mailto:editor@example.com", "not mailto links"},
		{"gopher://example.com/", "not gopher links"},
		{"just some text", "is not a URL"},
		{"read this: later", "is not a URL"},
		{"\x1b]52;c;QQ==\a", "is not a URL"},
		{"example.com/page", "is not a URL"},
		{"www.example.com", "is not a URL"},
		{"//example.com/page", "is not a URL"},
		{"/relative/path", "is not a URL"},
		{"http:example.com", "has no host"},
		{"https://", "has no host"},
		{"https:///path", "has no host"},
		{"http://user:secret@example.com/", "user name or password"},
		{"https://example.com:99999/", "port 99999"},
		{"https://example.com:0/", "port 0"},
		{"http://[::1/", "does not parse"},
		{"https://exa mple.com/", "space, control or invisible"},
		{"https://example.com/\x1b]52;c;QQ==\x07", "U+001B"},
		{"https://example.com/a\tb", "U+0009"},
		{"https://example.com/\x00", "U+0000"},
		{"https://example.com/\u0085", "U+0085"},
		{"https://example.com/\x7f", "U+007F"},
		{"https://pay\u200bpal.com/", "U+200B"},
		{"https://example.com/\u202egpj.exe", "U+202E"},
		{"https://example.com/\u00a0", "U+00A0"},
		{"https://example.com/\xff", "not valid UTF-8"},
		{"", "empty URL"},
	}
	for _, tt := range tests {
		_, err := Check(tt.raw)
		if err == nil {
			t.Errorf("Check(%q) = nil, want an error", tt.raw)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.why) {
			t.Errorf("Check(%q) = %q, want it to say %q", tt.raw, msg, tt.why)
		}
		if tt.raw != "" && !strings.Contains(msg, fmt.Sprintf("%q", tt.raw)) {
			t.Errorf("Check(%q) = %q, want it to name the value", tt.raw, msg)
		}
		for _, r := range msg {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Errorf("Check(%q) error %q carries %U: unsafe to print", tt.raw, msg, r)
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.Example.com/post/", "example.com/post"},
		{"http://example.com/post#comments", "example.com/post"},
		{"https://example.com/post?utm_source=weekly&utm_medium=email", "example.com/post"},
		{"https://example.com/post?b=2&a=1&fbclid=x", "example.com/post?a=1&b=2"},
		{"https://example.com:443/", "example.com"},
		{"http://example.com:8080/", "example.com:8080"},
		{"https://example.com/docs/index.html", "example.com/docs"},
		{"  https://EXAMPLE.com.  ", "example.com"},
		{"not a url", "not a url"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if Normalize("https://example.com/a") == Normalize("https://example.com/b") {
		t.Error("different paths normalise to the same link")
	}
}

func TestSite(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.GitHub.com/x", "github.com"},
		{"http://127.0.0.1:8080/", "127.0.0.1"},
		{"%%", ""},
	}
	for _, tt := range tests {
		if got := Site(tt.in); got != tt.want {
			t.Errorf("Site(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestInText(t *testing.T) {
	const u = "https://example.com/a"
	tests := []struct {
		text string
		want bool
	}{
		{"See https://example.com/a for more.", true},
		{"(https://example.com/a)", true},
		{"https://example.com/a", true},
		{"https://example.com/ab", false},
		{"https://example.com/a/b", false},
		{"https://example.com/a.html", false},
		{"no link", false},
		// What Find takes off a link's end ends it here too: emphasis
		// marks of a plain-text email, and runs of punctuation.
		{"a *https://example.com/a* b", true},
		{"see https://example.com/a.)", true},
		{"see https://example.com/a.,", true},
		{"https://example.com/a*b", false},
		// What Find stops at ends it here too (FuzzRoundTrip: a URL
		// line with "<" stuck to its end was printed again under it).
		{"x https://example.com/a<b", true},
		{"https://example.com/a{b} https://example.com/a|b", true},
		{"https://example.com/a.<", true},
	}
	for _, tt := range tests {
		if got := InText(tt.text, u); got != tt.want {
			t.Errorf("InText(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestWithScheme(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		assumed  bool
	}{
		{"www.example.com/x", "https://www.example.com/x", true},
		{"example.com", "https://example.com", true},
		{"go.dev/blog/go1.26?x=1#top", "https://go.dev/blog/go1.26?x=1#top", true},
		{"https://example.com", "https://example.com", false},
		{"ftp://example.com", "ftp://example.com", false},
		{"localhost", "localhost", false},
		{"notes.txt.", "notes.txt.", false},
		{"1.2.3.4", "1.2.3.4", false},
		{"hello world.com", "hello world.com", false},
		{"//example.com", "//example.com", false},
		{"", "", false},
	} {
		got, assumed := WithScheme(tc.in)
		if got != tc.want || assumed != tc.assumed {
			t.Errorf("WithScheme(%q) = %q, %v; want %q, %v", tc.in, got, assumed, tc.want, tc.assumed)
		}
	}
}
