package cli_test

import (
	"bytes"
	"context"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/cli"
	"github.com/weekly-dev/weekly/internal/email/emailtest"
)

// corpus is where the real issues are when the project sits beside ../shared.
var corpus = filepath.Join("..", "..", "..", "shared", "corpus", "devops-weekly")

// weekly runs the command line in this process against dir.
func weekly(t *testing.T, dir string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append([]string{"--dir", dir}, args...)
	if code := cli.Main(context.Background(), args, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("weekly %s: exit %d\n%s", strings.Join(args, " "), code, errOut.String())
	}
	return out.String()
}

var (
	issueLine = regexp.MustCompile(`^ISSUE #(\d+) - (\d+)(?:st|nd|rd|th) (\w+) (\d+)$`)
	underline = regexp.MustCompile(`(?m)^=+$`)
	urlLine   = regexp.MustCompile(`^https?://\S+$`)
)

// composeWithCLI builds a real issue the way an editor does from the shell:
// new with the intro and footer, section add for each heading, and add
// --section --blurb for each item (its text blocks, then its URL lines).
// It returns the draft's name and the issue's date.
func composeWithCLI(t *testing.T, dir, src string) (string, string) {
	t.Helper()
	lines := strings.Split(src, "\n")
	m := issueLine.FindStringSubmatch(lines[1])
	if m == nil {
		t.Fatalf("no issue line in %q", lines[1])
	}
	day, err := time.Parse("2 January 2006", m[2]+" "+m[3]+" "+m[4])
	if err != nil {
		t.Fatal(err)
	}
	name, date := m[1], day.Format(time.DateOnly)
	blocks := regexp.MustCompile(`\n\s*\n`).Split(strings.TrimSpace(strings.Join(lines[2:], "\n")), -1)
	weekly(t, dir, "new", name, "--newsletter", "Devops Weekly", "--date", date, "--intro", blocks[0], "--footer", blocks[len(blocks)-1])
	section := ""
	var text []string
	for _, b := range blocks[1 : len(blocks)-1] {
		bl := strings.Split(b, "\n")
		if len(bl) == 2 && underline.MatchString(bl[1]) {
			section = bl[0]
			weekly(t, dir, "section", name, "add", section)
			continue
		}
		all := true
		for _, l := range bl {
			all = all && urlLine.MatchString(l)
		}
		if !all {
			text = append(text, b)
			continue
		}
		args := append([]string{"add", name}, bl...)
		args = append(args, "--no-fetch", "--section", section)
		if len(text) > 0 {
			args = append(args, "--blurb", strings.Join(text, "\n\n"))
		}
		weekly(t, dir, args...)
		text = nil
	}
	return name, date
}

// normalize drops what the checks of real issues ignore: trailing white
// space, the length of = underlines and, for irregular issues, how many
// blank lines separate blocks.
func normalize(s string, blankRuns bool) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	s = underline.ReplaceAllString(strings.TrimSpace(strings.Join(lines, "\n")), "=")
	if blankRuns {
		s = regexp.MustCompile(`\n{3,}`).ReplaceAllString(s, "\n\n")
	}
	return s
}

// TestComposedIssueEmail makes real issues with the command line, exports
// each as eml and reads it back with the standard mail parsers.
func TestComposedIssueEmail(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if len(files) == 0 {
		t.Skipf("the corpus is not beside the project (%s)", corpus)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			// 519 and 107 are spaced regularly and composed item by item;
			// the others (sponsor text without links, repeated sponsors)
			// are imported, and compared up to blank-line runs.
			regular := strings.HasPrefix(filepath.Base(file), "519.") || strings.HasPrefix(filepath.Base(file), "107.")
			var name, date string
			if regular {
				name, date = composeWithCLI(t, dir, strings.ReplaceAll(string(src), "\r\n", "\n"))
			} else {
				name = strings.TrimSuffix(filepath.Base(file), ".txt")
				weekly(t, dir, "import", name, file)
				date = regexp.MustCompile(`"date": "([^"]+)"`).FindStringSubmatch(weekly(t, dir, "export", name, "--format", "json"))[1]
			}
			text := weekly(t, dir, "export", name, "--format", "text")
			out := filepath.Join(dir, name+".eml")
			weekly(t, dir, "export", name, "-o", out)
			msg, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if n := emailtest.LongestLine(msg); n > 998 {
				t.Errorf("a line of the message is %d characters long", n)
			}
			m, err := emailtest.Parse(msg)
			if err != nil {
				t.Fatal(err)
			}
			if want := "Devops Weekly #" + name; m.Subject != want {
				t.Errorf("Subject = %q, want %q", m.Subject, want)
			}
			if got := m.Date.Format(time.DateOnly); got != date {
				t.Errorf("Date %s is not the issue's, %s", got, date)
			}
			if m.Text != text {
				t.Errorf("the text part is not the text export")
			}
			if got, want := normalize(m.Text, !regular), normalize(string(src), !regular); got != want {
				t.Errorf("the text part is not the email as sent:\n%s", firstDiff(got, want))
			}
			hrefs := map[string]bool{}
			for _, h := range regexp.MustCompile(`<a [^>]*href="([^"]*)"`).FindAllStringSubmatch(m.HTML, -1) {
				hrefs[unescapeURL(html.UnescapeString(h[1]))] = true
			}
			urls := regexp.MustCompile(`https?://[^\s<>"]*[^\s<>".,;:!?)]`).FindAllString(m.Text, -1)
			if len(urls) < 5 {
				t.Fatalf("only %d links in the text", len(urls))
			}
			for _, u := range urls {
				if !hrefs[unescapeURL(u)] {
					t.Errorf("%s is not an <a href> in the HTML part", u)
				}
			}
			for _, bad := range []string{"<script", "<style", "<img", "<link", "<iframe", "<object", "<embed", "url(", "@import"} {
				if strings.Contains(strings.ToLower(m.HTML), bad) {
					t.Errorf("the HTML part holds %q", bad)
				}
			}
			if r := regexp.MustCompile(`(?i)<[^>]*\s(src|srcset|background)=`).FindString(m.HTML); r != "" {
				t.Errorf("the HTML part loads a resource: %s", r)
			}
		})
	}
}

func unescapeURL(u string) string {
	if s, err := url.PathUnescape(u); err == nil {
		return s
	}
	return u
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
