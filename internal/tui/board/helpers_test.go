package board

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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

// newTestBoard returns a board over d at w×h.
func newTestBoard(d *draft.Draft, w, h int) *Board {
	b := New(d, styles.New(true), DefaultKeyMap())
	b.SetSize(w, h)
	return b
}

// press sends keys to the board in order.
func press(b *Board, keys ...string) {
	for _, k := range keys {
		b.Update(tuitest.KeyMsg(k))
	}
}

// screen returns the board's view without colours.
func screen(b *Board) string { return ansi.Strip(b.View()) }

func mouse(x, y int) tea.Mouse { return tea.Mouse{X: x, Y: y, Button: tea.MouseLeft} }
