package board

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/draft"
)

// matches reports whether the item's text, title, links or site contain q,
// which is in lower case.
func matches(it *draft.Item, q string) bool {
	if containsFold(it.Blurb, q) || containsFold(it.Title, q) || containsFold(it.Site, q) {
		return true
	}
	for _, u := range it.URLs {
		if containsFold(u, q) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lower-case q, ignoring case,
// without allocating for ASCII text.
func containsFold(s, q string) bool {
	if len(q) > len(s) {
		return false
	}
	for i := range len(s) {
		if s[i] >= 0x80 {
			return strings.Contains(strings.ToLower(s), q)
		}
	}
	for i := 0; i+len(q) <= len(s); i++ {
		j := 0
		for j < len(q) {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != q[j] {
				break
			}
			j++
		}
		if j == len(q) {
			return true
		}
	}
	return false
}

// setFilter narrows column c to the cards matching query ("" for all) and
// selects the first of them.
func (b *Board) setFilter(c int, query string) {
	query = strings.ToLower(strings.TrimSpace(query))
	if query == "" {
		b.filters[c] = nil
	} else {
		b.filters[c] = &filter{query: query}
		b.refilter(c)
	}
	b.sel[c], b.top[c] = 0, 0
	b.syncKeys()
	b.ensureVisible()
}

// refilter recomputes which cards of column c match its filter: one pass
// over the column, done when the filter or the column changes.
func (b *Board) refilter(c int) {
	f := b.filters[c]
	f.idx = f.idx[:0]
	items := b.d.Column(c)
	for i := range items {
		if matches(&items[i], f.query) {
			f.idx = append(f.idx, i)
		}
	}
}

// clearFilters drops every column's filter, keeping the focused column's
// selected card selected. It reports whether there was one.
func (b *Board) clearFilters() bool {
	had := false
	for c, f := range b.filters {
		if f == nil {
			continue
		}
		had = true
		r := b.realIndex(c, b.sel[c])
		b.filters[c] = nil
		if r >= 0 {
			b.sel[c] = r
		}
	}
	b.typing = false
	b.input.Blur()
	return had
}

// startFilter opens the filter line of the focused column.
func (b *Board) startFilter() tea.Cmd {
	b.typing = true
	q := ""
	if f := b.filters[b.col]; f != nil {
		q = f.query
	}
	b.input.SetValue(q)
	b.input.CursorEnd()
	b.input.SetWidth(max(b.colWidthFor(b.col)-6, 1))
	b.ensureVisible()
	return b.input.Focus()
}

// updateFilter handles a key while the filter is typed: enter keeps the
// filter, esc drops it, anything else edits it.
func (b *Board) updateFilter(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "enter", "tab":
			b.typing = false
			b.input.Blur()
			if b.filters[b.col] == nil {
				b.setFilter(b.col, "")
			}
			b.syncKeys()
			b.ensureVisible()
			return nil
		case "esc":
			b.typing = false
			b.input.Blur()
			b.setFilter(b.col, "")
			return nil
		}
	}
	before := b.input.Value()
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	if v := b.input.Value(); v != before {
		b.setFilter(b.col, v)
	}
	return cmd
}
