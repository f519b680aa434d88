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

// ColumnX returns where column c starts, in the board's own cells, and
// false when it is not on screen.
func (b *Board) ColumnX(c int) (int, bool) {
	n := b.visibleCols()
	if c < b.left || c >= b.left+n {
		return 0, false
	}
	x := 0
	for i := b.left; i < c; i++ {
		x += b.colWidthFor(i)
	}
	return x, true
}

// Spans returns where the columns on screen start and end, in the board's
// cells: a box drawn over the board clears the columns it cuts.
func (b *Board) Spans() [][2]int {
	n := b.visibleCols()
	out := make([][2]int, 0, n)
	x := 0
	for i := range n {
		w := b.colWidthFor(b.left + i)
		out = append(out, [2]int{x, x + w})
		x += w
	}
	return out
}

// FocusColumn focuses column c (clamped to the board's columns), as when
// the keys come back from the preview.
func (b *Board) FocusColumn(c int) { b.focusCol(c, false) }
