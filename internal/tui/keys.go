package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
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
	// Card shows or hides the selected card in full; CardDown and CardUp
	// scroll it when it is taller than its pane.
	Card, CardDown, CardUp key.Binding
	// Open opens the selected card's first link in the browser; Copy puts
	// it on the clipboard; CopyIssue puts the whole issue there, as the
	// preview shows it; Export writes the issue to a file.
	Open, Copy, CopyIssue, Export key.Binding
	// NextFormat chooses the export's next format in the export prompt.
	NextFormat key.Binding
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
		Add:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add")),
		Save:       key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save now")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:       key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "save and quit")),
		Submit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Edit:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit blurb")),
		External:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "blurb in $VISUAL/$EDITOR")),
		Intro:      key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "edit intro")),
		Fields:     key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "name, number, date, title, footer")),
		Preview:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "preview")),
		Card:       key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "whole card")),
		CardDown:   key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "scroll card down")),
		CardUp:     key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "scroll card up")),
		Open:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open link")),
		Copy:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
		CopyIssue:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy issue")),
		Export:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export to a file")),
		NextFormat: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next format")),
		NextPane:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "to the board")),
		PrevPane:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "to the last column")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the board")),
		Sections:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "section menu")),
		NewIssue:   key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "start the next issue")),
		Links:      key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "the card's links")),
	}
}

// fullHelpGroups returns the bindings of the full help, in columns, each
// of them whatever state the board is in: the full help is the reference.
func (m *Model) fullHelpGroups() [][]key.Binding {
	b, r, p, e := m.board.Keys(), m.keys, m.preview.Keys(), m.editor.Keys()
	next, prev := r.NextPane, r.PrevPane
	next.SetHelp(next.Help().Key, "preview ⇄ first column")
	prev.SetHelp(prev.Help().Key, "preview ⇄ last column")
	mode := p.Mode
	mode.SetHelp(mode.Help().Key, "preview: rendered/plain text")
	done := e.Done
	done.SetHelp(done.Help().Key, "leave the editor, keeping the text")
	add := r.Add
	add.SetHelp(r.Add.Help().Key, "add links")
	groups := [][]key.Binding{
		{b.Up, b.Down, b.Home, b.End, b.PageUp, b.PgDown, b.Left, b.Right, b.Next, b.Prev},
		{b.PickUp, b.Carry, b.PutDown, b.PutBack, b.Send},
		{b.Delete, b.Undo, b.Redo, b.Search, b.NextMatch, b.PrevMatch, b.ClearSearch},
		{r.Edit, r.External, r.Intro, r.Fields, done, e.Newline},
		{r.Preview, next, prev, mode, p.PageDown, p.PageUp},
		{r.Card, r.CardDown, r.CardUp, r.Open, r.Copy, r.CopyIssue, r.Export},
		{add, r.Save, r.Help, r.Quit, r.ForceQuit},
		m.sectionGroup(),
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
func (m *Model) sectionGroup() []key.Binding {
	s, links, join := m.keys.Sections, m.keys.Links, m.board.Keys().Join
	s.SetHelp(s.Help().Key, "sections: add, rename, move, sponsor, remove")
	links.SetHelp(links.Help().Key, "links: add, remove, reorder")
	join.SetHelp(join.Help().Key, "join with the card below")
	return []key.Binding{s, join, links, m.keys.NewIssue}
}

// keyNames writes the keys of bs as the help bar does: "?/q/esc".
func keyNames(bs ...key.Binding) string {
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = b.Help().Key
	}
	return strings.Join(names, "/")
}
