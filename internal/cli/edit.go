package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/export"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/spell"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui"
)

type editOptions struct {
	// run runs the session (the new-issue form, the boards) until the
	// editor quits; tests replace it.
	run func(s *tui.Session) error
	// signals are SIGHUP, SIGTERM and SIGINT while the board is open.
	signals chan os.Signal
	// form says a drafts folder with no drafts gets the new-issue form;
	// else weekly asks on stdin (when it is not a terminal).
	form bool
}

func newEditCmd(app *App) *cobra.Command {
	opts := &editOptions{}
	opts.run = func(s *tui.Session) error { return runProgram(s, opts.signals) }
	if r, ok := app.In.(*os.File); ok && isTerminal(r) && isTerminal(app.Err) {
		opts.form = true
	}
	cmd := &cobra.Command{
		Use:   "edit [DRAFT]",
		Short: "Open a draft on the board",
		Long: `Open a draft as a board: the inbox on the left, one column per section, each
link a card to pick up, carry and put down. enter writes a card's blurb in
place (E in $EDITOR, vi when it is not set), i the intro, F the number, date
and title; p shows the issue as readers will see it. Every change is saved
within a second and can be undone; ? shows every key.

Without a name, the draft with the highest issue number opens; when there is
none, a form asks for the newsletter's name (the first time), the issue
number and its date, and the new draft opens. ctrl+n on the board starts the
next issue the same way. weekly with no command does the same.

One editor at a time: a second weekly edit of the same draft is refused,
naming the first. weekly add, set, section and sponsor still work while the
draft is open: the board takes their changes in at once, and u undoes
each. A change made to the file behind the board's back is never saved
over: the board's copy goes to DRAFT.json.kept.`,
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

// runProgram runs the session in the terminal until the editor quits or
// one of signals arrives. Bubble Tea's own handler is off: it would end the
// program on SIGTERM and SIGINT but not on SIGHUP, and runEdit saves the
// draft after the program ends, whatever ended it. The board draws at up
// to 120 frames a second (Bubble Tea's most; 60 unless told): a key's frame
// waits at most 8 ms for its turn, and a board at rest draws nothing.
func runProgram(s *tui.Session, signals <-chan os.Signal) error {
	p := tea.NewProgram(s, tea.WithoutSignalHandler(), tea.WithFPS(120))
	done := make(chan struct{})
	got := make(chan os.Signal, 1)
	go func() {
		select {
		case sig := <-signals:
			got <- sig
			p.Quit()
		case <-done:
		}
	}()
	_, err := p.Run()
	close(done)
	select {
	case sig := <-got:
		return fmt.Errorf("stopped by %v", sig)
	default:
		return err
	}
}

func runEdit(app *App, opts *editOptions, name string) error {
	o := &opener{app: app}
	defer func() { _ = o.close() }()
	path, err := editTarget(app, opts, name)
	if err != nil {
		return err
	}
	var first tea.Model
	switch {
	case path != "":
		if first, err = o.open(path); err != nil {
			return err
		}
	case opts.form:
		defaults, askName, err := newIssueDefaults(app)
		if err != nil {
			return err
		}
		first = tui.NewStart(app.Store().Dir, defaults, askName)
	default:
		return nil // declined on stdin
	}
	s := tui.NewSession(first, o.create)
	// From here a closed terminal (SIGHUP), kill (SIGTERM) or ctrl+c from
	// outside (SIGINT) ends the board, and the draft is saved below: only
	// SIGKILL can lose the edits of the last save delay.
	opts.signals = make(chan os.Signal, 1)
	signal.Notify(opts.signals, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(opts.signals)
	runErr := opts.run(s)
	if s.Board() == nil || o.hub == nil {
		if runErr != nil {
			return fmt.Errorf("edit: %w", runErr)
		}
		fmt.Fprintln(app.Err, "Nothing created. weekly new --newsletter NAME starts a draft.")
		return nil
	}
	// The hub saves what the board left, whatever ended it (q, a signal,
	// a lost terminal): a carried card stays where it was picked up.
	if err := o.close(); err != nil {
		return fmt.Errorf("quit with the last changes to %s not saved: %w", o.path(), err)
	}
	if runErr != nil {
		return fmt.Errorf("edit %s: %w (the draft was saved)", o.path(), runErr)
	}
	return nil
}

// opener opens drafts on boards for a session, one at a time: opening the
// next lets go of the one before.
type opener struct {
	app      *App
	hub      *live.Hub
	last     string // the draft open last, for messages
	spellers spellerCache
}

// open opens the draft at path as a hub with one seat and returns its
// board.
func (o *opener) open(path string) (*tui.Model, error) {
	hub, err := live.Open(path, "weekly edit", live.Config{})
	if err != nil {
		return nil, err
	}
	seat, err := hub.Join("you")
	if err != nil {
		_ = hub.Close()
		return nil, err
	}
	if err := o.close(); err != nil {
		_ = hub.Close()
		return nil, fmt.Errorf("%s not saved: %w", o.last, err)
	}
	o.hub, o.last = hub, path
	app := o.app
	defaults := func() (tui.NewIssue, bool, error) { return newIssueDefaults(app) }
	return newBoard(app, seat, path, &o.spellers, tui.WithGetenv(app.Getenv), tui.WithNewIssue(defaults)), nil
}

// newBoard returns the board of the editor at seat, on the draft at path,
// for weekly edit and weekly serve alike.
func newBoard(app *App, seat *live.Seat, path string, spellers *spellerCache, opts ...tui.Option) *tui.Model {
	fetcher := app.Fetcher()
	fetchTitle := func(ctx context.Context, url string) (title, description string, err error) {
		p, err := fetcher.Fetch(ctx, url)
		return p.Title, p.Description, err
	}
	st := app.Store()
	archivePath := archive.Path(st.Dir)
	speller := func(newsletter string, number int) (*spell.Checker, error) {
		return spellers.get(st, newsletter, number)
	}
	addWord := func(w string) error { return spell.AddWord(spell.WordsPath(st.Dir), w) }
	opts = append([]tui.Option{tui.WithClock(app.Now), tui.WithSpelling(speller, addWord),
		tui.WithArchive(func() (*archive.Archive, error) { return archive.Load(archivePath) }), tui.WithDraftPath(path),
		tui.WithExportOptions(func(name string) (export.Options, error) { return formatOptions(app, name) })}, opts...)
	return tui.New(seat, fetchTitle, opts...)
}

// create makes the draft of a new issue, named by its number, and opens it.
// Nothing is printed: the terminal is the board's.
func (o *opener) create(v tui.NewIssue) (*tui.Model, error) {
	quiet := *o.app
	quiet.Out, quiet.Err = io.Discard, io.Discard
	path, err := createIssue(&quiet, v)
	if err != nil {
		return nil, err
	}
	return o.open(path)
}

// path is the draft open now, for messages.
func (o *opener) path() string {
	if o.last == "" {
		return "the new draft"
	}
	if o.hub != nil {
		return o.hub.Path()
	}
	return o.last
}

// close saves the draft open and lets go of it.
func (o *opener) close() error {
	if o.hub == nil {
		return nil
	}
	last := o.hub.Path()
	err := o.hub.Close()
	o.hub, o.last = nil, last
	return err
}

// newIssueDefaults returns what the new-issue form holds to begin with: the
// next number, a week after the last issue's date (today when there is
// none), and whether the newsletter's name has to be asked.
func newIssueDefaults(app *App) (tui.NewIssue, bool, error) {
	st := app.Store()
	set, _, err := st.Settings()
	if err != nil {
		return tui.NewIssue{}, false, err
	}
	number, date, err := nextIssue(st)
	if err != nil {
		return tui.NewIssue{}, false, err
	}
	if date == "" {
		date = app.Now().Format(time.DateOnly)
	}
	return tui.NewIssue{Newsletter: set.Newsletter, Number: strconv.Itoa(number), Date: date}, set.Newsletter == "", nil
}

// createIssue creates the draft asked for in the new-issue form, named by
// its number, and returns its path.
func createIssue(app *App, v tui.NewIssue) (string, error) {
	opts := &newOptions{}
	flags := &cobra.Command{}
	opts.register(flags)
	for name, value := range map[string]string{"newsletter": v.Newsletter, "number": v.Number, "date": v.Date} {
		if value == "" {
			continue
		}
		if err := flags.Flags().Set(name, value); err != nil {
			return "", fmt.Errorf("new issue: --%s %q: %w", name, value, err)
		}
	}
	opts.name = v.Number
	if err := runNew(app, opts); err != nil {
		return "", err
	}
	return app.Store().Path(opts.name)
}

// editTarget returns the draft to open: the one named, else the one with the
// highest issue number, else one created after asking on stdin. It returns
// "" when the editor declines to create one, or when the new-issue form is
// to ask.
func editTarget(app *App, opts *editOptions, name string) (string, error) {
	if name != "" {
		return app.DraftPath(name)
	}
	st := app.Store()
	path, broken, err := st.Newest()
	if err != nil || path != "" {
		return path, err
	}
	for _, e := range broken {
		fmt.Fprintln(app.Err, sanitize.Text(e.Err.Error()))
	}
	if opts.form {
		return "", nil // the session starts on the new-issue form
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

// spellerCache keeps the spell checker of each issue open: the boards of
// one served draft share one dictionary (tens of megabytes once loaded,
// for one of the system's) rather than each loading its own.
type spellerCache struct {
	mu      sync.Mutex
	byIssue map[string]*spell.Checker
}

// get returns the checker of the issue (newsletter, number) of the drafts
// directory st, made the first time it is asked for.
func (c *spellerCache) get(st *store.Store, newsletter string, number int) (*spell.Checker, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byIssue == nil {
		c.byIssue = map[string]*spell.Checker{}
	}
	key := fmt.Sprintf("%s\x00%s\x00%d", st.Dir, newsletter, number)
	if sp := c.byIssue[key]; sp != nil {
		return sp, nil
	}
	set, _, err := st.Settings()
	if err != nil {
		return nil, err
	}
	a, err := archive.Load(archive.Path(st.Dir))
	if err != nil {
		return nil, err
	}
	sp, err := spell.Newsletter(st.Dir, set.Spell, a, func(is *archive.Issue) bool { return is.Is(newsletter, number) })
	if err != nil {
		return nil, err
	}
	c.byIssue[key] = sp
	return sp, nil
}
