package html

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/weekly-dev/weekly/internal/draft"
)

func issue() *draft.Draft {
	d := draft.New("Test Weekly", 3, "2024-01-21", []string{"Acme sponsors Test Weekly", "News", "Empty"})
	d.Sections[0].Sponsor = true
	d.Intro = "Hello, *readers*."
	d.Footer = "Unsubscribe at https://test.example/unsub"
	d.Sections[0].Items = []draft.Item{{ID: "s", Blurb: "Try Acme at https://acme.example/ today.", URLs: []string{"https://acme.example/"}}}
	d.Sections[1].Items = []draft.Item{
		{ID: "a", Blurb: "A *good* post.", URLs: []string{"https://a.example/post", "https://a.example/part-2?x=1&y=2"}},
		{ID: "b", Title: "Only a <title>", URLs: []string{"https://b.example/"}},
	}
	return d
}

func write(t *testing.T, d *draft.Draft) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d, Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestItemLinksFollowTheirBlurb(t *testing.T) {
	t.Parallel()
	out := write(t, issue())
	blurb := strings.Index(out, "A <em>good</em> post.</p>")
	first := strings.Index(out, `href="https://a.example/post">https://a.example/post</a><br>`)
	second := strings.Index(out, `href="https://a.example/part-2?x=1&amp;y=2">https://a.example/part-2?x=1&amp;y=2</a></p>`)
	if strings.Contains(out, "&lt;/div&gt;") || strings.Count(out, "<div ") != strings.Count(out, "</div>") {
		t.Errorf("items' boxes are not balanced:\n%s", out)
	}
	next := strings.Index(out, "Only a &lt;title&gt;")
	if blurb < 0 || first < blurb || second < first || next < second {
		t.Errorf("an item's links should stand one a line under its blurb, before the next item (at %d, %d, %d, %d):\n%s", blurb, first, second, next, out)
	}
	// The sponsor's URL is a link in its sentence and is not repeated.
	if n := strings.Count(out, `href="https://acme.example/"`); n != 1 {
		t.Errorf("the sponsor's link appears %d times, want once:\n%s", n, out)
	}
	if strings.Contains(out, "Empty") {
		t.Errorf("an empty section should not be shown:\n%s", out)
	}
	for _, want := range []string{"<title>Test Weekly #3</title>", "21st January 2024", `href="https://test.example/unsub"`, "Hello, <em>readers</em>."} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %q:\n%s", want, out)
		}
	}
}

func TestPageLoadsAndRunsNothing(t *testing.T) {
	t.Parallel()
	d := issue()
	d.Sections[1].Items[0].Blurb = "Look <script>alert(1)</script> [here](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n" +
		"<style>body{display:none}</style> ![pixel](https://track.example/p.gif) ![](https://track.example/q.gif)"
	d.Newsletter = "Evil</title><script>alert(1)</script>"
	out := write(t, d)
	for _, bad := range []string{"<script", "javascript:", "<img", "<style", "<link", "<iframe", "url(", "@import"} {
		if strings.Contains(out, bad) {
			t.Errorf("the page lets %q through:\n%s", bad, out)
		}
	}
	if m := regexp.MustCompile(`<[^>]*\s(src|srcset|background)=`).FindString(out); m != "" {
		t.Errorf("the page loads a resource: %s", m)
	}
	for _, want := range []string{"Look &lt;script&gt;alert(1)&lt;/script&gt;", "&lt;style&gt;", `href="https://track.example/p.gif">pixel</a>`, `href="https://track.example/q.gif">https://track.example/q.gif</a>`} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %q:\n%s", want, out)
		}
	}
}

// TestEveryElementIsStyled checks the styles are inline on the elements,
// since mail clients drop <style> blocks.
func TestEveryElementIsStyled(t *testing.T) {
	t.Parallel()
	d := issue()
	d.Sections[1].Items[0].Blurb = "# Big\n\n## Mid\n\n> quoted\n\n- one\n- two\n\n3. three\n\n`code`\n\n    block\n\n---\n\n**bold** [link](https://l.example/)"
	out := write(t, d)
	tag := regexp.MustCompile(`<(p|a|h[1-6]|ul|ol|li|blockquote|pre|code|hr|table|td|div|body)\b([^>]*)>`)
	n := 0
	for _, m := range tag.FindAllStringSubmatch(out, -1) {
		n++
		if !strings.Contains(m[2], `style="`) {
			t.Errorf("<%s> has no inline style: %s", m[1], m[0])
		}
	}
	if n < 30 {
		t.Errorf("only %d elements found; the blurb should give many:\n%s", n, out)
	}
}

// TestParallelRenderKeepsOrder checks that blurbs rendered by several
// workers land on their own items and are handed on in order, each once.
func TestParallelRenderKeepsOrder(t *testing.T) {
	t.Parallel()
	var items []*item
	for i := range 3000 {
		items = append(items, &item{md: fmt.Sprintf("Item %d with *emphasis*.", i)})
	}
	collect := func(workers int) []string {
		var out []string
		if err := renderItems(len(items), workers, fromList(items), func(box []byte) error { out = append(out, string(box)); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, many := collect(1), collect(4)
	if len(one) != len(items) || len(many) != len(items) {
		t.Fatalf("handed on %d and %d items, want %d", len(one), len(many), len(items))
	}
	for i := range one {
		if one[i] != many[i] || !strings.Contains(many[i], fmt.Sprintf("Item %d ", i)) {
			t.Fatalf("item %d: one worker gave %q, four gave %q", i, one[i], many[i])
		}
	}
}

// fromList lays out the items of a list as they are.
func fromList(items []*item) func(int, *item) {
	return func(i int, x *item) { *x = *items[i] }
}

// TestRenderStopsAtAnError: an error of the writer stops the rendering
// and is returned.
func TestRenderStopsAtAnError(t *testing.T) {
	t.Parallel()
	var items []*item
	for i := range 5000 {
		items = append(items, &item{md: fmt.Sprintf("Item %d.", i)})
	}
	full := errors.New("disk full")
	n := 0
	err := renderItems(len(items), 4, fromList(items), func([]byte) error {
		if n++; n == 1000 {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) || n != 1000 {
		t.Errorf("renderItems = %v after %d items, want the writer's error at the 1000th", err, n)
	}
}

// FuzzStyler: the styler writes what a strings.Replacer of the same pairs
// writes, on any text, from bytes and from a string.
func FuzzStyler(f *testing.F) {
	for _, s := range []string{"<p>Hi <a href=\"x\">a</a></p>\n", "<ol start=\"3\">\n<li>x</li>\n</ol>", "<<p>>", "<pre><code>a &lt;p&gt;</code></pre>", "<h1>", "<h7><hr><hr/>", "<", "x<", "<ol", "<blockquote>\n<p>q</p>\n</blockquote>", "é<p>ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, st := range []*styler{bodyStyle, footerStyle} {
			var pairs []string
			for i := range st.old {
				pairs = append(pairs, st.old[i], st.new[i])
			}
			want := strings.NewReplacer(pairs...).Replace(s)
			var b bytes.Buffer
			st.write(&b, []byte(s))
			if b.String() != want {
				t.Errorf("write(%q) = %q, want %q", s, b.String(), want)
			}
			b.Reset()
			st.writeString(&b, s)
			if b.String() != want {
				t.Errorf("writeString(%q) = %q, want %q", s, b.String(), want)
			}
		}
	})
}

// FuzzDangerousURL: dangerousURL tells the link targets goldmark's safe
// mode drops exactly as goldmark's own test does.
func FuzzDangerousURL(f *testing.F) {
	for _, s := range []string{"javascript:alert(1)", "JaVaScRiPt:x", "vbscript:", "FILE:///etc", "data:text/html,x", "data:image/png;base64,x", "DATA:IMAGE/WEBP;", "data:image/svg+xml,x", "https://example.com/", "java\u0130script:", "javascr\xc4\xb0pt:", "\u212ailler:", "data:image/", "data:", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, url []byte) {
		if got, want := dangerousURL(url), gmhtml.IsDangerousURL(url); got != want {
			t.Errorf("dangerousURL(%q) = %v, goldmark says %v", url, got, want)
		}
	})
}
