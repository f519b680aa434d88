package board

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/styles"
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

// keyMsg turns a key name as SPEC.md writes it into a key press.
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "ctrl+r":
		return tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}
	}
	r, _ := utf8.DecodeRuneInString(k)
	return tea.KeyPressMsg{Code: r, Text: k}
}

// press sends keys to the board in order, each settled.
func press(b *Board, keys ...string) {
	for _, k := range keys {
		b.Update(keyMsg(k))
		settle(b)
	}
}

// cols returns the board's cards column by column as "a b | c | ".
func cols(d *draft.Draft) string {
	parts := make([]string, d.Columns())
	for c := range d.Columns() {
		var ids []string
		for _, it := range d.Column(c) {
			ids = append(ids, it.ID)
		}
		parts[c] = strings.Join(ids, " ")
	}
	return strings.Join(parts, " | ")
}

// screen returns the board's view without colours.
func screen(b *Board) string { return ansi.Strip(b.View()) }

// checkFrame fails unless the view is exactly w×h cells.
func checkFrame(t *testing.T, view string, w, h int) {
	t.Helper()
	if h == 0 || w == 0 {
		if view != "" {
			t.Fatalf("%d×%d: view %q, want nothing", w, h, view)
		}
		return
	}
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%d×%d: view has %d lines:\n%s", w, h, len(lines), ansi.Strip(view))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("%d×%d: line %d is %d cells wide:\n%s", w, h, i, got, ansi.Strip(view))
		}
	}
}

func mouse(x, y int) tea.Mouse { return tea.Mouse{X: x, Y: y, Button: tea.MouseLeft} }
