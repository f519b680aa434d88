package tui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// quit puts a carried card down where it is, closes the editor keeping its
// text, saves and then quits. When that save failed, quitting again quits
// without it (the hub tries once more as the board closes).
func (m *Model) quit() tea.Cmd {
	if m.leaving.failed {
		m.closeIndex()
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

// quitCmd ends the board once everything is saved: the program quits, or
// (after ctrl+n) the next issue opens in its place.
func (m *Model) quitCmd() tea.Cmd {
	m.closeIndex()
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
