package intake

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/net/html"

	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// bookmarksDoctype starts every browser's bookmark export.
const bookmarksDoctype = "<!doctype netscape-bookmark-file-1>"

// isBookmarks reports a Netscape bookmark file: its doctype, or, for
// exporters that leave it out, the <DL> of <DT><A HREF> entries it is made of.
func isBookmarks(data []byte) bool {
	start := bytes.TrimLeft(data[:min(len(data), 4096)], " \t\r\n")
	if hasPrefixFold(start, bookmarksDoctype) {
		return true
	}
	lower := bytes.ToLower(data[:min(len(data), 64<<10)])
	return bytes.Contains(lower, []byte("<dl")) && bytes.Contains(lower, []byte("<dt><a href="))
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// parseBookmarks reads every <A HREF> with its text as the title and the
// <DD> after it, if any, as the description. Folders are not kept: the inbox
// is flat.
func parseBookmarks(data []byte) List {
	list := List{Kind: Bookmarks}
	z := html.NewTokenizer(bytes.NewReader(fetch.Decode(data, "")))
	var (
		cur     *Entry // the bookmark being read
		href    string
		inA     bool
		inDD    bool
		title   strings.Builder
		descr   strings.Builder
		counter int
	)
	finish := func() {
		if cur == nil {
			return
		}
		cur.Description = clean(descr.String(), fetch.MaxDescription)
		list.Entries = append(list.Entries, *cur)
		cur, inDD = nil, false
		descr.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			finish()
			return list
		case html.TextToken:
			switch {
			case inA:
				title.Write(z.Text())
			case inDD:
				descr.Write(z.Text())
			}
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "a":
				finish()
				inA, href = true, ""
				title.Reset()
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" {
						href = strings.TrimSpace(string(v))
					}
				}
			case "dd":
				inDD = cur != nil
			case "dt", "dl", "h3":
				finish()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "a":
				if !inA {
					continue
				}
				inA = false
				counter++
				t := clean(title.String(), fetch.MaxTitle)
				if err := check(href); err != nil {
					what := fmt.Sprintf("bookmark %d", counter)
					if t != "" {
						what += fmt.Sprintf(" (%q)", t)
					}
					list.Skipped = append(list.Skipped, fmt.Sprintf("%s: %v", what, err))
					continue
				}
				cur = &Entry{URL: href, Title: t}
			case "dl":
				finish()
			}
		}
	}
}

// urlish matches a line that is meant as a URL: a scheme, a colon and no
// spaces. Lines like this that are not http or https URLs make parseURLList
// refuse the list, rather than the file pass for something else.
var urlish = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:\S+$`)
})

// lines calls fn with each line of data that is neither blank nor a
// comment, trimmed, and its 1-based number; fn returns false to stop.
func lines(data []byte, fn func(n int, line string) bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !fn(n, line) {
			return
		}
	}
}

// isURLList reports data read as a list of URLs: lines that are URLs,
// blank lines and # comments, with at least one URL and fewer other lines
// (a stray word, a note) than URLs. A published issue is never one: it has
// an "ISSUE #N" line, and a blurb for about every link.
func isURLList(data []byte) bool {
	urls, other, issue := 0, 0, false
	lines(data, func(_ int, line string) bool {
		switch {
		case urlish().MatchString(line):
			urls++
		case issueLine().MatchString(line):
			issue = true
			return false
		default:
			other++
		}
		return true
	})
	return !issue && urls > 0 && other < urls
}

// issueLine matches the line of a published issue that names it.
var issueLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^issue\s*#\s*\d+`)
})

// parseURLList takes every http or https URL of a list; a line that is not
// one is left out, and Skipped names it.
func parseURLList(data []byte) (List, error) {
	list := List{Kind: URLList}
	lines(data, func(n int, line string) bool {
		if _, err := link.Check(line); err != nil {
			if !urlish().MatchString(line) {
				err = fmt.Errorf("%q is not a URL", sanitize.Line(line))
			}
			list.Skipped = append(list.Skipped, fmt.Sprintf("line %d: %v", n, err))
		} else {
			list.Entries = append(list.Entries, Entry{URL: line})
		}
		return true
	})
	if len(list.Entries) == 0 {
		return List{}, fmt.Errorf("no http or https URL in the list:\n%s", strings.Join(list.Skipped, "\n"))
	}
	return list, nil
}
