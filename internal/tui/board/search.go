package board

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// search is the board's search over every column: the query and the cards
// that match it, in board order (the inbox first, then the sections), and
// the shorter queries typed on the way to it, so that deleting a letter
// goes back to their matches instead of searching every card again.
type search struct {
	level         // the present query; "" when no search is on
	rev   uint64  // the board's Rev when the levels were computed
	back  []level // earlier queries, each contained in the next and in query; what lies past its length is room for the next
}

// level is a query and its matches.
type level struct {
	query string      // lower case, trimmed
	hits  []draft.Pos // the matching cards, as the draft stood at rev
	at    []spot      // per hit: where in the card the query is first found
}

// maxBack is how many earlier queries a search keeps: a query is typed by
// hand, and past this many letters deleting one searches from the
// longest kept query that the shorter one contains.
const maxBack = 32

// spot is a place in a card's text: which field (see field) and the
// offset in it.
type spot struct{ f, i int }

// field returns the card's f-th text that / looks in, and false past the
// last: the title, the site, who sent it (weekly capture's "via") and
// their note, the links, the description, the blurb. The short ones come
// first, so that most matches are found early.
func field(it *draft.Item, f int) (string, bool) {
	switch f {
	case 0:
		return it.Title, true
	case 1:
		return it.Site, true
	case 2:
		return it.Via, true
	case 3:
		return it.Note, true
	}
	if f -= 4; f < len(it.URLs) {
		return it.URLs[f], true
	}
	switch f - len(it.URLs) {
	case 0:
		return it.Description, true
	case 1:
		return it.Blurb, true
	}
	return "", false
}

// find returns where q is first found in the card's texts at or after
// from, in the order field gives them.
func find(it *draft.Item, q needle, from spot) (spot, bool) {
	for f, i := from.f, from.i; ; f, i = f+1, 0 {
		s, ok := field(it, f)
		if !ok {
			return spot{}, false
		}
		if j := q.index(s, i); j >= 0 {
			return spot{f, j}, true
		}
	}
}

// setQuery searches every column for query. A query that contains the
// last one, on an unchanged draft, looks only among the last one's hits:
// a card that holds the longer query holds the shorter. A query that
// grows the last one at its end looks in each hit from where the last one
// was first found, since it cannot be found before; typing a word so
// costs about a comparison of the word per matching card. A query that
// does not contain the last one (a letter deleted, say) goes back to the
// longest earlier query it contains and narrows its matches, or, with
// none, searches every card; so does any query on a changed draft.
func (b *Board) setQuery(query string) {
	query = strings.ToLower(strings.TrimSpace(query))
	s := &b.search
	if query == "" {
		s.reset()
		return
	}
	if s.query == "" || s.rev != b.rev {
		s.fresh(b.current(), query, b.rev)
		return
	}
	for !strings.Contains(query, s.query) {
		if len(s.back) == 0 {
			s.fresh(b.current(), query, b.rev)
			return
		}
		s.pop()
	}
	if query != s.query {
		s.narrow(b.current(), query)
	}
}

// reset drops the search, keeping its lists' room for the next.
func (s *search) reset() {
	*s = search{level: level{hits: s.hits[:0], at: s.at[:0]}, back: s.back[:0]}
}

// fresh searches every card of d for query.
func (s *search) fresh(d *draft.Draft, query string, rev uint64) {
	s.reset()
	s.query, s.rev = query, rev
	q := newNeedle(query)
	d.Items(func(p draft.Pos, it *draft.Item) {
		if at, ok := find(it, q, spot{}); ok {
			s.hits = append(s.hits, p)
			s.at = append(s.at, at)
		}
	})
}

// pop goes back to the last earlier query; the present one's lists become
// room past back's end.
func (s *search) pop() {
	n := len(s.back) - 1
	s.level, s.back[n] = s.back[n], s.level
	s.back = s.back[:n]
}

// narrow makes query, which contains the present one, the present query,
// keeping the present one in back (or, with maxBack kept, narrowing in its
// place).
func (s *search) narrow(d *draft.Draft, query string) {
	last := s.level
	next := level{query: query, hits: last.hits[:0], at: last.at[:0]}
	if len(s.back) < maxBack {
		n := len(s.back)
		next.hits, next.at = nil, nil
		if n < cap(s.back) {
			room := s.back[:n+1][n]
			next.hits, next.at = room.hits[:0], room.at[:0]
		}
		s.back = append(s.back, last)
	}
	grown := strings.HasPrefix(query, last.query)
	q := newNeedle(query)
	for k, p := range last.hits {
		from := last.at[k]
		if !grown {
			from.i = 0 // the longer query may start before the shorter
		}
		if at, ok := find(d.At(p), q, from); ok {
			next.hits = append(next.hits, p)
			next.at = append(next.at, at)
		}
	}
	s.level = next
}

// freshHits returns the hits of the search, searched again when the draft
// changed since.
func (b *Board) freshHits() []draft.Pos {
	if b.search.query != "" && b.search.rev != b.rev {
		q := b.search.query
		b.search.query = ""
		b.setQuery(q)
	}
	return b.search.hits
}

// Searching reports whether a search is on: being typed or kept.
func (b *Board) Searching() bool { return b.typing || b.search.query != "" }

// SearchStatus is the status line of a search: its line being typed with
// the count of matches, or the kept query, where the selection is among
// its matches, and the keys.
func (b *Board) SearchStatus() string {
	hits := b.freshHits()
	n := len(hits)
	k := b.keys
	if b.typing {
		count := ""
		switch {
		case b.search.query == "":
		case n == 0:
			count = "  no card matches"
		default:
			count = fmt.Sprintf("  %s · %s", draft.Plural(n, "match"), helpText(k.SearchFirst))
		}
		return b.input.View() + count
	}
	if b.search.query == "" {
		return ""
	}
	if n == 0 {
		return fmt.Sprintf("/%s: no card matches · %s", sanitize.Line(b.search.query), helpText(k.ClearSearch))
	}
	at := "not on a match"
	if i, ok := b.hitIndex(); ok {
		at = fmt.Sprintf("%d of %d", i+1, n)
	}
	return fmt.Sprintf("/%s: %s, %s · %s · %s · %s", sanitize.Line(b.search.query), draft.Plural(n, "match"), at,
		helpText(k.NextMatch), helpText(k.PrevMatch), helpText(k.ClearSearch))
}

// hitIndex returns which hit the selected card is, if it is one.
func (b *Board) hitIndex() (int, bool) {
	p, _, ok := b.selectedPos()
	if !ok {
		return 0, false
	}
	hits := b.search.hits
	i := sort.Search(len(hits), func(i int) bool { return !before(hits[i], p) })
	return i, i < len(hits) && hits[i] == p
}

// before reports whether p comes before q in board order.
func before(p, q draft.Pos) bool {
	return p.Col < q.Col || p.Col == q.Col && p.Index < q.Index
}

// jump selects the next match after the selected card (dir 1), the one
// before it (dir -1), or the first of all (dir 0), going round at the ends.
func (b *Board) jump(dir int) {
	hits := b.freshHits()
	if len(hits) == 0 {
		b.errorf("No card matches /%s", b.search.query)
		return
	}
	cur, _, ok := b.selectedPos()
	if !ok {
		cur = draft.Pos{Col: b.col, Index: -1}
	}
	i := 0
	switch dir {
	case 1:
		i = sort.Search(len(hits), func(i int) bool { return before(cur, hits[i]) }) % len(hits)
	case -1:
		i = sort.Search(len(hits), func(i int) bool { return !before(hits[i], cur) }) - 1
		if i < 0 {
			i = len(hits) - 1
		}
	}
	p := hits[i]
	b.col = p.Col
	b.sel[p.Col] = p.Index
	b.syncKeys()
	b.ensureVisible()
}

// startSearch opens the search line, holding the kept query.
func (b *Board) startSearch() tea.Cmd {
	b.typing = true
	b.input.SetValue(b.search.query)
	b.input.CursorEnd()
	b.fitInput()
	b.syncKeys()
	return b.input.Focus()
}

// fitInput makes the search line as wide as its text (or its placeholder),
// so that the count of matches follows it closely.
func (b *Board) fitInput() {
	w := width(b.input.Value()) + 1
	if b.input.Value() == "" {
		w = width(b.input.Placeholder) + 1
	}
	b.input.SetWidth(max(min(w, b.width/2), 1))
}

// stopTyping closes the search line, keeping the query.
func (b *Board) stopTyping() {
	b.typing = false
	b.input.Blur()
	b.syncKeys()
}

// clearSearch drops the search, keeping its lists' room for the next.
func (b *Board) clearSearch() {
	b.stopTyping()
	b.search.reset()
	b.syncKeys()
}

// updateSearch handles a key while the search is typed: enter jumps to the
// first match and keeps the search for n and N, esc drops it, anything
// else edits it.
func (b *Board) updateSearch(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, b.keys.SearchFirst):
			b.stopTyping()
			if b.search.query != "" {
				b.jump(0)
			}
			return nil
		case key.Matches(k, b.keys.ClearSearch):
			b.clearSearch()
			return nil
		}
	}
	before := b.input.Value()
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	if v := b.input.Value(); v != before {
		b.setQuery(v)
		b.fitInput()
	}
	return cmd
}
