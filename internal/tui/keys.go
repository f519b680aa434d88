package tui

import (
	"strings"

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
	helpCard    // the card pane is open beside or over the board
	helpExport  // the export prompt is open
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
	links   LinkKeys
	menu    []key.Binding // the section menu's keys that apply now
	mode    helpMode
}

// ShortHelp returns the bindings of the one-line help bar: help and quit
// first wherever they work, then the keys of the state the board is in.
func (h helpKeys) ShortHelp() []key.Binding {
	r, b := h.root, h.board
	switch h.mode {
	case helpPrompt:
		return []key.Binding{r.Submit, r.Cancel}
	case helpExport:
		write := r.Submit
		write.SetHelp(r.Submit.Help().Key, "write")
		return []key.Binding{write, r.NextFormat, r.Cancel}
	case helpMenu:
		return h.menu
	case helpLinks:
		return h.links.bindings()
	case helpFull:
		close := r.Help
		close.SetHelp(keyNames(r.Help, r.Quit, r.Cancel), "close help")
		return []key.Binding{close, b.Up, b.Down, r.ForceQuit}
	case helpCarrying:
		return []key.Binding{r.Help, r.Quit, b.PutDown, b.PutBack, b.Carry}
	case helpEditor:
		return append(h.editor.ShortHelp(), r.Save, r.ForceQuit)
	case helpForm:
		return h.form.ShortHelp()
	case helpOverlay:
		back := r.Preview
		back.SetHelp(keyNames(r.Preview, r.Back), "show the board")
		return []key.Binding{r.Help, r.Quit, back, b.Next, r.Edit, b.Down, b.Up}
	case helpCard:
		closeCard := r.Card
		closeCard.SetHelp(keyNames(r.Card, r.Back), "close card")
		return []key.Binding{r.Help, r.Quit, closeCard, b.Down, b.Up, r.CardDown, r.CardUp, b.Next, r.Edit, b.Search}
	case helpPreview:
		p := h.preview
		hide := r.Preview
		hide.SetHelp(r.Preview.Help().Key, "hide preview")
		return append(append([]key.Binding{r.Help, r.Quit, r.Back}, p.ShortHelp()...), r.NextPane, hide)
	}
	// The board: help and quit, then what the state adds (a search), then
	// the keys a new editor needs first.
	return []key.Binding{r.Help, r.Quit, b.NextMatch, b.PrevMatch, b.ClearSearch,
		r.Add, b.Undo, b.Search, r.Edit, b.PickUp, b.Send, r.Preview, r.Card, b.Delete, r.Sections, b.Join, r.Links, r.Fields, b.Next}
}

// FullHelp returns the bindings of the full help, in columns, each of them
// whatever state the board is in: the full help is the reference.
func (h helpKeys) FullHelp() [][]key.Binding {
	b, r, p, e := h.board, h.root, h.preview, h.editor
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
	s.SetHelp(s.Help().Key, "sections: add, rename, move, sponsor, remove")
	links.SetHelp(links.Help().Key, "links: add, remove, reorder")
	join.SetHelp(join.Help().Key, "join with the card below")
	return []key.Binding{s, join, links, h.root.NewIssue}
}

// keyNames writes the keys of bs as the help bar does: "?/q/esc".
func keyNames(bs ...key.Binding) string {
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = b.Help().Key
	}
	return strings.Join(names, "/")
}
