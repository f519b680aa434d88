package html

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/weekly-dev/weekly/internal/draft"
)

// parse writes d with opts and parses it back as a browser would.
func parse(t *testing.T, d *draft.Draft, opts Options) *html.Node {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d, opts); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// elements returns every element of kind a under n, in document order.
func elements(n *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && c.DataAtom == a {
			out = append(out, c)
		}
	}
	return out
}

// textOf returns the text under n as a reader sees it.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// titled is an issue whose intro and titles hold markup and references,
// as fetched titles and typed intros do.
func titled() *draft.Draft {
	d := issue()
	d.Intro = "Five posts on *Kubernetes* & <b>friends</b>, e.g. Vitess, by Dr. Jones. Then tools, as ever.\n\nA second paragraph."
	d.Sections[1].Items = []draft.Item{
		{ID: "a", Blurb: "A *good* post.", Title: `Scaling <script>alert("x")</script> & more`, URLs: []string{"https://a.example/post", "https://a.example/part-2"}},
		{ID: "b", Title: "Only a <title>", URLs: []string{"https://b.example/"}},
		{ID: "c", Blurb: "No title here.", URLs: []string{"https://c.example/"}},
		{ID: "d", Blurb: "Its own link: https://d.example/ is in the text.", Title: "Linked in the blurb", URLs: []string{"https://d.example/"}},
	}
	return d
}

func TestViewInBrowserLink(t *testing.T) {
	t.Parallel()
	const page = "https://news.example/archive/3/"
	var found []*html.Node
	for _, a := range elements(parse(t, titled(), Options{PageURL: page}), atom.A) {
		if textOf(a) == "View this issue in your browser" {
			found = append(found, a)
		}
	}
	if len(found) != 1 || attrOf(found[0], "href") != page {
		t.Fatalf("want one view-in-browser link to %s, found %d", page, len(found))
	}
	if n := found[0]; n.Parent.Parent == nil || attrOf(n.Parent, "style") == "" {
		t.Errorf("the link is not in a styled paragraph")
	}
	for _, a := range elements(parse(t, titled(), Options{}), atom.A) {
		if strings.Contains(textOf(a), "browser") {
			t.Errorf("without a page there is a link %q to %s", textOf(a), attrOf(a, "href"))
		}
	}
}

func TestPreheaderIsTheIntrosFirstSentenceHidden(t *testing.T) {
	t.Parallel()
	doc := parse(t, titled(), Options{PageURL: "https://news.example/3/"})
	body := elements(doc, atom.Body)[0]
	first := body.FirstChild
	for first != nil && first.Type != html.ElementNode {
		first = first.NextSibling
	}
	if first == nil || first.DataAtom != atom.Div {
		t.Fatal("the body does not start with the preheader's div")
	}
	style := attrOf(first, "style")
	for _, hide := range []string{"display:none", "mso-hide:all", "max-height:0", "overflow:hidden"} {
		if !strings.Contains(style, hide) {
			t.Errorf("the preheader is not hidden by %s: style=%q", hide, style)
		}
	}
	got := strings.TrimRight(textOf(first), "\u00a0\u200c")
	want := "Five posts on Kubernetes & <b>friends</b>, e.g. Vitess, by Dr. Jones."
	if got != want {
		t.Errorf("preheader %q, want the first sentence %q", got, want)
	}
	if first.FirstChild == nil || first.FirstChild.NextSibling != nil {
		t.Errorf("the preheader holds markup; it should be text only")
	}
	// The intro itself is still there, whole, after it.
	if !strings.Contains(textOf(body), "Then tools, as ever.") || !strings.Contains(textOf(body), "A second paragraph.") {
		t.Error("the intro lost its text")
	}

	d := titled()
	d.Intro = ""
	for _, div := range elements(parse(t, d, Options{}), atom.Div) {
		if strings.Contains(attrOf(div, "style"), "display:none") {
			t.Errorf("an issue without an intro has a preheader %q", textOf(div))
		}
	}
}

func TestItemLinksShowTheirTitles(t *testing.T) {
	t.Parallel()
	doc := parse(t, titled(), Options{})
	if s := elements(doc, atom.Script); len(s) > 0 {
		t.Fatalf("a title made a <script> element")
	}
	text := map[string][]string{} // href: the text of each link to it
	for _, a := range elements(doc, atom.A) {
		text[attrOf(a, "href")] = append(text[attrOf(a, "href")], textOf(a))
	}
	for href, want := range map[string][]string{
		"https://a.example/post":   {`Scaling <script>alert("x")</script> & more`}, // the item's title, as text
		"https://a.example/part-2": {"https://a.example/part-2"},                   // a second URL shows itself
		"https://b.example/":       {"Only a <title>"},                             // no blurb: the titled link alone
		"https://c.example/":       {"https://c.example/"},                         // no title: the URL
		"https://d.example/":       {"https://d.example/"},                         // linked in its blurb, once
	} {
		if got := text[href]; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("links to %s show %q, want %q", href, got, want)
		}
	}
	if got := strings.Count(textOf(doc), "Only a <title>"); got != 1 {
		t.Errorf("an item without a blurb shows its title %d times, want once (as its link)", got)
	}
}

func TestFirstSentence(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 100)
	for _, tc := range []struct{ in, want string }{
		{"One. Two.", "One."},
		{"Is it? Yes.", "Is it?"},
		{"Wow! Yes.", "Wow!"},
		{"No full stop at all", "No full stop at all"},
		{"Tools, e.g. Vitess. Next", "Tools, e.g. Vitess."},
		{"By J. Smith and Dr. Jones, today. Next", "By J. Smith and Dr. Jones, today."},
		{"Version 1.2 of Node.js is out. More", "Version 1.2 of Node.js is out."},
		{"see example.com. then more. Next", "see example.com. then more."},
		{`He said "go." Then left.`, `He said "go."`},
		{"  spread\n over\tlines.  Next ", "spread over lines."},
		{"Costs 5 vs. 6. Yes", "Costs 5 vs. 6."},
		{"", ""},
	} {
		if got := firstSentence(tc.in); got != tc.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := firstSentence(long); len([]rune(got)) > maxPreheader || !strings.HasSuffix(got, "…") {
		t.Errorf("a sentence of %d characters gave a preheader of %d: %q", len(long), len([]rune(got)), got)
	}
	if got := firstSentence("Bell\x07 and \x1b[31mred\x1b[0m. Next"); got != "Bell and red." {
		t.Errorf("controls stay in the preheader: %q", got)
	}
}
