package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/index"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

func newArchiveCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "archive",
		Short: "Published issues: repeats, search",
		Long: `The archive is the issues already published, kept in archive.json in the
drafts directory: for each item, its section, title (when known), blurb and
links, one item a line (git diffs and merges it item by item). weekly check
reports every link of a draft that an archived issue carried, the board
marks such cards, weekly archive search finds what was said about a topic,
and weekly new numbers the next issue after the newest draft or archived
issue. An archive.json of an older weekly (links only) is read as it is and
written in the new shape by the next archive add; adding its issues again
brings in their blurbs.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newArchiveAddCmd(app), newArchiveListCmd(app), newArchiveSearchCmd(app))
	return cmd
}

func newArchiveAddCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "add FILE|DRAFT...",
		Short: "Add published issues to the archive",
		Long: `Add each published issue to the archive: a file in the plain-text email layout
or in Markdown, or a draft (by name, or a .json file) once it has gone out.
An issue already in the archive under the same number is replaced, never
doubled. Every file that can be read is added; those that cannot are
reported, and the command then exits non-zero. The search index is brought
up to date after the archive is saved; an add cut short (Ctrl-C) leaves the
archive as it was or with every issue in, and the next search rebuilds the
index.`,
		Example: `  weekly archive add issues/*.txt
  weekly archive add 519            # publish draft 519 into the archive`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runArchiveAdd(app, args)
		},
	}
}

func newArchiveListCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the archived issues, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runArchiveList(app)
		},
	}
}

func runArchiveAdd(app *App, args []string) error {
	var issues []archive.Issue
	var failed []string
	for _, arg := range args {
		d, source, err := readPublished(app, arg)
		if err == nil && d.Number < 1 {
			d.Number = numberFromName(arg)
		}
		if err == nil && d.Number < 1 {
			err = errors.New("no issue number in it (an \"ISSUE #N\" line, or a number in its title or front matter); name the file after the number, as 98.md")
		}
		if err != nil {
			failed = append(failed, fmt.Sprintf("cannot add %s: %v", arg, err))
			continue
		}
		issues = append(issues, archive.FromDraft(d, source))
	}
	path := archive.Path(app.Store().Dir)
	if len(issues) > 0 {
		var replaced []bool
		var total, links int
		var numbers []int
		for _, is := range issues {
			numbers = append(numbers, is.Number)
		}
		err := archive.Update(path, "weekly archive add", func(a *archive.Archive) error {
			for _, is := range issues {
				replaced = append(replaced, a.Add(is))
			}
			total, links = len(a.Issues), a.Links()
			return nil
		}, func(a *archive.Archive, before, after []byte) error {
			// The archive is saved: an index left behind is rebuilt by the
			// next search, so its failure is said, not returned.
			if err := index.Update(path, a, before, after, numbers); err != nil {
				fmt.Fprintf(app.Err, "weekly: the search index was not updated (%v); the next search builds it again\n", sanitize.Line(err.Error()))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i, is := range issues {
			verb := "Added"
			if replaced[i] {
				verb = "Replaced"
			}
			fmt.Fprintf(app.Out, "%s %s from %s: %d links\n", verb, sanitize.Line(is.Label()), sanitize.Line(is.Source), is.Links())
		}
		fmt.Fprintf(app.Out, "%s: %d issues, %d links\n", path, total, links)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s\n(%d of %d not added)", strings.Join(failed, "\n"), len(failed), len(args))
	}
	return nil
}

// readPublished reads an issue for the archive: a file in the email layout
// or Markdown, or a draft by name or .json path. It returns the issue and
// how to name its source.
func readPublished(app *App, arg string) (*draft.Draft, string, error) {
	info, err := os.Stat(arg)
	switch {
	case err == nil && info.IsDir():
		return nil, "", errors.New("is a directory; name the files in it (issues/*.txt)")
	case err == nil && strings.EqualFold(filepath.Ext(arg), ".json"):
		d, err := store.LoadQueued(arg)
		return d, arg, err
	case err == nil:
		data, err := os.ReadFile(arg)
		if err != nil {
			return nil, "", unwrapPath(err)
		}
		d, err := format.Parse(data)
		if err == nil && d == nil {
			err = errors.New("not a published issue: neither the plain-text email layout (NAME, \"ISSUE #N - DATE\", \"=\"-underlined headings) nor Markdown")
		}
		return d, arg, err
	case !errors.Is(err, fs.ErrNotExist):
		return nil, "", unwrapPath(err)
	}
	path, perr := app.DraftPath(arg)
	if perr != nil {
		return nil, "", perr
	}
	if _, err := os.Stat(path); err != nil {
		return nil, "", fmt.Errorf("no such file, and no draft %s", path)
	}
	d, err := store.LoadQueued(path)
	return d, path, err
}

func runArchiveList(app *App) error {
	path := archive.Path(app.Store().Dir)
	a, err := archive.Load(path)
	if err != nil {
		return err
	}
	if len(a.Issues) == 0 {
		fmt.Fprintf(app.Out, "The archive %s is empty: weekly archive add FILE... adds published issues.\n", path)
		return nil
	}
	tw := tabwriter.NewWriter(app.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ISSUE\tDATE\tLINKS\tSOURCE")
	for i := len(a.Issues) - 1; i >= 0; i-- {
		is := a.Issues[i]
		fmt.Fprintf(tw, "#%d\t%s\t%d\t%s\n", is.Number, sanitize.Line(is.Date), is.Links(), sanitize.Line(is.Source))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(app.Out, "%d issues, %d links\n", len(a.Issues), a.Links())
	return nil
}
