package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/tui/card"
)

// toggleCard shows or hides the selected card in full. It takes the
// preview's place beside the board, or covers the board when narrow; the
// keys stay with the board, and the pane follows the selection.
func (m *Model) toggleCard() tea.Cmd {
	if m.cv.shown {
		m.cv.shown = false
		return m.place()
	}
	m.cv.shown = true
	if m.focus == focusPreview {
		m.setFocus(focusBoard)
	}
	cmd := m.place()
	m.syncCard(true)
	if m.cv.archive == nil && m.cv.err == nil && !m.cv.loading && m.loadArchive != nil {
		m.cv.loading = true
		load := m.loadArchive
		cmd = tea.Batch(cmd, func() tea.Msg {
			a, err := load()
			if err == nil {
				a.Find("") // builds the index here, not on the event loop
			}
			return archiveMsg{a: a, Err: err}
		})
	}
	return cmd
}

// handleArchive takes the archive in and shows the open card's earlier
// uses.
func (m *Model) handleArchive(msg archiveMsg) {
	m.cv.loading = false
	m.cv.archive, m.cv.err = msg.a, msg.Err
	m.syncCard(true)
}

// syncCard gives a shown card pane the selected card again when the
// selection or the draft changed (or always, with force).
func (m *Model) syncCard(force bool) {
	if !m.cv.shown {
		return
	}
	it := m.board.Selected()
	id := ""
	if it != nil {
		id = it.ID
	}
	if !force && id == m.cv.id && m.board.Rev() == m.cv.rev {
		return
	}
	m.cv.id, m.cv.rev = id, m.board.Rev()
	p, _, ok := m.board.SelectedPos()
	if !ok {
		m.card.Set(nil, m.current().ColumnName(m.board.Focused())+" is empty: no card to show")
		return
	}
	c := &card.Card{
		Item:  *it,
		Where: fmt.Sprintf("%s, %d of %d", m.current().ColumnName(p.Col), p.Index+1, len(m.current().Column(p.Col))),
	}
	switch {
	case m.cv.err != nil:
		c.Archive = fmt.Sprintf("archive not read: %v", m.cv.err)
	case m.cv.archive == nil && m.cv.loading:
		c.Archive = "reading the archive…"
	case m.cv.archive == nil:
		c.Archive = "no archive"
	default:
		c.Earlier = m.earlierUses(it.URLs)
	}
	m.card.Set(c, "")
}

// earlierUses names the archive's issues, other than this one, that
// carried one of urls, newest first.
func (m *Model) earlierUses(urls []string) []string {
	var out []string
	for _, u := range urls {
		for _, use := range m.cv.archive.Find(u) {
			if use.Issue.Is(m.current().Newsletter, m.current().Number) {
				continue
			}
			s := use.Issue.Label()
			if use.Item.Section != "" {
				s += " · " + use.Item.Section
			}
			if len(urls) > 1 {
				s += " · " + link.Site(u)
			}
			out = append(out, s)
		}
	}
	return out
}
