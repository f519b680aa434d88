package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/check"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/spell"
	"github.com/weekly-dev/weekly/internal/store"
)

type checkOptions struct {
	online  bool
	noSpell bool
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
error. On a terminal, standard error shows how many links have been checked.
When no link can be asked because there is no network, it says so in one
line ("no network: nothing checked") and exits with status 2.

Spelling: every word of the title, intro, section headings, blurbs,
closing and footer that the dictionary does not know is reported with up
to three suggestions (News, item 2: "ver" — very? verb? vet?). The
dictionary is the en_US one weekly ships, or the Hunspell dictionary that
"spell" in drafts/settings.json names ("en_GB", from /usr/share/hunspell).
Never reported: URLs, code spans, acronyms, names with a capital inside
(GitHub), the field's common terms (Kubernetes, Datadog, ...), words of the
item's own links, names learned from the archive's issues, and the words of
drafts/.weekly/words, the newsletter's own list (one word a line; add a
word there to stop it being reported). --no-spell leaves spelling out.`,
		Example: `  weekly check 519 && weekly export 519 -o 519.txt
  weekly check 519 --online`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), app, opts, firstArg(args))
		},
	}
	cmd.Flags().BoolVar(&opts.online, "online", false, "also check that every link answers")
	cmd.Flags().BoolVar(&opts.noSpell, "no-spell", false, "do not check spelling")
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
	set, _, err := app.Store().Settings()
	if err != nil {
		return err
	}
	findings := append(check.Offline(d), check.Archived(d, a)...)
	findings = append(findings, check.LongSections(d, set.LongSection)...)
	if !opts.noSpell {
		sp, err := newSpeller(app, d, a)
		if err != nil {
			return err
		}
		misspelt, err := check.Spelling(d, sp)
		if err != nil {
			// The other checks still count: say why spelling was not.
			misspelt = []check.Finding{{Where: "spelling", Problem: fmt.Sprintf("not checked: %v (\"spell\" in %s; --no-spell leaves it out)", err, app.Store().SettingsPath())}}
		}
		findings = append(findings, misspelt...)
	}
	var offline error
	if opts.online {
		answered, err := check.Online(ctx, d, app.Fetcher(), progress(app.Err))
		findings = append(findings, answered...)
		offline = err
	}
	for _, f := range findings {
		fmt.Fprintln(app.Out, sanitize.Line(f.String()))
	}
	if offline != nil {
		// One line, not a resolver error for every link; exit status 2,
		// since the links are neither good nor known to be bad.
		return exitError{code: 2, err: offline}
	}
	if len(findings) > 0 {
		return fmt.Errorf("%s: %d finding(s)", path, len(findings))
	}
	fmt.Fprintf(app.Out, "%s: no problems found\n", path)
	return nil
}

// newSpeller returns the spell checker of the drafts directory for d: the
// dictionary its settings name, its word list, and the words learned from
// the archive's other issues. Nothing is loaded yet.
func newSpeller(app *App, d *draft.Draft, a *archive.Archive) (*spell.Checker, error) {
	st := app.Store()
	set, _, err := st.Settings()
	if err != nil {
		return nil, err
	}
	return spell.Newsletter(st.Dir, set.Spell, a, func(is *archive.Issue) bool { return is.Is(d.Newsletter, d.Number) })
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
