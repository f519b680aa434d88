package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

type newOptions struct {
	fields
	name string
}

func newNewCmd(app *App) *cobra.Command {
	opts := &newOptions{}
	cmd := &cobra.Command{
		Use:   "new [DRAFT]",
		Short: "Start a new draft",
		Long: `Start a new draft with the newsletter's settings: its name, footer and default
sections (News and Tools unless drafts/settings.json says otherwise).

A draft named by a number (weekly new 519) is that issue unless --number
says otherwise. Without a name, the draft takes the next issue number after
the newest draft or archived issue, and is named after it. The first draft
in a drafts directory also records --newsletter and --footer in
drafts/settings.json, so that later drafts inherit them.`,
		Example: `  weekly new 519 --newsletter "DevOps Weekly" --date 2020-12-06
  weekly new                      # the next issue, with today's date
  weekly new 520 --intro "Lots of infrastructure as code this week."`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.name = args[0]
			}
			return runNew(app, opts)
		},
	}
	opts.register(cmd)
	return cmd
}

func runNew(app *App, opts *newOptions) error {
	st := app.Store()
	set, exists, err := st.Settings()
	if err != nil {
		return err
	}
	d := draft.New(set.Newsletter, 0, app.Now().Format("2006-01-02"), set.Sections)
	d.Footer = set.Footer
	if err := opts.apply(d); err != nil {
		return err
	}
	if d.Newsletter == "" {
		return fmt.Errorf("no newsletter name: pass --newsletter NAME (the first draft records it in %s)", st.SettingsPath())
	}
	if n, err := strconv.Atoi(opts.name); d.Number == 0 && err == nil && n > 0 {
		d.Number = n // weekly new 519 starts issue 519
	}
	if d.Number == 0 {
		if d.Number, err = nextNumber(st); err != nil {
			return err
		}
	}
	name := opts.name
	if name == "" {
		name = strconv.Itoa(d.Number)
	}
	path, err := st.Path(name)
	if err != nil {
		return err
	}
	if err := store.Create(path, d); err != nil {
		return err
	}
	if !exists {
		set.Newsletter, set.Footer = d.Newsletter, d.Footer
		if err := st.SaveSettings(set); err != nil {
			return err
		}
		fmt.Fprintf(app.Err, "Recorded the newsletter's name and footer in %s for the next drafts.\n", st.SettingsPath())
	}
	fmt.Fprintf(app.Out, "Created %s: %s #%d, %s\n", path, sanitize.Line(d.Newsletter), d.Number, d.Date)
	return nil
}

// nextIssue returns the next issue's number (as nextNumber) and its date: a
// week after the date of the highest-numbered draft or archived issue, or ""
// when none has a date.
func nextIssue(st *store.Store) (int, string, error) {
	entries, err := st.List()
	if err != nil {
		return 0, "", err
	}
	a, err := archive.Load(archive.Path(st.Dir))
	if err != nil {
		return 0, "", err
	}
	highest, last := 0, ""
	for _, is := range a.Issues {
		if is.Number >= highest {
			highest, last = is.Number, is.Date
		}
	}
	for _, e := range entries {
		if e.Draft != nil && e.Draft.Number >= highest {
			highest, last = e.Draft.Number, e.Draft.Date
		}
	}
	date := ""
	if t, err := draft.ParseDate(last); err == nil {
		date = t.AddDate(0, 0, 7).Format("2006-01-02")
	}
	return highest + 1, date, nil
}

// nextNumber returns one more than the highest issue number among the
// drafts and the archived issues, or 1.
func nextNumber(st *store.Store) (int, error) {
	n, _, err := nextIssue(st)
	return n, err
}
