// Package format is the registry of the house styles weekly reads published
// issues in: each format says how sure it is that a text is an issue in it
// and parses it. import and archive add read issues through it, and it
// merges an issue into a draft.
package format

import (
	"bytes"
	"regexp"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/intake"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/text"
)

// Confidence is how sure a format is that a text is an issue in it.
type Confidence int

// The confidences, from none to sure.
const (
	No     Confidence = iota
	Maybe             // an issue line or heading, nothing more
	Likely            // the format's own headings as well
	Sure              // a mark only this format has, such as front matter
)

// Format is one house style: its name, how sure it is that a text is in it,
// and its reader.
type Format struct {
	Name   string
	Detect func(src string) Confidence
	Parse  func(src string) (*draft.Draft, error)
}

// All returns the formats weekly reads. When two are equally sure, the one
// listed first wins.
func All() []Format {
	return []Format{
		{Name: "markdown", Detect: detectMarkdown, Parse: markdown.Parse},
		{Name: "text", Detect: detectText, Parse: text.Parse},
	}
}

// underlined matches a heading underlined with "=", as the email layout
// writes its section headings.
var underlined = regexp.MustCompile(`(?m)^[ \t]*\S.*\r?\n[ \t]*=+[ \t]*\r?$`)

// detectText: an "ISSUE #N" line among the first lines, and likely with
// "="-underlined headings.
func detectText(src string) Confidence {
	switch {
	case !text.IsIssue(src):
		return No
	case underlined.MatchString(src):
		return Likely
	}
	return Maybe
}

// detectMarkdown: sure with front matter, maybe when it reads like a
// Markdown issue (which "="-underlined text also does: the email layout's
// Likely wins then).
func detectMarkdown(src string) Confidence {
	switch {
	case markdown.HasFrontMatter(src):
		return Sure
	case markdown.IsIssue(src):
		return Maybe
	}
	return No
}

// Detect returns the format data is in, and false when it is not a
// published issue: binary, a feed, bookmarks or a list of URLs (links for
// the inbox, which intake reads), or text no format recognises.
func Detect(data []byte) (Format, bool) {
	if bytes.IndexByte(data, 0) >= 0 || intake.Detect(data) != intake.None {
		return Format{}, false
	}
	src := string(data)
	var best Format
	top := No
	for _, f := range All() {
		if c := f.Detect(src); c > top {
			best, top = f, c
		}
	}
	return best, top > No
}

// Parse reads data as a published issue in the format Detect finds. It
// returns nil and no error when data is not an issue.
func Parse(data []byte) (*draft.Draft, error) {
	f, ok := Detect(data)
	if !ok {
		return nil, nil
	}
	return f.Parse(string(data))
}
