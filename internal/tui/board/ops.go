package board

import (
	"fmt"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// moveSel moves the selection, or the carried card, by delta cards.
func (b *Board) moveSel(delta int) {
	if k := b.carry; k != nil {
		k.to.Index = min(max(k.to.Index+delta, 0), b.baseLen(k.to.Col))
	} else {
		b.sel[b.col] = min(max(b.sel[b.col]+delta, 0), max(b.length(b.col)-1, 0))
	}
	b.ensureVisible()
}

// focusCol focuses column c, carrying the card there when one is carried.
// With wrap, going past either end comes round to the other (tab); else it
// stops there (the arrows).
func (b *Board) focusCol(c int, wrap bool) {
	n := b.d.Columns()
	if wrap && b.carry == nil {
		c = (c%n + n) % n
	}
	c = min(max(c, 0), n-1)
	if k := b.carry; k != nil {
		k.to = draft.Pos{Col: c, Index: min(k.to.Index, b.baseLen(c))}
	}
	b.col = c
	b.syncKeys()
	b.ensureVisible()
}

// selectedPos returns the draft position of the focused column's selected
// card, or false when the column has none.
func (b *Board) selectedPos() (draft.Pos, *draft.Item, bool) {
	p := draft.Pos{Col: b.col, Index: b.sel[b.col]}
	it := b.d.At(p)
	return p, it, it != nil
}

// label returns a short name for an item in messages.
func label(it *draft.Item) string {
	s := it.Text()
	if s == "" {
		s = it.URL()
	}
	s = sanitize.Line(s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:39]) + "…"
	}
	if s == "" {
		return "the card"
	}
	return "“" + s + "”"
}

// commit records a change just done: history, figures, selection.
func (b *Board) commit(did draft.Change) {
	b.hist.Push(did)
	b.changed(did)
}

// changed brings everything the board keeps about the draft up to date with
// ops done on it.
func (b *Board) changed(did draft.Change) {
	b.stats.account(b.d, did)
	b.rev++
	b.syncKeys()
	b.ensureVisible()
}

// sendTo moves the selected card to the end of column target (0 the inbox).
func (b *Board) sendTo(target int) {
	from, it, ok := b.selectedPos()
	if !ok {
		b.errorf("%s is empty: nothing to send", b.d.ColumnName(b.col))
		return
	}
	if target >= b.d.Columns() {
		b.errorf("There is no section %d: the draft has %d sections", target, len(b.d.Sections))
		return
	}
	if target == b.col {
		b.notef("%s is already in %s", label(it), b.d.ColumnName(target))
		return
	}
	name := label(it)
	did, err := b.d.DoAll(draft.Change{{Kind: draft.OpMove, From: from, To: draft.Pos{Col: target, Index: len(b.d.Column(target))}, Item: draft.Item{ID: it.ID}}})
	if err != nil {
		b.errorf("Could not move %s: %v", name, err)
		return
	}
	b.commit(did)
	b.notef("Sent %s to %s · %s", name, b.d.ColumnName(target), b.undoes())
}

// remove deletes the selected card.
func (b *Board) remove() {
	from, it, ok := b.selectedPos()
	if !ok {
		b.errorf("%s is empty: nothing to delete", b.d.ColumnName(b.col))
		return
	}
	name := label(it)
	did, err := b.d.DoAll(draft.Change{{Kind: draft.OpDelete, From: from, Item: draft.Item{ID: it.ID}}})
	if err != nil {
		b.errorf("Could not delete %s: %v", name, err)
		return
	}
	b.commit(did)
	b.notef("Deleted %s · %s", name, b.undoes())
}

// pickUp starts carrying the selected card.
func (b *Board) pickUp(mouse bool) {
	from, it, ok := b.selectedPos()
	if !ok {
		b.errorf("%s is empty: nothing to pick up", b.d.ColumnName(b.col))
		return
	}
	b.carry = &carry{id: it.ID, from: from, to: from, mouse: mouse}
	b.syncKeys()
	b.ensureVisible()
}

// CarryStatus says what is being carried and where it would land, or "".
func (b *Board) CarryStatus() string {
	k := b.carry
	if k == nil {
		return ""
	}
	it := b.d.At(k.from)
	if it == nil {
		return ""
	}
	return fmt.Sprintf("Carrying %s → %s, %d of %d · %s · %s",
		label(it), b.d.ColumnName(k.to.Col), k.to.Index+1, b.baseLen(k.to.Col)+1, helpText(b.keys.PutDown), helpText(b.keys.PutBack))
}

// putDown ends the carry where the card is drawn.
func (b *Board) putDown() {
	k := b.carry
	if k == nil {
		return
	}
	b.carry = nil
	b.col = k.to.Col
	b.sel[k.to.Col] = k.to.Index
	if k.to == k.from {
		b.syncKeys()
		b.ensureVisible()
		return
	}
	it := b.d.At(k.from)
	if it == nil || it.ID != k.id {
		b.errorf("The carried card changed place; nothing moved")
		b.syncKeys()
		b.ensureVisible()
		return
	}
	name := label(it)
	did, err := b.d.DoAll(draft.Change{{Kind: draft.OpMove, From: k.from, To: k.to, Item: draft.Item{ID: k.id}}})
	if err != nil {
		b.errorf("Could not move %s: %v", name, err)
		b.syncKeys()
		b.ensureVisible()
		return
	}
	b.commit(did)
	b.notef("Put %s in %s, %d of %d · %s", name, b.d.ColumnName(k.to.Col), k.to.Index+1, len(b.d.Column(k.to.Col)), b.undoes())
}

// Cancel puts a carried card back and stops typing a search, as before
// quitting.
func (b *Board) Cancel() {
	if b.carry != nil {
		b.putBack()
	}
	if b.typing {
		b.stopTyping()
	}
}

// Drop puts a carried card down where it is drawn and stops typing a
// search, as before quitting: the editor carried it there on purpose.
func (b *Board) Drop() {
	b.putDown()
	if b.typing {
		b.stopTyping()
	}
}

// putBack ends the carry with the card where it was.
func (b *Board) putBack() {
	k := b.carry
	if k == nil {
		return
	}
	b.carry = nil
	b.col = k.from.Col
	b.sel[k.from.Col] = k.from.Index
	b.syncKeys()
	b.ensureVisible()
	b.notef("Put back")
}

// Undo reverts the last change and selects what it touched.
func (b *Board) Undo() {
	did, err := b.hist.Undo(b.d)
	if err != nil {
		b.errorf("%v", err)
		return
	}
	b.changed(did)
	b.selectAfter(did)
	b.notef("Undone · %s redoes", b.keys.Redo.Help().Key)
}

// Redo does the last undone change again and selects what it touched.
func (b *Board) Redo() {
	did, err := b.hist.Redo(b.d)
	if err != nil {
		b.errorf("%v", err)
		return
	}
	b.changed(did)
	b.selectAfter(did)
	b.notef("Redone")
}

// selectAfter focuses where the last op of a change left its card.
func (b *Board) selectAfter(did draft.Change) {
	if len(did) == 0 {
		return
	}
	op := did[len(did)-1]
	p := op.To
	switch {
	case op.Kind == draft.OpEdit && op.Field != draft.FieldBlurb:
		return // an issue field: no card to select
	case op.Kind == draft.OpDelete, op.Kind == draft.OpEdit:
		p = op.From
	}
	b.col = p.Col
	b.sel[p.Col] = p.Index
	b.syncKeys()
	b.ensureVisible()
}

// Add puts items at the end of the inbox as one undoable change and selects
// the first of them.
func (b *Board) Add(items []draft.Item) {
	if len(items) == 0 || b.carry != nil {
		return
	}
	start := len(b.d.Inbox)
	ops := make(draft.Change, len(items))
	for i, it := range items {
		ops[i] = draft.Op{Kind: draft.OpInsert, To: draft.Pos{Col: draft.Inbox, Index: start + i}, Item: it}
	}
	did, err := b.d.DoAll(ops)
	if err != nil {
		b.errorf("Could not add: %v", err)
		return
	}
	b.commit(did)
	b.col = draft.Inbox
	b.sel[draft.Inbox] = start
	b.syncKeys()
	b.ensureVisible()
}

// Placed takes note of items put on the draft from outside the board (links
// queued by weekly add while it was open) at ps. They are not undoable: the
// editor did not make them.
func (b *Board) Placed(ps []draft.Pos) {
	if len(ps) == 0 {
		return
	}
	ops := make(draft.Change, 0, len(ps))
	for _, p := range ps {
		if it := b.d.At(p); it != nil {
			ops = append(ops, draft.Op{Kind: draft.OpInsert, To: p, Item: *it})
		}
	}
	if k := b.carry; k != nil {
		if it := b.d.At(k.from); it == nil || it.ID != k.id {
			b.carry = nil
		}
	}
	b.changed(ops)
}

// SetFetched gives the item with id the title and description learned from
// its page, unless it has them already. It reports whether the item is still
// on the board.
func (b *Board) SetFetched(id, title, description string) bool {
	p, ok := b.d.Find(id)
	if !ok {
		return false
	}
	it := b.d.At(p)
	title, description = sanitize.Line(title), sanitize.Line(description)
	if (it.Title != "" || title == "") && (it.Description != "" || description == "") {
		return true
	}
	before := draft.ItemWords(*it)
	if it.Title == "" {
		it.Title = title
	}
	if it.Description == "" {
		it.Description = description
	}
	b.stats.words[p.Col] += draft.ItemWords(*it) - before
	b.rev++
	return true
}
