package cli

import (
	"github.com/weekly-dev/weekly/internal/export"

	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui"
)

type editOptions struct {
	// run runs the board until the editor quits; tests replace it.
	run func(m *tui.Model) error
	// signals are SIGHUP, SIGTERM and SIGINT while the board is open.
	signals chan os.Signal
}

func newEditCmd(app *App) *cobra.Command {
	opts := &editOptions{}
	opts.run = func(m *tui.Model) error { return runProgram(m, opts.signals) }
	cmd := &cobra.Command{
		Use:   "edit [DRAFT]",
		Short: "Open a draft on the board",
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

// runProgram runs the board in the terminal until the editor quits or one
// of signals arrives. Bubble Tea's own handler is off: it would end the
// program on SIGTERM and SIGINT but not on SIGHUP, and runEdit saves the
// draft after the program ends, whatever ended it.
func runProgram(m *tui.Model, signals <-chan os.Signal) error {
	p := tea.NewProgram(m, tea.WithoutSignalHandler())
	done := make(chan struct{})
	got := make(chan os.Signal, 1)
	go func() {
		select {
		case s := <-signals:
			got <- s
			p.Quit()
		case <-done:
		}
	}()
	_, err := p.Run()
	close(done)
	select {
	case s := <-got:
		return fmt.Errorf("stopped by %v", s)
	default:
		return err
	}
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
		tui.WithArchive(func() (*archive.Archive, error) { return archive.Load(archivePath) }), tui.WithDraftPath(path),
		tui.WithExportOptions(func() (export.Options, error) { return mailOptions(app) }))
	// From here a closed terminal (SIGHUP), kill (SIGTERM) or ctrl+c from
	// outside (SIGINT) ends the board, and the draft is saved below: only
	// SIGKILL can lose the edits of the last save delay.
	opts.signals = make(chan os.Signal, 1)
	signal.Notify(opts.signals, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(opts.signals)
	runErr := opts.run(m)
	carrying := m.Board().Carrying()
	m.Board().Cancel()
	if carrying || m.Unsaved() != nil {
		if err := ed.SaveLast(m.Draft()); err != nil {
			return fmt.Errorf("quit with the last changes to %s not saved: %w", path, err)
		}
	} else {
		ed.Finish() // refuses any save still on its way
	}
	if runErr != nil {
		return fmt.Errorf("edit %s: %w (the draft was saved)", path, runErr)
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
		fmt.Fprintln(app.Err, sanitize.Text(e.Err.Error()))
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
