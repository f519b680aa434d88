package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
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
		Short: "Set number, date, title, intro or footer",
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
	return store.Update(path, "weekly set", func(d *draft.Draft) error {
		for _, u := range opts.repeatOK {
			if err := markRepeatOK(d, u); err != nil {
				return err
			}
		}
		return opts.apply(d)
	})
}

// markRepeatOK marks every item carrying u (compared in normalised form) as
// a deliberate repeat, which check does not report.
func markRepeatOK(d *draft.Draft, u string) error {
	key, n := link.Normalize(u), 0
	d.Items(func(_ draft.Pos, it *draft.Item) {
		for _, v := range it.URLs {
			if link.Normalize(v) == key {
				it.RepeatOK = true
				n++
				return
			}
		}
	})
	if n == 0 {
		return fmt.Errorf("--repeat-ok %s: no item of the draft carries that link", u)
	}
	return nil
}
