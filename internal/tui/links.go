package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// linkItem returns the card the links panel is open on, where it is.
func (m *Model) linkItem() (draft.Pos, *draft.Item, bool) {
	p, it, ok := m.board.SelectedPos()
	if ok && it.ID == m.links.id {
		return p, it, true
	}
	if p, ok := m.current().Find(m.links.id); ok {
		return p, m.current().At(p), true
	}
	return draft.Pos{}, nil, false
}

// openLinks opens the links panel on the selected card.
func (m *Model) openLinks() tea.Cmd {
	_, it, ok := m.board.SelectedPos()
	if !ok {
		m.status = board.Note{Err: true, Text: m.current().ColumnName(m.board.Focused()) + " is empty: no card's links to edit"}
		return nil
	}
	m.links.id, m.links.cur = it.ID, 0
	m.setFocus(focusLinks)
	return nil
}

// linksKey handles a key while the links panel is open.
func (m *Model) linksKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.links.keys
	p, it, ok := m.linkItem()
	if !ok {
		m.setFocus(focusBoard)
		m.status = board.Note{Err: true, Text: "The card is no longer on the board"}
		return nil
	}
	n := len(it.URLs)
	cur := min(m.links.cur, max(n-1, 0))
	move := func(to int) {
		urls := slices.Clone(it.URLs)
		urls[cur], urls[to] = urls[to], urls[cur]
		if m.setLinks(p, it, urls, fmt.Sprintf("Moved %s to place %d", urls[to], to+1)) {
			m.links.cur = to
		}
	}
	switch {
	case key.Matches(msg, k.Close):
		m.setFocus(focusBoard)
	case key.Matches(msg, k.Up):
		m.links.cur = max(cur-1, 0)
	case key.Matches(msg, k.Down):
		m.links.cur = min(cur+1, max(n-1, 0))
	case key.Matches(msg, k.Add):
		return m.ask(askLink, "Add link: ", "")
	case key.Matches(msg, k.Remove):
		if n == 0 {
			m.status = board.Note{Err: true, Text: "The card has no link to remove"}
			return nil
		}
		gone := it.URLs[cur]
		urls := slices.Delete(slices.Clone(it.URLs), cur, cur+1)
		m.setLinks(p, it, urls, "Removed "+gone)
	case key.Matches(msg, k.Earlier):
		if cur > 0 {
			move(cur - 1)
		}
	case key.Matches(msg, k.Later):
		if cur < n-1 {
			move(cur + 1)
		}
	}
	return nil
}

// setLinks gives the card the links urls as one undoable step.
func (m *Model) setLinks(p draft.Pos, it *draft.Item, urls []string, says string) bool {
	if err := m.apply(draft.Op{Kind: draft.OpLinks, From: p, Item: draft.Item{ID: it.ID}, Links: urls}); err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not change the links: %v", err)}
		return false
	}
	m.status = board.Note{Text: sanitize.Line(says) + " · " + m.board.UndoHint()}
	return true
}

// submitLink adds the link typed in the prompt after the cursor, checked as
// weekly add checks one; a refused one is named and stays in the prompt.
func (m *Model) submitLink() tea.Cmd {
	typed := strings.TrimSpace(m.prompt.Value())
	if u, ok := link.WithScheme(typed); ok {
		typed = u // example.com/x is https://example.com/x, as a and weekly add take it
	}
	if _, err := link.Check(typed); err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Not added: %v", err)}
		return nil
	}
	u := typed
	p, it, ok := m.linkItem()
	if !ok {
		m.closePrompt()
		m.status = board.Note{Err: true, Text: "The card is no longer on the board"}
		return nil
	}
	at := min(m.links.cur+1, len(it.URLs))
	urls := slices.Insert(slices.Clone(it.URLs), at, u)
	if m.setLinks(p, it, urls, "Added "+u) {
		m.closePrompt()
		m.links.cur = at
		m.setFocus(focusLinks)
	}
	return nil
}

// linksView draws the links panel on its card.
func (m *Model) linksView(w int) []string {
	_, it, ok := m.linkItem()
	if !ok {
		return nil
	}
	return m.links.View(it, w)
}
