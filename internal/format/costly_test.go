package format

import (
	"bytes"
	stdhtml "html"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// costlyDraft has a blurb and an intro holding more Markdown than weekly
// parses (sanitize.Costly), beside a blurb that is plain Markdown.
func costlyDraft(blurb, intro string) *draft.Draft {
	d := draft.New("Hostile Weekly", 9, "2024-05-05", []string{"News"})
	d.Intro = intro
	d.Footer = "The *footer*."
	d.Sections[0].Items = []draft.Item{
		{ID: "h", Blurb: blurb, URLs: []string{"https://example.com/h"}},
		{ID: "n", Blurb: "A *normal* blurb.", URLs: []string{"https://example.com/n"}},
	}
	return d
}

// TestCostlyTextShowsAsTyped: every format shows a costly blurb or intro
// as the characters it is made of, line by line, and the rest of the issue
// as Markdown.
func TestCostlyTextShowsAsTyped(t *testing.T) {
	t.Parallel()
	blurb := strings.Repeat("*a_", sanitize.MaxMarkdown/3) + "\nSecond *line* <b>, & more."
	intro := strings.Repeat("[a](", 1100) + "\n\nAfter a blank line."
	d := costlyDraft(blurb, intro)
	out := map[string]string{}
	for _, f := range All() {
		var buf bytes.Buffer
		if err := f.Write(&buf, d, Options{}); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = buf.String()
	}
	if !strings.Contains(out["text"], blurb+"\n\nhttps://example.com/h") || !strings.Contains(out["text"], intro) {
		t.Error("the text export does not write the costly texts as typed")
	}
	if !strings.Contains(out["text"], "A normal blurb.") {
		t.Error("the text export no longer renders the plain blurb's Markdown")
	}
	if !strings.Contains(out["markdown"], sanitize.Literal(blurb)+"\n\n<https://example.com/h>") || !strings.Contains(out["markdown"], sanitize.Literal(intro)) {
		t.Error("the Markdown export does not write the costly texts escaped")
	}
	html := out["html"]
	for _, s := range []string{blurb, intro} {
		want := strings.ReplaceAll(stdhtml.EscapeString(s), "\n", "<br>\n")
		if !strings.Contains(html, want) {
			t.Errorf("the HTML export does not show %.30q… as typed", s)
		}
	}
	if strings.Count(html, "<em>") != 2 || !strings.Contains(html, "<em>normal</em>") || !strings.Contains(html, "<em>footer</em>") {
		t.Error("the HTML export should render the plain blurb and the footer, and only them, as Markdown")
	}
	m, err := Message(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var text, page bytes.Buffer
	if err := m.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	if text.String() != out["text"] || page.String() != html {
		t.Error("the eml's parts are not the text and HTML exports")
	}
}
