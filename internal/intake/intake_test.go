package intake

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		data string
		want Kind
	}{
		{"RSS", string(read(t, "rss.xml")), Feed},
		{"Atom", string(read(t, "atom.xml")), Feed},
		{"RSS 1.0 (RDF)", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>`, Feed},
		{"JSON Feed", string(read(t, "feed.json")), Feed},
		{"Firefox bookmarks", string(read(t, "bookmarks-firefox.html")), Bookmarks},
		{"Chrome bookmarks", string(read(t, "bookmarks-chrome.html")), Bookmarks},
		{"bookmarks without doctype", "<DL><p>\n<DT><A HREF=\"https://a.example/\">A</A>\n</DL>", Bookmarks},
		{"URL list", string(read(t, "urls.txt")), URLList},
		{"URL list with a bad line", "https://a.example/\nftp://b.example/\n", URLList},
		{"URL list with BOM", "\ufeffhttps://a.example/\n", URLList},
		{"a draft", `{"schema": 1, "newsletter": "DevOps Weekly", "number": 519}`, None},
		{"an issue's text", "DEVOPS WEEKLY\nISSUE #519 - 6th December 2020\n\nNews\n====\n\nA post.\n\nhttps://a.example/\n", None},
		{"an issue's Markdown", "# DevOps Weekly #519\n\n*6th December 2020*\n\n## News\n\nA post.\n\n<https://a.example/>\n", None},
		{"an HTML page", "<!doctype html><html><head><title>x</title></head><body><a href=\"https://a.example/\">a</a></body></html>", None},
		{"words", "hello world\n", None},
		{"only comments", "# nothing here\n\n", None},
		{"empty", "", None},
	}
	for _, tt := range tests {
		if got := Detect([]byte(tt.data)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestDetectCorpus checks that no published issue passes for a feed,
// bookmarks or URL list, so that import reads them as issues.
func TestDetectCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/devops-weekly/*.txt")
	if len(files) == 0 {
		t.Skip("no corpus at ../../../shared/corpus/devops-weekly (it lives beside the worktrees)")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if k := Detect(data); k != None {
			t.Errorf("%s: Detect = %v, want none", f, k)
		}
	}
}

func TestParseRSS(t *testing.T) {
	list, err := Parse(read(t, "rss.xml"), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{URL: "https://blog.example.com/post/new-kubernetes/", Title: "New Kubernetes & you", Description: "What changed in 1.20. And why."},
		{URL: "https://blog.example.com/post/terraform-modules/", Title: "Terraform modules, done right", Description: "Modules – the good way."},
	}
	if list.Kind != Feed || !reflect.DeepEqual(list.Entries, want) {
		t.Errorf("Parse = %v %#v,\nwant %#v", list.Kind, list.Entries, want)
	}
	wantSkipped := []string{
		`feed entry 3 ("A bookmarklet is no link"): URL "javascript:alert(document.cookie)": only http and https links are taken, not javascript links`,
		`feed entry 4 ("No link at all"): it has no link`,
	}
	if !reflect.DeepEqual(list.Skipped, wantSkipped) {
		t.Errorf("Skipped = %q,\nwant %q", list.Skipped, wantSkipped)
	}
}

func TestParseFeedResolvesAgainstBase(t *testing.T) {
	list, err := Parse(read(t, "rss.xml"), "http://127.0.0.1:8080/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	if got := list.Entries[1].URL; got != "http://127.0.0.1:8080/post/terraform-modules/" {
		t.Errorf("relative link resolved to %q", got)
	}
}

func TestParseAtom(t *testing.T) {
	list, err := Parse(read(t, "atom.xml"), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{URL: "https://releases.example.org/2.0", Title: "Version 2.0 is out", Description: "Faster builds and a new plugin API."},
		{URL: "https://releases.example.org/1.9", Title: "Version 1.9", Description: "Bug fixes."},
	}
	if !reflect.DeepEqual(list.Entries, want) || len(list.Skipped) != 0 {
		t.Errorf("Parse = %#v, skipped %q,\nwant %#v", list.Entries, list.Skipped, want)
	}
}

func TestParseJSONFeed(t *testing.T) {
	list, err := Parse(read(t, "feed.json"), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{URL: "https://json.example.com/one", Title: "First post", Description: "The first one."}}
	if !reflect.DeepEqual(list.Entries, want) {
		t.Errorf("Parse = %#v, want %#v", list.Entries, want)
	}
}

func TestParseBrokenFeed(t *testing.T) {
	_, err := Parse([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</titl`), "")
	if err == nil || !strings.HasPrefix(err.Error(), "read feed: ") {
		t.Errorf("err = %v, want a feed error", err)
	}
}

func TestParseHostileFeed(t *testing.T) {
	feed := "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item>" +
		"<title>Safe &amp;#x1b;]52;c;QQ==&amp;#x7; \u202eevil\u202c\u009b2J pay\u200bpal</title>" +
		"<link>https://a.example/</link>" +
		"<description>&lt;p&gt;x&amp;#x1b;[2J &amp;#155;2J y&lt;/p&gt;</description>" +
		"</item></channel></rss>"
	list, err := Parse([]byte(feed), "")
	if err != nil {
		t.Fatal(err)
	}
	e := list.Entries[0]
	for _, s := range []string{e.Title, e.Description} {
		for _, r := range s {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Errorf("%q carries %U", s, r)
			}
		}
	}
	// &#155; is "›" in HTML, as in Windows-1252: harmless.
	if e.Title != "Safe evil paypal" || e.Description != "x ›2J y" {
		t.Errorf("title %q, description %q", e.Title, e.Description)
	}
}

func TestParseBookmarks(t *testing.T) {
	list, err := Parse(read(t, "bookmarks-firefox.html"), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{URL: "https://sre.example.com/postmortems", Title: "Blameless postmortems & you", Description: "A guide to writing them, with templates."},
		{URL: "https://café.example.com/menu", Title: "Café menu – Zoë’s"},
		{URL: "https://observability.example.net/", Title: "Observability 101"},
	}
	if list.Kind != Bookmarks || !reflect.DeepEqual(list.Entries, want) {
		t.Errorf("Parse = %v %#v,\nwant %#v", list.Kind, list.Entries, want)
	}
	wantSkipped := []string{
		`bookmark 1 ("Recent Tags"): URL "place:parent=toolbar_____&sort=14&maxResults=10": only http and https links are taken, not place links`,
		`bookmark 4 ("Share"): URL "javascript:(function(){alert('bookmarklet')})()": only http and https links are taken, not javascript links`,
	}
	if !reflect.DeepEqual(list.Skipped, wantSkipped) {
		t.Errorf("Skipped = %q,\nwant %q", list.Skipped, wantSkipped)
	}

	list, err = Parse(read(t, "bookmarks-chrome.html"), "")
	if err != nil {
		t.Fatal(err)
	}
	want = []Entry{{URL: "https://github.com/replicate/replicate", Title: "replicate/replicate: Version control for ML"}}
	if !reflect.DeepEqual(list.Entries, want) || len(list.Skipped) != 1 || !strings.Contains(list.Skipped[0], `"file:///home/me/notes.txt"`) {
		t.Errorf("Parse = %#v, skipped %q", list.Entries, list.Skipped)
	}
}

func TestParseBookmarksLatin1(t *testing.T) {
	data := "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">\n" +
		"<DL><p><DT><A HREF=\"https://a.example/\">Caf\xe9</A></DL>"
	list, err := Parse([]byte(data), "")
	if err != nil || len(list.Entries) != 1 || list.Entries[0].Title != "Café" {
		t.Errorf("Parse = %#v, %v", list.Entries, err)
	}
}

func TestParseBookmarkletShortened(t *testing.T) {
	long := "javascript:" + strings.Repeat("void(0);", 500)
	data := "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p><DT><A HREF=\"" + long + "\">Tool</A></DL>"
	list, _ := Parse([]byte(data), "")
	if len(list.Skipped) != 1 || len(list.Skipped[0]) > 250 || !strings.Contains(list.Skipped[0], "not javascript links") {
		t.Errorf("Skipped = %q", list.Skipped)
	}
}

func TestParseURLList(t *testing.T) {
	list, err := Parse(read(t, "urls.txt"), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{URL: "https://blog.dave.tf/post/new-kubernetes/"},
		{URL: "http://127.0.0.1:8080/page.html"},
		{URL: "https://github.com/replicate/replicate"},
	}
	if list.Kind != URLList || !reflect.DeepEqual(list.Entries, want) {
		t.Errorf("Parse = %v %#v, want %#v", list.Kind, list.Entries, want)
	}
}

// TestParseURLListSkipsBadLines: a list of URLs with a # comment, a stray
// line and links weekly does not take is still a list: the good URLs are
// taken, every other line is named as skipped (as bookmarks are), and it is
// never read as a Markdown issue with a section called "comment".
func TestParseURLListSkipsBadLines(t *testing.T) {
	data := "# links for next week\nhttps://a.example/\nftp://b.example/file\nhttps://c.example/\nfile:///etc/passwd\nlook at this one\nhttps://d.example/\nhttps://e.example/\nhttps://f.example/\nhttps://g.example/\n"
	list, err := Parse([]byte(data), "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range list.Entries {
		got = append(got, e.URL)
	}
	if want := "https://a.example/ https://c.example/ https://d.example/ https://e.example/ https://f.example/ https://g.example/"; strings.Join(got, " ") != want {
		t.Errorf("entries %s, want %s", strings.Join(got, " "), want)
	}
	want := []string{
		`line 3: URL "ftp://b.example/file": only http and https links are taken, not ftp links`,
		`line 5: URL "file:///etc/passwd": only http and https links are taken, not file links`,
		`line 6: "look at this one" is not a URL`,
	}
	if !reflect.DeepEqual(list.Skipped, want) {
		t.Errorf("skipped %q,\nwant %q", list.Skipped, want)
	}
	small := "# comment\nhttps://a.example/x\nstray line\nhttps://b.example/y\n"
	if k := Detect([]byte(small)); k != URLList {
		t.Errorf("two URLs, a comment and a stray line are read as %v, not a list of URLs", k)
	}
	if k := Detect([]byte("DEVOPS WEEKLY\nISSUE #519 - 6th December 2020\n\nhttps://a.example/\nhttps://b.example/\n")); k == URLList {
		t.Error("an issue with bare links is read as a list of URLs")
	}
	if _, err := Parse([]byte("ftp://b.example/file\n"), ""); err == nil || !strings.Contains(err.Error(), "no http or https URL") {
		t.Errorf("a list with no URL weekly takes: %v", err)
	}
}

func TestParseUnknown(t *testing.T) {
	if _, err := Parse([]byte("Dear editor, here are some links"), ""); err != ErrUnknown {
		t.Errorf("err = %v, want ErrUnknown", err)
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a <b>bold</b> move", "a bold move"},
		{"<p>one</p><p>two</p>", " one  two "},
		{"x<br>y", "x y"},
		{"AT&amp;T &lt;3", "AT&T <3"},
		{"<style>p{}</style>text<script>alert(1)</script>", "text"},
		{"if a < b", "if a < b"},
	}
	for _, tt := range tests {
		if got := htmlText(tt.in); got != tt.want {
			t.Errorf("htmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
