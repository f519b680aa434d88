package publish

import (
	"fmt"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
)

// FeedIssues is how many issues the feed holds, the newest.
const FeedIssues = 20

// BaseURL checks the site's address for the feed's links and returns it
// ending in "/": an absolute http or https URL of the folder the site is
// served from (see link.SiteBase).
func BaseURL(raw string) (string, error) { return link.SiteBase(raw) }

// entry is one issue of the feed with its HTML.
type entry struct {
	Issue
	HTML string
}

// feed writes the Atom feed of entries, newest first. Every date is the
// issue's own (noon UTC, as the email's), never the time of publishing, so
// publishing again gives the same bytes.
func feed(newsletter, base string, entries []entry) ([]byte, error) {
	f := &feeds.Feed{
		Title:  newsletter,
		Link:   &feeds.Link{Href: base},
		Author: &feeds.Author{Name: newsletter},
	}
	for i, e := range entries {
		page := link.IssuePage(base, e.Number)
		at := noon(e.Date)
		if i == 0 {
			f.Updated = at
		}
		f.Add(&feeds.Item{
			Title:       e.Name() + titleTail(e.Issue),
			Link:        &feeds.Link{Href: page},
			Id:          page,
			Updated:     at,
			Created:     at,
			Description: escapeText(e.Summary),
			Content:     e.HTML,
		})
	}
	if f.Updated.IsZero() {
		f.Updated = epoch
	}
	s, err := f.ToAtom()
	if err != nil {
		return nil, fmt.Errorf("write the feed: %w", err)
	}
	return []byte(s + "\n"), nil
}

// titleTail is ": Title" when the issue has a title.
func titleTail(is Issue) string {
	if is.Title == "" {
		return ""
	}
	return ": " + is.Title
}

// escapeText escapes text for an Atom element of type html.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// noon is the issue's date at noon UTC, as its email is dated. A date that
// does not parse is a fixed one, so that the feed stays valid and the same.
func noon(date string) time.Time {
	t, err := draft.ParseDate(date)
	if err != nil {
		return epoch
	}
	return t.Add(12 * time.Hour)
}

// epoch is the date of an issue without one, and of a feed without issues.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
