package preview

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// TestURLsAreNeverSplit renders URLs longer than the line, in their own
// line and inside a blurb, and checks that each shows whole: on one line,
// or broken only after a "/", with nothing put into it.
func TestURLsAreNeverSplit(t *testing.T) {
	t.Parallel()
	d := draft.New("DevOps Weekly", 1, "2024-06-02", []string{"News"})
	urls := []string{
		"https://www.srepath.com/danger-of-unreliable-platform-engineering/",
		"https://www.figma.com/blog/how-figmas-databases-team-lived-to-tell-the-scale/",
		"https://example.com/a-very-long-single-path-segment-with-no-slash-in-it-at-all-and-more",
		"https://github.com/org/repo/blob/main/docs/some/deeply/nested/path/to/a/file-with-a-long-name.md",
	}
	for i, u := range urls {
		d.Sections[0].Items = append(d.Sections[0].Items,
			draft.Item{ID: "own" + string(rune('a'+i)), URLs: []string{u}},
			draft.Item{ID: "in" + string(rune('a'+i)), Blurb: "Read it at " + u + " and then more words after it.", URLs: []string{u}})
	}
	for _, style := range []string{"notty", "dark"} {
		for _, width := range []int{30, 40, 60, 100} {
			lay := assembled(t, newCache(), d, width, style)
			checkURLs(t, lay.lines, urls, style, width)
			if words := strings.Join(strings.Fields(ansi.Strip(lay.text())), " "); strings.Count(words, "and then more words after it.") != len(urls) {
				t.Errorf("%s/%d: the words after a URL are lost:\n%s", style, width, ansi.Strip(lay.text()))
			}
		}
	}
	// The text mode too.
	for _, width := range []int{30, 60} {
		lay := newCache()
		dd, err := lay.open(job{draft: d, width: width, mode: Plain}, 0, 1000, "")
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for n := range dd.total() {
			l, _ := dd.line(n)
			lines = append(lines, l)
		}
		text := strings.Join(lines, "\n")
		for _, u := range urls {
			// Lines that hold part of a URL, in order: joined, they are
			// the URL, and each part but the last ends with "/".
			if !strings.Contains(text, u) && !strings.Contains(strings.ReplaceAll(text, "/\n", "/"), u) {
				t.Errorf("text/%d: %s is broken other than after a /:\n%s", width, u, text)
			}
		}
	}
}

// checkURLs follows each link shown as its own URL across lines: the parts
// joined are the URL, and each part but the last ends with "/".
func checkURLs(t *testing.T, lines, urls []string, style string, width int) {
	t.Helper()
	seen := map[string]int{}
	var cur string // the URL of the link the last line ended in
	var got string
	for i, l := range lines {
		ls := links(l)
		for k, lk := range ls {
			shown := l[lk.textStart:lk.textEnd]
			if !strings.Contains(lk.url, shown) {
				continue // a link with text of its own
			}
			if k == 0 && cur == lk.url && strings.HasSuffix(got, "/") && got != lk.url {
				got += shown
			} else {
				if cur != "" && got != cur {
					t.Errorf("%s/%d line %d: %s is shown as %q", style, width, i, cur, got)
				}
				got = shown
			}
			cur = lk.url
			if got == lk.url {
				seen[lk.url]++
			}
			if k < len(ls)-1 && got != lk.url {
				t.Errorf("%s/%d line %d: %s is cut short: %q", style, width, i, lk.url, got)
			}
		}
		if len(ls) == 0 && cur != "" && got != cur {
			t.Errorf("%s/%d line %d: %s is shown as %q", style, width, i, cur, got)
			cur = ""
		}
	}
	for _, u := range urls {
		if seen[u] != 2 {
			t.Errorf("%s/%d: %s is shown whole %d times, want 2", style, width, u, seen[u])
		}
	}
}

// FuzzKeepURLs renders any text with glamour, as the preview does, and
// checks that keepURLs neither loses nor adds anything but spaces and
// colour codes. keepURLs only ever sees glamour's output, so that is what
// is fuzzed: text with URLs in it at any width.
func FuzzKeepURLs(f *testing.F) {
	f.Add("Read it at https://www.srepath.com/danger-of-unreliable-platform-engineering/ and then more words after it.", 40)
	f.Add("https://example.com/a-very-long-single-path-segment-with-no-slash-in-it-at-all-and-more", 30)
	f.Add("see [the repo](https://github.com/org/repo/blob/main/docs/some/deeply/nested/path/file.md) now", 24)
	f.Add("- a list https://a.example/one-two/three/four-five and\n- https://b.example/x", 20)
	// Text that ends in "m" after a link moved whole was taken for a colour code.
	f.Add("0000000000 https:/ www.0000000.aaa#0000000000000000000000000000000000000000000000000000000$m", 40)
	renderers := map[int]*blockRenderer{}
	f.Fuzz(func(t *testing.T, text string, width int) {
		width = 20 + (width%100+100)%100
		r := renderers[width]
		if r == nil {
			var err error
			if r, err = newBlockRenderer(width, "dark", new(atomic.Int64)); err != nil {
				t.Fatal(err)
			}
			renderers[width] = r
		}
		out, err := r.tr.Render(sanitize.Markdown(text))
		if err != nil {
			return
		}
		got := keepURLs(out, r.marginText)
		squash := func(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), "") }
		if squash(got) != squash(out) {
			t.Errorf("keepURLs changed the text of glamour's render at width %d:\n%q\n%q", width, out, got)
		}
	})
}

// TestKeepURLsLeavesOddLinesAlone: lines glamour never writes (bytes that
// are not UTF-8, escape codes it does not use, a margin that is not
// spaces) come back as they were, and nothing panics.
func TestKeepURLsLeavesOddLinesAlone(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ s, margin string }{
		{"00\xf4\x1b]8;id=3;https://a.example/long-link\aa\x1b]8;;\a\n \x1b]8;id=3;https://a.example/long-link\a\x1b]8;;\a", " "},
		{"  see \x1b]8;id=2;https://b.example/x\ahttps://b.\x1b]8;;\a\n  \x1b]8;id=2;https://b.example/x\a\x1b[\x80~4mexample/x\x1b]8;;\a", "  "},
		{"\x1b]8;;0\a\x1b]8;;\a\n\x1b]8;;0\a\x1b]8;;\a", "\x1b"},
	} {
		if got := keepURLs(c.s, c.margin); got != c.s {
			t.Errorf("keepURLs(%q, %q) = %q, want it unchanged", c.s, c.margin, got)
		}
	}
}
