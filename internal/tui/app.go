// Package tui is weekly's terminal UI: the root model that owns the draft
// while it is open, saves it, takes in links queued by weekly add, fetches
// titles, and routes keys and mouse to its panes: the board, the editor of
// blurbs and the intro, the form of the issue's fields and the preview.
package tui

import (
	"github.com/weekly-dev/weekly/internal/export"

	"context"
	"os"
	"os/exec"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/card"
	"github.com/weekly-dev/weekly/internal/tui/editor"
	"github.com/weekly-dev/weekly/internal/tui/form"
	"github.com/weekly-dev/weekly/internal/tui/preview"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// FetchFunc learns a link's title and description from its page.
type FetchFunc func(ctx context.Context, url string) (title, description string, err error)

// focus says which part of the screen takes the keys.
type focus int

const (
	focusBoard focus = iota
	focusAdd
	focusHelp
	focusEditor
	focusForm
	focusPreview
	focusExport
	focusMenu  // the section menu of s
	focusLinks // the links panel of L
)

// Model is the root model of the terminal UI: one board at a live.Hub,
// which owns the draft, saves it and takes in what other commands queue
// for it, for weekly edit (the hub's one seat) and weekly serve alike.
type Model struct {
	// seat is the board's place at the hub; the model holds its turn in
	// Update and View, and reads the draft through doc there.
	seat *live.Seat
	doc  *doc.Document
	who  string // the editor, as undo tells authors apart
	// served says the board is one of weekly serve's, drawn over SSH for
	// an editor at another machine.
	served bool
	// listening says the model hears its seat's news through listen (it
	// was started with Init, as a program does; tests hear by hand).
	listening bool
	fetch     FetchFunc
	now       func() time.Time
	// getenv reads $EDITOR.
	getenv func(string) string
	// exec is tea.ExecProcess; tests replace it to run the editor themselves.
	exec func(*exec.Cmd, tea.ExecCallback) tea.Cmd
	// draftPath is the open draft's file, when known (exports go beside it).
	draftPath string
	// loadArchive reads the archive for the card pane; nil when there is none.
	loadArchive func() (*archive.Archive, error)

	// exportOptions reads the settings an eml export takes; nil for none.
	exportOptions func() (export.Options, error)

	keys    KeyMap
	st      styles.Styles
	look    rootLook
	help    help.Model
	board   *board.Board
	editor  editor.Model
	form    form.Model
	preview preview.Model
	card    card.Model
	prompt  linePrompt
	menu    sectionMenu
	links   linksPanel
	spin    spinner.Model
	// mode is what each focus does (see modes).
	mode map[focus]mode

	sectionKeys SectionKeys
	asking      ask // what the prompt asks for

	// newDefaults reads what the new-issue form of ctrl+n holds to begin
	// with; formNew says the form open is that one; next is the issue it
	// asked for, for the caller to create and open once the board quits.
	newDefaults func() (NewIssue, bool, error)
	formNew     bool
	nextIssue   *NewIssue

	focus         focus
	helpFrom      focus // where the full help returns to
	helpTop       int   // first line of the full help shown
	width, height int
	status        board.Note

	// helpBar is the short help as last drawn, and what it was drawn from.
	helpBar struct{ sig, out string }
	// headerBar is the header as last drawn, and what it was drawn from.
	headerBar struct{ sig, out string }

	pv      previewState
	cv      cardState
	ex      exportState
	edit    editState
	leaving quitState
	fetches fetchState
}

// Option changes how New sets up the model.
type Option func(*Model)

// WithClock makes the model take the time from now (for the date links are added).
func WithClock(now func() time.Time) Option { return func(m *Model) { m.now = now } }

// WithGetenv makes the model read the environment ($EDITOR) through getenv.
func WithGetenv(getenv func(string) string) Option { return func(m *Model) { m.getenv = getenv } }

// Served makes the board one of weekly serve's: its editor sits at another
// machine, beside other editors of the same draft.
func Served() Option { return func(m *Model) { m.served = true } }

// WithNewIssue lets ctrl+n start the next issue: defaults returns what its
// form holds to begin with and whether the newsletter's name is asked.
func WithNewIssue(defaults func() (NewIssue, bool, error)) Option {
	return func(m *Model) { m.newDefaults = defaults }
}

// New returns the board of the editor at seat. fetch learns titles of
// links added with a; nil leaves them as their URLs.
func New(seat *live.Seat, fetch FetchFunc, opts ...Option) *Model {
	m := &Model{
		seat: seat, doc: seat.Document(), who: seat.Who(), fetch: fetch, now: time.Now,
		getenv: os.Getenv, exec: tea.ExecProcess,
		keys: DefaultKeyMap(), sectionKeys: DefaultSectionKeys(), links: linksPanel{keys: DefaultLinkKeys()},
		help:    help.New(),
		spin:    spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		preview: preview.New(styles.New(true), preview.DefaultConfig()),
	}
	for _, o := range opts {
		o(m)
	}
	m.board = board.New(m.doc, styles.New(true), board.DefaultKeyMap())
	m.editor = editor.New(styles.New(true))
	m.form = form.New(styles.New(true))
	m.card = card.New(styles.New(true))
	m.card.SetHints(m.keys.Card.Help().Key+" or "+m.keys.Back.Help().Key+" closes", m.keys.Edit.Help().Key+" writes one",
		m.keys.CardDown.Help().Key+" or the wheel")
	m.prompt = newLinePrompt(addPrompt, addPlaceholder, m.keys.Submit, m.keys.Cancel)
	write := m.keys.Submit
	write.SetHelp(write.Help().Key, "write")
	m.ex.input = newLinePrompt("", "", write, m.keys.NextFormat, m.keys.Cancel)
	m.mode = m.modes()
	m.fetches.busy = map[string]bool{}
	m.setStyles(true)
	m.setFocus(focusBoard)
	return m
}

// current is the draft as it stands. Read it only in Update and View,
// which hold the seat's turn.
func (m *Model) current() *draft.Draft { return m.doc.Draft() }

// setStyles gives every pane the palette for a dark or a light background.
func (m *Model) setStyles(isDark bool) {
	m.st = styles.New(isDark)
	m.look = newRootLook(m.st)
	for _, p := range m.panes() {
		p.SetStyles(m.st)
	}
	m.help.Styles = help.DefaultStyles(isDark)
	m.helpBar.sig, m.headerBar.sig = "", ""
}

// Init asks the terminal for its background colour and starts hearing
// the seat's news.
func (m *Model) Init() tea.Cmd {
	m.listening = true
	return tea.Batch(tea.RequestBackgroundColor, m.listen())
}

// Update handles a message, with the seat's turn held: no other board
// changes the draft meanwhile.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.seat.Lock()
	defer m.seat.Unlock()
	m.board.Fit()
	cmd := m.update(msg)
	m.publish()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m.place()
	case tea.BackgroundColorMsg:
		m.setStyles(msg.IsDark())
		return m.shownOnly(m.preview.SetDark(msg.IsDark()))
	case tea.KeyPressMsg:
		return m.afterBoard(m.handleKey(msg))
	case tea.PasteMsg:
		return m.afterBoard(m.handlePaste(msg))
	case tea.MouseMsg:
		return m.afterBoard(m.handleMouse(msg))
	case preview.DebounceMsg, preview.RenderedMsg:
		var cmd tea.Cmd
		m.preview, cmd = m.preview.Update(msg)
		return cmd
	case NewsMsg:
		m.hear(msg.News)
		return m.afterBoard(m.listen())
	case savedMsg:
		return m.afterBoard(m.saved(msg))
	case fetchedMsg:
		return m.afterBoard(m.handleFetched(msg))
	case externalReadyMsg:
		return m.afterBoard(m.runExternal(msg))
	case externalDoneMsg:
		return m.afterBoard(m.externalDone(msg))
	case browserMsg:
		m.handleOpened(msg)
	case copiedMsg:
		return m.handleCopied(msg)
	case exportedMsg:
		m.handleExported(msg)
	case archiveMsg:
		m.handleArchive(msg)
	case newDefaultsMsg:
		return m.openNewIssue(msg)
	case switchMsg:
		return tea.Quit // no Session to open the next issue in
	case OpenedMsg:
		if msg.Err != nil {
			m.notOpened(msg.Err)
		}
	case spinner.TickMsg:
		return m.handleSpin(msg)
	}
	return nil
}

// afterBoard collects what the board has to say after it handled something:
// its note for the status line, a change of the draft to save, and what the
// preview has to follow.
func (m *Model) afterBoard(cmd tea.Cmd) tea.Cmd {
	m.applyIntents()
	if n := m.board.TakeNote(); n.Text != "" {
		m.status = n
	}
	if pc := m.syncPreview(); pc != nil {
		cmd = tea.Batch(cmd, pc)
	}
	m.syncCard(false)
	return cmd
}

// applyIntents applies to the document what the board asked for, in
// order, and tells the board how each went.
func (m *Model) applyIntents() {
	for _, in := range m.board.TakeIntents() {
		var c doc.Change
		var err error
		switch {
		case in.Undo:
			c, err = m.doc.Undo(m.who)
		case in.Redo:
			c, err = m.doc.Redo(m.who)
		default:
			c, err = m.doc.Apply(m.who, in.Ops...)
		}
		m.board.Applied(in, c, err)
	}
}

// Draft returns the draft as it stands, for a caller that holds the
// seat's turn or has no other board beside it (a test).
func (m *Model) Draft() *draft.Draft { return m.current() }

// Next returns the issue asked for with ctrl+n, which the board quit to
// open, or nil.
func (m *Model) Next() *NewIssue { return m.nextIssue }

// Document returns the open document.
func (m *Model) Document() *doc.Document { return m.doc }

// Board returns the board pane.
func (m *Model) Board() *board.Board { return m.board }

// apply makes ops one undoable change of the editor's and tells the board.
func (m *Model) apply(ops ...draft.Op) error {
	c, err := m.doc.Apply(m.who, ops...)
	if err != nil {
		return err
	}
	m.board.Changed(c)
	return nil
}
