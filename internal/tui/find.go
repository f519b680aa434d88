package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/archive/index"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// openFind opens the archive search over the board, with what was typed
// last time, and starts reading the archive and opening its index when
// that is not done yet.
func (m *Model) openFind() tea.Cmd {
	m.find.reading = false
	m.setFocus(focusFind)
	m.refreshArchive()
	return tea.Batch(m.readArchive(), m.openIndex(), m.findAgain())
}

// closeFind gives the keys back to the board; the query and its results
// stay for the next ctrl+f.
func (m *Model) closeFind() {
	m.find.reading = false
	m.setFocus(focusBoard)
}

// findKey handles a key while the archive search is open: the arrows
// choose a result, enter reads it, y (while reading) copies its link, esc
// goes back; everything else is the query, searched again as it changes.
func (m *Model) findKey(msg tea.KeyPressMsg) tea.Cmd {
	p, k := &m.find, m.find.keys
	if p.reading {
		h, _ := p.chosen()
		switch {
		case key.Matches(msg, k.Back):
			p.reading = false
		case key.Matches(msg, k.Up):
			p.link = max(p.link-1, 0)
		case key.Matches(msg, k.Down):
			p.link = min(p.link+1, max(len(h.Item.URLs)-1, 0))
		case key.Matches(msg, k.Copy):
			if p.link >= len(h.Item.URLs) {
				m.status = board.Note{Err: true, Text: "This item has no link to copy"}
				return nil
			}
			u := h.Item.URLs[p.link]
			m.status = board.Note{Text: "Copied " + u + m.clipboardNote()}
			return tea.SetClipboard(u)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Close):
		m.closeFind()
		return nil
	case key.Matches(msg, k.Up):
		p.sel = max(p.sel-1, 0)
		return nil
	case key.Matches(msg, k.Down):
		p.sel = min(p.sel+1, max(len(p.res.Hits)-1, 0))
		return nil
	case key.Matches(msg, k.Read):
		if _, ok := p.chosen(); ok {
			p.reading, p.link = true, 0
		}
		return nil
	}
	return m.typeFind(msg)
}

// typeFind gives the query a key or a paste, and searches again when the
// query changed.
func (m *Model) typeFind(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.find.input, cmd = m.find.input.Update(msg)
	return tea.Batch(cmd, m.findAgain())
}

// findAgain returns the search of the query as typed, when it is not the
// one the results answer (or being answered): run off the event loop and
// numbered, so that the answer to a query typed over since is dropped.
func (m *Model) findAgain() tea.Cmd {
	p := &m.find
	q := p.input.Value()
	p.note = m.indexNote()
	x := m.cv.index
	if q == p.query || x == nil {
		return nil
	}
	p.seq++
	p.query = q
	if strings.TrimSpace(q) == "" {
		p.res, p.err, p.sel = index.Results{}, nil, 0
		return nil
	}
	seq := p.seq
	return func() tea.Msg {
		res, err := x.SearchTyped(context.Background(), q, archiveResults)
		return foundMsg{seq: seq, query: q, res: res, Err: err}
	}
}

// handleFound shows the results of the latest search; those of a query
// typed over since are dropped.
func (m *Model) handleFound(msg foundMsg) {
	p := &m.find
	if msg.seq != p.seq {
		return
	}
	p.res, p.err = msg.res, msg.Err
	p.sel, p.reading = 0, false
}
