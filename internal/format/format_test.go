package format

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

func TestParseRecognises(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      string // the first section's name, or "" for not an issue
	}{
		{"email", "EXAMPLE WEEKLY\nISSUE #3 - 1st May 2020\n\nNews\n====\n\nA post.\n\nhttps://example.com/a\n", "News"},
		{"markdown mentioning an issue", "This is issue #12 of our notes.\n\n## Links\n\n- [A post](https://example.com/a)\n", "Links"},
		{"front matter", "---\ntitle: Issue 41 - 9th October 2011\n---\n\nNews\n====\n\nA post.\n\nhttp://example.com/a\n", "News"},
		{"pelican", "Title: Issue 7\nDate: 2015-09-14\n\n# Events\n\n* [Meetup](http://meetup.example/)\n", "Events"},
		{"urls", "https://example.com/a\nhttps://example.com/b\n", ""},
		{"feed", "<?xml version=\"1.0\"?><rss><channel><title>Issue 12</title></channel></rss>", ""},
		{"binary", "EXAMPLE WEEKLY\nISSUE #3\x00\x01", ""},
	}
	for _, tt := range tests {
		d, err := Parse([]byte(tt.src))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		got := ""
		if d != nil && len(d.Sections) > 0 {
			got = d.Sections[0].Name
		}
		if got != tt.want || (d == nil) != (tt.want == "") {
			t.Errorf("%s: first section %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMerge(t *testing.T) {
	t.Parallel()
	d := draft.New("Example Weekly", 519, "2020-12-06", []string{"News", "Tools"})
	d.Intro = "Mine."
	d.Sections[0].Items = []draft.Item{{ID: "a", Blurb: "Already here.", URLs: []string{"https://example.com/a/"}}}
	d.Inbox = []draft.Item{{ID: "b", URLs: []string{"https://example.com/in-inbox"}}}

	in := draft.New("EXAMPLE WEEKLY", 400, "2018-08-26", []string{"Sponsor", "News", "Events", "Tools"})
	in.Intro, in.Footer, in.Closing = "Theirs.", "The footer.", "The closing."
	in.Sections[0].Sponsor = true
	in.Sections[0].Items = []draft.Item{{ID: "s", Blurb: "Sponsor text."}}
	in.Sections[1].Items = []draft.Item{
		{ID: "1", Blurb: "Same link.", URLs: []string{"http://www.example.com/a?utm_source=x"}},
		{ID: "2", Blurb: "Inbox link.", URLs: []string{"https://example.com/in-inbox"}},
		{ID: "3", Blurb: "New.", URLs: []string{"https://example.com/new"}},
	}
	in.Sections[2].Items = []draft.Item{{ID: "4", Blurb: "An event.", URLs: []string{"https://example.com/event"}}}
	in.Sections[3].Items = []draft.Item{{ID: "5", Blurb: "A tool.", URLs: []string{"https://example.com/tool"}}}

	r := Merge(d, in)
	if r != (Merged{Added: 4, Skipped: 2, Sections: 2}) {
		t.Errorf("result = %+v", r)
	}
	var names []string
	for _, s := range d.Sections {
		names = append(names, s.Name)
	}
	if want := []string{"Sponsor", "News", "Events", "Tools"}; !slices.Equal(names, want) {
		t.Errorf("sections = %q, want %q", names, want)
	}
	if !d.Sections[0].Sponsor || len(d.Sections[1].Items) != 2 || d.Sections[1].Items[0].ID != "a" || d.Sections[1].Items[1].ID != "3" {
		t.Errorf("sections after merge: %+v", d.Sections)
	}
	if d.Number != 519 || d.Date != "2020-12-06" || d.Intro != "Mine." || d.Footer != "The footer." || d.Closing != "The closing." || d.Newsletter != "Example Weekly" {
		t.Errorf("fields after merge: #%d %s intro %q footer %q closing %q newsletter %q", d.Number, d.Date, d.Intro, d.Footer, d.Closing, d.Newsletter)
	}
	// Merging the same issue again adds nothing.
	if r := Merge(d, in); r.Added != 0 || r.Sections != 0 {
		t.Errorf("second merge = %+v", r)
	}
}

func TestDetectNames(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]string{
		"EXAMPLE WEEKLY\nISSUE #3 - 1st May 2020\n\nNews\n====\n\nA post.\n\nhttps://example.com/a\n": "text",
		"---\ntitle: Issue 41\n---\n\nNews\n====\n\nA post.\n\nhttp://example.com/a\n":                "markdown",
		"This is issue #12 of our notes.\n\n## Links\n\n- [A post](https://example.com/a)\n":          "markdown",
	} {
		if f, ok := Detect([]byte(src)); !ok || f.Name != want {
			t.Errorf("Detect(%q) = %q, %v; want %q", src, f.Name, ok, want)
		}
	}
	if f, ok := Detect([]byte("just some words\n")); ok {
		t.Errorf("plain words detected as %q", f.Name)
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{"text": "text", "TXT": "text", "md": "markdown", "Markdown": "markdown",
		"html": "html", "json": "json", "eml": "eml", "email": "eml"} {
		if f, ok := Named(name); !ok || f.Name != want {
			t.Errorf("Named(%q) = %q, %v; want %q", name, f.Name, ok, want)
		}
	}
	for path, want := range map[string]string{"519.txt": "text", "out/519.MD": "markdown", "a.markdown": "markdown",
		"a.htm": "html", "a.html": "html", "519.issue.json": "json", "x.json": "json", "519.eml": "eml"} {
		if f, ok := ForPath(path); !ok || f.Name != want {
			t.Errorf("ForPath(%q) = %q, %v; want %q", path, f.Name, ok, want)
		}
	}
	for _, bad := range []string{"pdf", "", "htm"} {
		if f, ok := Named(bad); ok {
			t.Errorf("Named(%q) = %q", bad, f.Name)
		}
	}
	for _, bad := range []string{"x.pdf", "notes", "x.md.bak"} {
		if f, ok := ForPath(bad); ok {
			t.Errorf("ForPath(%q) = %q", bad, f.Name)
		}
	}
	if got := Names(); !slices.Equal(got, []string{"text", "markdown", "html", "json", "eml"}) {
		t.Errorf("Names() = %q", got)
	}
	for _, f := range All() {
		if f.Write == nil || len(f.Ext) == 0 || (f.Detect == nil) != (f.Parse == nil) {
			t.Errorf("%s: every format writes, has a file ending, and reads with both Detect and Parse or neither", f.Name)
		}
	}
}

// TestWritersClean writes a draft carrying escape sequences, C1 controls
// and bidi overrides in every format: none reaches the output, and the
// draft itself is left as it was.
func TestWritersClean(t *testing.T) {
	t.Parallel()
	d := draft.New("News\x1b]52;c;ZXZpbA==\aWeekly", 7, "2024-01-07", []string{"Sec\u009b2Jtion"})
	d.Intro = "Intro \u202eevil\u202c \x1b[31mred\x1b[0m"
	d.Sections[0].Items = []draft.Item{{ID: "a", Blurb: "Blurb \x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
		URLs: []string{"https://ok.example/\x1b]8;;x"}, Title: "T\u2066iso\u2069"}}
	before := d.Clone()
	for _, f := range All() {
		var buf bytes.Buffer
		if err := f.Write(&buf, d, Options{}); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out := buf.String()
		if strings.ContainsAny(out, "\x1b\a\u009b\u202e\u202c\u2066\u2069") || strings.Contains(out, `\u001b`) || strings.Contains(out, "=1B") {
			t.Errorf("%s carries a control from the draft:\n%q", f.Name, out)
		}
		if !strings.Contains(out, "https://ok.example/") {
			t.Errorf("%s lost the link:\n%s", f.Name, out)
		}
	}
	if !reflect.DeepEqual(d, before) {
		t.Error("writing changed the draft: writers clean a copy")
	}
}
