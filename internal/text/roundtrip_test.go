package text_test

import (
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/text"
)

// An issue around the item under test: a plain-text email as sent.
const (
	rtHead = "DEVOPS WEEKLY\nISSUE #9 - 3rd March 2024\n\nHello.\n\n\nNews\n====\n\n"
	rtFoot = "\n\n\nIf you received this email directly then you're already signed up, thanks!\n"
)

// TestPlainTextComesBack: text that Markdown would read, in an email
// written as plain text, is exported exactly as it was imported, and the
// items stay apart. Each case is an email in the canonical spacing, so
// that the export must give it back byte for byte.
func TestPlainTextComesBack(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		body  string // the News section's items
		items int
		// spaced: the export puts the canonical blank lines where the
		// email had none between two items.
		spaced bool
	}{
		{"emphasis", "A *profitable* post, **twice**.\n\nhttps://a.example/", 1, false},
		{"star list", "A list:\n\n* one\n* two\n\nhttps://a.example/", 1, false},
		{"star list under its line", "Reasons:\n* one\n* two\n\nhttps://a.example/", 1, false},
		{"plus list", "+ plus\n+ more\n\nhttps://a.example/", 1, false},
		{"dash list, lazy line", "- one\nand more\n- two\n\nhttps://a.example/", 1, false},
		{"underscores", "Some _emphasis_ and __strong__, but snake_case stays.\n\nhttps://a.example/", 1, false},
		{"backticks", "Run `make test` or ``x``.\n\nhttps://a.example/", 1, false},
		{"hash at line start", "# not a heading\n## nor this\n\nhttps://a.example/", 1, false},
		{"numbered, repeated", "1. one\n1. again\n3) three\n\nhttps://a.example/", 1, false},
		{"html-like", "Use <b>bold</b>, <br> and <!-- this --> in <https://a.example/x>.\n\nhttps://b.example/", 1, false},
		{"entities", "A &amp; B &copy; &#42; &#x2A;\n\nhttps://a.example/", 1, false},
		{"fences", "```\ncode\n```\n~~~\nmore\n~~~\n\nhttps://a.example/", 1, false},
		{"tabs", "Text\n\tand a tabbed line\n\n\tindented block\n\nhttps://a.example/", 1, false},
		{"backslashes", "C:\\path\\ and a\\*b and a line end\\\nhere\n\nhttps://a.example/", 1, false},
		{"markdown link", "See [the docs](https://d.example/) and ![img](x) and [ref].\n\n[ref]: https://r.example/\n\nhttps://a.example/", 1, false},
		{"links with marks", "See https://a.example/*star*/_under_/x and *https://b.example/y* here.\n\nhttps://c.example/", 1, false},
		{"link lines with marks", "A post.\n\nhttps://a.example/*star*\nhttps://b.example/_x_/\n<https://c.example/>", 1, false},
		{"two items, no blank between", "First.\n\nhttps://a.example/\nSecond.\n\nhttps://b.example/", 2, true},
		{"two items, all one block", "First.\nhttps://a.example/\nSecond.\nhttps://b.example/\nThird.\nhttps://c.example/", 3, true},
		// What came back before, and must still: Markdown that Plain
		// writes as typed, or a list that is its own plain text, with
		// marks inside that escaping must not touch; and text right
		// under links without links of its own.
		{"numbered after text", "Steps:\n1. one\n2. two\n\nhttps://a.example/", 1, false},
		{"quote", "> quoted *text*\n> more\n\nhttps://a.example/", 1, false},
		{"setext line", "Looks like a heading\n---\n\nhttps://a.example/", 1, false},
		{"rules", "Above\n\n***\n\n- - -\n\n___\n\nhttps://a.example/", 1, false},
		{"indented code", "Text:\n\n    code *x* here\n    more_code_\n\nhttps://a.example/", 1, false},
		{"note under links stays", "First.\n\nhttps://a.example/\nAbout us: a note.\n\n\nSecond.\n\nhttps://b.example/", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := rtHead + tt.body + rtFoot
			d, err := text.Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(d.Sections[0].Items); n != tt.items {
				t.Errorf("%d items, want %d: %q", n, tt.items, blurbs(d))
			}
			want := src
			if tt.spaced {
				want = canonical(src)
			}
			if got := text.Format(d); got != want {
				t.Errorf("export differs from the email:\n got %q\nwant %q\nblurbs %q", got, want, blurbs(d))
			}
			again, err := text.Parse(text.Format(d))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(shapeOf(again), shapeOf(d)) {
				t.Errorf("import(export(import)) differs:\n%q\n%q", shapeOf(again), shapeOf(d))
			}
		})
	}
}

// TestPlainTextIsEscaped: imported text is Markdown with a backslash
// before each mark Markdown would read, and nothing else changed, so the
// Markdown and HTML exports show the characters the email had.
func TestPlainTextIsEscaped(t *testing.T) {
	t.Parallel()
	tests := []struct{ plain, blurb string }{
		{"A *profitable* post.", `A \*profitable\* post.`},
		{"Reasons:\n* one\n* two", "Reasons:\\\n\\* one\\\n\\* two"},
		{"- one\n- two", "- one\n- two"}, // a list whose plain text is itself
		{"snake_case and _x_", `snake_case and \_x\_`},
		// The link ends before the closing mark, as link.Find reads it.
		{"See https://a.example/*x* and https://b.example/a_b.", `See <https://a.example/*x>\* and https://b.example/a_b.`},
		{"A plain sentence, with https://a.example/ in it.", "A plain sentence, with https://a.example/ in it."},
	}
	for _, tt := range tests {
		d, err := text.Parse(rtHead + tt.plain + "\n\nhttps://z.example/" + rtFoot)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Sections[0].Items[0].Blurb; got != tt.blurb {
			t.Errorf("blurb of %q = %q, want %q", tt.plain, got, tt.blurb)
		}
	}
	d, err := text.Parse("X WEEKLY\nISSUE #3 - 1st May 2020\n\nThe *intro*.\n\n\nNews\n====\n\nA.\n\nhttps://a.example/\n\n\nIf you received this email directly, *thanks*!\n")
	if err != nil {
		t.Fatal(err)
	}
	if d.Intro != `The \*intro\*.` || d.Footer != `If you received this email directly, \*thanks\*!` {
		t.Errorf("intro %q, footer %q: want the asterisks escaped", d.Intro, d.Footer)
	}
}

// TestFooterRightUnderLinks: the footer printed right under the last
// item's link line, without a blank line, is still the footer.
func TestFooterRightUnderLinks(t *testing.T) {
	t.Parallel()
	src := rtHead + "A post.\n\nhttps://a.example/\nIf you received this email directly then you're already signed up, thanks!\n"
	d, err := text.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if it := d.Sections[0].Items[0]; it.Blurb != "A post." || !strings.HasPrefix(d.Footer, "If you received") {
		t.Errorf("blurb %q, footer %q", it.Blurb, d.Footer)
	}
	if got, want := text.Format(d), canonical(src); got != want {
		t.Errorf("export:\n%s\nwant\n%s", got, want)
	}
}

// canonical returns an email in the spacing the export writes: two blank
// lines before a paragraph that starts right under a link line.
func canonical(src string) string {
	lines := strings.Split(src, "\n")
	var out []string
	for i, l := range lines {
		if i > 0 && isLink(lines[i-1]) && l != "" && !isLink(l) {
			out = append(out, "", "")
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func isLink(l string) bool {
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "<http")
}

func blurbs(d *draft.Draft) []string {
	var out []string
	d.Items(func(_ draft.Pos, it *draft.Item) { out = append(out, it.Blurb) })
	return out
}

// shapeOf lists an imported issue's content, for comparing two imports.
func shapeOf(d *draft.Draft) []string {
	out := []string{d.Newsletter, d.Date, d.Header, d.Intro, d.Closing, d.Footer}
	for _, s := range d.Sections {
		out = append(out, "== "+s.Name)
		for _, it := range s.Items {
			out = append(out, it.Blurb, strings.Join(it.URLs, " "))
		}
	}
	return out
}

// variant rewrites the text lines of an issue's items (not its header,
// headings, links or footer), one line in every few, to hold what
// Markdown would read.
type variant struct {
	name  string
	every int                           // the line rewritten: one in every
	edit  func(line string) string      // the new text in place of the line
	issue func(lines []string) []string // or a change to the whole email
	// canonical: the export writes the original spacing back (the
	// variant only took blank lines out).
	canonical bool
}

var word = regexp.MustCompile(`\b[A-Za-z]{5,}\b`)

// markWord wraps the first long word of a line in open and close.
func markWord(open, close string) func(string) string {
	return func(l string) string {
		loc := word.FindStringIndex(l)
		if loc == nil {
			return l
		}
		return l[:loc[0]] + open + l[loc[0]:loc[1]] + close + l[loc[1]:]
	}
}

var variants = []variant{
	{name: "emphasis", every: 2, edit: markWord("*", "*")},
	{name: "strong", every: 3, edit: markWord("**", "**")},
	{name: "underscores", every: 2, edit: markWord("_", "_")},
	{name: "backticks", every: 3, edit: markWord("`", "`")},
	{name: "star list", every: 3, edit: func(l string) string { return l + "\n* first point\n* second *point*" }},
	{name: "plus list", every: 3, edit: func(l string) string { return l + "\n\n+ one\n+ two" }},
	{name: "dash list", every: 3, edit: func(l string) string { return "- " + l + "\n- another line" }},
	{name: "numbered", every: 3, edit: func(l string) string { return l + "\n1. first\n1. second\n3) third" }},
	{name: "hash", every: 2, edit: func(l string) string { return "# " + l }},
	{name: "quote", every: 2, edit: func(l string) string { return "> " + l + "\n> *quoted*" }},
	{name: "html-like", every: 2, edit: func(l string) string { return l + " Use <tag> and </tag>, <br> or &amp; &lt;." }},
	{name: "setext", every: 3, edit: func(l string) string { return l + "\n---" }},
	{name: "rule", every: 3, edit: func(l string) string { return l + "\n\n---\n\n***" }},
	{name: "tabs", every: 2, edit: func(l string) string { return l + "\n\ttabbed\tline" }},
	{name: "indented", every: 3, edit: func(l string) string { return l + "\n\n    indented *code*" }},
	{name: "trailing spaces", every: 1, edit: func(l string) string { return l + "  " }},
	{name: "links with marks", every: 2, edit: func(l string) string {
		return l + " See https://x.example/*a*/_b_/c and *https://y.example/d*."
	}},
	{name: "markdown link", every: 3, edit: func(l string) string { return l + " [docs](https://z.example/) [1]" }},
	{name: "backslashes", every: 3, edit: func(l string) string { return l + ` C:\dir\ a\*b \_` }},
	{name: "no blank after links", issue: noBlankAfterLinks, canonical: true},
	{name: "angle link lines", issue: angleLinks},
}

// noBlankAfterLinks prints each item right under the link lines of the
// one before, without the blank lines between.
func noBlankAfterLinks(lines []string) []string {
	var out []string
	for i := 0; i < len(lines); i++ {
		out = append(out, lines[i])
		if !isLink(lines[i]) {
			continue
		}
		j := i + 1
		for j < len(lines) && lines[j] == "" {
			j++
		}
		// The next item's text, with its own links below it.
		if j+2 < len(lines) && j > i+1 && !isLink(lines[j]) && lines[j+1] == "" && isLink(lines[j+2]) {
			i = j - 1
		}
	}
	return out
}

// angleLinks writes every link line in angle brackets.
func angleLinks(lines []string) []string {
	out := slices.Clone(lines)
	for i, l := range out {
		if isLink(l) {
			out[i] = "<" + l + ">"
		}
	}
	return out
}

// apply makes the variant of an issue.
func (v variant) apply(src string) string {
	lines := strings.Split(src, "\n")
	if v.issue != nil {
		return strings.Join(v.issue(lines), "\n")
	}
	// Item text: in a section, not a heading or its underline, not a link
	// line, not the footer.
	// Which lines change depends on their text, so that a paragraph
	// printed twice (a sponsor's, repeated before the footer) changes the
	// same way twice.
	section := false
	for i, l := range lines {
		next := ""
		if i+1 < len(lines) {
			next = lines[i+1]
		}
		switch {
		case underlineRe.MatchString(next):
			section = true
			continue
		case !section, l == "", underlineRe.MatchString(l), isLink(l), strings.HasPrefix(l, "If you received"):
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(l))
		if h.Sum32()%uint32(v.every) == 0 {
			lines[i] = v.edit(l)
		}
	}
	return strings.Join(lines, "\n")
}

// TestRoundTripCorpusVariants: every real issue, and every variant of it
// holding what Markdown would read, exports as it was imported, with as
// many items as the issue has, and imports again the same.
func TestRoundTripCorpusVariants(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	if len(files) == 0 {
		t.Skipf("no corpus at %s (it lives beside the project, not in it)", corpusDir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, name := string(data), filepath.Base(f)
		orig, err := text.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		items := itemCount(orig)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkRoundTrip(t, src, src, items)
			for _, v := range variants {
				vsrc := v.apply(src)
				if vsrc == src {
					t.Errorf("%s: the variant changed nothing", v.name)
					continue
				}
				want := vsrc
				if v.canonical {
					want = src
				}
				t.Run(v.name, func(t *testing.T) { checkRoundTrip(t, vsrc, want, items) })
			}
		})
	}
}

func itemCount(d *draft.Draft) int {
	n := 0
	d.Items(func(draft.Pos, *draft.Item) { n++ })
	return n
}

// checkRoundTrip imports src, and checks that the export is want (after
// normalising), that the issue has items items, and that the export
// imports as the same issue.
func checkRoundTrip(t *testing.T, src, want string, items int) {
	t.Helper()
	d, err := text.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	out := text.Format(d)
	if g, w := normalize(out), normalize(want); g != w {
		gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Errorf("export differs at line %d:\n got %q\nwant %q", i+1, gl[i], wl[i])
				break
			}
		}
		if len(gl) != len(wl) {
			t.Errorf("export has %d lines, want %d", len(gl), len(wl))
		}
	}
	if n := itemCount(d); n != items {
		t.Errorf("%d items, want %d", n, items)
	}
	again, err := text.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := shapeOf(again), shapeOf(d); !slices.Equal(a, b) {
		t.Errorf("import(export(import)) differs from import:\n%q\n%q", a, b)
	}
	// In the layout the export writes, the round trip is byte for byte.
	if twice := text.Format(again); twice != out {
		t.Errorf("the export of the export's import differs:\n%s\n----\n%s", out, twice)
	}
}
