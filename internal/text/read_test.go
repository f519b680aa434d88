package text_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/text"
)

// corpusDir holds real issues next to the project; tests over it skip when
// it is absent, as in a fresh clone.
const corpusDir = "../../../shared/corpus/devops-weekly"

var underlineRe = regexp.MustCompile(`^=+$`)

// normalize is what a round trip may change: trailing white space, the
// length of "=" underlines, and how many blank lines separate blocks (runs
// of blank lines count as one; the absence of one still counts).
func normalize(s string) string {
	var out []string
	blank := false
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l = strings.TrimRight(l, " \t\r")
		if l == "" {
			blank = true
			continue
		}
		if blank && len(out) > 0 {
			out = append(out, "")
		}
		blank = false
		if underlineRe.MatchString(l) {
			l = "="
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// roundTrip parses src, formats it again and reports the first line that
// differs after normalising.
func roundTrip(t *testing.T, name, src string) *draft.Draft {
	t.Helper()
	d, err := text.Parse(src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got, want := normalize(text.Format(d)), normalize(src)
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s: round trip differs at line %d:\n got: %q\nwant: %q", name, i+1, g, w)
				break
			}
		}
	}
	return d
}

// shape is a section as a test expects it: "Name:count", with ":s" for a
// sponsor section.
func shape(d *draft.Draft) []string {
	var out []string
	for _, s := range d.Sections {
		v := fmt.Sprintf("%s:%02d", s.Name, len(s.Items))
		if s.Sponsor {
			v += ":s"
		}
		out = append(out, v)
	}
	return out
}

func urls(d *draft.Draft) [][]string {
	var out [][]string
	for _, s := range d.Sections {
		for _, it := range s.Items {
			out = append(out, it.URLs)
		}
	}
	return out
}

func TestReadFixtures(t *testing.T) {
	tests := []struct {
		file           string
		newsletter     string
		number         int
		date           string
		keepsHeader    bool
		sections       []string
		urls           [][]string
		closing        string
		footer, intro  bool
		textOnlyBlurbs []string // blurbs that must be kept whole
	}{
		{
			file: "irregular_header.txt", newsletter: "DevOps Weekly", number: 12, date: "2014-03-03", keepsHeader: true,
			sections: []string{"News:01", "Tools:01"},
			urls:     [][]string{{"http://example.com/fridays"}, {"https://github.com/example/tail"}},
			footer:   true, intro: true,
		},
		{
			file: "same_line_header.txt", newsletter: "EXAMPLE WEEKLY", number: 45, date: "2014-06-01", keepsHeader: true,
			sections: []string{"News:01"},
			urls:     [][]string{{"https://example.org/one"}},
			intro:    true,
		},
		{
			file: "sponsors.txt", newsletter: "EXAMPLE WEEKLY", number: 301, date: "2016-10-02",
			sections: []string{"Sponsored event:01:s", "Acme sponsors Example Weekly:01:s", "News:01", "ConfX - The Conference of Things:01:s", "Tools:01"},
			urls: [][]string{{"http://ow.ly/abc123"}, {"https://acme.example/trial?utm_source=weekly"},
				{"https://example.com/reviews"}, {"http://bit.ly/confx"}, {"https://github.com/example/shlint"}},
			footer: true, intro: true,
			textOnlyBlurbs: []string{"Acme runs your pipelines. Start your free trial now: https://acme.example/trial?utm_source=weekly.\n\nAbout Acme: a second paragraph, after the link, in the same block."},
		},
		{
			file: "items.txt", newsletter: "EXAMPLE WEEKLY", number: 402, date: "2018-09-09",
			sections: []string{"News:07", "Jobs:01", "Tools:01"},
			urls: [][]string{
				{"https://example.com/events"}, {"https://example.com/a", "https://example.com/b"},
				{"https://example.com/c"}, {"https://example.com/d"}, {"https://example.com/e", "https://example.com/f"},
				nil, {"https://example.com/g"}, nil, {"https://example.com/docs", "https://github.com/example/tool"},
			},
			footer: true, intro: true,
			textOnlyBlurbs: []string{
				"A blurb with its link right under it\nhttps://example.com/e\nhttps://example.com/f",
				"A note without any link, kept as a text item.",
				"A blurb whose link line has a note after it.\n\nhttps://example.com/g (PDF)",
			},
		},
		{
			file: "closing.txt", newsletter: "EXAMPLE WEEKLY", number: 401, date: "2018-09-02",
			sections: []string{"Sponsor:01:s", "News:01", "Tools:01"},
			urls: [][]string{{"http://try.example.com/weekly"}, {"https://example.com/queues"},
				{"https://github.com/example/proxy"}},
			closing: "Ship with confidence. Reduce friction and break down silos:\n\nhttp://try.example.com/weekly",
			footer:  true, intro: true,
		},
		{
			file: "closing_reworded.txt", newsletter: "EXAMPLE WEEKLY", number: 230, date: "2015-05-31",
			sections: []string{"Sponsor:01:s", "News:01"},
			urls:     [][]string{{"http://brightbox.example/weekly"}, {"http://example.com/caches"}},
			closing:  "Example Weekly is sponsored by Brightbox Cloud, with servers in two zones.",
			footer:   true, intro: true,
		},
		{
			file: "closing_two.txt", newsletter: "EXAMPLE WEEKLY", number: 302, date: "2016-10-09",
			sections: []string{"Sponsor:01:s", "Sponsored:01:s", "News:01"},
			urls:     [][]string{{"http://one.example/", "http://bit.ly/one"}, {"http://ow.ly/two"}, {"https://example.com/post"}},
			closing:  "First sponsor: http://one.example/\n\nSign up now: http://bit.ly/one\n\nSecond sponsor's event.\n\nhttp://ow.ly/two",
			footer:   true, intro: true,
		},
		{
			file: "date_line.txt", newsletter: "EXAMPLE WEEKLY", number: 9, date: "2013-07-28", keepsHeader: true,
			sections: []string{"News:01"},
			urls:     [][]string{{"http://example.com/date-line"}},
		},
		{
			file: "no_footer.txt", newsletter: "EXAMPLE WEEKLY", number: 7, date: "2013-07-14",
			sections: []string{"News:02"},
			urls:     [][]string{{"http://example.com/1"}, {"http://example.com/2"}},
		},
		{
			file: "crlf.txt", newsletter: "EXAMPLE WEEKLY", number: 8, date: "2013-07-21",
			sections: []string{"News:01"},
			urls:     [][]string{{"http://example.com/crlf"}},
			footer:   true, intro: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "read", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !text.IsIssue(string(data)) {
				t.Errorf("IsIssue = false")
			}
			d := roundTrip(t, tt.file, string(data))
			if d.Newsletter != tt.newsletter || d.Number != tt.number || d.Date != tt.date {
				t.Errorf("header = %q #%d %s, want %q #%d %s", d.Newsletter, d.Number, d.Date, tt.newsletter, tt.number, tt.date)
			}
			if (d.Header != "") != tt.keepsHeader {
				t.Errorf("Header = %q, kept: want %v", d.Header, tt.keepsHeader)
			}
			if got := shape(d); !slices.Equal(got, tt.sections) {
				t.Errorf("sections = %q\nwant %q", got, tt.sections)
			}
			if got := urls(d); !slices.EqualFunc(got, tt.urls, func(a, b []string) bool { return slices.Equal(a, b) }) {
				t.Errorf("urls = %q\nwant %q", got, tt.urls)
			}
			if d.Closing != tt.closing {
				t.Errorf("closing = %q, want %q", d.Closing, tt.closing)
			}
			if (d.Footer != "") != tt.footer || (d.Intro != "") != tt.intro {
				t.Errorf("footer = %q, intro = %q", d.Footer, d.Intro)
			}
			for _, want := range tt.textOnlyBlurbs {
				found := false
				d.Items(func(_ draft.Pos, it *draft.Item) { found = found || it.Blurb == want })
				if !found {
					t.Errorf("no item keeps the blurb %q whole", want)
				}
			}
		})
	}
}

func TestReadKeepsPlainItemsApart(t *testing.T) {
	d, err := text.Parse("X WEEKLY\nISSUE #3 - 1st May 2020\n\nNews\n====\n\nA blurb.\n\nhttps://example.com/a\nhttps://example.com/b\n")
	if err != nil {
		t.Fatal(err)
	}
	it := d.Sections[0].Items[0]
	if it.Blurb != "A blurb." || !slices.Equal(it.URLs, []string{"https://example.com/a", "https://example.com/b"}) || it.ID == "" || it.Site != "example.com" {
		t.Errorf("item = %+v", it)
	}
}

func TestReadErrors(t *testing.T) {
	for _, src := range []string{
		"",
		"just some text\nwith lines\n",
		"https://example.com/a\nhttps://example.com/b\n",
		"## Issue 90 - 23rd September\n\nA Markdown page.\n",
		"<rss><channel><title>Issue 12</title></channel></rss>\n",
		"one\ntwo\nthree\nfour\nfive\nsix\nseven\nISSUE #1 - 1st May 2020\n",
	} {
		if text.IsIssue(src) {
			t.Errorf("IsIssue(%q) = true", src)
		}
		if _, err := text.Parse(src); err == nil || !strings.Contains(err.Error(), "ISSUE #N") {
			t.Errorf("Parse(%q) error = %v", src, err)
		}
	}
}

func TestReadSanitizes(t *testing.T) {
	d, err := text.Parse("X WEEKLY\nISSUE #3 - 1st May 2020\n\nNews\x1b]52;c;bad\x07\n====\n\nA \x1b[31mred\x1b[0m blurb.\u202e\n\nhttps://example.com/a\n")
	if err != nil {
		t.Fatal(err)
	}
	if s := d.Sections[0]; s.Name != "News" || s.Items[0].Blurb != "A red blurb." {
		t.Errorf("section %q, blurb %q", s.Name, s.Items[0].Blurb)
	}
}

// corpus lists the real issues with the sections they have, as read by eye.
var corpus = map[string][]string{
	"107.txt": {"Sponsor:01:s", "News:06", "Jobs:01", "Events:03", "Tools:05"},
	"229.txt": {"Sponsor:01:s", "Sponsored Event:01:s", "News:10", "Events:01", "Tools:02"},
	"300.txt": {"Sponsor:01:s", "Sponsored:01:s", "News:11", "Tools:03"},
	"400.txt": {"Sponsor:01:s", "News:07", "CNCF - Cloud Native Computing Foundation:01:s", "Tools:02"},
	"508.txt": {"env0 sponsors Devops Weekly:01:s", "News:09", "Tools:01"},
	"519.txt": {"StackHawk sponsors Devops Weekly:01:s", "News:07", "Tools:03"},
	"520.txt": {"Env0 sponsors Devops Weekly:01:s", "News:09", "Events:01", "Tools:03"},
	"600.txt": {"StackHawk sponsors Devops Weekly:01:s", "News:05", "Tools:04"},
	"650.txt": {"StackHawk sponsors Devops Weekly:01:s", "News:07", "Tools:02"},
	"690.txt": {"StackHawk sponsors Devops Weekly:01:s", "News:05", "Tools:02"},
}

// closings are the issues that repeat their sponsor before the footer.
var closings = map[string]bool{"229.txt": true, "300.txt": true, "400.txt": true}

func TestReadCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	if len(files) == 0 {
		t.Skipf("no corpus at %s (it lives beside the project, not in it)", corpusDir)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src := string(data)
			d := roundTrip(t, name, src)
			if want, ok := corpus[name]; ok && !slices.Equal(shape(d), want) {
				t.Errorf("sections = %q\nwant %q", shape(d), want)
			}
			if (d.Closing != "") != closings[name] {
				t.Errorf("closing = %q", d.Closing)
			}
			if !strings.HasPrefix(d.Footer, "If you received this email directly") || d.Intro == "" || d.Newsletter != "DEVOPS WEEKLY" || d.Date == "" || d.Header != "" {
				t.Errorf("footer %q, intro %q, newsletter %q, date %q, header %q", d.Footer, d.Intro, d.Newsletter, d.Date, d.Header)
			}
			// What a round trip may change does not change the issue read:
			// longer runs of blank lines, underline lengths, trailing spaces.
			p, err := text.Parse(perturb(src))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(shape(p), shape(d)) || !slices.EqualFunc(urls(p), urls(d), slices.Equal) || p.Closing != d.Closing || p.Footer != d.Footer {
				t.Errorf("perturbed spacing reads differently: %q", shape(p))
			}
			// Every link of the body is in an item, in order.
			skip := map[string]bool{}
			for _, u := range link.Find(d.Intro + "\n" + d.Footer) {
				skip[u] = true
			}
			var want, got []string
			for _, u := range link.Find(src) {
				if !skip[u] {
					want = append(want, u)
				}
			}
			for _, u := range urls(d) {
				for _, v := range u {
					if !slices.Contains(got, v) {
						got = append(got, v)
					}
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("item links\n got %q\nwant %q", got, want)
			}
		})
	}
}

// perturb changes what does not matter: runs of two or more blank lines
// become one to three lines longer, underlines a different length, and
// lines get trailing spaces.
func perturb(src string) string {
	lines := strings.Split(src, "\n")
	var out []string
	blank := 0
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			blank++
			continue
		}
		if blank >= 2 {
			blank += 1 + i%3
		}
		for range blank {
			out = append(out, strings.Repeat(" ", i%2))
		}
		blank = 0
		if underlineRe.MatchString(l) {
			l = strings.Repeat("=", 1+i%17)
		}
		out = append(out, l+strings.Repeat(" ", i%3))
	}
	return strings.Join(out, "\n")
}

// TestRepeatedURLStaysInItsItem: a URL printed twice under one item is two
// links of that item, in place, not folded into the blurb.
func TestRepeatedURLStaysInItsItem(t *testing.T) {
	t.Parallel()
	src := "DEVOPS WEEKLY\nISSUE #9 - 3rd March 2024\n\nHello.\n\n\nNews\n====\n\n" +
		"A post, and its follow-up at the same address.\n\nhttps://a.example/post\nhttps://b.example/\nhttps://a.example/post\n\n\n" +
		"If you received this email directly then you're already signed up, thanks!\n"
	d, err := text.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	it := d.Sections[0].Items[0]
	want := []string{"https://a.example/post", "https://b.example/", "https://a.example/post"}
	if it.Blurb != "A post, and its follow-up at the same address." || !slices.Equal(it.URLs, want) {
		t.Errorf("item = %q %q, want the blurb alone and links %q", it.Blurb, it.URLs, want)
	}
	if got := text.Format(d); got != src {
		t.Errorf("round trip:\n%s\nwant\n%s", got, src)
	}
}

// TestURLInSentenceAndOnItsLine: a URL that the blurb's text carries and
// that is printed again on its own line under the item stays a link of the
// item, and the blurb keeps only its text.
func TestURLInSentenceAndOnItsLine(t *testing.T) {
	t.Parallel()
	src := "DEVOPS WEEKLY\nISSUE #9 - 3rd March 2024\n\nHello.\n\n\nSponsor\n=======\n\n" +
		"Start your free trial now: https://acme.example/trial\n\nhttps://acme.example/trial\n\n\n" +
		"If you received this email directly then you're already signed up, thanks!\n"
	d, err := text.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	it := d.Sections[0].Items[0]
	if it.Blurb != "Start your free trial now: https://acme.example/trial" || len(it.URLs) != 2 {
		t.Errorf("item = %q %q, want the sentence as blurb and the URL line as a link", it.Blurb, it.URLs)
	}
	if got := text.Format(d); got != src {
		t.Errorf("round trip:\n%s\nwant\n%s", got, src)
	}
}
