package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// listen waits for the seat's next news, off the event loop, and returns
// it as a NewsMsg; Update listens again on each one. It is nil until Init
// ran (a test hears by hand).
func (m *Model) listen() tea.Cmd {
	if !m.listening {
		return nil
	}
	s := m.seat
	return func() tea.Msg {
		n, ok := s.Next()
		if !ok {
			return nil // the seat was left: the board is done
		}
		return NewsMsg{News: n}
	}
}

// hear brings the board up to date with what the seat heard: its
// selection, scroll and carried card stay. It returns the links weekly
// capture sent that came without a title, for the board to fetch.
func (m *Model) hear(n live.News) (untitled []draft.Item) {
	for _, c := range n.Changes {
		m.board.Changed(c)
		untitled = append(untitled, captured(c)...)
	}
	if n.Others != nil {
		others := make([]board.Other, len(n.Others))
		for i, p := range n.Others {
			others[i] = board.Other{Who: p.Who, Col: p.Col, Item: p.Item, Writing: p.Writing}
		}
		m.board.SetOthers(others)
	}
	if n.Note.Text != "" {
		text := n.Note.Text
		if n.Note.Undoable {
			text += " · " + m.board.UndoHint()
		}
		m.status = board.Note{Err: n.Note.Err, Text: text}
	}
	return untitled
}

// captured returns the links weekly capture sent (they name who sent
// them) that a change put on the board without a title. weekly capture
// leaves those titles to the open board, as the board's own a does: it
// saves the link at once and never waits on the page.
func captured(c doc.Change) []draft.Item {
	if c.Undo {
		return nil
	}
	var out []draft.Item
	for _, op := range c.Ops {
		if op.Kind == draft.OpInsert && op.Item.Via != "" && op.Item.Title == "" && op.Item.URL() != "" {
			out = append(out, op.Item)
		}
	}
	return out
}

// publish tells the others where this board is.
func (m *Model) publish() {
	id := ""
	if it := m.board.Selected(); it != nil {
		id = it.ID
	}
	m.seat.Here(m.board.Focused(), id)
}

// claim asks to write what key names (an item's ID, introKey); when another
// editor is writing it, the status line says who and it returns false.
func (m *Model) claim(key, what string) bool {
	holder, ok := m.seat.Claim(key)
	if !ok {
		m.status = board.Note{Err: true, Text: sanitize.Line(holder) + " is writing " + what}
	}
	return ok
}

// release lets go of what this board was writing.
func (m *Model) release() { m.seat.Release() }

// saveNow is ctrl+s: the hub saves the draft now, off the event loop.
func (m *Model) saveNow() tea.Cmd {
	m.status = board.Note{Text: "Saving…"}
	return m.save(false)
}

func (m *Model) save(quit bool) tea.Cmd {
	s := m.seat
	return func() tea.Msg { return savedMsg{Err: s.Save(), quit: quit} }
}
