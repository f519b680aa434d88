package board

import (
	"fmt"

	"github.com/weekly-dev/weekly/internal/doc"
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
	n := b.current().Columns()
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
	it := b.current().At(p)
	return p, it, it != nil
}

// Label names an item in messages: its text or link, cut short, safe to
// draw.
func Label(it *draft.Item) string {
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

// sendTo moves the selected card to the end of column target (0 the inbox).
func (b *Board) sendTo(target int) {
	from, it, ok := b.selectedPos()
	if !ok {
		b.errorf("%s is empty: nothing to send", b.current().ColumnName(b.col))
		return
	}
	if target >= b.current().Columns() {
		b.errorf("There is no section %d: the draft has %d sections", target, len(b.current().Sections))
		return
	}
	if target == b.col {
		b.notef("%s is already in %s", Label(it), b.current().ColumnName(target))
		return
	}
	name := Label(it)
	b.want(Intent{
		Ops:  draft.Change{{Kind: draft.OpMove, From: from, To: draft.Pos{Col: target, Index: len(b.current().Column(target))}, Item: draft.Item{ID: it.ID}}},
		fail: "Could not move " + name,
		then: func(b *Board, _ doc.Change) {
			b.notef("Sent %s to %s · %s", name, b.current().ColumnName(target), b.UndoHint())
		},
	})
}

// remove deletes the selected card.
func (b *Board) remove() {
	from, it, ok := b.selectedPos()
	if !ok {
		b.errorf("%s is empty: nothing to delete", b.current().ColumnName(b.col))
		return
	}
	name := Label(it)
	b.want(Intent{
		Ops:  draft.Change{{Kind: draft.OpDelete, From: from, Item: draft.Item{ID: it.ID}}},
		fail: "Could not delete " + name,
		then: func(b *Board, _ doc.Change) { b.notef("Deleted %s · %s", name, b.UndoHint()) },
	})
}

// join joins the selected card with the card shown below it, as vim's J
// joins lines: one item with the links of both.
func (b *Board) join() {
	first, it, ok := b.selectedPos()
	if !ok {
		b.errorf("%s is empty: nothing to join", b.current().ColumnName(b.col))
		return
	}
	second := draft.Pos{Col: b.col, Index: b.sel[b.col] + 1}
	below := b.current().At(second)
	if second.Index < 0 || below == nil {
		b.errorf("%s is the last card of %s: J joins a card with the one below it", Label(it), b.current().ColumnName(b.col))
		return
	}
	ops, err := b.current().JoinOps(first, second)
	if err != nil {
		b.errorf("Could not join: %v", err)
		return
	}
	name, other := Label(it), Label(below)
	b.want(Intent{Ops: ops, fail: "Could not join " + name, then: func(b *Board, c doc.Change) {
		if p, ok := b.current().Find(c.Ops[0].Item.ID); ok {
			b.col, b.sel[p.Col] = p.Col, p.Index
		}
		b.notef("Joined %s and %s: one item, %d links · %s", name, other, len(c.Ops[0].Links), b.UndoHint())
	}})
}

// pickUp starts carrying the selected card.
func (b *Board) pickUp(mouse bool) {
	from, it, ok := b.selectedPos()
	if !ok {
		b.errorf("%s is empty: nothing to pick up", b.current().ColumnName(b.col))
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
	it := b.current().At(k.from)
	if it == nil {
		return ""
	}
	return fmt.Sprintf("Carrying %s → %s, %d of %d · %s · %s",
		Label(it), b.current().ColumnName(k.to.Col), k.to.Index+1, b.baseLen(k.to.Col)+1, helpText(b.keys.PutDown), helpText(b.keys.PutBack))
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
	it := b.current().At(k.from)
	if it == nil || it.ID != k.id {
		b.errorf("The carried card changed place; nothing moved")
		b.syncKeys()
		b.ensureVisible()
		return
	}
	name := Label(it)
	b.syncKeys()
	b.ensureVisible()
	b.want(Intent{
		Ops:  draft.Change{{Kind: draft.OpMove, From: k.from, To: k.to, Item: draft.Item{ID: k.id}}},
		fail: "Could not move " + name,
		then: func(b *Board, c doc.Change) {
			to := c.Ops[0].To
			b.col, b.sel[to.Col] = to.Col, to.Index
			b.notef("Put %s in %s, %d of %d · %s", name, b.current().ColumnName(k.to.Col), k.to.Index+1, len(b.current().Column(k.to.Col)), b.UndoHint())
		},
	})
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

// Undo asks for the editor's last change to be reverted, and selects what
// it touched.
func (b *Board) Undo() {
	b.want(Intent{Undo: true, then: func(b *Board, c doc.Change) {
		b.selectAfter(c.Ops)
		b.notef("Undone · %s redoes", b.keys.Redo.Help().Key)
	}})
}

// Redo asks for the last undone change to be done again, and selects what
// it touched.
func (b *Board) Redo() {
	b.want(Intent{Redo: true, then: func(b *Board, c doc.Change) {
		b.selectAfter(c.Ops)
		b.notef("Redone")
	}})
}

// selectAfter focuses where the last op of a change left its card.
func (b *Board) selectAfter(did draft.Change) {
	if len(did) == 0 {
		return
	}
	op := did[len(did)-1]
	p := op.To
	switch op.Kind {
	case draft.OpEdit:
		if op.Field != draft.FieldBlurb {
			return // an issue field: no card to select
		}
		p = op.From
	case draft.OpDelete, draft.OpLinks:
		p = op.From
	case draft.OpSectionAdd, draft.OpSectionMove:
		b.focusCol(op.To.Col, false)
		return
	case draft.OpSectionRename, draft.OpSectionKind, draft.OpSectionRemove:
		b.focusCol(op.From.Col, false) // clamped when the column is gone
		return
	}
	b.col = p.Col
	b.sel[p.Col] = p.Index
	b.syncKeys()
	b.ensureVisible()
}

// Add asks for items to go at the end of the inbox as one undoable change,
// and selects the first of them.
func (b *Board) Add(items []draft.Item) {
	if len(items) == 0 || b.carry != nil {
		return
	}
	start := len(b.current().Inbox)
	ops := make(draft.Change, len(items))
	for i, it := range items {
		ops[i] = draft.Op{Kind: draft.OpInsert, To: draft.Pos{Col: draft.Inbox, Index: start + i}, Item: it}
	}
	b.want(Intent{Ops: ops, fail: "Could not add", then: func(b *Board, c doc.Change) {
		b.col = draft.Inbox
		b.sel[draft.Inbox] = c.Ops[0].To.Index
	}})
}
