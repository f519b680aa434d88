package board

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/styles"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

// newDraft returns a draft with News and Tools and, per column, the cards
// named: each name becomes the card's ID and blurb, and its link
// https://NAME.example.com/.
func newDraft(cols ...[]string) *draft.Draft {
	d := draft.New("Test Weekly", 9, "2024-03-03", []string{"News", "Tools"})
	for c, names := range cols {
		for _, n := range names {
			_ = d.Append(c, card(n))
		}
	}
	return d
}

func card(name string) draft.Item {
	u := "https://" + name + ".example.com/"
	return draft.Item{ID: name, Blurb: name, URLs: []string{u}, Site: name + ".example.com"}
}

// newTestBoard returns a board over a document of d at w×h.
func newTestBoard(d *draft.Draft, w, h int) *Board {
	b := New(doc.New(d), styles.New(true), DefaultKeyMap())
	b.SetSize(w, h)
	return b
}

// who is the editor in board tests.
const who = "you"

// settle does what the root does after the board handled a message: it
// applies the board's intents to the document and tells the board.
func settle(b *Board) {
	for _, in := range b.TakeIntents() {
		var c doc.Change
		var err error
		switch {
		case in.Undo:
			c, err = b.doc.Undo(who)
		case in.Redo:
			c, err = b.doc.Redo(who)
		default:
			c, err = b.doc.Apply(who, in.Ops...)
		}
		b.Applied(in, c, err)
	}
}

// update sends msg to the board and settles it.
func update(b *Board, msg tea.Msg) {
	b.Update(msg)
	settle(b)
}

// apply makes ops one undoable change from outside the board, as the
// root's editor and form do.
func apply(b *Board, ops ...draft.Op) error {
	c, err := b.doc.Apply(who, ops...)
	if err == nil {
		b.Changed(c)
	}
	return err
}

// rev is the document's revision.
func revOf(b *Board) uint64 { return b.doc.Rev() }

// press sends keys to the board in order, each settled.
func press(b *Board, keys ...string) {
	for _, k := range keys {
		b.Update(tuitest.KeyMsg(k))
		settle(b)
	}
}

// screen returns the board's view without colours.
func screen(b *Board) string { return ansi.Strip(b.View()) }

func mouse(x, y int) tea.Mouse { return tea.Mouse{X: x, Y: y, Button: tea.MouseLeft} }
