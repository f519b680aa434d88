// Package tui is weekly's terminal UI: the root model that owns the draft
// while it is open, saves it, takes in links queued by weekly add, fetches
// titles, and routes keys and mouse to its panes (the board).
package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/board"
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
)

// Model is the root model of the terminal UI.
type Model struct {
	d     *draft.Draft
	store Storage
	fetch FetchFunc
	ctx   context.Context
	now   func() time.Time
	// timer is tea.Tick; tests replace it to play the timers themselves.
	timer func(time.Duration, func(time.Time) tea.Msg) tea.Cmd

	keys   KeyMap
	st     styles.Styles
	look   rootLook
	help   help.Model
	board  *board.Board
	prompt textinput.Model
	spin   spinner.Model

	focus         focus
	helpTop       int // first line of the full help shown
	width, height int
	status        board.Note

	save    saveState
	fetches fetchState
}

// Option changes how New sets up the model.
type Option func(*Model)

// WithClock makes the model take the time from now (for the date links are added).
func WithClock(now func() time.Time) Option { return func(m *Model) { m.now = now } }

// WithContext gives the model a context that cancels its title fetches.
func WithContext(ctx context.Context) Option { return func(m *Model) { m.ctx = ctx } }

// New returns the model over draft d, saved to st. fetch learns titles of
// links added with a; nil leaves them as their URLs.
func New(st Storage, d *draft.Draft, fetch FetchFunc, opts ...Option) *Model {
	m := &Model{
		d: d, store: st, fetch: fetch, ctx: context.Background(), now: time.Now, timer: tea.Tick,
		keys: DefaultKeyMap(),
		help: help.New(),
		spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
	}
	for _, o := range opts {
		o(m)
	}
	m.board = board.New(d, styles.New(true), board.DefaultKeyMap())
	m.prompt = textinput.New()
	m.prompt.Prompt = "Add links: "
	m.prompt.Placeholder = "paste or type URLs, one or many"
	m.save.rev = m.board.Rev()
	m.fetches.busy = map[string]bool{}
	m.setStyles(true)
	return m
}

func (m *Model) setStyles(isDark bool) {
	m.st = styles.New(isDark)
	m.look = newRootLook(m.st)
	m.board.SetStyles(m.st)
	m.help.Styles = help.DefaultStyles(isDark)
	m.prompt.SetStyles(textinput.DefaultStyles(isDark))
}

// Init asks the terminal for its background colour and starts watching for
// links queued by weekly add.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.pollTick())
}

// Update handles a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case tea.BackgroundColorMsg:
		m.setStyles(msg.IsDark())
		return m, nil
	case tea.KeyPressMsg:
		return m, m.afterBoard(m.handleKey(msg))
	case tea.PasteMsg:
		return m, m.afterBoard(m.handlePaste(msg))
	case tea.MouseMsg:
		if m.focus != focusBoard {
			return m, nil
		}
		r := layout(m.width, m.height).Board
		_, cmd := m.board.Update(relative(msg, r))
		return m, m.afterBoard(cmd)
	case saveTickMsg, savedMsg, pollMsg, takenMsg:
		return m, m.afterBoard(m.handleStorage(msg))
	case fetchedMsg:
		return m, m.afterBoard(m.handleFetched(msg))
	case spinner.TickMsg:
		return m, m.handleSpin(msg)
	}
	return m, nil
}

// afterBoard collects what the board has to say after it handled something:
// its note for the status line, and a change of the draft to save.
func (m *Model) afterBoard(cmd tea.Cmd) tea.Cmd {
	if n := m.board.TakeNote(); n.Text != "" {
		m.status = n
	}
	if m.syncRev() || (m.save.dirty && !m.save.ticking && !m.save.busy) {
		cmd = tea.Batch(cmd, m.scheduleSave())
	}
	return cmd
}

// syncRev marks the draft unsaved when the board changed it since the last
// look, and reports whether it did.
func (m *Model) syncRev() bool {
	if m.board.Rev() == m.save.rev {
		return false
	}
	m.save.rev = m.board.Rev()
	m.save.dirty = true
	return true
}

func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	l := layout(w, h)
	m.board.SetSize(l.Board.W, l.Board.H)
	m.help.SetWidth(w)
	m.prompt.SetWidth(max(w-len(m.prompt.Prompt)-1, 1))
}

// relative moves a mouse message into the board's own coordinates.
func relative(msg tea.MouseMsg, r Rect) tea.Msg {
	mm := msg.Mouse()
	mm.X -= r.X
	mm.Y -= r.Y
	switch msg.(type) {
	case tea.MouseClickMsg:
		return tea.MouseClickMsg(mm)
	case tea.MouseReleaseMsg:
		return tea.MouseReleaseMsg(mm)
	case tea.MouseMotionMsg:
		return tea.MouseMotionMsg(mm)
	case tea.MouseWheelMsg:
		return tea.MouseWheelMsg(mm)
	}
	return msg
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m.status = board.Note{}
	if key.Matches(msg, m.keys.ForceQuit) {
		return m.quit()
	}
	switch m.focus {
	case focusAdd:
		return m.updatePrompt(msg)
	case focusHelp:
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m.quit()
		case key.Matches(msg, m.keys.Help), key.Matches(msg, m.keys.Cancel):
			m.focus = focusBoard
			m.board.Focus()
		case key.Matches(msg, m.board.Keys().Up):
			m.helpTop = max(m.helpTop-1, 0)
		case key.Matches(msg, m.board.Keys().Down):
			m.helpTop = min(m.helpTop+1, 40)
		}
		return nil
	}
	if !m.board.Capturing() {
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m.quit()
		case key.Matches(msg, m.keys.Save):
			return m.saveNow()
		case key.Matches(msg, m.keys.Help) && !m.board.Carrying():
			m.focus, m.helpTop = focusHelp, 0
			m.board.Blur()
			return nil
		case key.Matches(msg, m.keys.Add) && !m.board.Carrying():
			return m.openPrompt("")
		}
	}
	_, cmd := m.board.Update(msg)
	return cmd
}

func (m *Model) handlePaste(msg tea.PasteMsg) tea.Cmd {
	switch {
	case m.focus == focusAdd:
		return m.updatePrompt(tea.PasteMsg{Content: foldLines(msg.Content)})
	case m.focus == focusBoard && m.board.Capturing():
		_, cmd := m.board.Update(tea.PasteMsg{Content: foldLines(msg.Content)})
		return cmd
	case m.focus == focusBoard && !m.board.Carrying():
		// Pasting links onto the board opens the prompt with them.
		return m.openPrompt(foldLines(msg.Content))
	}
	return nil
}

// Draft returns the draft as it stands in the editor.
func (m *Model) Draft() *draft.Draft { return m.d }

// Board returns the board pane.
func (m *Model) Board() *board.Board { return m.board }

// Unsaved returns the error of the last save when the editor quit without
// its changes saved, or nil.
func (m *Model) Unsaved() error {
	if m.save.dirty || m.save.err != nil {
		if m.save.err != nil {
			return m.save.err
		}
		return errNotSaved
	}
	return nil
}
