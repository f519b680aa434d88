package markdown_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/text"
)

// shape is a section as a test expects it: "Name:count", with ":s" for a
// sponsor section.
func shape(d *draft.Draft) []string {
	var out []string
	for _, s := range d.Sections {
		v := fmt.Sprintf("%s:%d", s.Name, len(s.Items))
		if s.Sponsor {
			v += ":s"
		}
		out = append(out, v)
	}
	return out
}

// links returns each section's links in order, one string per section.
func links(d *draft.Draft) []string {
	var out []string
	for _, s := range d.Sections {
		var urls []string
		for _, it := range s.Items {
			urls = append(urls, it.URLs...)
		}
		out = append(out, strings.Join(urls, " "))
	}
	return out
}

func TestReadFixtures(t *testing.T) {
	tests := []struct {
		file                    string
		newsletter, date, title string
		number                  int
		sections, links         []string
		introHas                string
		blurbs                  []string // blurbs some item must have
	}{
		{
			file: "jekyll_issue.md", number: 41, date: "2011-10-09",
			sections: []string{"Sponsor:1:s", "News:2", "Jobs:1", "Tools:1"},
			links: []string{"http://cloud.example.com", "http://example.com/config http://example.com/part-1 http://example.com/part-2",
				"", "https://github.com/example/panel"},
			introHas: "http://example.com/talk",
			blurbs: []string{"A post about configuration\nbelonging to the environment.",
				"Example Corp need help with a platform build.\njobs@example.com if you are interested.\n\n(This section is sponsored, get in touch to feature a job.)"},
		},
		{
			file: "hugo_issue.md", number: 98, date: "2018-10-21", title: "Open Source, Kubernetes, Vote and More",
			sections: []string{"People:3", "Tools:1", "Tweet of the Week:1"},
			links: []string{"https://example.org/mentors http://example.net/growth https://example.com/course",
				"https://medium.com/@someone/socat-29453e9fc8a6", "https://twitter.com/someone/status/1?ref_src=twsrc%5Etfw"},
			introHas: "*SPONSORED*",
			blurbs:   []string{"[Call for mentors](https://example.org/mentors): help wanted"},
		},
		{
			file: "pelican_issue.md", newsletter: "This Week in Rust", number: 96, date: "2015-09-14",
			sections: []string{"Updates from Rust Community:0", "News & Blog Posts:3", "Notable New Crates:1",
				"Updates from Rust Core:1", "New Contributors:2", "Upcoming Events:2"},
			links: []string{"", "http://example.com/why-rust.pdf http://example.com/book http://charity.example https://example.github.io/parsers-3/",
				"http://dns.example/ https://docs.example/dns", "https://github.com/issues?q=is%3Apr+is%3Amerged", "", "http://www.meetup.example/sd/"},
			introHas: "mailto:editor@example.com",
			blurbs:   []string{"[dns](http://dns.example/). A DNS server.\n* with a nested note and [its docs](https://docs.example/dns)", "9/16. Berlin Hack and Learn."},
		},
		{
			file: "docusaurus_issue.mdx", newsletter: "This Week In React", number: 180, date: "2024-04-03", title: "Transitions, Drag & Drop, Bun",
			sections: []string{"💸 Sponsor:3:s", "⚛️ React:7", "🤭 Fun:2"},
			links: []string{"https://omlet.example/?utm_campaign=partner https://omlet.example/?utm_campaign=partner",
				"https://buildui.example/posts/progress https://buildui.example/posts/progress https://go.example.com/abc https://github.com/example/fresh/issues/2363 https://github.com/example/dnd https://github.com/example/old-dnd/issues/1",
				"https://twitter.com/someone/status/2"},
			introHas: "<!-- truncate -->",
			blurbs:   []string{"👀 [The road to 2.0](https://github.com/example/fresh/issues/2363): async components."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "read", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !markdown.IsIssue(string(data)) {
				t.Error("IsIssue = false")
			}
			d, err := markdown.Parse(string(data))
			if err != nil {
				t.Fatal(err)
			}
			if d.Newsletter != tt.newsletter || d.Number != tt.number || d.Date != tt.date || d.Title != tt.title {
				t.Errorf("issue = %q #%d %s %q, want %q #%d %s %q", d.Newsletter, d.Number, d.Date, d.Title, tt.newsletter, tt.number, tt.date, tt.title)
			}
			if got := shape(d); !slices.Equal(got, tt.sections) {
				t.Errorf("sections = %q\nwant %q", got, tt.sections)
			}
			if got := links(d); !slices.Equal(got, tt.links) {
				t.Errorf("links = %q\nwant %q", got, tt.links)
			}
			if !strings.Contains(d.Intro, tt.introHas) {
				t.Errorf("intro %q lacks %q", d.Intro, tt.introHas)
			}
			for _, want := range tt.blurbs {
				found := false
				d.Items(func(_ draft.Pos, it *draft.Item) { found = found || it.Blurb == want })
				if !found {
					t.Errorf("no item has the blurb %q", want)
				}
			}
			d.Items(func(_ draft.Pos, it *draft.Item) {
				if it.ID == "" {
					t.Errorf("item without an ID: %+v", it)
				}
			})
		})
	}
}

// TestReadOwnExport reads back what Format writes.
func TestReadOwnExport(t *testing.T) {
	d := draft.New("Example Weekly", 519, "2020-12-06", []string{"Acme sponsors Example Weekly", "News", "Tools"})
	d.Title = "The Kubernetes issue"
	d.Intro = "Starting out this week with *two* posts."
	d.Sections[0].Sponsor = true
	d.Sections[0].Items = []draft.Item{{ID: "a", Blurb: "Check out how we built it, at https://acme.example/kube.", URLs: []string{"https://acme.example/kube"}}}
	d.Sections[1].Items = []draft.Item{
		{ID: "b", Blurb: "A post on moving to infosec.", URLs: []string{"https://example.com/infosec/"}},
		{ID: "c", Blurb: "Two links.", URLs: []string{"https://example.com/one", "https://example.com/two?x=1&y=2"}},
	}
	d.Sections[2].Items = []draft.Item{{ID: "d", Title: "A fetched title [with brackets]", URLs: []string{"https://github.com/example/tool"}}}
	d.Footer = "If you received this email directly then you're already signed up, thanks!"

	got, err := markdown.Parse(markdown.Format(d))
	if err != nil {
		t.Fatal(err)
	}
	if got.Newsletter != d.Newsletter || got.Number != d.Number || got.Date != d.Date || got.Title != d.Title || got.Intro != d.Intro || got.Footer != d.Footer {
		t.Errorf("issue = %q #%d %s %q\nintro %q\nfooter %q", got.Newsletter, got.Number, got.Date, got.Title, got.Intro, got.Footer)
	}
	if want := []string{"Acme sponsors Example Weekly:1:s", "News:2", "Tools:1"}; !slices.Equal(shape(got), want) {
		t.Errorf("sections = %q, want %q", shape(got), want)
	}
	if want := []string{"https://acme.example/kube", "https://example.com/infosec/ https://example.com/one https://example.com/two?x=1&y=2", "https://github.com/example/tool"}; !slices.Equal(links(got), want) {
		t.Errorf("links = %q, want %q", links(got), want)
	}
	if b := got.Sections[1].Items[1].Blurb; b != "Two links." {
		t.Errorf("blurb = %q", b)
	}
}

func TestIsIssueRefuses(t *testing.T) {
	for _, src := range []string{
		"",
		"https://example.com/a\nhttps://example.com/b\n",
		"# my reading list\nhttps://example.com/a\n\n# more\nhttps://example.com/b\n",
		"<?xml version=\"1.0\"?>\n<rss><channel><title>## Feed</title></channel></rss>\n",
		"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p><DT><A HREF=\"https://example.com\">x</A>\n",
		"Just a note with no headings and no links.\n",
	} {
		if markdown.IsIssue(src) {
			t.Errorf("IsIssue(%q) = true", src)
		}
	}
	if _, err := markdown.Parse("---\nlayout: post\n---\n\n"); err == nil {
		t.Error("Parse of an empty page: no error")
	}
}

func TestReadSanitizes(t *testing.T) {
	d, err := markdown.Parse("## News\x1b[2J\n\n[A \x1b]52;c;eA==\x07post](https://example.com/a) &#x1b;[31m\n")
	if err != nil {
		t.Fatal(err)
	}
	it := d.Sections[0].Items[0]
	if d.Sections[0].Name != "News" || strings.ContainsAny(it.Blurb+it.Title, "\x1b\x07") || strings.Contains(it.Blurb, "&#x1b;") {
		t.Errorf("section %q, item %+v", d.Sections[0].Name, it)
	}
}

// TestReadCorpusExport reads back the Markdown export of real issues: the
// same sections, with the same links in order.
func TestReadCorpusExport(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/devops-weekly/*.txt")
	if len(files) == 0 {
		t.Skip("no corpus beside the project")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := text.Parse(string(data))
		if err != nil {
			t.Fatal(err)
		}
		d.Newsletter = "DevOps Weekly"
		got, err := markdown.Parse(markdown.Format(d))
		if err != nil {
			t.Fatal(err)
		}
		var names, want []string
		for _, s := range d.Sections {
			names = append(names, s.Name)
		}
		want = links(d)
		if (got.Closing != "") != (d.Closing != "") || got.Footer != d.Footer {
			t.Errorf("%s: closing %q, footer %q", filepath.Base(f), got.Closing, got.Footer)
		}
		if !slices.Equal(sectionNames(got), names) || !slices.Equal(links(got), want) || got.Number != d.Number || got.Date != d.Date {
			t.Errorf("%s: read back as %q #%d %s\nlinks %q\nwant %q\nlinks %q", filepath.Base(f), sectionNames(got), got.Number, got.Date, links(got), names, want)
		}
	}
}

func sectionNames(d *draft.Draft) []string {
	var out []string
	for _, s := range d.Sections {
		out = append(out, s.Name)
	}
	return out
}
