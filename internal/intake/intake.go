// Package intake reads the files links arrive in: RSS and Atom feeds (and
// JSON Feed), browsers' Netscape bookmark files, and plain lists of URLs.
// Every entry comes out with a checked http or https URL and sanitised text.
package intake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Kind is what a file holds.
type Kind int

// The kinds of file intake reads.
const (
	None      Kind = iota // none of the kinds below
	Feed                  // an RSS, Atom or JSON feed
	Bookmarks             // a Netscape bookmark file, as browsers export them
	URLList               // one URL a line
)

// String returns the kind as messages name it.
func (k Kind) String() string {
	switch k {
	case Feed:
		return "feed"
	case Bookmarks:
		return "bookmarks file"
	case URLList:
		return "list of URLs"
	}
	return "unknown"
}

// Entry is one link read from a file, with what the file said about it.
// URL passed link.Check; Title and Description are single sanitised lines.
type Entry struct {
	URL         string
	Title       string
	Description string
}

// List is what Parse read from a file.
type List struct {
	Kind    Kind
	Entries []Entry
	// Skipped says, one message each, which entries were left out and why
	// (a bookmarklet, a feed item without a link). Each message names the
	// entry and is safe to print.
	Skipped []string
}

// ErrUnknown is returned by Parse for data that is none of the kinds.
var ErrUnknown = errors.New("not a feed, a bookmarks file or a list of URLs")

// Detect tells which kind of file data is, or None.
func Detect(data []byte) Kind {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch {
	case isFeed(data):
		return Feed
	case isBookmarks(data):
		return Bookmarks
	case isURLList(data):
		return URLList
	}
	return None
}

// Parse reads data as the kind Detect finds. base is the URL the data came
// from, if any: relative links in a feed are resolved against it (or against
// the feed's own link). A list of URLs with a line that is not an http or
// https URL is refused whole, naming each such line; a feed or bookmarks
// file keeps its good entries and reports the others in Skipped.
func Parse(data []byte, base string) (List, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch k := Detect(data); k {
	case Feed:
		return parseFeed(data, base)
	case Bookmarks:
		return parseBookmarks(data), nil
	case URLList:
		return parseURLList(data)
	}
	return List{}, ErrUnknown
}

// isFeed reports an RSS or Atom root element, or a JSON object that says it
// is a JSON Feed (a draft is JSON too).
func isFeed(data []byte) bool {
	switch gofeed.DetectFeedType(bytes.NewReader(data)) {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
		return true
	case gofeed.FeedTypeJSON:
		var head struct {
			Version string `json:"version"`
		}
		return json.Unmarshal(data, &head) == nil && strings.Contains(head.Version, "jsonfeed.org")
	}
	return false
}

func parseFeed(data []byte, base string) (List, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return List{}, fmt.Errorf("read feed: %v", err)
	}
	if base == "" {
		base = feed.Link
	}
	list := List{Kind: Feed}
	for i, it := range feed.Items {
		raw := it.Link
		if raw == "" && len(it.Links) > 0 {
			raw = it.Links[0]
		}
		title := clean(htmlText(it.Title), fetch.MaxTitle)
		name := fmt.Sprintf("feed entry %d", i+1)
		if title != "" {
			name += fmt.Sprintf(" (%q)", title)
		}
		if strings.TrimSpace(raw) == "" {
			list.Skipped = append(list.Skipped, name+": it has no link")
			continue
		}
		u, err := resolve(base, strings.TrimSpace(raw))
		if err != nil {
			list.Skipped = append(list.Skipped, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		list.Entries = append(list.Entries, Entry{URL: u, Title: title, Description: clean(htmlText(it.Description), fetch.MaxDescription)})
	}
	return list, nil
}

// resolve returns ref made absolute against base, checked.
func resolve(base, ref string) (string, error) {
	if r, err := url.Parse(ref); err == nil && !r.IsAbs() && base != "" {
		if b, err := url.Parse(base); err == nil && b.IsAbs() {
			ref = b.ResolveReference(r).String()
		}
	}
	if err := check(ref); err != nil {
		return "", err
	}
	return ref, nil
}

// check is link.Check with a long value (a bookmarklet can run to
// kilobytes) shortened in the message.
func check(raw string) error {
	_, err := link.Check(raw)
	if err == nil || len(raw) <= 120 {
		return err
	}
	msg := strings.Replace(err.Error(), fmt.Sprintf("%q", raw), fmt.Sprintf("%q", sanitize.Clip(raw, 80)), 1)
	return errors.New(msg)
}

// clean makes text from a file one sanitised line of at most n characters.
func clean(s string, n int) string {
	return sanitize.Clip(sanitize.Line(s), n)
}

// blockTags are the elements whose edges separate words.
var blockTags = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true, "tr": true,
	"td": true, "th": true, "dd": true, "dt": true, "hr": true, "figure": true, "figcaption": true,
}

// htmlText returns the text of an HTML fragment, as feeds carry in their
// descriptions (and sometimes titles): tags dropped, references decoded,
// scripts and styles left out. Plain text comes back as it was.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch {
			case tag == "script" || tag == "style":
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			case blockTags[tag]:
				b.WriteByte(' ')
			}
		}
	}
}
