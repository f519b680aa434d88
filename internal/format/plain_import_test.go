package format

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"golang.org/x/net/html"
)

// plainEmail is an issue sent as plain text, whose text holds what
// Markdown would read: emphasis, lists, a "#" or ">" at a line's start, a
// rule, HTML-like tags, an entity, backticks, a Markdown link's shape.
const plainEmail = `EXAMPLE WEEKLY
ISSUE #12 - 3rd March 2024

The *intro*, with <angle> brackets.


News
====

A *profitable* post on _emphasis_ and ` + "`code`" + `.

https://a.example/post


Reasons:
* one
* two
# not a heading
> not a quote
---

https://b.example/


Shapes: [text](https://c.example/) and &amp; and <b>bold</b>.

https://d.example/


- kept
- as a list

https://e.example/


If you received this email directly then you're already signed up, thanks!
`

// visible returns the text an HTML page shows, tags dropped and
// references decoded.
func visible(t *testing.T, page string) string {
	t.Helper()
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}

// TestImportedPlainTextInEveryFormat: a plain-text email imported and
// exported as text is the email again, and its Markdown and HTML exports
// show the characters the email had instead of reading them as Markdown:
// no emphasis, heading, quote, rule, tag or link the email did not have.
// A "- " list, which the email shows as itself, stays a list.
func TestImportedPlainTextInEveryFormat(t *testing.T) {
	t.Parallel()
	d, err := Parse([]byte(plainEmail))
	if err != nil || d == nil {
		t.Fatalf("Parse: %v", err)
	}
	out := map[string]string{}
	for _, f := range All() {
		var buf bytes.Buffer
		if err := f.Write(&buf, d, Options{}); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = buf.String()
	}
	if out["text"] != plainEmail {
		t.Errorf("text export:\n%s\nwant the email:\n%s", out["text"], plainEmail)
	}
	var md bytes.Buffer
	if err := goldmark.Convert([]byte(out["markdown"]), &md); err != nil {
		t.Fatal(err)
	}
	shows := []string{
		"The *intro*, with <angle> brackets.",
		"A *profitable* post on _emphasis_ and `code`.",
		"* one", "* two", "# not a heading", "> not a quote", "---",
		"Shapes: [text](https://c.example/) and &amp; and <b>bold</b>.",
	}
	for name, page := range map[string]string{"markdown (rendered)": md.String(), "html": out["html"]} {
		text := visible(t, page)
		for _, s := range shows {
			if !strings.Contains(text, s) {
				t.Errorf("%s does not show %q", name, s)
			}
		}
		// From the intro to the last link: the writers' own header, and
		// the rule before the footer, aside.
		body := page[strings.Index(page, "intro"):strings.LastIndex(page, "https://e.example/")]
		for _, tag := range []string{"<em>", "<strong>", "<code>", "<blockquote>", "<hr>", "<h1>", "<b>", `href="https://c.example/"`} {
			if strings.Contains(body, tag) {
				t.Errorf("%s has %s, which the email did not", name, tag)
			}
		}
		if !strings.Contains(page, "<li>kept</li>") && !strings.Contains(page, ">kept</li>") {
			t.Errorf("%s does not keep the \"- \" list as a list", name)
		}
		// The "* " lines stay lines of their own.
		if !strings.Contains(text, "Reasons:\n* one\n* two") {
			t.Errorf("%s runs the \"* \" lines together: %q", name, text[strings.Index(text, "Reasons"):][:40])
		}
	}
}
