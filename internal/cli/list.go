package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

func newListCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the drafts, newest issue first",
		Long: `List the drafts in the drafts directory, newest issue first: name, issue
number, date, items placed in sections, items waiting in the inbox, reading
time and title. A draft that cannot be read is reported with the reason.`,
		Example: `  weekly list
  weekly list --dir ~/newsletter/drafts`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(app)
		},
	}
}

func runList(app *App) error {
	entries, err := app.Store().List()
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		fmt.Fprintf(app.Out, "No drafts in %s yet: weekly new starts one.\n", app.Store().Dir)
		return nil
	}
	tw := tabwriter.NewWriter(app.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DRAFT\tISSUE\tDATE\tITEMS\tINBOX\tREAD\tTITLE")
	for _, e := range entries {
		if e.Err != nil {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\tcannot be read (see below)\n", sanitize.Line(e.Name))
			continue
		}
		d := e.Draft
		placed, inbox := d.Count()
		fmt.Fprintf(tw, "%s\t#%d\t%s\t%d\t%d\t%d min\t%s\n", sanitize.Line(e.Name), d.Number, sanitize.Line(d.Date), placed, inbox,
			draft.ReadingTime(d.Words()), sanitize.Line(d.Title))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, e := range entries {
		if e.Err != nil {
			fmt.Fprintln(app.Err, sanitize.Text(e.Err.Error()))
		}
	}
	return nil
}
