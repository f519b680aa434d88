package text

import (
	"testing"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// FuzzLiteral: any plain text, escaped by Literal, is given back exactly
// by the text export's Plain, and carries no Markdown link.
func FuzzLiteral(f *testing.F) {
	for _, s := range []string{
		"A *profitable* post.", "* one\n* two", "- one\n- two", "1. one\n1. two", "# not a heading",
		"> quoted *x*", "Use <tag> here &amp; `code`.", "snake_case and _x_", "Look\n---",
		"see https://a.example/*x*/ and [docs](https://b.example/)", "\tTabbed\n    code *x*",
		"a\\\nb", "[1]: https://x.example/", "~~~\ncode\n~~~",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = clean(cleanText(s))
		if sanitize.Costly(s) {
			return
		}
		e := Literal(s)
		got, links := plainClean(e)
		if got != s || len(links) > 0 {
			t.Fatalf("Literal(%q) = %q, which gives back\n%q\nlinks %q", s, e, got, links)
		}
	})
}
