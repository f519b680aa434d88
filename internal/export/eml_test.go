package export

import (
	"bytes"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/email/emailtest"
)

func TestEmlIsTheTextAndHTMLExports(t *testing.T) {
	t.Parallel()
	d := issue()
	var msg, text, page bytes.Buffer
	opts := Options{From: "Ops Weekly <editor@ops.example>", To: "Readers <list@ops.example>, ed@ops.example", Subject: "{newsletter} #{number}: {date}"}
	if err := WriteWith(&msg, d, "eml", opts); err != nil {
		t.Fatal(err)
	}
	if err := Write(&text, d, "text"); err != nil {
		t.Fatal(err)
	}
	if err := Write(&page, d, "html"); err != nil {
		t.Fatal(err)
	}
	if n := emailtest.LongestLine(msg.Bytes()); n > 998 {
		t.Errorf("a line is %d characters long", n)
	}
	m, err := emailtest.Parse(msg.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != text.String() {
		t.Errorf("the text part is not the text export:\n%s", m.Text)
	}
	if m.HTML != page.String() {
		t.Errorf("the HTML part is not the HTML export:\n%s", m.HTML)
	}
	if m.Subject != "Ops Weekly #88: 11th June 2023" {
		t.Errorf("Subject = %q", m.Subject)
	}
	if want := time.Date(2023, 6, 11, 12, 0, 0, 0, time.UTC); !m.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", m.Date, want)
	}
	if got := m.Header.Get("From"); got != `"Ops Weekly" <editor@ops.example>` {
		t.Errorf("From = %q", got)
	}
	if to, err := m.Header.AddressList("To"); err != nil || len(to) != 2 {
		t.Errorf("To = %v, %v", to, err)
	}
	// Every link of the text is a link in the HTML.
	hrefs := map[string]bool{}
	for _, h := range regexp.MustCompile(`<a [^>]*href="([^"]*)"`).FindAllStringSubmatch(m.HTML, -1) {
		hrefs[unescape(html.UnescapeString(h[1]))] = true
	}
	urls := regexp.MustCompile(`https?://\S+`).FindAllString(m.Text, -1)
	if len(urls) < 6 {
		t.Fatalf("only %d URLs in the text part", len(urls))
	}
	for _, u := range urls {
		if !hrefs[unescape(u)] {
			t.Errorf("%s is not a link in the HTML part", u)
		}
	}
	// No settings: no From or To, and the default subject.
	msg.Reset()
	if err := Write(&msg, d, "eml"); err != nil {
		t.Fatal(err)
	}
	if m, err := emailtest.Parse(msg.Bytes()); err != nil || m.Subject != "Ops Weekly #88" || m.Header.Get("From") != "" || m.Header.Get("To") != "" {
		t.Errorf("an eml without settings: %+v, %v", m, err)
	}
}

// unescape undoes the percent-encoding an href may add to a URL.
func unescape(u string) string {
	if s, err := url.PathUnescape(u); err == nil {
		return s
	}
	return u
}

func TestEmlRefusesBadSettingsAndDates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		opts Options
		date string
		want string
	}{
		{Options{From: "not an address"}, "2023-06-11", `from "not an address"`},
		{Options{To: "a@example.com; b@"}, "2023-06-11", `to "a@example.com; b@"`},
		{Options{}, "next week", `date "next week"`},
	} {
		d := issue()
		d.Date = tc.date
		err := Write(&bytes.Buffer{}, d, "eml")
		if tc.opts != (Options{}) {
			err = WriteWith(&bytes.Buffer{}, d, "eml", tc.opts)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v, %s: err = %v, want it to name %s", tc.opts, tc.date, err, tc.want)
		}
	}
}

// TestEmlTextPartStaysAsSent checks that what the HTML part gained (the
// link to the issue's page, the preheader, titles as link text) leaves the
// plain-text part as it was: the text export, byte for byte, bare URLs and
// all.
func TestEmlTextPartStaysAsSent(t *testing.T) {
	t.Parallel()
	d := issue()
	d.Sections[1].Items[0].Title = "Platform pitfalls, a fetched title"
	var msg bytes.Buffer
	if err := WriteWith(&msg, d, "eml", Options{SiteURL: "https://ops.example/archive"}); err != nil {
		t.Fatal(err)
	}
	m, err := emailtest.Parse(msg.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "issue.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != string(want) {
		t.Errorf("the text part changed:\n%s\nwant testdata/issue.txt:\n%s", m.Text, want)
	}
	for _, bare := range []string{"\nhttps://blog.example.com/platform-pitfalls/\n", "\nhttps://news.example.net/x\n"} {
		if !strings.Contains(m.Text, bare) {
			t.Errorf("the text part lacks the bare URL line %q", bare)
		}
	}
	for _, want := range []string{
		`href="https://ops.example/archive/88/">View this issue in your browser</a>`,
		`href="https://blog.example.com/platform-pitfalls/">Platform pitfalls, a fetched title</a>`,
		`Platform teams, database scaling and a new tool for SBOMs this week.&nbsp;`,
	} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("the HTML part lacks %s", want)
		}
	}
	if err := WriteWith(&msg, d, "eml", Options{SiteURL: "javascript:alert(1)"}); err == nil || !strings.Contains(err.Error(), "site_url") {
		t.Errorf("a site_url that is no web address: %v", err)
	}
}
