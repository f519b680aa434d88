package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// pane is one part of the screen as the root sees it: the board, the
// editor, the form, the preview, the card pane, the prompts and menus. It
// takes a size (and may answer with work to do: a render), the palette,
// the keys (Focus) or not (Blur), and names its keys for the help bar. The
// root keeps every pane in one list and loops over it, as soft-serve's
// root loops over its pages, so that none is forgotten when the palette or
// the focus changes.
type pane interface {
	SetSize(w, h int) tea.Cmd
	SetStyles(styles.Styles)
	Focus()
	Blur()
	Help() []key.Binding
}

// panes returns every pane of the screen.
func (m *Model) panes() []pane {
	return []pane{m.board, &m.editor, &m.form, &m.preview, &m.card, &m.prompt, &m.ex.input, &m.menu, &m.links}
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
	}
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

// boardHelp is the help bar over the board: help and quit first, then what
// the state adds (a carried card, a search, the card pane, a covering
// preview), then the keys a new editor needs first.
func (m *Model) boardHelp() []key.Binding {
	r, b := m.keys, m.board.Keys()
	switch {
	case m.board.Carrying():
		return []key.Binding{r.Help, r.Quit, b.PutDown, b.PutBack, b.Carry}
	case m.cv.shown:
		closeCard := r.Card
		closeCard.SetHelp(keyNames(r.Card, r.Back), "close card")
		return []key.Binding{r.Help, r.Quit, closeCard, b.Down, b.Up, r.CardDown, r.CardUp, b.Next, r.Edit, b.Search}
	case m.pv.shown && m.layout().Overlay:
		back := r.Preview
		back.SetHelp(keyNames(r.Preview, r.Back), "show the board")
		return []key.Binding{r.Help, r.Quit, back, b.Next, r.Edit, b.Down, b.Up}
	}
	return []key.Binding{r.Help, r.Quit, b.NextMatch, b.PrevMatch, b.ClearSearch,
		r.Add, b.Undo, b.Search, r.Edit, b.PickUp, b.Send, r.Preview, r.Card, b.Delete, r.Sections, b.Join, r.Links, r.Fields, b.Next}
}

// previewHelp is the help bar while the preview has the keys.
func (m *Model) previewHelp() []key.Binding {
	r := m.keys
	hide := r.Preview
	hide.SetHelp(r.Preview.Help().Key, "hide preview")
	return append(append([]key.Binding{r.Help, r.Quit, r.Back}, m.preview.Help()...), r.NextPane, hide)
}
