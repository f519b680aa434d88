package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/check"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

type checkOptions struct {
	online bool
}

func newCheckCmd(app *App) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check [DRAFT]",
		Short: "Find problems before it goes out",
		Long: `Report items without a blurb, URLs repeated in the draft, empty sections,
a date that is not YYYY-MM-DD, items whose id is empty or another item's
(the next save gives them new ones), URLs that are not http or https
links, and links that an issue in the archive
already carried (with that issue's number and date), one finding a line.
Links compare without scheme, "www.", trailing slash, fragment or tracking
parameters. Items marked with weekly set DRAFT --repeat-ok URL, and sponsor
sections, are not checked against the archive. Exits non-zero when it finds
anything.

With --online, also ask every link (HEAD, or GET where HEAD fails) whether it
answers, several at a time, and report each that does not, with its status or
error. On a terminal, standard error shows how many links have been checked.`,
		Example: `  weekly check 519 && weekly export 519 -o 519.txt
  weekly check 519 --online`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), app, opts, firstArg(args))
		},
	}
	cmd.Flags().BoolVar(&opts.online, "online", false, "also check that every link answers")
	return cmd
}

func runCheck(ctx context.Context, app *App, opts *checkOptions, name string) error {
	path, err := draftPath(app, name)
	if err != nil {
		return err
	}
	d, err := store.LoadQueued(path)
	if err != nil {
		return err
	}
	a, err := archive.Load(archive.Path(app.Store().Dir))
	if err != nil {
		return err
	}
	findings := append(check.Offline(d), check.Archived(d, a)...)
	if opts.online {
		findings = append(findings, check.Online(ctx, d, app.Fetcher(), progress(app.Err))...)
	}
	for _, f := range findings {
		fmt.Fprintln(app.Out, sanitize.Line(f.String()))
	}
	if len(findings) > 0 {
		return fmt.Errorf("%s: %d finding(s)", path, len(findings))
	}
	fmt.Fprintf(app.Out, "%s: no problems found\n", path)
	return nil
}

// progress returns a display of "checked N/M" on w when w is a terminal, and
// nil (no display) otherwise.
func progress(w io.Writer) func(done, total int) {
	if !isTerminal(w) {
		return nil
	}
	return func(done, total int) {
		fmt.Fprintf(w, "\rchecked %d/%d links", done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
