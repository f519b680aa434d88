package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/check"
	"github.com/weekly-dev/weekly/internal/store"
)

type checkOptions struct{}

func newCheckCmd(app *App) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check DRAFT",
		Short: "Find what is wrong with a draft before it goes out",
		Long: `Report items without a blurb, URLs repeated in the draft, empty sections,
URLs that are not http or https links, and links that an issue in the archive
already carried (with that issue's number and date), one finding a line.
Links compare without scheme, "www.", trailing slash, fragment or tracking
parameters. Items marked with weekly set DRAFT --repeat-ok URL, and sponsor
sections, are not checked against the archive. Exits non-zero when it finds
anything.`,
		Example:           `  weekly check 519 && weekly export 519 -o 519.txt`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(app, opts, args[0])
		},
	}
	return cmd
}

func runCheck(app *App, _ *checkOptions, name string) error {
	path, err := app.DraftPath(name)
	if err != nil {
		return err
	}
	d, err := store.Load(path)
	if err != nil {
		return err
	}
	a, err := archive.Load(archive.Path(app.Store().Dir))
	if err != nil {
		return err
	}
	findings := append(check.Offline(d), check.Archived(d, a)...)
	for _, f := range findings {
		fmt.Fprintln(app.Out, f)
	}
	if len(findings) > 0 {
		return fmt.Errorf("%s: %d finding(s)", path, len(findings))
	}
	fmt.Fprintf(app.Out, "%s: no problems found\n", path)
	return nil
}
