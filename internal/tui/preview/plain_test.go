package preview

import (
	"slices"
	"testing"
)

// TestWrap checks the text mode's wrapping: at spaces, never at hyphens, a
// URL longer than the line only after a "/" (a part longer than the line
// runs past the edge), and another word longer than the line cut at the
// width.
func TestWrap(t *testing.T) {
	t.Parallel()
	cases := []struct {
		line  string
		width int
		want  []string
	}{
		{"short", 10, []string{"short"}},
		{"", 10, []string{""}},
		{"a blurb that is long", 10, []string{"a blurb", "that is", "long"}},
		{"see https://example.com/a-long-path now", 24, []string{"see https://example.com/", "a-long-path now"}},
		{"https://example.com/a-b-c-d-e", 10, []string{"https://example.com/", "a-b-c-d-e"}},
		{"at https://example.com/x/y-long-part/z", 24, []string{"at https://example.com/", "x/y-long-part/z"}},
		{"supercalifragilistic", 10, []string{"supercalif", "ragilistic"}},
		{"  indented text here", 10, []string{"  indented", "text here"}},
		{"日本語のテキスト", 5, []string{"日本", "語の", "テキ", "スト"}},
		{"exactly ten", 11, []string{"exactly ten"}},
	}
	for _, tc := range cases {
		if got := wrap(tc.line, tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.line, tc.width, got, tc.want)
		}
	}
}
