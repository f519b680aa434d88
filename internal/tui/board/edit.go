package board

import "github.com/weekly-dev/weekly/internal/draft"

// SelectedPos returns where the focused column's selected card is in the
// draft, and the card; false when the column has none.
func (b *Board) SelectedPos() (draft.Pos, *draft.Item, bool) { return b.selectedPos() }

// SelectedBox returns where the selected card is drawn, in the board's own
// cells: the left edge and width of its column and the row of the card's
// first line. It reports false when there is no selected card on screen.
// An editor opened on the card is drawn there.
func (b *Board) SelectedBox() (x, y, w int, ok bool) {
	if b.width <= 0 || b.height <= 0 || b.length(b.col) == 0 {
		return 0, 0, 0, false
	}
	n := b.visibleCols()
	if b.col < b.left || b.col >= b.left+n {
		return 0, 0, 0, false
	}
	for c := b.left; c < b.col; c++ {
		x += b.colWidthFor(c)
	}
	row := b.selected(b.col) - b.clampTop(b.col)
	if row < 0 || row >= b.capacity(b.col) {
		return 0, 0, 0, false
	}
	return x, 1 + row*cardHeight, b.colWidthFor(b.col), true
}

// Apply does a change made outside the board's own keys (an edit of a
// blurb or of the fields) as one undoable step.
func (b *Board) Apply(c draft.Change) error {
	did, err := b.d.DoAll(c)
	if err != nil {
		return err
	}
	b.commit(did)
	return nil
}

// Live does an edit while it is being typed: the draft, the counts and Rev
// follow at once, but nothing goes into the undo history. Record the whole edit when
// the editor closes. It costs the length of the text, not of the draft.
//
// It returns the op as done, with the item's place as it is now, for the
// next keystroke's op to start from.
func (b *Board) Live(op draft.Op) (draft.Op, error) {
	did, err := b.d.Do(op)
	if err != nil {
		return op, err
	}
	b.stats.edited(b.d, did)
	b.rev++
	return did, nil
}

// Record puts an edit that was done live into the undo history as one step,
// from the text before the editor opened to the text it closed with. An edit that changed nothing is
// not recorded.
func (b *Board) Record(op draft.Op) {
	if op.Kind != draft.OpEdit || op.Before == op.After {
		return
	}
	if op.Field == draft.FieldBlurb {
		if it := b.d.At(op.From); it == nil || it.ID != op.Item.ID {
			if p, ok := b.d.Find(op.Item.ID); ok {
				op.From = p
			}
		}
	}
	b.hist.Push(draft.Change{op})
	b.syncKeys()
	b.ensureVisible()
}

// FocusColumn focuses column c (clamped to the board's columns), as when
// the keys come back from the preview.
func (b *Board) FocusColumn(c int) { b.focusCol(c, false) }
