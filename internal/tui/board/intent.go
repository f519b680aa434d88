package board

import (
	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
)

// Intent is a change the board asks the root to make to the document: Ops
// done as one undoable step, or an undo or a redo of the editor's last.
type Intent struct {
	Ops  draft.Change
	Undo bool
	Redo bool
	// fail says what could not be done, before the error.
	fail string
	// then is what the board does once the change is made: what it selects
	// and what it says.
	then func(b *Board, c doc.Change)
}

func (b *Board) want(in Intent) { b.intents = append(b.intents, in) }

// TakeIntents returns the changes the board asked for since it was last
// asked, and forgets them. The root applies each and calls Applied.
func (b *Board) TakeIntents() []Intent {
	in := b.intents
	b.intents = nil
	return in
}

// Applied tells the board how an intent of its own went: c is the change
// the document made, or err why it made none.
func (b *Board) Applied(in Intent, c doc.Change, err error) {
	if err != nil {
		if in.fail != "" {
			b.errorf("%s: %v", in.fail, err)
		} else {
			b.errorf("%v", err)
		}
		b.syncKeys()
		b.ensureVisible()
		return
	}
	b.changed(c)
	if in.then != nil {
		in.then(b, c)
	}
	b.syncKeys()
	b.ensureVisible()
}

// Changed tells the board of a change it did not ask for: made by the root
// (an edit, the form, the queue of other commands) or by another editor of
// the document. The selected card stays selected where it still is in its
// column, and a carried card stays in hand.
func (b *Board) Changed(c doc.Change) {
	id := b.selID
	b.changed(c)
	if k := b.carry; k != nil {
		if it := b.current().At(k.from); it == nil || it.ID != k.id {
			p, ok := b.current().Find(k.id)
			if !ok {
				b.carry = nil
				b.errorf("The carried card was taken off the board elsewhere")
			} else {
				k.from = p
			}
		}
		if k := b.carry; k != nil {
			k.to.Col = min(k.to.Col, b.current().Columns()-1)
			k.to.Index = min(k.to.Index, b.baseLen(k.to.Col))
		}
	}
	if id != "" && b.carry == nil {
		if it := b.current().At(draft.Pos{Col: b.col, Index: b.sel[b.col]}); it == nil || it.ID != id {
			if p, ok := b.current().Find(id); ok && p.Col == b.col {
				b.sel[b.col] = p.Index
			}
		}
	}
	b.syncKeys()
	b.ensureVisible()
}

// changed brings what the board keeps about the draft (its columns, the
// matches of a search) up to date with a change done on it.
func (b *Board) changed(c doc.Change) {
	if n := b.current().Columns(); c.Sections || len(b.sel) != n {
		b.reshape()
	}
	b.rev++ // a search finds its matches again when next asked
}

// reshape fits the per-column state to columns added, removed or moved:
// the selection is kept where a column of that number still is.
func (b *Board) reshape() {
	n := b.current().Columns()
	resize := func(s []int) []int {
		out := make([]int, n)
		copy(out, s)
		return out
	}
	b.sel, b.top = resize(b.sel), resize(b.top)
	b.col = min(b.col, n-1)
	b.left = min(b.left, n-1)
}

// Rev counts the changes of the draft the board has been told of: a view
// that follows the board compares it to know when to look again.
func (b *Board) Rev() uint64 { return b.rev }
