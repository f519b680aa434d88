package board

import (
	"github.com/weekly-dev/weekly/internal/sanitize"

	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/draft"
)

// search is the board's search over every column: the query and the cards
// that match it, in board order (the inbox first, then the sections).
type search struct {
	query string      // lower case, trimmed; "" when no search is on
	hits  []draft.Pos // the matching cards, as the draft stood at rev
	rev   uint64      // the board's Rev when hits was computed
}

// matches reports whether the item's title, blurb, links, description,
// site, sender (weekly capture's "via") or note contain q, which is in
// lower case.
func matches(it *draft.Item, q string) bool {
	if containsFold(it.Blurb, q) || containsFold(it.Title, q) || containsFold(it.Description, q) || containsFold(it.Site, q) ||
		containsFold(it.Via, q) || containsFold(it.Note, q) {
		return true
	}
	for _, u := range it.URLs {
		if containsFold(u, q) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains q, which is in lower case,
// ignoring case. An ASCII q is looked for byte by byte with no allocation,
// the first byte found by strings.IndexByte in both its cases.
func containsFold(s, q string) bool {
	if len(q) > len(s) || q == "" {
		return q == ""
	}
	if !isASCII(q) {
		return strings.Contains(strings.ToLower(s), q)
	}
	lo, up := q[0], q[0]
	if 'a' <= lo && lo <= 'z' {
		up = lo - ('a' - 'A')
	}
	nextLo, nextUp := -2, -2 // -2: not looked for yet from the present start
	for from := 0; from+len(q) <= len(s); {
		if nextLo == -2 || nextLo >= 0 && nextLo < from {
			nextLo = indexFrom(s, lo, from)
		}
		if nextUp == -2 || nextUp >= 0 && nextUp < from {
			nextUp = indexFrom(s, up, from)
		}
		i := nextLo
		if i < 0 || nextUp >= 0 && nextUp < i {
			i = nextUp
		}
		if i < 0 || i+len(q) > len(s) {
			return false
		}
		if equalFold(s[i+1:i+len(q)], q[1:]) {
			return true
		}
		from = i + 1
	}
	return false
}

// indexFrom is the index of byte c in s at or after from, or -1.
func indexFrom(s string, c byte, from int) int {
	if i := strings.IndexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return -1
}

// equalFold reports whether s equals the lower-case ASCII q, ignoring the
// case of s.
func equalFold(s, q string) bool {
	for j := range len(q) {
		c := s[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != q[j] {
			return false
		}
	}
	return true
}

// setQuery searches every column for query. A query that only grows the
// last one, on an unchanged draft, looks only at the last one's hits.
func (b *Board) setQuery(query string) {
	query = strings.ToLower(strings.TrimSpace(query))
	s := &b.search
	if query == "" {
		*s = search{}
		return
	}
	if s.query != "" && s.rev == b.rev && strings.Contains(query, s.query) {
		kept := s.hits[:0]
		for _, p := range s.hits {
			if matches(b.current().At(p), query) {
				kept = append(kept, p)
			}
		}
		s.query, s.hits = query, kept
		return
	}
	s.query, s.rev, s.hits = query, b.rev, s.hits[:0]
	b.current().Items(func(p draft.Pos, it *draft.Item) {
		if matches(it, query) {
			s.hits = append(s.hits, p)
		}
	})
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

// clearSearch drops the search.
func (b *Board) clearSearch() {
	b.stopTyping()
	b.search = search{}
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
