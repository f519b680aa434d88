package archive_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/text"
)

// issue returns a published issue with a sponsor, News and Tools, an intro
// link, an inbox item, a closing and a footer.
func issue(n int, date string, urls ...string) *draft.Draft {
	d := draft.New("Example Weekly", n, date, []string{"Acme sponsors Example Weekly", "News", "Tools"})
	d.Sections[0].Sponsor = true
	d.Sections[0].Items = []draft.Item{{ID: "s", Blurb: "Try Acme: https://acme.example/try", URLs: []string{"https://acme.example/try"}}}
	for i, u := range urls {
		d.Sections[1+i%2].Items = append(d.Sections[1+i%2].Items, draft.Item{ID: fmt.Sprint(i), Blurb: "A post.", URLs: []string{u}})
	}
	d.Intro = "Welcome, see https://example.com/intro."
	d.Inbox = []draft.Item{{ID: "i", URLs: []string{"https://example.com/not-sent"}}}
	d.Closing = "Try Acme: https://acme.example/closing"
	d.Footer = "Subscribe at https://example.com/subscribe"
	return d
}

func TestFromDraft(t *testing.T) {
	d := issue(400, "2018-08-26", "https://example.com/a", "https://example.com/b")
	d.Sections[1].Items[0].Title = "Post A"
	d.Sections[1].Items[0].Blurb = "  A post about A.\n"
	is := archive.FromDraft(d, "400.txt")
	var got []string
	for _, it := range is.Items {
		got = append(got, fmt.Sprintf("%s|%v|%s|%s|%s", it.Section, it.Sponsor, it.Title, it.Blurb, strings.Join(it.URLs, " ")))
	}
	want := []string{
		"|false||Welcome, see https://example.com/intro.|https://example.com/intro",
		"Acme sponsors Example Weekly|true||Try Acme: https://acme.example/try|https://acme.example/try",
		"News|false|Post A|A post about A.|https://example.com/a",
		"Tools|false||A post.|https://example.com/b",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if is.Number != 400 || is.Date != "2018-08-26" || is.Source != "400.txt" || is.Label() != "#400 (26th August 2018)" {
		t.Errorf("issue = %+v, label %q", is, is.Label())
	}
	if is.Items[0].SectionName() != "Intro" || is.Year() != 2018 || is.Links() != 4 {
		t.Errorf("intro section %q, year %d, links %d", is.Items[0].SectionName(), is.Year(), is.Links())
	}
}

func TestAddFindReplace(t *testing.T) {
	a := &archive.Archive{}
	if a.Add(archive.FromDraft(issue(500, "2020-01-05", "https://www.example.com/post/", "https://example.com/other"), "500.txt")) {
		t.Error("first add replaced something")
	}
	a.Add(archive.FromDraft(issue(300, "2016-09-25", "http://example.com/post", "http://example.com/post?utm_source=x"), "300.txt"))
	a.Add(archive.FromDraft(issue(400, "2018-08-26", "https://example.com/unrelated"), "400.txt"))

	uses := a.Find("https://example.com/post?utm_medium=email#comments")
	if len(uses) != 2 || uses[0].Issue.Number != 500 || uses[1].Issue.Number != 300 {
		t.Fatalf("Find = %+v, want #500 then #300 (twice in #300 counts once)", uses)
	}
	if uses[0].Item.URLs[0] != "https://www.example.com/post/" || uses[0].Item.Section == "" {
		t.Errorf("use = %+v", uses[0].Item)
	}
	if !a.Sent("https://example.com/post", "Example Weekly", 520) || a.Sent("https://example.com/other", "", 500) {
		t.Error("Sent: a link of #500 counts as sent before #500 itself, or one of #300 does not count for #520")
	}
	if got := a.Find("https://example.com/new"); len(got) != 0 {
		t.Errorf("Find of a new link = %+v", got)
	}
	if a.Latest() != 500 || len(a.Issues) != 3 || a.Issues[0].Number != 300 {
		t.Errorf("Latest %d, issues %d, first #%d", a.Latest(), len(a.Issues), a.Issues[0].Number)
	}

	// Re-adding an issue replaces it: its old links are gone, never doubled.
	if !a.Add(archive.FromDraft(issue(500, "2020-01-05", "https://example.com/replacement"), "500-fixed.txt")) {
		t.Error("re-adding #500 did not replace it")
	}
	if len(a.Issues) != 3 {
		t.Errorf("issues = %d after re-adding, want 3", len(a.Issues))
	}
	if uses := a.Find("https://example.com/post"); len(uses) != 1 || uses[0].Issue.Number != 300 {
		t.Errorf("Find after replacing = %+v, want only #300", uses)
	}
	if uses := a.Find("https://example.com/replacement"); len(uses) != 1 || uses[0].Issue.Source != "500-fixed.txt" {
		t.Errorf("Find of the replacement = %+v", uses)
	}
	// Another newsletter's issue of the same number is its own issue.
	other := archive.FromDraft(issue(500, "2020-01-05"), "other.txt")
	other.Newsletter = "Other Weekly"
	if a.Add(other) || len(a.Issues) != 4 {
		t.Errorf("an issue of another newsletter replaced one: %d issues", len(a.Issues))
	}
}

func TestSaveLoad(t *testing.T) {
	path := archive.Path(t.TempDir())
	a, err := archive.Load(path)
	if err != nil || len(a.Issues) != 0 {
		t.Fatalf("Load of no archive = %+v, %v", a, err)
	}
	err = archive.Update(path, "test", func(a *archive.Archive) error {
		a.Add(archive.FromDraft(issue(7, "2013-07-14", "https://example.com/a"), "7.txt"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	b, err := archive.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Find("http://example.com/a/")) != 1 {
		t.Error("loaded archive does not find its link")
	}
	if err := archive.Save(path, b); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if !bytes.Equal(first, second) {
		t.Error("saving an unchanged archive changed its bytes")
	}
	if err := archive.Update(path, "test", func(*archive.Archive) error { return fmt.Errorf("no") }); err == nil {
		t.Error("Update: fn's error was lost")
	}
	if third, _ := os.ReadFile(path); !bytes.Equal(first, third) {
		t.Error("a failed Update wrote the file")
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := map[string]string{
		"{\n  \"schema\": 1,\n  \"issues\": [\n}\n": "line 4",
		`{"schema": 3, "issues": []}`:               "newer",
		`{"issues": []}`:                            "not a weekly archive",
		`{"schema": 1, "issues": [], "x": 1}`:       "unknown field",
	}
	for data, want := range tests {
		_, err := archive.Decode("drafts/archive.json", []byte(data))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "drafts/archive.json") {
			t.Errorf("Decode(%q) = %v, want an error naming the file and %q", data, err, want)
		}
	}
}

// corpusIssues returns n issues in the email layout of about 15 items each.
func corpusIssues(n int) []string {
	out := make([]string, n)
	for i := range out {
		var urls []string
		for j := range 15 {
			urls = append(urls, fmt.Sprintf("https://example%d.com/%d/post-%d/", j%7, i, j))
		}
		d := issue(i+1, "2020-01-05", urls...)
		d.Footer = "If you received this email directly then you're already signed up, thanks!"
		out[i] = text.Format(d)
	}
	return out
}

// BenchmarkArchiveAdd reads 600 issues of about 15 items in the email
// layout, adds them to an archive and saves it, as one archive add does.
func BenchmarkArchiveAdd(b *testing.B) {
	issues := corpusIssues(600)
	path := filepath.Join(b.TempDir(), archive.FileName)
	b.ResetTimer()
	for b.Loop() {
		a := &archive.Archive{}
		for i, src := range issues {
			d, err := text.Parse(src)
			if err != nil {
				b.Fatal(err)
			}
			a.Add(archive.FromDraft(d, fmt.Sprint(i)))
		}
		if err := archive.Save(path, a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkArchiveLoad loads an archive of 10,000 links and builds its
// index: the fixed cost of weekly check before it looks anything up.
func BenchmarkArchiveLoad(b *testing.B) {
	a := &archive.Archive{}
	for i := range 667 {
		var urls []string
		for j := range 15 {
			urls = append(urls, fmt.Sprintf("https://site%d.example/%d/%d", j, i, j))
		}
		a.Add(archive.FromDraft(issue(i+1, "2020-01-05", urls...), ""))
	}
	path := filepath.Join(b.TempDir(), archive.FileName)
	if err := archive.Save(path, a); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		a, err := archive.Load(path)
		if err != nil {
			b.Fatal(err)
		}
		a.Find("https://example.com/")
	}
}
