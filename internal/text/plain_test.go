package text

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// TestMarkdownBlurbsInTheEmail writes drafts whose blurbs, intro and footer
// are Markdown and checks the email against one written by hand.
func TestMarkdownBlurbsInTheEmail(t *testing.T) {
	t.Parallel()
	d := draft.New("Ops Weekly", 12, "2024-05-06", []string{"News", "Tools"})
	d.Intro = "A *short* week: see [the schedule](https://ops.example/schedule) &amp; more."
	d.Sections[0].Items = []draft.Item{
		{
			Blurb: "Replicate is *new*: see [the repo](https://github.com/replicate/replicate) and `pip install x`.",
			URLs:  []string{"https://replicate.com/"},
		},
		{
			Blurb: "Two posts on **sharding**:\n\n- [part one](https://db.example/1) on planning\n- part _two_ on the cut-over\n\nBoth worth a read.",
			URLs:  []string{"https://db.example/1", "https://db.example/2"},
		},
		{
			Blurb: "First paragraph, with a line\nbreak kept.\n\nSecond paragraph: [the post](https://blog.example/p) and [again](https://blog.example/p).\n\n1. one\n2. two",
		},
	}
	d.Sections[1].Items = []draft.Item{
		{Blurb: "Run `kubectl get pods -A` &mdash; or not.", URLs: []string{"https://k8s.example/"}},
		{Title: "A *fetched* title_with_marks", URLs: []string{"https://t.example/"}},
	}
	d.Footer = "Thanks for reading. Reply, or write on [the forum](https://forum.example/)."
	want := `OPS WEEKLY
ISSUE #12 - 6th May 2024

A short week: see the schedule & more.

https://ops.example/schedule


News
====

Replicate is new: see the repo and pip install x.

https://replicate.com/
https://github.com/replicate/replicate


Two posts on sharding:

- part one on planning
- part two on the cut-over

Both worth a read.

https://db.example/1
https://db.example/2


First paragraph, with a line
break kept.

Second paragraph: the post and again.

1. one
2. two

https://blog.example/p


Tools
=====

Run kubectl get pods -A — or not.

https://k8s.example/


A *fetched* title_with_marks

https://t.example/


Thanks for reading. Reply, or write on the forum.

https://forum.example/
`
	if got := Format(d); got != want {
		t.Errorf("Format: %s\ngot:\n%s", firstDiff(got, want), got)
	}
}

func TestPlain(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, want string
		links          []string
	}{
		{"plain prose", "Just words, 100% plain.\nA second line.", "Just words, 100% plain.\nA second line.", nil},
		{"indent kept", "  Indented first line.", "  Indented first line.", nil},
		{"star bullets", "* one\n* two", "- one\n- two", nil},
		{"nested list", "- a\n  - *b*\n- c", "- a\n  - b\n- c", nil},
		{"loose list", "- a\n\n- b", "- a\n\n- b", nil},
		{"list after a line", "Two:\n- one\n- two", "Two:\n- one\n- two", nil},
		{"ordered from 3", "3) three\n4) four", "3) three\n4) four", nil},
		{"atx heading", "## Big news\n\nText.", "Big news\n\nText.", nil},
		{"setext heading kept", "Title\n-----\nText.", "Title\n-----\nText.", nil},
		{"indented code kept", "Run:\n\n    make all", "Run:\n\n    make all", nil},
		{"fenced code", "```sh\nmake *all*\n```", "make *all*", nil},
		{"quote kept", "> said *so*", "> said *so*", nil},
		{"rule kept", "a\n\n***\n\nb", "a\n\n***\n\nb", nil},
		{"entities once", "&amp;lt; &copy; &bogus; \\&amp;", "&lt; © &bogus; &amp;", nil},
		{"escapes", `\*not\* \_em\_ \[x\]`, "*not* _em_ [x]", nil},
		{"autolink", "<https://a.example/x>", "https://a.example/x", nil},
		{"image alt", "![a diagram](https://i.example/d.png)", "a diagram", nil},
		{"html as text", "a <b>bold</b> claim", "a <b>bold</b> claim", nil},
		{"link with escapes", `[x](https://e.example/a\_b&amp;c "title")`, "x", []string{"https://e.example/a_b&c"}},
		{"reference link", "[docs][d]\n\n[d]: https://docs.example/", "docs", []string{"https://docs.example/"}},
		{"bracket without link", "[WEBINAR] The Do’s", "[WEBINAR] The Do’s", nil},
		{"zero-width spaces kept", "pay\u200bpal *x*\u200b", "pay\u200bpal x\u200b", nil},
		{"escape reference dropped", "&#x1b;]52;c;aGk=&#7; *hi*", " hi", nil},
		{"defused reference shown", "&amp;#x1b; *hi*", "&#x1b; hi", nil},
		{"raw escape dropped", "\x1b[2J*hi*\x1b]0;t\x07", "hi", nil},
		{"costly text as typed", strings.Repeat("*a_", 600) + "\n[b](https://b.example/)", strings.Repeat("*a_", 600) + "\n[b](https://b.example/)", nil},
		{"costly text without controls", strings.Repeat("[a](", 1100) + "\x1b[2J", strings.Repeat("[a](", 1100), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, links := Plain(tc.in)
			if got != tc.want || !slices.Equal(links, tc.links) {
				t.Errorf("Plain(%q) = %q, %q; want %q, %q", tc.in, got, links, tc.want, tc.links)
			}
		})
	}
}

// FuzzPlain renders any text: it never panics, never writes a control
// character other than newline and tab, and leaves text without Markdown
// (and without anything Printable removes) as it was.
func FuzzPlain(f *testing.F) {
	f.Add("Replicate is *new*: see [the repo](https://github.com/replicate/replicate) and `x`.")
	f.Add("- a\n  - b\n\n1. c\n\n> q\n\n    code\n\n```\nf\n```")
	f.Add("&#x1b;]52;c;aGk=\x07 &amp; \x9b2J")
	f.Fuzz(func(t *testing.T, in string) {
		out, links := Plain(in)
		for _, s := range append([]string{out}, links...) {
			for _, r := range s {
				if unicode.IsControl(r) && r != '\n' && r != '\t' {
					t.Fatalf("Plain(%q) wrote control %U in %q", in, r, s)
				}
			}
		}
		if !maybeMarkdown(in) && sanitize.Printable(in) == in && out != in {
			t.Fatalf("Plain(%q) = %q: text without Markdown changed", in, out)
		}
	})
}

// BenchmarkFormatMarkdown writes 10,000 items whose blurbs are Markdown
// (emphasis, code, an inline link, a list): the parser's cost, which plain
// blurbs skip.
func BenchmarkFormatMarkdown(b *testing.B) {
	d := draft.New("Bench Weekly", 1, "2024-03-24", []string{"News", "Tools", "Events", "Jobs"})
	for i := range 10000 {
		_ = d.Append(1+i%4, draft.Item{
			URLs:  []string{"https://example.com/posts/" + strconv.Itoa(i)},
			Blurb: "A *good* post on running `systems` in production: see [the talk](https://talks.example/" + strconv.Itoa(i) + ").\n\n- advice\n- war stories",
		})
	}
	for b.Loop() {
		_ = Format(d)
	}
}
