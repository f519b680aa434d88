package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/editor"
	"github.com/weekly-dev/weekly/internal/tui/form"
	"github.com/weekly-dev/weekly/internal/tui/preview"
)

// KeyMap is the keys the root model handles itself; the panes have their own.
type KeyMap struct {
	Add  key.Binding
	Save key.Binding
	Help key.Binding
	Quit key.Binding
	// ForceQuit is ctrl+c: it quits (saving first) whatever has focus.
	ForceQuit key.Binding
	// Submit and Cancel are the add-links prompt's keys.
	Submit, Cancel key.Binding
	// Edit opens the selected card's blurb in place; External opens it in
	// $EDITOR.
	Edit, External key.Binding
	// Intro edits the intro; Fields the issue's number, date and title.
	Intro, Fields key.Binding
	// Preview shows or hides the preview.
	Preview key.Binding
	// NextPane and PrevPane move between the preview and the board's
	// columns while the preview has the focus.
	NextPane, PrevPane key.Binding
	// Back leaves the preview for the board (and closes a covering preview).
	Back key.Binding
	// Sections opens the section menu on the focused column.
	Sections key.Binding
	// NewIssue starts the next issue.
	NewIssue key.Binding
	// Links opens the links panel of the selected card.
	Links key.Binding
}

// DefaultKeyMap returns the root's keys as SPEC.md's key table gives them;
// F (the issue's fields) is this program's own.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Add:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add links")),
		Save:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save now")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "save and quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "save and quit")),
		Submit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Edit:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit blurb")),
		External:  key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "blurb in $EDITOR")),
		Intro:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "edit intro")),
		Fields:    key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "name, number, date, title, footer")),
		Preview:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "preview")),
		NextPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "to the board")),
		PrevPane:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "to the last column")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the board")),
		Sections:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "section menu")),
		NewIssue:  key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "start the next issue")),
		Links:     key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "the card's links")),
	}
}

// helpMode is what the help bar explains.
type helpMode int

const (
	helpBoard helpMode = iota
	helpCarrying
	helpPrompt
	helpFull
	helpEditor
	helpForm
	helpPreview
	helpOverlay // the board has the keys under a covering preview
	helpMenu    // the section menu is open
	helpLinks   // the links panel is open
)

// helpKeys joins the root's and the panes' keys for the help bar, in the
// order that matters most when the bar is cut short on a narrow terminal.
type helpKeys struct {
	root    KeyMap
	board   board.KeyMap
	editor  editor.KeyMap
	form    form.KeyMap
	preview preview.KeyMap
	menu    []key.Binding // the section menu's keys that apply now
	mode    helpMode
}

// ShortHelp returns the bindings of the one-line help bar.
func (h helpKeys) ShortHelp() []key.Binding {
	r, b := h.root, h.board
	switch h.mode {
	case helpPrompt:
		return []key.Binding{r.Submit, r.Cancel}
	case helpMenu:
		return h.menu
	case helpLinks:
		return DefaultLinkKeys().bindings()
	case helpFull:
		close := r.Help
		close.SetHelp("?/esc", "close help")
		return []key.Binding{close, b.Up, b.Down, r.Quit}
	case helpCarrying:
		return []key.Binding{b.PutDown, b.PutBack, b.Carry, r.Help}
	case helpEditor:
		e := h.editor
		return []key.Binding{e.Done, e.Newline, e.Move, r.Save, r.ForceQuit}
	case helpForm:
		f := h.form
		return []key.Binding{f.Apply, f.Cancel, f.Next, f.Prev}
	case helpOverlay:
		back := r.Preview
		back.SetHelp("p/esc", "show the board")
		return []key.Binding{back, b.Next, r.Edit, b.Down, b.Up, r.Help, r.Quit}
	case helpPreview:
		p := h.preview
		hide := r.Preview
		hide.SetHelp("p", "hide preview")
		return []key.Binding{r.Back, p.Down, p.Up, p.PageDown, p.Mode, r.NextPane, hide, r.Help, r.Quit}
	}
	return []key.Binding{r.Help, b.Next, b.PickUp, r.Edit, r.Preview, b.Send, b.Delete, b.Undo, r.Add, r.Sections, b.Join, r.Links, r.Fields, b.Filter, b.ClearFilter, r.Quit}
}

// FullHelp returns the bindings of the full help, in columns, each of them
// whatever state the board is in: the full help is the reference.
func (h helpKeys) FullHelp() [][]key.Binding {
	b, r, p, e := h.board, h.root, h.preview, h.editor
	next, prev := r.NextPane, r.PrevPane
	next.SetHelp("tab", "preview ⇄ first column")
	prev.SetHelp("shift+tab", "preview ⇄ last column")
	mode := p.Mode
	mode.SetHelp("m", "preview: rendered/plain text")
	done := e.Done
	done.SetHelp("esc", "leave the editor, keeping the text")
	groups := [][]key.Binding{
		{b.Up, b.Down, b.Home, b.End, b.PageUp, b.PgDown, b.Left, b.Right, b.Next, b.Prev},
		{b.PickUp, b.Carry, b.PutDown, b.PutBack, b.Send},
		{b.Delete, b.Undo, b.Redo, b.Filter, b.ClearFilter},
		{r.Edit, r.External, r.Intro, r.Fields, done, e.Newline},
		{r.Preview, next, prev, mode, p.PageDown, p.PageUp},
		{r.Add, r.Save, r.Help, r.Quit, r.ForceQuit},
		h.sectionGroup(),
	}
	for _, g := range groups {
		for i := range g {
			g[i].SetEnabled(true)
		}
	}
	return groups
}

// sectionGroup is the full help's group of the section menu, J and L; the
// menu and the links panel list their own keys.
func (h helpKeys) sectionGroup() []key.Binding {
	s, links, join := h.root.Sections, h.root.Links, h.board.Join
	s.SetHelp("s", "sections: add, rename, move, sponsor, remove")
	links.SetHelp("L", "links: add, remove, reorder")
	join.SetHelp("J", "join with the card below")
	return []key.Binding{s, join, links, h.root.NewIssue}
}
