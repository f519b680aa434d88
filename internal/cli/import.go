package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

type importOptions struct {
	feed string
}

func newImportCmd(app *App) *cobra.Command {
	opts := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import DRAFT [FILE...]",
		Short: "Import issues, feeds or links",
		Long: `Read each FILE into the draft, creating the draft if it does not exist. The
format is recognised from the content:

  - a published issue in the plain-text email layout (NAME, "ISSUE #N - DATE",
    "="-underlined headings, items of blurb and URL lines, the footer);
  - a Markdown issue (front matter, "#" or underlined headings, items as
    paragraphs or list entries with their links);
  - a feed (RSS, Atom or JSON Feed), a bookmarks file as browsers export it,
    or a list of URLs (one a line; blank lines and # comments skipped), whose
    links go to the inbox with their titles, leaving out links the draft has.

With --feed URL the feed is fetched over HTTP. FILE - reads standard input.

A new draft takes the first issue whole: number, date, intro, sections, items,
the sponsor text repeated before the footer, and the footer. Into a draft that
exists already, an issue is merged: its items join the sections of the same
name (new sections are added next to where they stood), items whose links the
draft already has are skipped, and only the draft's empty fields (date,
intro, footer...) are filled in. Nothing in the draft is replaced.`,
		Example: `  weekly import 400 archive/400.txt     # a new draft from an issue
  weekly import 519 old-issues/*.md      # merge Markdown issues
  weekly import 519 links.txt            # a list of URLs into the inbox
  weekly import 519 ~/bookmarks.html
  weekly import 519 --feed https://blog.example.com/feed.xml`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(app, opts, args[0], args[1:])
		},
	}
	cmd.Flags().StringVar(&opts.feed, "feed", "", "fetch the feed at this URL and import its links")
	return cmd
}

// input is one FILE of import: its bytes, and the issue it holds if it is
// one.
type input struct {
	file  string
	data  []byte
	issue *draft.Draft
}

func runImport(app *App, opts *importOptions, name string, files []string) error {
	path, err := app.DraftPath(name)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		if opts.feed == "" {
			return errors.New("nothing to import: give one or more files, or --feed URL")
		}
		return importFeed(app, path, opts.feed)
	}
	inputs := make([]input, len(files))
	for i, f := range files {
		var data []byte
		if f == "-" {
			data, err = io.ReadAll(app.In)
			f = "standard input"
		} else {
			data, err = os.ReadFile(f)
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", f, unwrapPath(err))
		}
		issue, err := format.Parse(data)
		if err != nil {
			return fmt.Errorf("read %s: %w", f, err)
		}
		inputs[i] = input{file: f, data: data, issue: issue}
	}
	created := false
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if inputs[0].issue != nil {
			if err := createFromIssue(app, path, inputs[0]); err != nil {
				return err
			}
			inputs = inputs[1:]
		} else if err := createBlank(app, path); err != nil {
			return err
		}
		created = true
	}
	for i, in := range inputs {
		if in.issue == nil {
			handled, err := importLinks(app, path, in.file, in.data)
			if err != nil {
				return err
			}
			if !handled {
				if created && i == 0 {
					_ = os.Remove(path) // the draft made for it holds nothing
				}
				return fmt.Errorf("cannot import %s: it is neither a published issue (the plain-text email layout or Markdown) nor a feed, bookmarks file or list of URLs", in.file)
			}
			continue
		}
		if err := mergeIssue(app, path, in); err != nil {
			return err
		}
	}
	if opts.feed != "" {
		return importFeed(app, path, opts.feed)
	}
	return nil
}

// unwrapPath drops the "open FILE:" that os errors carry, since the
// message names the file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// stamp marks imported items with where and when they came in.
func stamp(d *draft.Draft, now time.Time) {
	now = now.UTC().Truncate(time.Second)
	d.Items(func(_ draft.Pos, it *draft.Item) {
		it.Source, it.AddedAt = "import", now
		if it.Site == "" && len(it.URLs) > 0 {
			it.Site = link.Site(it.URLs[0])
		}
	})
}

// createFromIssue makes a new draft of the issue in in, with the
// newsletter's settings where the issue is silent.
func createFromIssue(app *App, path string, in input) error {
	st := app.Store()
	set, exists, err := st.Settings()
	if err != nil {
		return err
	}
	d := in.issue
	d.Newsletter = newsletterName(d.Newsletter, set.Newsletter)
	if d.Number == 0 {
		d.Number = numberFromName(in.file)
	}
	if d.Number == 0 {
		if d.Number, err = nextNumber(st); err != nil {
			return err
		}
	}
	if d.Date == "" && d.Header == "" {
		d.Date = app.Now().Format(time.DateOnly)
	}
	if d.Footer == "" {
		d.Footer = set.Footer
	}
	stamp(d, app.Now())
	if err := store.Create(path, d); err != nil {
		return err
	}
	if !exists && d.Newsletter != "" {
		set.Newsletter, set.Footer = d.Newsletter, d.Footer
		if err := st.SaveSettings(set); err != nil {
			return err
		}
		fmt.Fprintf(app.Err, "Recorded the newsletter's name and footer in %s for the next drafts.\n", st.SettingsPath())
	}
	placed, _ := d.Count()
	fmt.Fprintf(app.Out, "Created %s from %s: %s, %d sections, %d items\n", path, in.file, sanitize.Line(issueName(d)), len(d.Sections), placed)
	return nil
}

// createBlank makes a new draft as weekly new does, for files whose links go
// to its inbox.
func createBlank(app *App, path string) error {
	st := app.Store()
	set, _, err := st.Settings()
	if err != nil {
		return err
	}
	d := draft.New(set.Newsletter, numberFromName(path), app.Now().Format(time.DateOnly), set.Sections)
	d.Footer = set.Footer
	if d.Number == 0 {
		if d.Number, err = nextNumber(st); err != nil {
			return err
		}
	}
	return store.Create(path, d)
}

// mergeIssue merges the issue of in into the draft at path.
func mergeIssue(app *App, path string, in input) error {
	set, _, err := app.Store().Settings()
	if err != nil {
		return err
	}
	in.issue.Newsletter = newsletterName(in.issue.Newsletter, set.Newsletter)
	stamp(in.issue, app.Now())
	var r format.Merged
	err = store.Update(path, "weekly import", func(d *draft.Draft) error {
		r = format.Merge(d, in.issue)
		return nil
	})
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Merged %s (%s) into %s: %d items added", in.file, issueName(in.issue), path, r.Added)
	if r.Sections > 0 {
		msg += fmt.Sprintf(", %d new sections", r.Sections)
	}
	if r.Skipped > 0 {
		msg += fmt.Sprintf(", %d already in the draft", r.Skipped)
	}
	fmt.Fprintln(app.Out, sanitize.Line(msg))
	return nil
}

// newsletterName chooses the newsletter's name for an imported issue: the
// settings' spelling when it is the same name ("DEVOPS WEEKLY" is "DevOps
// Weekly"), else the issue's, in title case when it was all capitals.
func newsletterName(issue, settings string) string {
	switch {
	case issue == "" || strings.EqualFold(issue, settings):
		return settings
	case issue == strings.ToUpper(issue):
		words := strings.Fields(strings.ToLower(issue))
		for i, w := range words {
			r, n := utf8.DecodeRuneInString(w)
			words[i] = strings.ToUpper(string(r)) + w[n:]
		}
		return strings.Join(words, " ")
	}
	return issue
}

// numberFromName returns the issue number a file or draft name is made
// of ("400.txt", "drafts/098.md"), or 0.
func numberFromName(file string) int {
	base := filepath.Base(file)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	n, err := strconv.Atoi(base)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// issueName names an issue in messages: "DevOps Weekly #400, 26th August
// 2018".
func issueName(d *draft.Draft) string {
	s := fmt.Sprintf("#%d", d.Number)
	if d.Newsletter != "" {
		s = d.Newsletter + " " + s
	}
	if t, err := draft.ParseDate(d.Date); err == nil {
		s += ", " + draft.LongDate(t)
	}
	return s
}
