package publish_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/publish"
)

// corpus is where the real issues are when the project sits beside ../shared.
var corpus = filepath.Join("..", "..", "..", "shared", "corpus", "devops-weekly")

const base = "https://example.com/archive/"

// realIssues reads the real issues as drafts, by number, skipping the test
// when they are not beside the project.
func realIssues(t testing.TB) map[int]*draft.Draft {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if len(files) == 0 {
		t.Skipf("the corpus is not beside the project (%s)", corpus)
	}
	out := map[int]*draft.Draft{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := format.Parse(data)
		if err != nil || d == nil {
			t.Fatalf("%s: %v", f, err)
		}
		d.Newsletter = "Devops Weekly"
		out[d.Number] = d
	}
	return out
}

// snapshot returns every file of the site and a hash of its bytes.
func snapshot(t testing.TB, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[strings.TrimPrefix(path, dir)] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRealIssues publishes the real issues one by one, in no order, and
// checks the site as readers and feed readers take it.
func TestRealIssues(t *testing.T) {
	t.Parallel()
	issues := realIssues(t)
	var nums []int
	for n := range issues {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	// Newest first, then the oldest, then the rest: each earlier issue
	// has to go in its place among those already there.
	order := append([]int{nums[len(nums)-1], nums[0]}, nums[1:len(nums)-1]...)
	slices.Reverse(order[2:])
	site := t.TempDir()
	opts := publish.Options{Site: site, BaseURL: base}
	for _, n := range order {
		res, err := publish.Publish(issues[n], opts)
		if err != nil {
			t.Fatalf("publish #%d: %v", n, err)
		}
		if want := filepath.Join(site, strconv.Itoa(n), "index.html"); res.Page != want {
			t.Errorf("#%d: page %s, want %s", n, res.Page, want)
		}
	}
	for i, n := range nums {
		page := readFile(t, filepath.Join(site, strconv.Itoa(n), "index.html"))
		checkHTML(t, page)
		root := parse(t, page)
		hrefs := map[string]bool{}
		for _, a := range all(root, atom.A) {
			hrefs[attr(a, "href")] = true
		}
		for _, u := range append(draftLinks(issues[n]), link.Find(issues[n].Footer)...) {
			if !hrefs[u] {
				t.Errorf("#%d: %s is not an <a href> on its page", n, u)
			}
		}
		prev, next := "", ""
		if i > 0 {
			prev = fmt.Sprintf("../%d/index.html", nums[i-1])
		}
		if i+1 < len(nums) {
			next = fmt.Sprintf("../%d/index.html", nums[i+1])
		}
		if got := relHref(root, "prev"); got != prev {
			t.Errorf("#%d: previous issue %q, want %q", n, got, prev)
		}
		if got := relHref(root, "next"); got != next {
			t.Errorf("#%d: next issue %q, want %q", n, got, next)
		}
		if !hrefs["../index.html"] {
			t.Errorf("#%d: no link to the index", n)
		}
		if !strings.Contains(text(root), fmt.Sprintf("%d minute read", draft.ReadingTime(issues[n].Words()))) {
			t.Errorf("#%d: no reading time", n)
		}
		if sec := emptySection(issues[n]); sec != "" && strings.Contains(string(page), ">"+sec+"</h2>") {
			t.Errorf("#%d: the empty section %q is on the page", n, sec)
		}
	}
	// The index: every issue, newest first, each a link to its page.
	index := readFile(t, filepath.Join(site, "index.html"))
	checkHTML(t, index)
	var listed []int
	for _, a := range all(parse(t, index), atom.A) {
		if m := regexp.MustCompile(`^(\d+)/index\.html$`).FindStringSubmatch(attr(a, "href")); m != nil {
			n, _ := strconv.Atoi(m[1])
			listed = append(listed, n)
		}
	}
	want := slices.Clone(nums)
	slices.Reverse(want)
	if !slices.Equal(listed, want) {
		t.Errorf("the index lists %v, want %v", listed, want)
	}
	// The feed: valid Atom, newest first, absolute links, the issue's HTML.
	f, err := gofeed.NewParser().ParseString(string(readFile(t, filepath.Join(site, "feed.xml"))))
	if err != nil {
		t.Fatal(err)
	}
	if f.FeedType != "atom" || len(f.Items) != len(nums) {
		t.Fatalf("feed %s with %d entries, want atom with %d", f.FeedType, len(f.Items), len(nums))
	}
	for i, it := range f.Items {
		n := want[i]
		link := base + strconv.Itoa(n) + "/"
		if it.Link != link || it.GUID != link {
			t.Errorf("entry %d: link %q, id %q, want %q", i, it.Link, it.GUID, link)
		}
		if it.UpdatedParsed == nil || it.UpdatedParsed.Format("2006-01-02") != issues[n].Date {
			t.Errorf("entry %d: updated %v, want %s", i, it.UpdatedParsed, issues[n].Date)
		}
		for _, u := range draftLinks(issues[n]) {
			if !strings.Contains(it.Content, `href="`+html.EscapeString(u)+`"`) {
				t.Errorf("entry %d: %s is not a link in its content", i, u)
				break
			}
		}
	}
	// Publishing again, in another order, gives the same bytes and writes
	// nothing.
	before := snapshot(t, site)
	for _, n := range nums {
		res, err := publish.Publish(issues[n], opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Written) > 0 {
			t.Errorf("publishing #%d again wrote %v", n, res.Written)
		}
	}
	if after := snapshot(t, site); !mapsEqual(before, after) {
		t.Errorf("publishing again changed the site")
	}
	// And a site built in number order is the same site.
	other := t.TempDir()
	for _, n := range nums {
		if _, err := publish.Publish(issues[n], publish.Options{Site: other, BaseURL: base}); err != nil {
			t.Fatal(err)
		}
	}
	if !mapsEqual(before, snapshot(t, other)) {
		t.Errorf("publishing in another order gave another site")
	}
}

// TestFeedLast20 keeps the newest 20 issues in the feed.
func TestFeedLast20(t *testing.T) {
	t.Parallel()
	var issues []*draft.Draft
	for n := 1; n <= 25; n++ {
		d := draft.New("Test Weekly", n, fmt.Sprintf("2024-01-%02d", n), []string{"News"})
		d.Intro = fmt.Sprintf("Issue %d.", n)
		d.Sections[0].Items = []draft.Item{{ID: "a", URLs: []string{fmt.Sprintf("https://example.com/%d", n)}, Blurb: "A post."}}
		issues = append(issues, d)
	}
	site := t.TempDir()
	res, err := publish.Rebuild(issues, publish.Options{Site: site, BaseURL: "https://example.com/weekly"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Issues != 25 || !res.Feed {
		t.Errorf("result %+v", res)
	}
	f, err := gofeed.NewParser().ParseString(string(readFile(t, filepath.Join(site, "feed.xml"))))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != publish.FeedIssues || f.Items[0].Link != "https://example.com/weekly/25/" || f.Items[19].Link != "https://example.com/weekly/6/" {
		t.Errorf("feed of %d entries from %s to %s", len(f.Items), f.Items[0].Link, f.Items[len(f.Items)-1].Link)
	}
	if f.UpdatedParsed == nil || f.UpdatedParsed.Format("2006-01-02") != "2024-01-25" {
		t.Errorf("the feed is updated %v, want the newest issue's date", f.UpdatedParsed)
	}
	// No base URL: no feed, and the index does not offer one.
	site = t.TempDir()
	if res, err = publish.Rebuild(issues[:2], publish.Options{Site: site}); err != nil || res.Feed {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(site, "feed.xml")); err == nil {
		t.Errorf("a feed without a base URL")
	}
	if bytes.Contains(readFile(t, filepath.Join(site, "index.html")), []byte("feed.xml")) {
		t.Errorf("the index offers a feed that is not there")
	}
}

// TestHostile: nothing a draft holds adds markup to a page, loads
// anything, or takes the navigation apart.
func TestHostile(t *testing.T) {
	t.Parallel()
	d := draft.New("Test <b>Weekly</b>", 3, "2024-01-21", []string{"News", "Empty"})
	d.Title = `"><script>alert(1)</script>`
	d.Intro = "Hello <script>alert(1)</script> and <nav class=\"pager\" aria-label=\"Issues\"> and </nav></article>"
	d.Sections[0].Items = []draft.Item{
		{ID: "a", URLs: []string{"https://example.com/a"}, Blurb: "![x](https://tracker.example/pixel.png) [click](javascript:alert(1)) <img src=x onerror=alert(1)>"},
		{ID: "b", URLs: []string{"https://example.com/b?x=1&y=<2>"}, Blurb: "<style>body{display:none}</style> \x1b[31mred\x1b[0m"},
	}
	d.Footer = "<iframe src=https://evil.example></iframe>"
	site := t.TempDir()
	if _, err := publish.Publish(d, publish.Options{Site: site, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	d2 := d.Clone()
	d2.Number = 4
	if _, err := publish.Publish(d2, publish.Options{Site: site, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"3/index.html", "4/index.html", "index.html"} {
		page := readFile(t, filepath.Join(site, name))
		checkHTML(t, page)
		root := parse(t, page)
		for _, a := range []atom.Atom{atom.Script, atom.Style, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Form} {
			if n := all(root, a); len(n) > 0 {
				t.Errorf("%s holds a <%s>", name, a)
			}
		}
		for _, n := range all(root, 0) {
			for _, at := range n.Attr {
				if strings.HasPrefix(at.Key, "on") || at.Key == "src" || at.Key == "style" || strings.Contains(strings.ToLower(at.Val), "javascript:") {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, at.Key, at.Val)
				}
			}
			if n.DataAtom == atom.Link && (strings.Contains(attr(n, "href"), "//")) {
				t.Errorf("%s loads %s", name, attr(n, "href"))
			}
		}
		if bytes.Contains(page, []byte("\x1b")) {
			t.Errorf("%s holds an escape sequence", name)
		}
	}
	root := parse(t, readFile(t, filepath.Join(site, "3/index.html")))
	if got := relHref(root, "next"); got != "../4/index.html" {
		t.Errorf("the navigation of #3 was taken apart: next %q", got)
	}
	if navs := all(root, atom.Nav); len(navs) != 1 {
		t.Errorf("%d nav elements on the page", len(navs))
	}
}

// TestNotOurs: a folder of someone else's site is never written over.
func TestNotOurs(t *testing.T) {
	t.Parallel()
	d := draft.New("Test Weekly", 3, "2024-01-21", []string{"News"})
	for _, c := range []struct{ file, want string }{
		{"index.html", "index.html was not written by weekly publish"},
		{"style.css", "style.css was not written by weekly publish"},
		{"3/index.html", "3/index.html was not written by weekly publish"},
		{"7/index.html", "7/index.html was not written by weekly publish"},
	} {
		site := t.TempDir()
		path := filepath.Join(site, c.file)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("<h1>My own site</h1>"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := publish.Publish(d, publish.Options{Site: site})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.file, err, c.want)
		}
		if got := readFile(t, path); string(got) != "<h1>My own site</h1>" {
			t.Errorf("%s was written over", c.file)
		}
	}
}

// draftLinks are the links of a draft's issue: the intro's and every
// placed item's (the footer is not the issue's: the feed leaves it out).
func draftLinks(d *draft.Draft) []string {
	urls := link.Find(d.Intro)
	for _, s := range d.Sections {
		for _, it := range s.Items {
			urls = append(urls, it.URLs...)
			urls = append(urls, link.Find(it.Blurb)...)
		}
	}
	return urls
}

// emptySection returns the name of a section of d without items, or "".
func emptySection(d *draft.Draft) string {
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			return s.Name
		}
	}
	return ""
}

func mapsEqual(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTitlesOnThePage: an item's title is the text of its link on the page
// too, which keeps the links' look, and the email's preheader and link to
// the page, meaningless on the page itself, are not there.
func TestTitlesOnThePage(t *testing.T) {
	t.Parallel()
	d := draft.New("Test Weekly", 3, "2024-01-21", []string{"News"})
	d.Intro = "First sentence here. Second one."
	d.Sections[0].Items = []draft.Item{
		{ID: "a", URLs: []string{"https://example.com/a", "https://example.com/a2"}, Blurb: "A post.", Title: "A <fetched> title & more"},
		{ID: "b", URLs: []string{"https://example.com/b"}, Blurb: "Untitled."},
	}
	site := t.TempDir()
	if _, err := publish.Publish(d, publish.Options{Site: site, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	page := readFile(t, filepath.Join(site, "3", "index.html"))
	checkHTML(t, page)
	root := parse(t, page)
	shown := map[string]string{}
	for _, a := range all(root, atom.A) {
		shown[attr(a, "href")] = text(a)
		if p := a.Parent; strings.HasPrefix(attr(a, "href"), "https://example.com/") && (p.DataAtom != atom.P || attr(p, "class") != "links") {
			t.Errorf("the link to %s is not in the item's links", attr(a, "href"))
		}
	}
	for href, want := range map[string]string{
		"https://example.com/a": "A <fetched> title & more", "https://example.com/a2": "https://example.com/a2",
		"https://example.com/b": "https://example.com/b",
	} {
		if shown[href] != want {
			t.Errorf("the link to %s shows %q, want %q", href, shown[href], want)
		}
	}
	if bytes.Contains(page, []byte("View this issue in your browser")) || bytes.Contains(page, []byte("display:none")) {
		t.Error("the page carries the email's link to itself or its hidden preheader")
	}
}
