// Package tui is weekly's terminal UI: the root model of one editor's board
// at a live.Hub (which owns the draft, saves it and takes in what other
// commands queue), routing keys and mouse to its panes (the board, the
// editor of blurbs and the intro, the form of the issue's fields, the
// preview, the card pane, the archive search, the prompts and menus) and
// laying them out.
//
// The files stand in layers, each using only those below it: layout, keys,
// the panes' own types (pane.go, archivepane.go), the Model and its state
// (model.go), messages, placing the panes, then one file per feature (the
// seat, fetch, the archive and its index, the card pane, the archive
// search, the editors, prompts, sections, links, quitting, the form,
// export), then drawing (view, compose, help), input routing, and app.go
// (New, Update) on top.
package tui

import (
	"context"
	"os/exec"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/index"
	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/export"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/spell"
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
	focusFind  // the archive search of ctrl+f
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

	// exportOptions reads the settings a format's export takes; nil for
	// none.
	exportOptions func(format string) (export.Options, error)

	// spelling loads the newsletter's spell checker (off the event loop,
	// the first time an editor opens) and adds a word to its word list;
	// speller is the checker once loaded.
	spelling struct {
		load    func(newsletter string, number int) (*spell.Checker, error)
		add     func(word string) error
		loading bool
		err     error
	}
	speller *spell.Checker

	keys    KeyMap
	st      styles.Styles
	look    rootLook
	help    help.Model
	board   *board.Board
	editor  editor.Model
	form    form.Model
	preview preview.Model
	// previewCfg is what New makes the preview with, as the options set it.
	previewCfg preview.Config
	card       card.Model
	prompt     linePrompt
	menu       sectionMenu
	links      linksPanel
	find       archivePane
	spin       spinner.Model
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

// WithSpelling lets the editor check spelling: load builds the checker of
// the newsletter's issue (its dictionary, word list and the archive's
// names, leaving this issue out), add puts a word in its word list. Both
// run off the event loop.
func WithSpelling(load func(newsletter string, number int) (*spell.Checker, error), add func(word string) error) Option {
	return func(m *Model) { m.spelling.load, m.spelling.add = load, add }
}

// WithPreviewCache makes the preview keep its rendered blocks in c. The
// boards of one served draft share one, so that each block is rendered
// once for all its editors, not once for each.
func WithPreviewCache(c *preview.Cache) Option {
	return func(m *Model) { m.previewCfg.Cache = c }
}

// Served makes the board one of weekly serve's: its editor sits at another
// machine, beside other editors of the same draft.
func Served() Option { return func(m *Model) { m.served = true } }

// WithNewIssue lets ctrl+n start the next issue: defaults returns what its
// form holds to begin with and whether the newsletter's name is asked.
func WithNewIssue(defaults func() (NewIssue, bool, error)) Option {
	return func(m *Model) { m.newDefaults = defaults }
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
	m.help.Styles = m.st.Help()
	m.helpBar.sig, m.headerBar.sig = "", ""
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

// cardState is what the root knows of the card pane (v): whether it is
// shown, what it was last given, and the archive it looks earlier uses up
// in, read once off the event loop, with its search index (for the items
// like the card, and the archive search of ctrl+f).
type cardState struct {
	shown   bool
	id      string // the item it was last given
	rev     uint64 // the board's Rev it was last given
	archive *archive.Archive
	err     error // why the archive could not be read
	loading bool

	index   *index.Index
	xErr    error // why the index could not be opened
	opening bool
	// like is the latest "more like this" search asked for, for the item
	// likeID at the board's Rev likeRev; topic is what came back for
	// topicID.
	like     uint64
	likeID   string
	likeRev  uint64
	topicID  string
	topic    []index.Hit
	topicErr error
}

// WithArchive gives the model the way to read the archive, for the card
// pane's earlier uses of a link. It is called once, in a command, the
// first time the pane opens.
func WithArchive(load func() (*archive.Archive, error)) Option {
	return func(m *Model) { m.loadArchive = load }
}

// editState is the text the editor pane is open on.
type editState struct {
	// op is the edit as it stands: Field and Item say what is edited,
	// Before is the text when the editor opened, After the text now.
	op draft.Op
	// inPlace says the editor is drawn on the edited card.
	inPlace bool
	// name says what is edited, for the status line: "blurb", "intro".
	name string
}

// exportState is the export prompt (e): the format chosen, the path being
// typed, and the file a second enter replaces.
type exportState struct {
	formats []format.Format // the registry's, in the order tab goes round
	format  int             // index in formats
	input   linePrompt
	// replace is the file and format the last enter found existing and not
	// written by weekly: enter again on them replaces it. Changing either
	// clears it.
	replace exportTarget
}

// exportTarget is a file and the format it is to be written in.
type exportTarget struct{ path, format string }

// WithDraftPath tells the model where its draft lives: exports default to
// its folder and name, never overwrite it, and are recorded beside it.
func WithDraftPath(path string) Option { return func(m *Model) { m.draftPath = path } }

// WithExportOptions gives the model the way to read what the export of a
// format takes from the settings (the eml's From, To and subject pattern,
// the HTML's site). It is called off the event loop, each time an export
// is written.
func WithExportOptions(read func(format string) (export.Options, error)) Option {
	return func(m *Model) { m.exportOptions = read }
}

// fetchState tracks title fetches.
type fetchState struct {
	queue    []fetchedMsg // items waiting: id and url
	busy     map[string]bool
	running  int
	spinning bool
}

// panes returns every pane of the screen.
func (m *Model) panes() []pane {
	return []pane{m.board, &m.editor, &m.form, &m.preview, &m.card, &m.prompt, &m.ex.input, &m.menu, &m.links, &m.find}
}

// mode is what the screen does while one focus holds: the pane that has
// the keys, how a key is handled, what the help bar shows, and how it is
// left when the board quits.
type mode struct {
	// pane has the keys; nil for the full help.
	pane pane
	// board says the board keeps its look of focus under the pane (an
	// editor open on its card, the section menu of its column).
	board bool
	keys  func(tea.KeyPressMsg) tea.Cmd
	help  func() []key.Binding
	// leave closes what the mode has open as quitting does (an editor
	// keeps its text, a form is dropped); nil when there is nothing.
	leave func()
}

// setFocus gives the keys to the pane of f and takes them from the others.
func (m *Model) setFocus(f focus) {
	m.focus = f
	md := m.mode[f]
	for _, p := range m.panes() {
		if p == md.pane || (p == pane(m.board) && (md.board || f == focusEditor && m.edit.inPlace)) {
			p.Focus()
		} else {
			p.Blur()
		}
	}
}

// previewState is what the root knows of the preview pane.
type previewState struct {
	shown bool
	rev   uint64 // the board's Rev the preview was last given
	sel   string // the item the preview was last asked to keep in view
}

// quitState is where quitting stands: q saves first, and quits once saved.
type quitState struct {
	saving bool // q is saving, to quit after
	failed bool // the save of q failed: q again quits without it
}

// introKey is what an editor claims to write the intro.
const introKey = "\x00intro"

// ask is what the one-line prompt is asking for.
type ask int

const (
	askLinks   ask = iota // URLs for the inbox
	askSection            // the name of a new section
	askRename             // a section's new name
	askLink               // a link to add to a card
	askSite               // the web archive's folder, for P
)

// NewIssue is what the new-issue form asks: the newsletter's name (when
// settings have none), the number and the date, checked.
type NewIssue struct {
	Newsletter string
	Number     string
	Date       string
}

// dateOnly is " · 6th December 2020", or "" when the date does not parse.
func (m *Model) dateOnly() string {
	if t, err := draft.ParseDate(m.current().Date); err == nil {
		return " · " + draft.LongDate(t)
	}
	return ""
}

// dateTitle is " · 6th December 2020 · Title", the parts the draft has.
func (m *Model) dateTitle() string {
	s := m.dateOnly()
	if m.current().Title != "" {
		s += " · " + sanitize.Line(m.current().Title)
	}
	return s
}

// fetchedMsg carries the title and description fetched for an item.
type fetchedMsg struct {
	id, url            string
	title, description string
	Err                error
}
