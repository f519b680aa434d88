package text

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
)

// corpus is where the real issues are when the project sits beside ../shared.
var corpus = filepath.Join("..", "..", "..", "shared", "corpus", "devops-weekly")

var underlineRE = regexp.MustCompile(`(?m)^=+$`)

// normalize drops what the checks of real issues ignore: trailing white
// space and the length of = underlines.
func normalize(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return underlineRE.ReplaceAllString(strings.TrimRight(strings.Join(lines, "\n"), "\n"), "=")
}

// compose builds a draft from a regular issue the way an editor would with
// new, section and add: every block of text is a blurb, every run of URL
// lines the links of the blurb before it.
func compose(t *testing.T, src string) *draft.Draft {
	t.Helper()
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	m := regexp.MustCompile(`^ISSUE #(\d+) - (\d+)(?:st|nd|rd|th) (\w+) (\d+)$`).FindStringSubmatch(lines[1])
	if m == nil {
		t.Fatalf("no issue line in %q", lines[1])
	}
	date, err := time.Parse("2 January 2006", m[2]+" "+m[3]+" "+m[4])
	if err != nil {
		t.Fatal(err)
	}
	d := draft.New("Devops Weekly", 0, date.Format(time.DateOnly), nil)
	d.Number = atoi(m[1])
	blocks := regexp.MustCompile(`\n\s*\n`).Split(strings.TrimSpace(strings.Join(lines[2:], "\n")), -1)
	d.Intro, d.Footer = blocks[0], blocks[len(blocks)-1]
	url := regexp.MustCompile(`^https?://\S+$`)
	var text []string
	for _, b := range blocks[1 : len(blocks)-1] {
		bl := strings.Split(b, "\n")
		if len(bl) == 2 && underlineRE.MatchString(bl[1]) {
			if err := d.AddSection(bl[0], 0, false); err != nil {
				t.Fatal(err)
			}
			continue
		}
		allURLs := true
		for _, l := range bl {
			allURLs = allURLs && url.MatchString(l)
		}
		if !allURLs {
			text = append(text, b)
			continue
		}
		it := draft.Item{Blurb: strings.Join(text, "\n\n"), URLs: bl}
		text = nil
		if err := d.Append(len(d.Sections), it); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestComposedIssueMatchesTheEmail composes real issues from their parts and
// checks the export is the email as sent.
func TestComposedIssueMatchesTheEmail(t *testing.T) {
	for _, n := range []string{"519", "107"} { // issues with no irregular spacing
		t.Run(n, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(corpus, n+".txt"))
			if os.IsNotExist(err) {
				t.Skipf("the corpus is not beside the project (%s)", corpus)
			}
			if err != nil {
				t.Fatal(err)
			}
			d := compose(t, string(src))
			d.Newsletter = "DevOps Weekly"
			if got, want := normalize(Format(d)), normalize(string(src)); got != want {
				t.Errorf("export differs from issue %s:\n%s", n, firstDiff(got, want))
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + g[i] + "\nwant: " + w[i]
		}
	}
	return "lengths differ: got " + strconv.Itoa(len(g)) + " lines, want " + strconv.Itoa(len(w))
}

func TestLayout(t *testing.T) {
	d := draft.New("Ops Weekly", 7, "2021-03-02", []string{"Sponsor", "News", "Empty"})
	d.Sections[0].Items = []draft.Item{{Blurb: "Try Acme: https://acme.example/ today.", URLs: []string{"https://acme.example/"}}}
	d.Sections[1].Items = []draft.Item{
		{Blurb: "  First.\r\n\r\nSecond paragraph.  \n", URLs: []string{"https://a.example/", "https://b.example/"}},
		{Title: "Only a title", URLs: []string{"https://c.example/"}},
		{URLs: []string{"https://d.example/"}},
	}
	d.Footer = "Bye."
	want := `OPS WEEKLY
ISSUE #7 - 2nd March 2021


Sponsor
=======

Try Acme: https://acme.example/ today.


News
====

  First.

Second paragraph.

https://a.example/
https://b.example/


Only a title

https://c.example/


https://d.example/


Bye.
`
	if got := Format(d); got != want {
		t.Errorf("Format =\n%s\nwant\n%s", got, want)
	}
}

// pieces records each write it is given.
type pieces struct{ got []string }

func (p *pieces) Write(b []byte) (int, error) {
	p.got = append(p.got, string(b))
	return len(b), nil
}

// TestWriteStreamsWholeLines: a long issue reaches the writer in pieces as
// it is written, not as one string, each ending with a line (which the
// exports clean line by line, and the eml encodes, as they come), and
// together they are Format's bytes.
func TestWriteStreamsWholeLines(t *testing.T) {
	t.Parallel()
	d := draft.New("Ops Weekly", 7, "2021-03-02", []string{"News", "Tools"})
	d.Intro = "The *intro*."
	d.Footer = "Bye."
	for i := range 2000 {
		u := "https://example.com/" + strconv.Itoa(i)
		_ = d.Append(1+i%2, draft.Item{ID: strconv.Itoa(i), Blurb: "A *post* on é and [a link](" + u + "/more), " + strconv.Itoa(i) + ".", URLs: []string{u}})
	}
	var p pieces
	if err := Write(&p, d); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.got, ""); got != Format(d) {
		t.Fatalf("the pieces are not Format's bytes: %s", firstDiff(got, Format(d)))
	}
	if len(p.got) < 2 {
		t.Errorf("%d pieces for %d bytes: the export is held whole", len(p.got), len(Format(d)))
	}
	for i, s := range p.got {
		if !strings.HasSuffix(s, "\n") {
			t.Errorf("piece %d ends inside a line: …%q", i, s[max(len(s)-20, 0):])
		}
		if len(s) > 64<<10 {
			t.Errorf("piece %d is %d bytes", i, len(s))
		}
	}
}

// failing takes n writes, then fails.
type failing struct{ n int }

func (f *failing) Write(b []byte) (int, error) {
	if f.n--; f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(b), nil
}

// TestWriteStopsAtAnError: a writer that fails stops the export, and its
// error is returned.
func TestWriteStopsAtAnError(t *testing.T) {
	t.Parallel()
	d := draft.New("Ops Weekly", 7, "2021-03-02", []string{"News"})
	for i := range 3000 {
		_ = d.Append(1, draft.Item{ID: strconv.Itoa(i), Blurb: "A post, " + strconv.Itoa(i) + ".", URLs: []string{"https://example.com/" + strconv.Itoa(i)}})
	}
	w := &failing{n: 1}
	if err := Write(w, d); err == nil || err.Error() != "disk full" {
		t.Errorf("Write = %v, want the writer's error", err)
	}
	if w.n != -1 {
		t.Errorf("Write went on writing after the error (%d more writes)", -1-w.n)
	}
}
