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
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/card"
	"github.com/weekly-dev/weekly/internal/tui/editor"
	"github.com/weekly-dev/weekly/internal/tui/form"
	"github.com/weekly-dev/weekly/internal/tui/preview"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// FetchFunc learns a link's title and description from its page.
type FetchFunc func(ctx context.Context, url string) (title, description string, err error)

// Storage is where the open draft is saved and where links added by other
// commands wait for it; *store.Editor is the real one.
type Storage interface {
	Save(d *draft.Draft) error
	Take() ([]store.Incoming, error)
}

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

// Model is the root model of the terminal UI.
type Model struct {
	// doc is the open draft; d is its draft, read from this model's
	// goroutine (see doc.Document.Read).
	doc *doc.Document
	who string // the editor, as undo tells authors apart
	// seat is set when a live.Hub owns the draft (WithSeat): it saves and
	// takes in the queue, and the model holds the seat's turn in Init,
	// Update and View.
	seat  *live.Seat
	d     *draft.Draft
	store Storage
	fetch FetchFunc
	now   func() time.Time
	// timer is tea.Tick; tests replace it to play the timers themselves.
	timer func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
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
	prompt  textinput.Model
	spin    spinner.Model

	sectionKeys SectionKeys
	linkKeys    LinkKeys
	links       linkState
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
	save    saveState
	fetches fetchState
}

// Option changes how New sets up the model.
type Option func(*Model)

// WithClock makes the model take the time from now (for the date links are added).
func WithClock(now func() time.Time) Option { return func(m *Model) { m.now = now } }

// WithGetenv makes the model read the environment ($EDITOR) through getenv.
func WithGetenv(getenv func(string) string) Option { return func(m *Model) { m.getenv = getenv } }

// WithDocument makes the model edit a document shared with other views
// rather than one of its own, as who.
func WithDocument(dc *doc.Document, who string) Option {
	return func(m *Model) { m.doc, m.who = dc, who }
}

// WithNewIssue lets ctrl+n start the next issue: defaults returns what its
// form holds to begin with and whether the newsletter's name is asked.
func WithNewIssue(defaults func() (NewIssue, bool, error)) Option {
	return func(m *Model) { m.newDefaults = defaults }
}

// WithPreview configures the preview pane (its keys, debounce and a pinned
// glamour style).
func WithPreview(cfg preview.Config) Option {
	return func(m *Model) { m.preview = preview.New(styles.New(true), cfg) }
}

// New returns the model over draft d, saved to st. fetch learns titles of
// links added with a; nil leaves them as their URLs.
func New(st Storage, d *draft.Draft, fetch FetchFunc, opts ...Option) *Model {
	m := &Model{
		who: "you", d: d, store: st, fetch: fetch, now: time.Now, timer: tea.Tick,
		getenv: os.Getenv, exec: tea.ExecProcess,
		keys: DefaultKeyMap(), sectionKeys: DefaultSectionKeys(), linkKeys: DefaultLinkKeys(),
		help:    help.New(),
		spin:    spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		preview: preview.New(styles.New(true), preview.DefaultConfig()),
	}
	for _, o := range opts {
		o(m)
	}
	if m.doc == nil {
		m.doc = doc.New(d)
	}
	m.doc.Read(func(d *draft.Draft, _ *doc.Counts) { m.d = d })
	m.board = board.New(m.doc, styles.New(true), board.DefaultKeyMap())
	m.editor = editor.New(styles.New(true))
	m.form = form.New(styles.New(true))
	m.card = card.New(styles.New(true))
	m.card.SetHints(m.keys.Card.Help().Key+" or "+m.keys.Back.Help().Key+" closes", m.keys.Edit.Help().Key+" writes one",
		m.keys.CardDown.Help().Key+" or the wheel")
	m.prompt = textinput.New()
	m.prompt.Prompt = "Add links: "
	m.prompt.Placeholder = "paste or type URLs, one or many"
	m.save.rev = m.doc.Rev()
	m.fetches.busy = map[string]bool{}
	m.setStyles(true)
	return m
}

func (m *Model) setStyles(isDark bool) {
	m.st = styles.New(isDark)
	m.look = newRootLook(m.st)
	m.board.SetStyles(m.st)
	m.editor.SetStyles(m.st)
	m.form.SetStyles(m.st)
	m.preview.SetStyles(m.st)
	m.help.Styles = help.DefaultStyles(isDark)
	m.helpBar.sig, m.headerBar.sig = "", ""
	prompt := textinput.DefaultStyles(isDark)
	prompt.Cursor.Blink = false // a steady cursor: no frame every half second, locally or over SSH
	m.prompt.SetStyles(prompt)
}

// Init asks the terminal for its background colour and starts watching for
// links queued by weekly add.
func (m *Model) Init() tea.Cmd {
	if m.seat != nil {
		return tea.RequestBackgroundColor // the hub takes in the queue
	}
	return tea.Batch(tea.RequestBackgroundColor, m.pollTick())
}

// Update handles a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.seat != nil {
		m.seat.Lock()
		defer m.seat.Unlock()
		m.catchUp()
		defer m.publish()
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, m.place()
	case tea.BackgroundColorMsg:
		m.setStyles(msg.IsDark())
		return m, m.shownOnly(m.preview.SetDark(msg.IsDark()))
	case tea.KeyPressMsg:
		return m, m.afterBoard(m.handleKey(msg))
	case tea.PasteMsg:
		return m, m.afterBoard(m.handlePaste(msg))
	case tea.MouseMsg:
		return m, m.afterBoard(m.handleMouse(msg))
	case preview.DebounceMsg, preview.RenderedMsg:
		var cmd tea.Cmd
		m.preview, cmd = m.preview.Update(msg)
		return m, cmd
	case saveTickMsg, savedMsg, pollMsg, takenMsg:
		return m, m.afterBoard(m.handleStorage(msg))
	case fetchedMsg:
		return m, m.afterBoard(m.handleFetched(msg))
	case externalReadyMsg:
		return m, m.afterBoard(m.runExternal(msg))
	case externalDoneMsg:
		return m, m.afterBoard(m.externalDone(msg))
	case openedMsg:
		m.handleOpened(msg)
		return m, nil
	case copiedMsg:
		return m, m.handleCopied(msg)
	case exportedMsg:
		m.handleExported(msg)
		return m, nil
	case archiveMsg:
		m.handleArchive(msg)
		return m, nil
	case newDefaultsMsg:
		return m, m.openNewIssue(msg)
	case ChangedMsg:
		return m, m.afterBoard(m.changedElsewhere(msg.Change))
	case switchMsg:
		return m, tea.Quit // no Session to open the next issue in
	case OpenedMsg:
		if msg.Err != nil {
			return m, m.notOpened(msg.Err)
		}
	case spinner.TickMsg:
		return m, m.handleSpin(msg)
	case NewsMsg:
		return m, m.afterBoard(nil) // caught up above
	case seatSavedMsg:
		if msg.Err != nil {
			m.status = board.Note{Err: true, Text: "Not saved: " + msg.Err.Error()}
		} else if m.status.Text == "Saving…" {
			m.status = board.Note{Text: "Saved"}
		}
		return m, nil
	}
	return m, nil
}

// afterBoard collects what the board has to say after it handled something:
// its note for the status line, a change of the draft to save, and what the
// preview has to follow.
func (m *Model) afterBoard(cmd tea.Cmd) tea.Cmd {
	m.applyIntents()
	if n := m.board.TakeNote(); n.Text != "" {
		m.status = n
	}
	if m.seat == nil && (m.syncRev() || (m.save.dirty && !m.save.ticking && !m.save.busy)) {
		cmd = tea.Batch(cmd, m.scheduleSave())
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

// syncRev marks the draft unsaved when the board changed it since the last
// look, and reports whether it did.
func (m *Model) syncRev() bool {
	rev := m.doc.Rev()
	if rev == m.save.rev {
		return false
	}
	m.save.rev = rev
	m.save.dirty = true
	return true
}

// setFocus gives the keys to f and tells the panes that gain or lose them.
func (m *Model) setFocus(f focus) {
	m.focus = f
	// The board keeps its look of focus under an editor open on its card.
	if f == focusBoard || f == focusMenu || f == focusLinks || (f == focusEditor && m.edit.inPlace) {
		m.board.Focus()
	} else {
		m.board.Blur()
	}
	if f == focusPreview {
		m.preview.Focus()
	} else {
		m.preview.Blur()
	}
}

// Draft returns the draft as it stands in the editor.
func (m *Model) Draft() *draft.Draft { return m.d }

// Next returns the issue asked for with ctrl+n, which the board quit to
// open, or nil.
func (m *Model) Next() *NewIssue { return m.nextIssue }

// Document returns the open document.
func (m *Model) Document() *doc.Document { return m.doc }

// Board returns the board pane.
func (m *Model) Board() *board.Board { return m.board }

// Unsaved returns the error of the last save when the editor quit without
// its changes saved, or nil.
func (m *Model) Unsaved() error {
	if m.seat != nil {
		return nil // the hub saves
	}
	if m.save.dirty || m.save.err != nil {
		if m.save.err != nil {
			return m.save.err
		}
		return errNotSaved
	}
	return nil
}

// apply makes ops one undoable change of the editor's and tells the board.
func (m *Model) apply(ops ...draft.Op) error {
	c, err := m.doc.Apply(m.who, ops...)
	if err != nil {
		return err
	}
	m.board.Changed(c)
	return nil
}

// ChangedMsg tells a model of a change another view made to the document
// they share (weekly serve subscribes each editor's program to the
// document and sends it one of these for every change).
type ChangedMsg struct{ Change doc.Change }

// changedElsewhere brings the board up to date with a change made by
// another view: its selection, scroll and carried card stay.
func (m *Model) changedElsewhere(c doc.Change) tea.Cmd {
	if c.Who == m.who {
		return nil // this model's own, already taken in
	}
	m.board.Changed(c)
	return nil
}
