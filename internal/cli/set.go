package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

type setOptions struct {
	fields
	repeatOK []string
}

func newSetCmd(app *App) *cobra.Command {
	opts := &setOptions{}
	cmd := &cobra.Command{
		Use:   "set [DRAFT]",
		Short: "Set the issue's fields",
		Long: `Change the issue fields of a draft. Only the fields given change.
--repeat-ok URL marks the items carrying URL as a deliberate repeat of an
earlier issue, which weekly check then does not report.`,
		Example: `  weekly set 519 --date 2020-12-06
  weekly set 519 --repeat-ok https://example.com/yearly-survey
  weekly set 519 --intro "Starting out this week with a good post on..."
  weekly set 519 --title "The Kubernetes issue"`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSet(app, opts, firstArg(args))
		},
	}
	opts.register(cmd)
	cmd.Flags().StringArrayVar(&opts.repeatOK, "repeat-ok", nil, "mark items with this URL as a deliberate repeat")
	return cmd
}

func runSet(app *App, opts *setOptions, name string) error {
	path, err := draftPath(app, name)
	if err != nil {
		return err
	}
	if !opts.any() && len(opts.repeatOK) == 0 {
		return fmt.Errorf("nothing to set: give at least one of --newsletter, --number, --date, --title, --intro, --closing, --footer, --repeat-ok")
	}
	var said []string
	queued, err := store.Change(path, "weekly set", func(d *draft.Draft) (draft.Change, error) {
		said = said[:0]
		var c draft.Change
		for _, u := range opts.repeatOK {
			ops, marked, err := markRepeatOK(d, u)
			if err != nil {
				return nil, err
			}
			c = append(c, ops...)
			switch {
			case marked == 0:
				said = append(said, fmt.Sprintf("%s was marked as a deliberate repeat already", u))
			default:
				said = append(said, fmt.Sprintf("Marked %s carrying %s as a deliberate repeat: weekly check no longer reports it", draft.Plural(marked, "item"), u))
			}
		}
		ops, err := opts.ops(d)
		return append(c, ops...), err
	})
	if err != nil {
		return err
	}
	for _, s := range said {
		fmt.Fprintln(app.Out, sanitize.Line(s))
	}
	if queued {
		fmt.Fprintf(app.Out, "Queued for the board that has %s open; it applies the change at once\n", store.Name(path))
	}
	return nil
}

// markRepeatOK returns the ops that mark every item carrying u (compared in
// normalised form) as a deliberate repeat, which check does not report.
func markRepeatOK(d *draft.Draft, u string) (draft.Change, int, error) {
	key, n := link.Normalize(u), 0
	var c draft.Change
	d.Items(func(p draft.Pos, it *draft.Item) {
		for _, v := range it.URLs {
			if link.Normalize(v) == key {
				n++
				if !it.RepeatOK {
					c = append(c, draft.Op{Kind: draft.OpEdit, Field: draft.FieldRepeatOK, From: p, Item: draft.Item{ID: it.ID}, After: "true"})
				}
				return
			}
		}
	})
	if n == 0 {
		return nil, 0, fmt.Errorf("--repeat-ok %s: no item of the draft carries that link", u)
	}
	return c, len(c), nil
}
