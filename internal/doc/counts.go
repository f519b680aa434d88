package doc

import (
	"slices"
	"strings"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
)

// Counts are the figures views show that depend on the whole draft: words
// per column and how often each link appears. They are built once and then
// kept up to date op by op, so that no keystroke walks every card. Read
// them only inside Document.Read.
type Counts struct {
	fixedWords int                 // intro and closing
	words      []int               // per column: the words its items add
	urls       map[string]int      // normalised URL -> items that have it
	norm       map[string][]string // item ID -> its normalised URLs
}

// newCounts counts the draft from scratch.
func newCounts(d *draft.Draft) Counts {
	s := Counts{
		fixedWords: len(strings.Fields(d.Intro)) + len(strings.Fields(d.Closing)),
		words:      make([]int, d.Columns()),
		urls:       map[string]int{},
		norm:       map[string][]string{},
	}
	d.Items(func(p draft.Pos, it *draft.Item) { s.add(p.Col, *it) })
	return s
}

// add counts an item that came onto the board in column c.
func (s *Counts) add(c int, it draft.Item) {
	s.words[c] += draft.ItemWords(it)
	s.addLinks(it.ID, it.URLs)
}

func (s *Counts) addLinks(id string, urls []string) {
	if len(urls) == 0 {
		return
	}
	norm := make([]string, len(urls))
	for i, u := range urls {
		norm[i] = link.Normalize(u)
		s.urls[norm[i]]++
	}
	s.norm[id] = norm
}

// remove uncounts an item that left the board from column c.
func (s *Counts) remove(c int, it draft.Item) {
	s.words[c] -= draft.ItemWords(it)
	s.removeLinks(it.ID)
}

func (s *Counts) removeLinks(id string) {
	for _, n := range s.norm[id] {
		if s.urls[n]--; s.urls[n] <= 0 {
			delete(s.urls, n)
		}
	}
	delete(s.norm, id)
}

// moved accounts for an item that went from column from to column to.
func (s *Counts) moved(from, to int, it draft.Item) {
	w := draft.ItemWords(it)
	s.words[from] -= w
	s.words[to] += w
}

// Repeated reports whether any link of the item with id is also elsewhere in
// the draft.
func (s *Counts) Repeated(id string) bool {
	for _, n := range s.norm[id] {
		if s.urls[n] > 1 {
			return true
		}
	}
	return false
}

// Words returns the words of the issue as Draft.Words counts them, from the
// kept figures: O(sections), not O(items).
func (s *Counts) Words(d *draft.Draft) int {
	n := s.fixedWords
	for i, sec := range d.Sections {
		if len(sec.Items) == 0 {
			continue
		}
		n += len(strings.Fields(sec.Name)) + s.words[i+1]
	}
	return n
}

// ColumnWords returns the words the items of column c add.
func (s *Counts) ColumnWords(c int) int {
	if c < 0 || c >= len(s.words) {
		return 0
	}
	return s.words[c]
}

// account brings the counts up to date with a change just done on d.
func (s *Counts) account(d *draft.Draft, c draft.Change) {
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
		case draft.OpSectionAdd:
			w := 0
			for _, it := range op.Items {
				w += draft.ItemWords(it)
			}
			s.words[draft.Inbox] -= w
			s.words = slices.Insert(s.words, op.To.Col, w)
		case draft.OpSectionRemove:
			s.words[draft.Inbox] += s.words[op.From.Col]
			s.words = slices.Delete(s.words, op.From.Col, op.From.Col+1)
		case draft.OpSectionMove:
			w := s.words[op.From.Col]
			s.words = slices.Delete(s.words, op.From.Col, op.From.Col+1)
			s.words = slices.Insert(s.words, op.To.Col, w)
		case draft.OpLinks:
			s.words[op.From.Col] += len(op.Links) - len(op.Was)
			s.removeLinks(op.Item.ID)
			s.addLinks(op.Item.ID, op.Links)
		}
	}
}

// edited accounts for a text changed from op.Before to op.After: the words
// of the edited blurb's column, or of the intro. It costs the length of the
// text, however large the draft.
func (s *Counts) edited(d *draft.Draft, op draft.Op) {
	switch op.Field {
	case draft.FieldBlurb:
		it := d.At(op.From)
		if it == nil || it.ID != op.Item.ID {
			return
		}
		was := *it
		was.Blurb = op.Before
		s.words[op.From.Col] += draft.ItemWords(*it) - draft.ItemWords(was)
	case draft.FieldIntro, draft.FieldClosing:
		s.fixedWords += len(strings.Fields(op.After)) - len(strings.Fields(op.Before))
	}
}

// fetched accounts for an item at p whose title changed from before: its
// words when it has no blurb.
func (s *Counts) fetched(p draft.Pos, before, after draft.Item) {
	s.words[p.Col] += draft.ItemWords(after) - draft.ItemWords(before)
}
