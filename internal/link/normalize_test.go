package link_test

import (
	"slices"
	"testing"

	"github.com/weekly-dev/weekly/internal/link"
)

func TestNormalizeSame(t *testing.T) {
	tests := [][]string{
		{"https://www.example.com/post/", "http://example.com/post", "HTTPS://EXAMPLE.COM/post#top", "example.com/post", "//www.example.com/post/"},
		{"https://example.com/a?utm_source=weekly&utm_medium=email", "https://example.com/a", "https://example.com/a/?UTM_Campaign=x", "http://example.com/a?fbclid=123"},
		{"https://www.youtube.com/watch?v=ZY8hnMnUDjU", "http://youtube.com/watch?v=ZY8hnMnUDjU&utm_source=x", "https://www.youtube.com/watch?v=ZY8hnMnUDjU/", "https://youtube.com/watch?utm_medium=y&v=ZY8hnMnUDjU"},
		{"https://example.com/q?b=2&a=1", "https://example.com/q?a=1&b=2", "https://example.com:443/q?a=1&b=2"},
		{"https://medium.com/@x/post-8053c678b90f#.6v7rac3tk", "https://medium.com/@x/post-8053c678b90f", "https://medium.com/@x/post-8053c678b90f#.6v7rac3tk?utm_source=x"},
		{"https://example.com/a%7eb/c%2f", "https://example.com/a~b/c%2F"},
		{"https://example.com/docs/index.html", "https://example.com/docs/"},
		{"https://Example.COM./x", "https://example.com/x"},
	}
	for _, same := range tests {
		want := link.Normalize(same[0])
		for _, u := range same[1:] {
			if got := link.Normalize(u); got != want {
				t.Errorf("Normalize(%q) = %q, want %q (as for %q)", u, got, want, same[0])
			}
		}
	}
}

func TestNormalizeDifferent(t *testing.T) {
	pairs := [][2]string{
		{"https://example.com/Post", "https://example.com/post"},
		{"https://example.com/a?id=1", "https://example.com/a?id=2"},
		{"https://example.com/a", "https://example.com/a/b"},
		{"https://example.com:8080/a", "https://example.com/a"},
		{"https://blog.example.com/a", "https://example.com/a"},
		{"https://example.com/a%2Fb", "https://example.com/a/b"},
	}
	for _, p := range pairs {
		if link.Normalize(p[0]) == link.Normalize(p[1]) {
			t.Errorf("Normalize(%q) = Normalize(%q) = %q", p[0], p[1], link.Normalize(p[0]))
		}
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Start your free trial now: http://brightbox.com/devopsweekly", []string{"http://brightbox.com/devopsweekly"}},
		{"see https://example.com/a. And (https://example.com/b), or https://en.wikipedia.org/wiki/Go_(language)!", []string{"https://example.com/a", "https://example.com/b", "https://en.wikipedia.org/wiki/Go_(language)"}},
		{"twice: https://example.com/a https://example.com/a\n<https://example.com/c>", []string{"https://example.com/a", "https://example.com/c"}},
		{"no links, just ftp://example.com and mailto:me@example.com", nil},
		{"[text](https://example.com/md) and \"https://example.com/q?x=1&y=2\"", []string{"https://example.com/md", "https://example.com/q?x=1&y=2"}},
		{"00http://example.com/0<0 and `https://example.com/c`", []string{"http://example.com/0", "https://example.com/c"}},
	}
	for _, tt := range tests {
		got := link.Find(tt.text)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
		for _, u := range got {
			if !link.InText(tt.text, u) {
				t.Errorf("InText(%q, %q) = false for a link Find found", tt.text, u)
			}
		}
	}
}
