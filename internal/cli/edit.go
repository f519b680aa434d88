package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui"
)

type editOptions struct {
	// run runs the board until the editor quits; tests replace it.
	run func(m *tui.Model) error
}

func newEditCmd(app *App) *cobra.Command {
	opts := &editOptions{run: runProgram}
	cmd := &cobra.Command{
		Use:   "edit [DRAFT]",
		Short: "Open a draft on the board (the newest draft without a name)",
		Long: `Open a draft as a board: the inbox on the left, one column per section, each
link a card to pick up, carry and put down. enter writes a card's blurb in
place (E in $EDITOR, vi when it is not set), i the intro, F the number, date
and title; p shows the issue as readers will see it. Every change is saved
within a second and can be undone; ? shows every key.

Without a name, the draft with the highest issue number opens; when there is
none, weekly offers to create one. weekly with no command does the same.

One editor at a time: a second weekly edit of the same draft is refused,
naming the first. weekly add still works while the draft is open; its links
appear on the board.`,
		Example: `  weekly edit 519
  weekly                    # the newest draft`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeDrafts(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			return runEdit(app, opts, name)
		},
	}
	return cmd
}

// runProgram runs the board in the terminal.
func runProgram(m *tui.Model) error {
	_, err := tea.NewProgram(m).Run()
	return err
}

func runEdit(app *App, opts *editOptions, name string) error {
	path, err := editTarget(app, name)
	if err != nil || path == "" {
		return err
	}
	ed, err := store.OpenEditor(path, "weekly edit")
	if err != nil {
		return err
	}
	defer ed.Close()
	d, err := store.Load(path)
	if err != nil {
		return err
	}
	fetcher := app.Fetcher()
	fetchTitle := func(ctx context.Context, url string) (title, description string, err error) {
		p, err := fetcher.Fetch(ctx, url)
		return p.Title, p.Description, err
	}
	archivePath := archive.Path(app.Store().Dir)
	m := tui.New(ed, d, fetchTitle, tui.WithClock(app.Now), tui.WithGetenv(app.Getenv),
		tui.WithArchive(func() (*archive.Archive, error) { return archive.Load(archivePath) }), tui.WithDraftPath(path))
	if err := opts.run(m); err != nil {
		return fmt.Errorf("edit %s: %w", path, err)
	}
	if err := m.Unsaved(); err != nil {
		return fmt.Errorf("quit with the last changes to %s not saved: %w", path, err)
	}
	return nil
}

// editTarget returns the draft to open: the one named, else the one with the
// highest issue number, else one created after asking. It returns "" when
// the editor declines to create one.
func editTarget(app *App, name string) (string, error) {
	if name != "" {
		return app.DraftPath(name)
	}
	st := app.Store()
	entries, err := st.List()
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if e.Draft != nil {
			return e.Path, nil
		}
	}
	for _, e := range entries {
		fmt.Fprintln(app.Err, e.Err)
	}
	return offerNew(app, st)
}

// offerNew asks whether to start a draft in an empty drafts directory, and
// creates it with the next issue number and today's date.
func offerNew(app *App, st *store.Store) (string, error) {
	set, _, err := st.Settings()
	if err != nil {
		return "", err
	}
	in := bufio.NewReader(app.In)
	fmt.Fprintf(app.Err, "There are no drafts in %s yet. Start one now? [Y/n] ", st.Dir)
	answer, err := in.ReadString('\n')
	if err != nil && (!errors.Is(err, io.EOF) || answer == "") {
		fmt.Fprintln(app.Err)
		return "", fmt.Errorf("no drafts in %s: start one with weekly new --newsletter NAME", st.Dir)
	}
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "" && a != "y" && a != "yes" {
		fmt.Fprintln(app.Err, "Nothing created. weekly new --newsletter NAME starts a draft.")
		return "", nil
	}
	opts := &newOptions{}
	flags := &cobra.Command{}
	opts.register(flags)
	if set.Newsletter == "" {
		fmt.Fprint(app.Err, "The newsletter's name: ")
		newsletter, _ := in.ReadString('\n')
		if err := flags.Flags().Set("newsletter", strings.TrimSpace(newsletter)); err != nil {
			return "", err
		}
	}
	number, err := nextNumber(st)
	if err != nil {
		return "", err
	}
	opts.name = fmt.Sprint(number)
	if err := runNew(app, opts); err != nil {
		return "", err
	}
	return st.Path(opts.name)
}
