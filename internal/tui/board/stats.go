package board

import (
	"strings"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
)

// stats are the figures the header and the cards show that depend on the
// whole draft: words per column and how often each link appears. They are
// built once and then kept up to date op by op, so that no keystroke walks
// every card.
type stats struct {
	fixedWords int                 // intro and closing
	words      []int               // per column: the words its items add
	urls       map[string]int      // normalised URL -> items that have it
	norm       map[string][]string // item ID -> its normalised URLs
}

// newStats counts the draft from scratch.
func newStats(d *draft.Draft) stats {
	s := stats{
		fixedWords: len(strings.Fields(d.Intro)) + len(strings.Fields(d.Closing)),
		words:      make([]int, d.Columns()),
		urls:       map[string]int{},
		norm:       map[string][]string{},
	}
	d.Items(func(p draft.Pos, it *draft.Item) { s.add(p.Col, *it) })
	return s
}

// add counts an item that came onto the board in column c.
func (s *stats) add(c int, it draft.Item) {
	s.words[c] += draft.ItemWords(it)
	if len(it.URLs) == 0 {
		return
	}
	norm := make([]string, len(it.URLs))
	for i, u := range it.URLs {
		norm[i] = link.Normalize(u)
		s.urls[norm[i]]++
	}
	s.norm[it.ID] = norm
}

// remove uncounts an item that left the board from column c.
func (s *stats) remove(c int, it draft.Item) {
	s.words[c] -= draft.ItemWords(it)
	for _, n := range s.norm[it.ID] {
		if s.urls[n]--; s.urls[n] <= 0 {
			delete(s.urls, n)
		}
	}
	delete(s.norm, it.ID)
}

// moved accounts for an item that went from column from to column to.
func (s *stats) moved(from, to int, it draft.Item) {
	w := draft.ItemWords(it)
	s.words[from] -= w
	s.words[to] += w
}

// repeated reports whether any link of the item with id is also elsewhere in
// the draft.
func (s *stats) repeated(id string) bool {
	for _, n := range s.norm[id] {
		if s.urls[n] > 1 {
			return true
		}
	}
	return false
}

// total returns the words of the issue as Draft.Words counts them, from the
// kept figures: O(sections), not O(items).
func (s *stats) total(d *draft.Draft) int {
	n := s.fixedWords
	for i, sec := range d.Sections {
		if len(sec.Items) == 0 {
			continue
		}
		n += len(strings.Fields(sec.Name)) + s.words[i+1]
	}
	return n
}

// account brings the stats up to date with a change just done on d.
func (s *stats) account(d *draft.Draft, c draft.Change) {
	for _, op := range c {
		switch op.Kind {
		case draft.OpMove:
			if it := d.At(op.To); it != nil && it.ID == op.Item.ID {
				s.moved(op.From.Col, op.To.Col, *it)
			}
		case draft.OpDelete:
			s.remove(op.From.Col, op.Item)
		case draft.OpInsert:
			s.add(op.To.Col, op.Item)
		case draft.OpEdit:
			s.edited(d, op)
		}
	}
}

// edited accounts for a text changed from op.Before to op.After: the words
// of the edited blurb's column, or of the intro. It costs the length of the
// text, however large the draft.
func (s *stats) edited(d *draft.Draft, op draft.Op) {
	switch op.Field {
	case draft.FieldBlurb:
		it := d.At(op.From)
		if it == nil || it.ID != op.Item.ID {
			return
		}
		was := *it
		was.Blurb = op.Before
		s.words[op.From.Col] += draft.ItemWords(*it) - draft.ItemWords(was)
	case draft.FieldIntro:
		s.fixedWords += len(strings.Fields(op.After)) - len(strings.Fields(op.Before))
	}
}
