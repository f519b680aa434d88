package merge

import (
	"slices"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
)

// inbox is the column key of the inbox; sections are keyed by key(name),
// which is never empty.
const inbox = ""

// board is one draft's items indexed by ID, and its columns' orders.
type board struct {
	item map[string]*draft.Item
	col  map[string]string   // item ID -> column key
	cols map[string][]string // column key -> item IDs in order
}

func index(d *draft.Draft) board {
	b := board{item: map[string]*draft.Item{}, col: map[string]string{}, cols: map[string][]string{}}
	d.Items(func(p draft.Pos, it *draft.Item) {
		c := inbox
		if p.Col != draft.Inbox {
			c = key(d.Sections[p.Col-1].Name)
		}
		if _, dup := b.item[it.ID]; dup {
			return // a hand-edited file with a repeated ID: the first stands
		}
		b.item[it.ID] = it
		b.col[it.ID] = c
		b.cols[c] = append(b.cols[c], it.ID)
	})
	return b
}

// items merges the items of the three drafts into out, whose sections are
// already merged and empty.
func (m *merger) items(out *draft.Draft, base, ours, theirs *draft.Draft) {
	b, o, t := index(base), index(ours), index(theirs)
	movedO, movedT := map[string]bool{}, map[string]bool{}
	for c, ids := range o.cols {
		for id := range moved(b.cols[c], ids) {
			movedO[id] = true
		}
	}
	for c, ids := range t.cols {
		for id := range moved(b.cols[c], ids) {
			movedT[id] = true
		}
	}
	keep := func(id string) bool {
		bi, oi, ti := b.item[id], o.item[id], t.item[id]
		switch {
		case bi == nil || (oi != nil && ti != nil):
			return true
		case oi != nil:
			return !sameItem(bi, oi) // deleted by theirs: kept if ours edited it
		case ti != nil:
			return !sameItem(bi, ti)
		}
		return false
	}
	byTheirs := func(id string) bool {
		_, inO := o.item[id]
		return !inO || (movedT[id] && !movedO[id])
	}
	cols := map[string]int{inbox: draft.Inbox}
	for i, s := range out.Sections {
		cols[key(s.Name)] = i + 1
	}
	var homeless []string // items whose section the other side deleted
	place := func(c string, ids []string) {
		n, ok := cols[c]
		if !ok {
			homeless = append(homeless, ids...)
			return
		}
		items := make([]draft.Item, len(ids))
		for i, id := range ids {
			items[i] = m.item(id, b.item[id], o.item[id], t.item[id])
		}
		if n == draft.Inbox {
			out.Inbox = items
		} else {
			out.Sections[n-1].Items = items
		}
	}
	for _, c := range columnKeys(ours, theirs) {
		var kept, placed []string
		for _, id := range o.cols[c] {
			if keep(id) && !byTheirs(id) {
				kept = append(kept, id)
			}
		}
		for _, id := range t.cols[c] {
			if keep(id) && byTheirs(id) {
				placed = append(placed, id)
			}
		}
		place(c, weave(kept, t.cols[c], placed, movedO))
	}
	for _, id := range homeless {
		out.Inbox = append(out.Inbox, m.item(id, b.item[id], o.item[id], t.item[id]))
	}
}

// columnKeys returns every column key of ours and theirs, inbox first, each
// once, in a fixed order (so that homeless items land in a stable order).
func columnKeys(ours, theirs *draft.Draft) []string {
	out := []string{inbox}
	for _, d := range []*draft.Draft{ours, theirs} {
		for _, s := range d.Sections {
			if k := key(s.Name); !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// item merges one item field by field. An item only one side has is taken
// as it is.
func (m *merger) item(id string, b, o, t *draft.Item) draft.Item {
	switch {
	case o == nil:
		return clone(*t)
	case t == nil:
		return clone(*o)
	}
	if b == nil {
		b = &draft.Item{ID: id} // added on both sides with one ID (a copied file)
	}
	out := clone(*o)
	out.Title = pick(b.Title, o.Title, t.Title, eq)
	out.Description = pick(b.Description, o.Description, t.Description, eq)
	out.Site = pick(b.Site, o.Site, t.Site, eq)
	out.Source = pick(b.Source, o.Source, t.Source, eq)
	out.AddedAt = pick(b.AddedAt, o.AddedAt, t.AddedAt, func(x, y time.Time) bool { return x.Equal(y) })
	out.RepeatOK = pick(b.RepeatOK, o.RepeatOK, t.RepeatOK, eq)
	out.Via = pick(b.Via, o.Via, t.Via, eq)
	out.Note = pick(b.Note, o.Note, t.Note, eq)
	out.Carried = pick(b.Carried, o.Carried, t.Carried, eq)
	out.URLs = slices.Clone(pick(b.URLs, o.URLs, t.URLs, slices.Equal))
	out.Blurb = pick(b.Blurb, o.Blurb, t.Blurb, eq)
	out.Conflict = cloneConflict(pick(b.Conflict, o.Conflict, t.Conflict, sameConflict))
	if o.Blurb != b.Blurb && t.Blurb != b.Blurb && o.Blurb != t.Blurb {
		out.Conflict = &draft.Conflict{Field: "blurb", Value: t.Blurb, From: m.from}
		m.count++
	}
	return out
}

// sameItem reports whether two items hold the same content.
func sameItem(a, b *draft.Item) bool {
	return a.ID == b.ID && a.Blurb == b.Blurb && slices.Equal(a.URLs, b.URLs) && a.Title == b.Title &&
		a.Description == b.Description && a.Site == b.Site && a.AddedAt.Equal(b.AddedAt) &&
		a.Source == b.Source && a.RepeatOK == b.RepeatOK && sameConflict(a.Conflict, b.Conflict) &&
		a.Via == b.Via && a.Note == b.Note && a.Carried == b.Carried
}

func sameConflict(a, b *draft.Conflict) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func cloneConflict(c *draft.Conflict) *draft.Conflict {
	if c == nil {
		return nil
	}
	x := *c
	return &x
}

func clone(it draft.Item) draft.Item {
	it.URLs = slices.Clone(it.URLs)
	it.Conflict = cloneConflict(it.Conflict)
	return it
}
