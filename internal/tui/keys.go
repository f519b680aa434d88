package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/weekly-dev/weekly/internal/tui/board"
)

// KeyMap is the keys the root model handles itself; the board has its own.
type KeyMap struct {
	Add  key.Binding
	Save key.Binding
	Help key.Binding
	Quit key.Binding
	// ForceQuit is ctrl+c: it quits (saving first) whatever has focus.
	ForceQuit key.Binding
	// Submit and Cancel are the add-links prompt's keys.
	Submit, Cancel key.Binding
}

// DefaultKeyMap returns the root's keys as SPEC.md's key table gives them.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Add:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add links")),
		Save:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save now")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "save and quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "save and quit")),
		Submit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// helpKeys joins the root's and the board's keys for the help bar, in the
// order that matters most when the bar is cut short on a narrow terminal.
type helpKeys struct {
	root     KeyMap
	board    board.KeyMap
	carrying bool
	prompt   bool
	help     bool
}

// ShortHelp returns the bindings of the one-line help bar.
func (h helpKeys) ShortHelp() []key.Binding {
	r, b := h.root, h.board
	switch {
	case h.prompt:
		return []key.Binding{r.Submit, r.Cancel}
	case h.help:
		close := r.Help
		close.SetHelp("?/esc", "close help")
		return []key.Binding{close, b.Up, b.Down, r.Quit}
	case h.carrying:
		return []key.Binding{b.PutDown, b.PutBack, b.Carry, r.Help}
	}
	return []key.Binding{r.Help, b.Next, b.PickUp, b.Send, b.Delete, b.Undo, r.Add, b.Filter, b.ClearFilter, r.Quit}
}

// FullHelp returns the bindings of the full help, in columns, each of them
// whatever state the board is in: the full help is the reference.
func (h helpKeys) FullHelp() [][]key.Binding {
	b, r := h.board, h.root
	groups := [][]key.Binding{
		{b.Up, b.Down, b.Home, b.End, b.PageUp, b.PgDown, b.Left, b.Right, b.Next, b.Prev},
		{b.PickUp, b.Carry, b.PutDown, b.PutBack, b.Send},
		{b.Delete, b.Undo, b.Redo, b.Filter, b.ClearFilter},
		{r.Add, r.Save, r.Help, r.Quit, r.ForceQuit},
	}
	for _, g := range groups {
		for i := range g {
			g[i].SetEnabled(true)
		}
	}
	return groups
}
