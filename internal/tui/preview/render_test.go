package preview

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/markdown"
)

// smallIssue is a small issue with every kind of block: title, intro, two
// sections, a sponsor section whose URL sits inside its text, an item with
// two URLs, an item without a blurb, a closing and a footer.
func smallIssue() *draft.Draft {
	d := draft.New("DevOps Weekly", 519, "2020-12-06", []string{"StackHawk sponsors Devops Weekly", "News", "Tools", "Empty"})
	d.Sections[0].Sponsor = true
	d.Title = "Platform engineering, and more"
	d.Intro = "Platform engineering, scaling databases and *supply chain* security this week. A good mix of topics, I think."
	d.Sections[0].Items = []draft.Item{
		{ID: "sponsor", Blurb: "DAST is dead! Long live DAST! Watch the webinar on demand at https://sthwk.com/long-live-dast-webinar today.", URLs: []string{"https://sthwk.com/long-live-dast-webinar"}},
	}
	d.Sections[1].Items = []draft.Item{
		{ID: "n1", Blurb: "A post on the pitfalls of **platform engineering** teams, including the ability for central teams to generate work for everyone else.", URLs: []string{"https://www.srepath.com/danger-of-unreliable-platform-engineering/"}},
		{ID: "n2", Blurb: "A classic database scaling story: sharding an existing large Postgres database with `pgbouncer` in front.", URLs: []string{"https://www.figma.com/blog/how-figmas-databases-team-lived-to-tell-the-scale/", "https://news.ycombinator.com/item?id=39706925"}},
	}
	d.Sections[2].Items = []draft.Item{
		{ID: "t1", Title: "kubectl-tree: show <ownership> of [objects] & more", URLs: []string{"https://github.com/ahmetb/kubectl-tree"}},
		{ID: "t2", Blurb: "Two tools worth a look:\n\n- `dive`, to explore image layers\n- `skopeo`, to copy images", URLs: []string{"https://github.com/wagoodman/dive"}},
	}
	d.Closing = "That's all for this week. Reply with links for the next issue."
	d.Footer = "DevOps Weekly is a free weekly email. Unsubscribe at any time."
	return d
}

// whole renders the draft's Markdown as one document, the way glamour
// renders an exported issue, with its URLs kept whole (keepURLs).
func whole(t testing.TB, d *draft.Draft, width int, style string) string {
	t.Helper()
	tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err != nil {
		t.Fatal(err)
	}
	out, err := tr.Render(markdown.Format(d))
	if err != nil {
		t.Fatal(err)
	}
	r, err := newBlockRenderer(width, style, new(atomic.Int64))
	if err != nil {
		t.Fatal(err)
	}
	return keepURLs(out, r.marginText) // as the preview shows URLs
}

func assembled(t testing.TB, c *cache, d *draft.Draft, width int, style string) layout {
	t.Helper()
	lay, err := c.run(job{draft: d, width: width, style: style})
	if err != nil {
		t.Fatal(err)
	}
	return lay
}

// requireSame fails with the first differing line when got is not want.
func requireSame(t *testing.T, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("assembled render differs from the whole-document render at line %d of %d/%d:\n got %q\nwant %q", i+1, len(g), len(w), gl, wl)
		}
	}
}

// TestAssembledIsWholeDocument checks that the blocks, rendered one by one
// and assembled, are byte for byte what glamour renders from the whole
// Markdown: no normalising is needed, trailing padding and colour codes
// included.
func TestAssembledIsWholeDocument(t *testing.T) {
	t.Parallel()
	for _, style := range []string{"notty", "dark", "light"} {
		for _, width := range []int{60, 100} {
			t.Run(fmt.Sprintf("%s/%d", style, width), func(t *testing.T) {
				t.Parallel()
				d := smallIssue()
				c := newCache()
				requireSame(t, assembled(t, c, d, width, style).text(), whole(t, d, width, style))
				// Again, from the cache, after one blurb changed.
				d.Sections[1].Items[0].Blurb = "An *edited* blurb."
				requireSame(t, assembled(t, c, d, width, style).text(), whole(t, d, width, style))
			})
		}
	}
}

// TestRenderGolden keeps the small issue's rendered form, so that a change
// in glamour or in the Markdown shows up in review.
func TestRenderGolden(t *testing.T) {
	t.Parallel()
	for _, width := range []int{60, 100} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			t.Parallel()
			golden.RequireEqual(t, assembled(t, newCache(), smallIssue(), width, "notty").text())
		})
	}
}

// TestBlocksThatReachIntoEachOther covers Markdown where a block is not
// independent of its neighbours, so rendering it alone would differ.
func TestBlocksThatReachIntoEachOther(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		blurbs []string
		groups int // groups the items (and the rest) fall into
	}{
		{"independent", []string{"one", "two", "three"}, 7},
		{"unclosed fence", []string{"one\n\n```\ncode", "two", "three"}, 3},
		{"unclosed html comment", []string{"one <!-- x", "<!-- open", "two"}, 4},
		{"indented continuation", []string{"- a list", "    indented", "three"}, 6},
		{"reference definition", []string{"[see here][1]", "two\n\n[1]: https://example.com/ref", "three"}, 1},
		{"definition list", []string{"term", ": a definition", "three"}, 6},
		{"heading and rule", []string{"## a heading", "---", "three"}, 7},
		{"table", []string{"| a | b |\n|---|---|\n| 1 | 2 |", "two", "three"}, 7},
		// These parse apart but render an unfinished line into the next
		// block (an HTML block its text, a code block its padding), so
		// they are rendered together with it.
		{"html block", []string{"<div>\nblock\n</div>", "two", "three"}, 7},
		{"code block", []string{"```sh\nls -l\n```", "two", "three"}, 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := draft.New("Weekly", 1, "2024-03-24", []string{"News"})
			for i, b := range tc.blurbs {
				d.Sections[0].Items = append(d.Sections[0].Items, draft.Item{ID: fmt.Sprint(i), Blurb: b})
			}
			d.Footer = "The footer."
			c := newCache()
			g := grouper{c: c.Cache}
			if n := len(g.groups(markdown.Blocks(d))); n != tc.groups {
				t.Errorf("%d groups, want %d", n, tc.groups)
			}
			for _, style := range []string{"notty", "dark"} {
				requireSame(t, assembled(t, c, d, 60, style).text(), whole(t, d, 60, style))
			}
		})
	}
}

// TestAssembledRandomIssues assembles issues made of blurbs chosen at random
// from a set of awkward Markdown, and compares each with the whole render.
func TestAssembledRandomIssues(t *testing.T) {
	t.Parallel()
	blurbs := []string{
		"", "plain", "*emphasis* and **strong** and `code`", "# a heading", "### a small heading",
		"- a\n- list", "1. one\n2. two", "> a quote", "```go\nfunc main() {}\n```", "    indented code",
		"```\nunclosed", "---", "***", "| a | b |\n|---|---|\n| 1 | 2 |", "term\n: definition",
		"[a link](https://example.com/l)", "[ref][r]", "[r]: https://example.com/r", "<b>html</b>",
		"<div>\nblock\n</div>", "<!-- comment", "a line\\\nbreak", "https://example.com/bare",
		"- [ ] task\n- [x] done", "~~struck~~", "a very long blurb that goes on and on and on, well past the width of the pane, so that glamour has to wrap it, twice or three times",
		"trailing list\n\n- x", "  two spaces", "=====", ": lonely definition", "<https://example.com/auto>",
		"- a\n  - nested\n    - deeper", "> - quoted list", "1) paren", "+ plus", "* star", "2. starts at two",
		"<span>inline</span> html", "[^1] footnote-ish", ":smile: emoji", "***both***", "hard  \nbreak", "\\",
		"&amp; &copy; &#169;", "![alt](https://example.com/i.png)", "<a@b.example>", "setext\n===", "```",
		"<pre>\nunclosed pre", "x", "- x", "| lone | pipe |", "a\n\n\n\nb",
	}
	// 120 issues in four parallel runs of 30, each from its own seed; every
	// run meets each style at each width.
	for run := range uint64(4) {
		t.Run(fmt.Sprint(run), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(1, 2+run))
			c := newCache()
			for n := range 30 {
				d := draft.New("Weekly", n, "2024-03-24", []string{"News", "Tools", "Other"})
				d.Intro = blurbs[rng.IntN(len(blurbs))]
				d.Closing = blurbs[rng.IntN(len(blurbs))]
				d.Footer = blurbs[rng.IntN(len(blurbs))]
				for i := range rng.IntN(8) {
					it := draft.Item{ID: fmt.Sprint(i), Blurb: blurbs[rng.IntN(len(blurbs))], Title: "a <title>"}
					if rng.IntN(2) == 0 {
						it.URLs = []string{fmt.Sprintf("https://example.com/%d", i)}
					}
					s := &d.Sections[rng.IntN(3)]
					s.Items = append(s.Items, it)
				}
				style := []string{"notty", "dark"}[n%2]
				width := []int{40, 60, 100}[n%3]
				got := assembled(t, c, d, width, style).text()
				if want := whole(t, d, width, style); got != want && !wholeVariant(t, d, width, style, got) {
					t.Logf("run %d, issue %d (%s, %d):\n%s", run, n, style, width, markdown.Format(d))
					requireSame(t, got, want)
				}
			}
		})
	}
}

// wholeVariant reports whether got is one of the renders glamour makes of
// the whole document. In the dark and light styles glamour colours a code
// block that names no language as whatever language chroma guesses, and the
// guess is not the same from one render to the next (200 renders of one
// such document gave two different outputs, 166 and 34 times).
func wholeVariant(t *testing.T, d *draft.Draft, width int, style, got string) bool {
	t.Helper()
	if style == "notty" || ansi.Strip(got) != ansi.Strip(whole(t, d, width, style)) {
		return false
	}
	for range 500 {
		if whole(t, d, width, style) == got {
			return true
		}
	}
	return false
}

// TestConcurrentRenders runs renders of one preview at once, as happens
// when a stale render is still running when the next one starts, so that
// the race detector sees the shared cache.
func TestConcurrentRenders(t *testing.T) {
	t.Parallel()
	c := newCache()
	want := whole(t, smallIssue(), 60, "notty")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			d := smallIssue()
			if i%2 == 1 {
				d.Intro = fmt.Sprintf("Intro %d.", i)
			}
			lay, err := c.run(job{draft: d, width: 60, style: "notty"})
			switch {
			case err != nil:
				errs <- err
			case i%2 == 0 && lay.text() != want:
				errs <- fmt.Errorf("render %d differs from the whole-document render", i)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestItemLines checks that the lines recorded for each item are the lines
// that show it.
func TestItemLines(t *testing.T) {
	t.Parallel()
	d := smallIssue()
	for _, mode := range []Mode{Rendered, Plain} {
		lay, err := newCache().run(job{draft: d, width: 60, style: "notty", mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		lines := lay.lines
		for id, want := range map[string]string{"sponsor": "DAST is dead!", "n1": "A post on the pitfalls", "n2": "news.ycombinator.com", "t1": "kubectl-tree", "t2": "skopeo"} {
			sp, ok := lay.items[id]
			if !ok {
				t.Fatalf("%s: no lines for item %s", mode, id)
			}
			text := ansi.Strip(strings.Join(lines[sp.start:sp.end], "\n"))
			if !strings.Contains(text, want) {
				t.Errorf("%s: item %s's lines %d-%d do not show %q:\n%s", mode, id, sp.start, sp.end, want, text)
			}
		}
	}
}

// terminalSafe removes what glamour itself writes, colours (SGR) and OSC 8
// hyperlinks, so that anything left that could act on a terminal stands
// out.
var glamourCodes = regexp.MustCompile("\x1b\\[[0-9;]*m|\x1b\\]8;[^\x07\x1b]*(\x07|\x1b\\\\)")

// TestHostileTextRendersHarmlessly feeds a title and blurbs that carry
// escape sequences, raw and as character references, past the ingest
// sanitiser, and checks that neither mode writes anything but colours,
// hyperlinks and newlines.
func TestHostileTextRendersHarmlessly(t *testing.T) {
	t.Parallel()
	d := draft.New("Weekly\x1b]0;pwned\x07", 1, "2024-03-24", []string{"News\x1b[2J"})
	d.Sections[0].Items = []draft.Item{
		{ID: "a", Title: "Title \x1b]52;c;aGVsbG8=\x07 with &#x1b;]52;c;aGVsbG8=&#7; and \x1bP+q\x1b\\ and \x9b31m and \u202eevil", URLs: []string{"https://example.com/a"}},
		{ID: "b", Blurb: "Blurb with \x1b[31mred\x1b[0m, \r overwrite, \b and \x1b]8;;https://evil.example\x07spoof\x1b]8;;\x07", URLs: []string{"https://example.com/b"}},
		{ID: "c", Blurb: "References &#x1b;]52;c;aGk=&#7; and &#27;[2J and &#x9b;31m and &#X1B;", URLs: []string{"https://example.com/c"}},
	}
	for _, mode := range []Mode{Rendered, Plain} {
		for _, style := range []string{"notty", "dark"} {
			lay, err := newCache().run(job{draft: d, width: 80, style: style, mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			rest := glamourCodes.ReplaceAllString(lay.text(), "")
			for _, r := range rest {
				if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e') {
					t.Errorf("%s/%s: the preview writes %U:\n%q", mode, style, r, rest)
					break
				}
			}
			if strings.Contains(lay.text(), "evil.example") {
				t.Errorf("%s/%s: a hyperlink from a blurb reaches the terminal:\n%q", mode, style, lay.text())
			}
			if !strings.Contains(ansi.Strip(lay.text()), "aGVsbG8=") {
				t.Errorf("%s/%s: the title's text should show, inert:\n%s", mode, style, ansi.Strip(lay.text()))
			}
		}
	}
}
