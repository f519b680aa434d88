// Package text is the plain-text email layout of an issue, as DevOps Weekly
// and its peers send it: writing a draft in it, and reading a published issue
// back.
package text

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
)

// Write writes the draft in the email layout: the newsletter's name in upper
// case and the issue line (or the header an imported issue had), the intro, each non-empty section under a heading
// underlined with "=", and the footer, blocks separated by two blank lines.
//
// It is streamed: w gets the layout in pieces of about 32 KiB, each ending
// at the end of a line (never inside a character or a line), as soon as
// they are written, so that a long issue is never held whole.
func Write(w io.Writer, d *draft.Draft) error {
	lw := &lines{w: w, flushAt: 32 << 10}
	writeLayout(lw, d)
	return lw.flush()
}

// Format returns the draft in the email layout.
func Format(d *draft.Draft) string {
	lw := &lines{flushAt: -1}
	writeLayout(lw, d)
	return lw.b.String()
}

// lines gathers the layout and hands it to w in pieces that end with a
// line: at most flushAt bytes past a line's end (-1: never; the layout is
// then read from b).
type lines struct {
	w       io.Writer
	b       bytes.Buffer
	flushAt int
	err     error
}

func (l *lines) WriteString(s string) { l.b.WriteString(s) }

// lineEnd notes that what is written so far ends with a line, and hands it
// on once it is flushAt bytes long.
func (l *lines) lineEnd() {
	if l.flushAt >= 0 && l.b.Len() >= l.flushAt {
		_ = l.flush()
	}
}

// flush hands on what is written so far; the first error is kept.
func (l *lines) flush() error {
	if l.err == nil && l.b.Len() > 0 {
		_, l.err = l.w.Write(l.b.Bytes())
	}
	l.b.Reset()
	return l.err
}

// writeLayout writes the draft in the email layout to b.
func writeLayout(b *lines, d *draft.Draft) {
	if h := clean(d.Header); h != "" {
		// An imported issue whose top was not in the standard form.
		b.WriteString(h)
	} else {
		b.WriteString(strings.ToUpper(d.Newsletter))
		b.WriteString("\n")
		b.WriteString(IssueLine(d))
	}
	b.WriteString("\n")
	// One blank line after the issue line, two before every heading and
	// before the footer.
	sep := "\n"
	block := func(s string) {
		b.WriteString(sep)
		b.WriteString(s)
		sep = "\n\n\n"
	}
	var head []string
	if t := clean(d.Title); t != "" {
		head = append(head, t)
	}
	if t := prose(d.Intro); t != "" {
		head = append(head, t)
	}
	if len(head) > 0 {
		block(strings.Join(head, "\n\n"))
	} else {
		sep = "\n\n" // the header ends with its newline already
	}
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		b.WriteString(sep)
		sep = "\n\n\n"
		section(b, s)
	}
	if t := prose(d.Closing); t != "" {
		if sponsorWords().MatchString(t) && !repeatsEarlier(t, d.Sections) {
			// A sponsor's closing in words of its own is read back as the
			// closing, not as the last item, only when set further apart
			// (see cutClosing).
			b.WriteString("\n")
		}
		block(t)
	}
	if t := prose(d.Footer); t != "" {
		block(t)
	}
	b.WriteString("\n")
}

// repeatsEarlier reports whether the closing text t repeats, word for word,
// an item or the whole of a section before the last one written, as the
// reader finds a closing (see cutClosing).
func repeatsEarlier(t string, sections []draft.Section) bool {
	var written []draft.Section
	for _, s := range sections {
		if len(s.Items) > 0 {
			written = append(written, s)
		}
	}
	want := fold(t)
	var sponsors []string
	for _, s := range written[:max(len(written)-1, 0)] {
		var all []string
		for _, it := range s.Items {
			f := fold(Item(it))
			if f == want {
				return true
			}
			all = append(all, f)
		}
		if strings.Join(all, " ") == want {
			return true
		}
		if draft.IsSponsorHeading(s.Name) {
			sponsors = append(sponsors, all...)
		}
	}
	return len(sponsors) > 1 && strings.Join(sponsors, " ") == want
}

// IssueLine returns "ISSUE #519 - 6th December 2020".
func IssueLine(d *draft.Draft) string {
	date := d.Date
	if t, err := draft.ParseDate(d.Date); err == nil {
		date = draft.LongDate(t)
	}
	return "ISSUE #" + strconv.Itoa(d.Number) + " - " + date
}

// Section returns one section: its underlined heading and its items.
func Section(s draft.Section) string {
	lw := &lines{flushAt: -1}
	section(lw, s)
	return lw.b.String()
}

// section writes one section: its underlined heading and its items, the
// line before each item's handed on when there is enough (see lines).
func section(b *lines, s draft.Section) {
	b.WriteString(s.Name)
	b.WriteString("\n")
	b.WriteString(strings.Repeat("=", max(utf8.RuneCountInString(s.Name), 1)))
	b.WriteString("\n\n")
	for i, it := range s.Items {
		if i > 0 {
			b.WriteString("\n\n\n")
		}
		if b.lineEnd(); b.err != nil {
			return // the writer failed: the rest would go nowhere
		}
		b.WriteString(Item(it))
	}
}

// Item returns one item: its text, a blank line, and its URLs one a line.
// The blurb is Markdown, written out as plain text (see Plain); the URLs of
// its inline links come after the item's own. A URL that the text already
// carries (a sponsor's link inside a sentence) or that is listed already is
// not repeated.
func Item(it draft.Item) string {
	if strings.TrimSpace(it.Blurb) == "" {
		return withLinks(clean(it.Title), it.URLs, nil)
	}
	text, links := plainClean(it.Blurb)
	return withLinks(text, it.URLs, links)
}

// prose returns the intro or the footer: Markdown written out as plain
// text, with the URLs of its links on lines of their own after it.
func prose(s string) string {
	text, links := plainClean(s)
	return withLinks(text, nil, links)
}

// plainClean returns Markdown as plain text (see Plain), cleaned before and
// after.
func plainClean(s string) (string, []string) {
	src := clean(s)
	text, links := Plain(src)
	if text != src {
		text = clean(text)
	}
	return text, links
}

// withLinks returns text, a blank line, and the URLs that it does not
// carry already, one a line: the item's own as they are (one the text
// carries is left out once: a sponsor's link inside a sentence), then those
// of the text's links that are not among them, once each.
func withLinks(text string, own, links []string) string {
	var urls, carried []string // carried: own URLs the text carries, left out once
	for _, u := range own {
		if !slices.Contains(carried, u) && link.InText(text, u) {
			carried = append(carried, u)
			continue
		}
		urls = append(urls, u)
	}
	for _, u := range links {
		if !link.InText(text, u) && !slices.Contains(urls, u) {
			urls = append(urls, u)
		}
	}
	switch {
	case text == "":
		return strings.Join(urls, "\n")
	case len(urls) == 0:
		return text
	}
	return text + "\n\n" + strings.Join(urls, "\n")
}

// clean folds Windows line endings and trims the blank lines and trailing
// space around a block of text, keeping its inside as written.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}
