package publish_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"golang.org/x/net/html/atom"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/publish"
)

// corpusArchive returns an archive of the real issues, each added from its
// file as weekly archive add adds it.
func corpusArchive(t testing.TB) *archive.Archive {
	t.Helper()
	a := &archive.Archive{Schema: archive.Schema}
	files, _ := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if len(files) == 0 {
		t.Skipf("the corpus is not beside the project (%s)", corpus)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := format.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		a.Add(archive.FromDraft(d, f))
	}
	return a
}

// TestRebuild: the site rebuilt from the archive is the site the issues
// were published into one by one; an issue whose file is gone gets a page
// of the links the archive keeps; another newsletter's issues stay out.
func TestRebuild(t *testing.T) {
	t.Parallel()
	a := corpusArchive(t)
	issues, src := publish.FromArchive(a, "Devops Weekly")
	if src.Files != len(a.Issues) || src.Links != 0 {
		t.Fatalf("sources %+v of %d issues", src, len(a.Issues))
	}
	rebuilt := t.TempDir()
	res, err := publish.Rebuild(issues, publish.Options{Site: rebuilt, BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	if res.Issues != len(a.Issues) {
		t.Errorf("%d issues on the site, want %d", res.Issues, len(a.Issues))
	}
	published := t.TempDir()
	for _, d := range realIssues(t) {
		if _, err := publish.Publish(d, publish.Options{Site: published, BaseURL: base}); err != nil {
			t.Fatal(err)
		}
	}
	if !mapsEqual(snapshot(t, rebuilt), snapshot(t, published)) {
		t.Errorf("the rebuilt site is not the published one")
	}
	// Rebuilding again writes nothing.
	if res, err = publish.Rebuild(issues, publish.Options{Site: rebuilt, BaseURL: base}); err != nil || len(res.Written) > 0 {
		t.Errorf("rebuilding again wrote %v (%v)", res.Written, err)
	}

	// A file that is gone: the links, under their sections.
	gone := a.Issues[0]
	gone.Number, gone.Source = 9000, filepath.Join(t.TempDir(), "gone.txt")
	a.Add(gone)
	other := a.Issues[1]
	other.Number, other.Newsletter = 9001, "SRE Weekly"
	a.Add(other)
	issues, src = publish.FromArchive(a, "Devops Weekly")
	if src.Links != 1 || len(issues) != src.Files+1 {
		t.Fatalf("sources %+v, %d issues", src, len(issues))
	}
	if _, err := publish.Rebuild(issues, publish.Options{Site: rebuilt, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	page := readFile(t, filepath.Join(rebuilt, "9000", "index.html"))
	checkHTML(t, page)
	root := parse(t, page)
	hrefs := map[string]bool{}
	for _, el := range all(root, atom.A) {
		hrefs[attr(el, "href")] = true
	}
	for _, it := range gone.Items {
		for _, u := range it.URLs {
			if !hrefs[u] {
				t.Errorf("%s is not a link on the page made of the archive's items", u)
			}
		}
		if it.Section != "" && !strings.Contains(text(root), it.Section) {
			t.Errorf("no section %q on the page made of the archive's items", it.Section)
		}
		if it.Section != "" && it.Blurb != "" && !strings.Contains(text(root), strings.Fields(it.Blurb)[0]) {
			t.Errorf("the blurb %q is not on the page made of the archive's items", it.Blurb)
		}
	}
	if _, err := os.Stat(filepath.Join(rebuilt, "9001")); err == nil {
		t.Errorf("another newsletter's issue was published")
	}
}

// TestHugo writes the issues as a Hugo site's content: TOML front matter
// Hugo reads, and the issue as Markdown that weekly reads back.
func TestHugo(t *testing.T) {
	t.Parallel()
	issues := realIssues(t)
	site := t.TempDir()
	opts := publish.Options{Site: site, Format: publish.Hugo}
	for _, d := range issues {
		res, err := publish.Publish(d, opts)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(site, "content", "issues", strconv.Itoa(d.Number)+".md"); res.Page != want {
			t.Errorf("page %s, want %s", res.Page, want)
		}
	}
	entries, _ := os.ReadDir(site)
	if len(entries) != 1 || entries[0].Name() != "content" {
		t.Errorf("a Hugo site gets content/ only, not %v", entries)
	}
	for n, d := range issues {
		src := readFile(t, filepath.Join(site, "content", "issues", fmt.Sprintf("%d.md", n)))
		head, body, ok := strings.Cut(strings.TrimPrefix(string(src), "+++\n"), "+++\n")
		if !ok || !strings.HasPrefix(string(src), "+++\n") {
			t.Fatalf("#%d: no TOML front matter", n)
		}
		var front struct {
			Title       string
			Date        string
			Number      int
			ReadingTime int `toml:"reading_time"`
		}
		if _, err := toml.Decode(head, &front); err != nil {
			t.Fatalf("#%d: %v", n, err)
		}
		if front.Title != fmt.Sprintf("Devops Weekly #%d", n) || front.Date != d.Date || front.Number != n || front.ReadingTime != draft.ReadingTime(d.Words()) {
			t.Errorf("#%d: front matter %+v", n, front)
		}
		if strings.Contains(body, "# Devops Weekly") {
			t.Errorf("#%d: the heading is in the body as well as the front matter", n)
		}
		back, err := format.Parse(src)
		if err != nil || back == nil {
			t.Fatalf("#%d: weekly does not read it back: %v", n, err)
		}
		if back.Number != n || back.Date != d.Date {
			t.Errorf("#%d read back as #%d of %s", n, back.Number, back.Date)
		}
		var want, got []string
		for _, s := range d.Sections {
			for _, it := range s.Items {
				want = append(want, it.URLs...)
			}
		}
		for _, s := range back.Sections {
			for _, it := range s.Items {
				got = append(got, it.URLs...)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("#%d: links read back\n%v\nwant\n%v", n, got, want)
		}
	}
	for _, d := range issues {
		if res, err := publish.Publish(d, opts); err != nil || len(res.Written) > 0 {
			t.Errorf("publishing again wrote %v (%v)", res.Written, err)
		}
	}
	// A page of the site's own is never written over.
	own := filepath.Join(site, "content", "issues", "1.md")
	if err := os.WriteFile(own, []byte("+++\ntitle = \"Mine\"\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := draft.New("Devops Weekly", 1, "2012-01-01", nil)
	if _, err := publish.Publish(d, opts); err == nil || !strings.Contains(err.Error(), "not written by weekly publish") {
		t.Errorf("error %v, want a refusal to write over the site's page", err)
	}
}
