package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

type setOptions struct {
	fields
}

func newSetCmd(app *App) *cobra.Command {
	opts := &setOptions{}
	cmd := &cobra.Command{
		Use:   "set DRAFT",
		Short: "Change a draft's number, date, title, intro or footer",
		Long:  `Change the issue fields of a draft. Only the fields given change.`,
		Example: `  weekly set 519 --date 2020-12-06
  weekly set 519 --intro "Starting out this week with a good post on..."
  weekly set 519 --title "The Kubernetes issue"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSet(app, opts, args[0])
		},
	}
	opts.register(cmd)
	return cmd
}

func runSet(app *App, opts *setOptions, name string) error {
	path, err := app.DraftPath(name)
	if err != nil {
		return err
	}
	if !opts.any() {
		return fmt.Errorf("nothing to set: give at least one of --newsletter, --number, --date, --title, --intro, --closing, --footer")
	}
	return store.Update(path, "weekly set", func(d *draft.Draft) error {
		return opts.apply(d)
	})
}
