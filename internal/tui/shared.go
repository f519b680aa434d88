package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// NewsMsg tells a board sharing its draft (WithSeat) that its seat has
// news: changes by the other editors, where they are, a note of the
// server's. Send it from outside the program's event loop.
type NewsMsg struct{}

// seatSavedMsg reports a save asked for with ctrl+s on a shared draft.
type seatSavedMsg struct{ Err error }

// introKey is what an editor claims to write the intro.
const introKey = "\x00intro"

// WithSeat makes the model one of several boards on a draft owned by a
// live.Hub: the hub saves the draft and takes in the queue of other
// commands, and the model applies its changes as the seat's author, reads
// the draft only with the seat's turn held, and tells the others where it
// is and which blurb it writes.
func WithSeat(s *live.Seat) Option {
	return func(m *Model) { m.seat, m.doc, m.who = s, s.Document(), s.Who() }
}

// catchUp brings the board up to date with what the others did since it
// last looked. Call it with the seat's turn held.
func (m *Model) catchUp() {
	n := m.seat.Take()
	for _, c := range n.Changes {
		m.board.Changed(c)
	}
	if n.Others != nil {
		others := make([]board.Other, len(n.Others))
		for i, p := range n.Others {
			others[i] = board.Other{Who: p.Who, Col: p.Col, Item: p.Item, Writing: p.Writing}
		}
		m.board.SetOthers(others)
	}
	if n.Note != "" {
		m.status = board.Note{Err: n.Err, Text: n.Note}
	}
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
	if m.seat == nil {
		return true
	}
	holder, ok := m.seat.Claim(key)
	if !ok {
		m.status = board.Note{Err: true, Text: sanitize.Line(holder) + " is writing " + what}
	}
	return ok
}

// release lets go of what this board was writing.
func (m *Model) release() {
	if m.seat != nil {
		m.seat.Release()
	}
}

// saveSeat saves the shared draft now, off the event loop.
func (m *Model) saveSeat() tea.Cmd {
	m.status = board.Note{Text: "Saving…"}
	s := m.seat
	return func() tea.Msg { return seatSavedMsg{Err: s.Save()} }
}
