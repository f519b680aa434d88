package cli

import (
	"fmt"
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
	fl.StringVar(&f.closing, "closing", "", "free text before the footer, such as a repeated sponsor message")
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
	if f.changed("newsletter") {
		name := sanitize.Line(f.newsletter)
		if name == "" {
			return fmt.Errorf("--newsletter: the newsletter needs a name")
		}
		d.Newsletter = name
	}
	if f.changed("number") {
		if f.number < 1 {
			return fmt.Errorf("--number %d: an issue number is 1 or more", f.number)
		}
		d.Number = f.number
	}
	if f.changed("date") {
		if _, err := draft.ParseDate(f.date); err != nil {
			return fmt.Errorf("--date: %w", err)
		}
		d.Date = f.date
	}
	if f.changed("newsletter") || f.changed("number") || f.changed("date") {
		d.Header = "" // an imported header would no longer say the same
	}
	if f.changed("title") {
		d.Title = sanitize.Line(f.title)
	}
	if f.changed("intro") {
		d.Intro = cleanText(f.intro)
	}
	if f.changed("closing") {
		d.Closing = cleanText(f.closing)
	}
	if f.changed("footer") {
		d.Footer = cleanText(f.footer)
	}
	for _, name := range []string{"newsletter", "number", "date", "title", "intro", "closing", "footer"} {
		if f.changed(name) {
			d.Settle(name) // the editor has chosen: a merge conflict on it is settled
		}
	}
	return nil
}

// cleanText is how text typed by the editor is stored: control characters
// removed, Windows line endings folded, surrounding blank lines trimmed.
func cleanText(s string) string {
	return strings.Trim(sanitize.Markdown(s), "\n")
}
