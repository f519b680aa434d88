package tui

import (
	"context"
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/archive/index"
	"github.com/weekly-dev/weekly/internal/draft"
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
	m.refreshArchive()
	return tea.Batch(cmd, m.syncCard(true), m.readArchive(), m.openIndex())
}

// likeCount is how many archived items "Earlier, on this topic" lists.
const likeCount = 3

// syncCard gives a shown card pane the selected card again when the
// selection or the draft changed (or always, with force), and returns the
// search for the archived items most like it when they are not known.
func (m *Model) syncCard(force bool) tea.Cmd {
	if !m.cv.shown {
		return nil
	}
	it := m.board.Selected()
	id := ""
	if it != nil {
		id = it.ID
	}
	if !force && id == m.cv.id && m.board.Rev() == m.cv.rev {
		return nil
	}
	m.cv.id, m.cv.rev = id, m.board.Rev()
	p, _, ok := m.board.SelectedPos()
	if !ok {
		m.card.Set(nil, m.current().ColumnName(m.board.Focused())+" is empty: no card to show")
		return nil
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
	c.Topic, c.TopicNote = m.topic(it.ID)
	m.card.Set(c, "")
	return m.like(it)
}

// topic returns the archived items most like the card id, as the card
// pane lists them, or why there are none to list yet.
func (m *Model) topic(id string) ([]card.Topic, string) {
	switch {
	case m.cv.topicID == id && m.cv.topicErr != nil:
		return nil, fmt.Sprintf("the search failed: %v", m.cv.topicErr)
	case m.cv.topicID == id:
		out := make([]card.Topic, 0, len(m.cv.topic))
		for _, h := range m.cv.topic {
			text := h.Item.Title
			if text == "" {
				text = h.Item.Blurb
			}
			t := card.Topic{Label: fmt.Sprintf("#%d · %s · %s", h.Issue.Number, h.Issue.LongDate(), h.Item.SectionName()), Text: text}
			if len(h.Item.URLs) > 0 {
				t.Host = link.Site(h.Item.URLs[0])
			}
			out = append(out, t)
		}
		return out, ""
	case m.cv.index == nil:
		return nil, m.indexNote()
	}
	return nil, "looking…"
}

// like returns the search for the archived items most like it, run off
// the event loop and numbered so that the answer for a card no longer
// selected is dropped; nil when it was asked already for this card as
// it is, or there is no index.
func (m *Model) like(it *draft.Item) tea.Cmd {
	x := m.cv.index
	if x == nil || it.ID == m.cv.likeID && m.board.Rev() == m.cv.likeRev {
		return nil
	}
	m.cv.like++
	seq, id := m.cv.like, it.ID
	m.cv.likeID, m.cv.likeRev = id, m.board.Rev()
	d := m.current()
	c := index.Card{Title: it.Title, Blurb: it.Blurb, Description: it.Description, URLs: slices.Clone(it.URLs), Newsletter: d.Newsletter, Number: d.Number}
	return func() tea.Msg {
		hits, err := x.Like(context.Background(), c, likeCount)
		return likeMsg{seq: seq, id: id, hits: hits, Err: err}
	}
}

// handleLike shows the items like a card, when they answer the latest
// question.
func (m *Model) handleLike(msg likeMsg) {
	if msg.seq != m.cv.like {
		return
	}
	m.cv.topicID, m.cv.topic, m.cv.topicErr = msg.id, msg.hits, msg.Err
	m.syncCard(true)
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
