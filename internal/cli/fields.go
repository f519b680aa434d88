package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// fields are the issue fields that new and set both take.
type fields struct {
	newsletter, date, title, intro, closing, footer string
	number                                          int
	flags                                           *cobra.Command
}

func (f *fields) register(cmd *cobra.Command) {
	f.flags = cmd
	fl := cmd.Flags()
	fl.StringVar(&f.newsletter, "newsletter", "", "the newsletter's name, such as \"DevOps Weekly\"")
	fl.IntVar(&f.number, "number", 0, "the issue number")
	fl.StringVar(&f.date, "date", "", "the issue date, YYYY-MM-DD")
	fl.StringVar(&f.title, "title", "", "an optional title for the issue")
	fl.StringVar(&f.intro, "intro", "", "the intro paragraph(s)")
	fl.StringVar(&f.closing, "closing", "", "free text before the footer (a repeated sponsor)")
	fl.StringVar(&f.footer, "footer", "", "the footer paragraph")
}

func (f *fields) changed(name string) bool { return f.flags.Flags().Changed(name) }

// any reports whether any field was given.
func (f *fields) any() bool {
	for _, name := range []string{"newsletter", "number", "date", "title", "intro", "closing", "footer"} {
		if f.changed(name) {
			return true
		}
	}
	return false
}

// apply writes every field given on the command line into d.
func (f *fields) apply(d *draft.Draft) error {
	ops, err := f.ops(d)
	if err != nil {
		return err
	}
	_, err = d.DoAll(ops)
	return err
}

// ops returns the edits that write every field given on the command line
// into d, leaving out those that change nothing.
func (f *fields) ops(d *draft.Draft) (draft.Change, error) {
	var c draft.Change
	edit := func(field draft.Field, before, after string) {
		if before != after {
			c = append(c, draft.Op{Kind: draft.OpEdit, Field: field, Before: before, After: after})
		}
	}
	if f.changed("newsletter") {
		name := sanitize.Line(f.newsletter)
		if name == "" {
			return nil, fmt.Errorf("--newsletter: the newsletter needs a name")
		}
		edit(draft.FieldNewsletter, d.Newsletter, name)
	}
	if f.changed("number") {
		if f.number < 1 {
			return nil, fmt.Errorf("--number %d: an issue number is 1 or more", f.number)
		}
		edit(draft.FieldNumber, strconv.Itoa(d.Number), strconv.Itoa(f.number))
	}
	if f.changed("date") {
		if _, err := draft.ParseDate(f.date); err != nil {
			return nil, fmt.Errorf("--date: %w", err)
		}
		edit(draft.FieldDate, d.Date, f.date)
	}
	if f.changed("newsletter") || f.changed("number") || f.changed("date") {
		edit(draft.FieldHeader, d.Header, "") // an imported header would no longer say the same
	}
	if f.changed("title") {
		edit(draft.FieldTitle, d.Title, sanitize.Line(f.title))
	}
	if f.changed("intro") {
		edit(draft.FieldIntro, d.Intro, cleanText(f.intro))
	}
	if f.changed("closing") {
		edit(draft.FieldClosing, d.Closing, cleanText(f.closing))
	}
	if f.changed("footer") {
		edit(draft.FieldFooter, d.Footer, cleanText(f.footer))
	}
	return c, nil
}

// cleanText is how text typed by the editor is stored: as written, with
// terminal controls removed (zero-width spaces and every other printable
// character kept), Windows line endings folded, surrounding blank lines
// trimmed.
func cleanText(s string) string {
	return strings.Trim(sanitize.Words(s), "\n")
}
