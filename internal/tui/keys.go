package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/weekly-dev/weekly/internal/draft"
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
	// Publish writes the issue into the web archive (weekly publish);
	// OpenIssue opens its page, or its HTML export, in the browser.
	Publish, OpenIssue key.Binding
	// Find opens the search of the archive.
	Find key.Binding
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
		Publish:    key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "publish issue")),
		OpenIssue:  key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "open issue page")),
		Find:       key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "search the archive")),
	}
}

// keyNames writes the keys of bs as the help bar does: "?/q/esc".
func keyNames(bs ...key.Binding) string {
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = b.Help().Key
	}
	return strings.Join(names, "/")
}

// LinkKeys are the keys of the links panel that L opens on a card.
type LinkKeys struct {
	Up, Down, Add, Remove, Earlier, Later, Close key.Binding
}

// DefaultLinkKeys returns the links panel's keys.
func DefaultLinkKeys() LinkKeys {
	return LinkKeys{
		Up:      key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:    key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Add:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add a link after")),
		Remove:  key.NewBinding(key.WithKeys("d", "x"), key.WithHelp("d", "remove the link")),
		Earlier: key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "move it up")),
		Later:   key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "move it down")),
		Close:   key.NewBinding(key.WithKeys("esc", "L"), key.WithHelp("esc", "close")),
	}
}

func (k LinkKeys) bindings() []key.Binding {
	return []key.Binding{k.Add, k.Remove, k.Earlier, k.Later, k.Up, k.Down, k.Close}
}

// SectionKeys are the keys of the section menu that s opens on a column.
type SectionKeys struct {
	Add, Rename, Left, Right, Kind, Recurring, Remove, Close key.Binding
}

// DefaultSectionKeys returns the section menu's keys.
func DefaultSectionKeys() SectionKeys {
	return SectionKeys{
		Add:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add a section after")),
		Rename:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename")),
		Left:      key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h", "move left")),
		Right:     key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l", "move right")),
		Kind:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "sponsor/plain")),
		Recurring: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "carry to next issue")),
		Remove:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "remove (cards to inbox)")),
		Close:     key.NewBinding(key.WithKeys("esc", "s"), key.WithHelp("esc", "close")),
	}
}

// bindings returns the menu's keys that apply on column col of d.
func (k SectionKeys) bindings(d *draft.Draft, col int) []key.Binding {
	add := k.Add
	if col == draft.Inbox {
		add.SetHelp(add.Help().Key, "add a first section")
		return []key.Binding{add, k.Close}
	}
	kind := k.Kind
	if d.Sections[col-1].Sponsor {
		kind.SetHelp(kind.Help().Key, "make it plain")
	} else {
		kind.SetHelp(kind.Help().Key, "make it the sponsor's")
	}
	recur := k.Recurring
	if d.Sections[col-1].Recurring {
		recur.SetHelp(recur.Help().Key, "stop carrying its cards on")
	} else {
		recur.SetHelp(recur.Help().Key, "carry its cards to the next issue")
	}
	return []key.Binding{add, k.Rename, k.Left, k.Right, kind, recur, k.Remove, k.Close}
}
