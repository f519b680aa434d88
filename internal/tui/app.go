package tui

import (
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/card"
	"github.com/weekly-dev/weekly/internal/tui/editor"
	"github.com/weekly-dev/weekly/internal/tui/form"
	"github.com/weekly-dev/weekly/internal/tui/preview"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// New returns the board of the editor at seat. fetch learns titles of
// links added with a; nil leaves them as their URLs.
func New(seat *live.Seat, fetch FetchFunc, opts ...Option) *Model {
	m := &Model{
		seat: seat, doc: seat.Document(), who: seat.Who(), fetch: fetch, now: time.Now,
		getenv: os.Getenv, exec: tea.ExecProcess,
		keys: DefaultKeyMap(), sectionKeys: DefaultSectionKeys(), links: linksPanel{keys: DefaultLinkKeys()}, find: newArchivePane(),
		help:       help.New(),
		spin:       spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		previewCfg: preview.DefaultConfig(),
	}
	for _, o := range opts {
		o(m)
	}
	m.preview = preview.New(styles.New(true), m.previewCfg)
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

// Init asks the terminal for its background colour and starts hearing
// the seat's news.
func (m *Model) Init() tea.Cmd {
	m.listening = true
	return tea.Batch(tea.RequestBackgroundColor, m.listen(), m.readArchive())
}

// Update handles a message, with the seat's turn held: no other board
// changes the draft meanwhile.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.seat.Lock()
	defer m.seat.Unlock()
	m.board.Fit()
	cmd := m.update(msg)
	m.publish()
	l := m.layout()
	m.header(l.Header.W) // the bars View draws, redrawn when what they show changed
	m.shortHelp(l.Help.W)
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
	case preview.DebounceMsg, preview.RenderedMsg, preview.SpellMsg:
		var cmd tea.Cmd
		m.preview, cmd = m.preview.Update(msg)
		return cmd
	case NewsMsg:
		untitled := m.hear(msg.News)
		return m.afterBoard(tea.Batch(m.listen(), m.startFetches(untitled)))
	case savedMsg:
		return m.afterBoard(m.saved(msg))
	case editor.SpellMsg, editor.JumpMsg:
		var cmd tea.Cmd
		m.editor, cmd = m.editor.Update(msg)
		return cmd
	case editor.AddWordMsg:
		return m.addWord(msg)
	case wordAddedMsg:
		m.wordAdded(msg)
	case spellerMsg:
		return m.spellerLoaded(msg)
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
	case siteMsg:
		return m.handleSite(msg)
	case publishedMsg:
		m.handlePublished(msg)
	case archiveMsg:
		m.takeArchive(msg)
		var open tea.Cmd
		if m.wantIndex() {
			open = m.openIndex()
		}
		return tea.Batch(open, m.syncCard(true), m.findAgain())
	case indexMsg:
		m.takeIndex(msg)
		return tea.Batch(m.syncCard(true), m.findAgain())
	case likeMsg:
		m.handleLike(msg)
	case foundMsg:
		m.handleFound(msg)
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
	return tea.Batch(cmd, m.syncCard(false))
}

// modes returns what each focus does; New keeps it.
func (m *Model) modes() map[focus]mode {
	r := &m.keys
	toBoard := func() { m.setFocus(focusBoard) }
	return map[focus]mode{
		focusBoard: {pane: m.board, keys: m.boardKey, help: m.boardHelp},
		focusAdd: {pane: &m.prompt, keys: func(k tea.KeyPressMsg) tea.Cmd { return m.updatePrompt(k) },
			help: func() []key.Binding { return m.prompt.Help() }, leave: m.closePrompt},
		focusExport: {pane: &m.ex.input, keys: func(k tea.KeyPressMsg) tea.Cmd { return m.exportKey(k) },
			help: func() []key.Binding { return m.ex.input.Help() }, leave: toBoard},
		focusHelp: {keys: m.helpKey, help: func() []key.Binding {
			b := m.board.Keys()
			close := r.Help
			close.SetHelp(keyNames(r.Help, r.Quit, r.Cancel), "close help")
			return []key.Binding{close, b.Up, b.Down, r.ForceQuit}
		}},
		focusEditor: {pane: &m.editor, keys: m.editorKey, help: func() []key.Binding {
			return append(m.editor.Help(), r.Save, r.ForceQuit)
		}, leave: m.closeEditor},
		focusForm:    {pane: &m.form, keys: m.formKey, help: func() []key.Binding { return m.form.Help() }, leave: m.closeForm},
		focusPreview: {pane: &m.preview, keys: m.previewKey, help: m.previewHelp},
		focusMenu:    {pane: &m.menu, board: true, keys: m.menuKey, help: func() []key.Binding { return m.menu.Help() }, leave: toBoard},
		focusLinks:   {pane: &m.links, board: true, keys: m.linksKey, help: func() []key.Binding { return m.links.Help() }, leave: toBoard},
		focusFind:    {pane: &m.find, keys: m.findKey, help: func() []key.Binding { return m.find.Help() }, leave: m.closeFind},
	}
}
