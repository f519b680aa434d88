// Package format is the registry of the formats weekly writes an issue in,
// and of those it reads published issues in: each has its names, its file
// endings, its writer and, when weekly reads it, how sure it is that a text
// is an issue in it and its reader. import, archive add, export and the
// board's e all go through it. It also merges an issue into a draft.
package format

import (
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

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

// Format is one format: its names, its file endings, its writer, and for a
// format weekly reads, how sure it is that a text is in it and its reader.
type Format struct {
	Name    string   // as --format takes it and the board's e shows it
	Aliases []string // other names --format takes
	// Ext are the file endings, in lower case, that mean this format; the
	// first is the one a new file gets beside the draft ("519.md").
	Ext    []string
	Detect func(src string) Confidence            // nil: weekly does not read it
	Parse  func(src string) (*draft.Draft, error) // nil: weekly does not read it
	// Write writes an issue: from a copy of the draft cleaned of escape
	// sequences, control characters and bidi overrides (see Clean), so
	// that no caller has to.
	Write func(w io.Writer, d *draft.Draft, opts Options) error
}

// All returns the formats, the default (text) first; the board's e goes
// round them in this order. When two readers are equally sure of a text,
// the one listed first wins.
func All() []Format {
	return []Format{
		{Name: "text", Aliases: []string{"txt"}, Ext: []string{".txt"}, Detect: detectText, Parse: text.Parse, Write: writeText},
		{Name: "markdown", Aliases: []string{"md"}, Ext: []string{".md", ".markdown"}, Detect: detectMarkdown, Parse: markdown.Parse, Write: clean(markdown.Write)},
		{Name: "html", Ext: []string{".html", ".htm"}, Write: writeHTML},
		// The draft itself is NAME.json: its export beside it is NAME.issue.json.
		{Name: "json", Ext: []string{".issue.json", ".json"}, Write: clean(writeJSON)},
		{Name: "eml", Aliases: []string{"email"}, Ext: []string{".eml"}, Write: writeEml},
	}
}

// Names returns the formats' names, in the order of All.
func Names() []string {
	var out []string
	for _, f := range All() {
		out = append(out, f.Name)
	}
	return out
}

// Named returns the format called name, or one of its aliases, in any case.
func Named(name string) (Format, bool) {
	name = strings.ToLower(name)
	for _, f := range All() {
		if f.Name == name || slices.Contains(f.Aliases, name) {
			return f, true
		}
	}
	return Format{}, false
}

// ForPath returns the format whose file ending path has, in any case
// ("issue.MD" is markdown), and false when no format has it.
func ForPath(path string) (Format, bool) {
	path = strings.ToLower(path)
	for _, f := range All() {
		for _, ext := range f.Ext {
			if strings.HasSuffix(path, ext) {
				return f, true
			}
		}
	}
	return Format{}, false
}

// underlined matches a heading underlined with "=", as the email layout
// writes its section headings.
var underlined = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^[ \t]*\S.*\r?\n[ \t]*=+[ \t]*\r?$`)
})

// detectText: an "ISSUE #N" line among the first lines, and likely with
// "="-underlined headings.
func detectText(src string) Confidence {
	switch {
	case !text.IsIssue(src):
		return No
	case underlined().MatchString(src):
		return Likely
	}
	return Maybe
}

// detectMarkdown: sure with front matter, likely when it has Markdown's
// headings or links among prose, so that it wins over an "ISSUE #N" line
// alone. "="-underlined text reads as Markdown too: the email layout, also
// likely then and listed first, wins.
func detectMarkdown(src string) Confidence {
	switch {
	case markdown.HasFrontMatter(src):
		return Sure
	case markdown.IsIssue(src):
		return Likely
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
		if f.Detect == nil {
			continue
		}
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
