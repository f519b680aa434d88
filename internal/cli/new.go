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
	// blank starts from the settings alone, not from the newest draft.
	blank bool
}

func newNewCmd(app *App) *cobra.Command {
	opts := &newOptions{}
	cmd := &cobra.Command{
		Use:   "new [DRAFT]",
		Short: "Start a new draft",
		Long: `Start a new draft where the newest one ended: its newsletter's name, its
sections (their order, which is the sponsor's, which recur) and its footer;
the items of recurring sections, and the sponsor's item when settings say
"repeat_sponsor": true, are carried over, marked "from #N" until edited.
With --blank, or when there is no draft yet, the draft starts from the
settings: the name, footer and default sections (News and Tools unless
drafts/settings.json says otherwise).

A draft named by a number (weekly new 519) is that issue unless --number
says otherwise. Without a name, the draft takes the next issue number after
the newest draft or archived issue, and is named after it. The first draft
in a drafts directory also records --newsletter and --footer in
drafts/settings.json, so that later drafts inherit them.`,
		Example: `  weekly new 519 --newsletter "DevOps Weekly" --date 2020-12-06
  weekly new                      # the next issue, with today's date
  weekly new --blank              # from the settings alone
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
	cmd.Flags().BoolVar(&opts.blank, "blank", false, "start from the settings only, not from the newest draft")
	return cmd
}

func runNew(app *App, opts *newOptions) error {
	st := app.Store()
	set, exists, err := st.Settings()
	if err != nil {
		return err
	}
	today := app.Now().Format("2006-01-02")
	d, from, err := startFrom(st, today, set, opts.blank)
	if err != nil {
		return err
	}
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
	if from != "" {
		fmt.Fprintln(app.Err, from)
	}
	return nil
}

// startFrom returns the new draft as it starts: where the newest draft
// ended, or from the settings when blank or there is none; from says what
// was taken from where ("" for the settings).
func startFrom(st *store.Store, date string, set store.Settings, blank bool) (d *draft.Draft, from string, err error) {
	if !blank {
		path, _, err := st.Newest()
		if err != nil {
			return nil, "", err
		}
		if path != "" {
			last, err := store.LoadQueued(path)
			if err != nil {
				return nil, "", err
			}
			d = draft.Next(last, 0, date, set.RepeatSponsor)
			carried := 0
			d.Items(func(_ draft.Pos, it *draft.Item) {
				if it.Carried != 0 {
					carried++
				}
			})
			from = fmt.Sprintf("Started from #%d (%s): its sections and footer", last.Number, path)
			if carried > 0 {
				from += fmt.Sprintf(", and %s carried over", draft.Plural(carried, "item"))
			}
			return d, from + "; --blank starts from the settings instead.", nil
		}
	}
	d = draft.New(set.Newsletter, 0, date, set.Sections)
	d.Footer = set.Footer
	return d, "", nil
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
