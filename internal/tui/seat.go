package tui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// NewsMsg carries what the board's seat heard: the changes others made to
// the draft (another board, a command run meanwhile, a fetched title),
// where the other editors are, and a note of the hub's (a save that
// failed). It is the one message of a change made elsewhere.
type NewsMsg struct{ News live.News }

// savedMsg reports a save asked for with ctrl+s or q.
type savedMsg struct {
	Err error
	// quit says the save was q's, to quit after.
	quit bool
}

// quitState is where quitting stands: q saves first, and quits once saved.
type quitState struct {
	saving bool // q is saving, to quit after
	failed bool // the save of q failed: q again quits without it
}

// introKey is what an editor claims to write the intro.
const introKey = "\x00intro"

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
// selection, scroll and carried card stay.
func (m *Model) hear(n live.News) {
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
	if n.Note.Text != "" {
		text := n.Note.Text
		if n.Note.Undoable {
			text += " · " + m.board.UndoHint()
		}
		m.status = board.Note{Err: n.Note.Err, Text: text}
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

// quit puts a carried card down where it is, closes the editor keeping its
// text, saves and then quits. When that save failed, quitting again quits
// without it (the hub tries once more as the board closes).
func (m *Model) quit() tea.Cmd {
	if m.leaving.failed {
		return tea.Quit
	}
	m.board.Drop()
	m.applyIntents()
	m.closeEditor()
	m.leaving.saving = true
	m.status = board.Note{Text: "Saving and quitting…"}
	return m.save(true)
}

// saved takes in how a save of ctrl+s or q went.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	switch {
	case errors.Is(msg.Err, live.ErrKept) && msg.quit && m.leaving.saving:
		return m.quitCmd() // the board's copy is beside the draft, which says so as it closes
	case msg.Err != nil && msg.quit && m.leaving.saving:
		m.leaving.saving, m.leaving.failed = false, true
		m.nextIssue = nil
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Not saved (%s again quits without saving, %s tries again): %v",
			m.keys.Quit.Help().Key, m.keys.Save.Help().Key, msg.Err)}
	case msg.Err != nil:
		m.status = board.Note{Err: true, Text: "Not saved: " + msg.Err.Error()}
	case msg.quit && m.leaving.saving:
		return m.quitCmd()
	default:
		m.leaving.failed = false
		if m.status.Text == "Saving…" {
			m.status = board.Note{Text: "Saved"}
		}
	}
	return nil
}

// switchMsg says the board is saved and done, for the next issue asked
// for with ctrl+n to open in its place (see Session).
type switchMsg struct{}

// OpenedMsg carries the board of a new issue, opened, or why there is none.
type OpenedMsg struct {
	Board *Model
	Err   error
}

// quitCmd ends the board once everything is saved: the program quits, or
// (after ctrl+n) the next issue opens in its place.
func (m *Model) quitCmd() tea.Cmd {
	if m.nextIssue != nil {
		return func() tea.Msg { return switchMsg{} }
	}
	return tea.Quit
}

// notOpened takes the board back from quitting when the issue asked for
// with ctrl+n could not be started.
func (m *Model) notOpened(err error) {
	m.leaving.saving, m.nextIssue = false, nil
	m.status = board.Note{Err: true, Text: fmt.Sprintf("No new issue: %v", err)}
}
