package board

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/draft"
)

// Update handles a key or mouse message meant for the board. Mouse
// coordinates are relative to the board's top-left corner.
func (b *Board) Update(msg tea.Msg) (*Board, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if !b.focused {
			return b, nil
		}
		if b.typing {
			return b, b.updateSearch(msg)
		}
		return b, b.handleKey(msg)
	case tea.PasteMsg:
		if b.typing {
			return b, b.updateSearch(msg)
		}
	case tea.MouseClickMsg:
		b.mouseDown(msg.Mouse())
	case tea.MouseMotionMsg:
		b.mouseDrag(msg.Mouse())
	case tea.MouseReleaseMsg:
		b.mouseUp(msg.Mouse())
	case tea.MouseWheelMsg:
		b.wheel(msg.Mouse())
	}
	return b, nil
}

func (b *Board) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &b.keys
	switch {
	case key.Matches(msg, k.PutDown):
		b.putDown()
	case key.Matches(msg, k.PutBack):
		b.putBack()
	case key.Matches(msg, k.Up):
		b.moveSel(-1)
	case key.Matches(msg, k.Down):
		b.moveSel(1)
	case key.Matches(msg, k.Left):
		b.focusCol(b.col-1, false)
	case key.Matches(msg, k.Right):
		b.focusCol(b.col+1, false)
	case key.Matches(msg, k.Next):
		b.focusCol(b.col+1, true)
	case key.Matches(msg, k.Prev):
		b.focusCol(b.col-1, true)
	case key.Matches(msg, k.Home):
		b.moveSel(-b.length(b.col))
	case key.Matches(msg, k.End):
		b.moveSel(b.length(b.col))
	case key.Matches(msg, k.PageUp):
		b.moveSel(-max(b.capacity(b.col), 1))
	case key.Matches(msg, k.PgDown):
		b.moveSel(max(b.capacity(b.col), 1))
	case key.Matches(msg, k.PickUp):
		b.pickUp(false)
	case key.Matches(msg, k.SendTo...):
		for c := range k.SendTo {
			if key.Matches(msg, k.SendTo[c]) {
				b.sendTo(c)
			}
		}
	case key.Matches(msg, k.Delete):
		b.remove()
	case key.Matches(msg, k.Join):
		b.join()
	case key.Matches(msg, k.Undo):
		b.Undo()
	case key.Matches(msg, k.Redo):
		b.Redo()
	case key.Matches(msg, k.Search):
		return b.startSearch()
	case key.Matches(msg, k.NextMatch):
		b.jump(1)
	case key.Matches(msg, k.PrevMatch):
		b.jump(-1)
	case key.Matches(msg, k.ClearSearch):
		b.clearSearch()
	default:
		b.noSuchKey(msg)
	}
	return nil
}

// noSuchKey says why a key did nothing, rather than doing nothing silently.
func (b *Board) noSuchKey(msg tea.KeyPressMsg) {
	name := msg.String()
	switch {
	case b.carry != nil:
		b.notef("%s does nothing while a card is carried · %s · %s", name, helpText(b.keys.PutDown), helpText(b.keys.PutBack))
	case slices.Contains(b.keys.ClearSearch.Keys(), name): // esc, with no search to clear
		b.notef("Nothing to close or clear here")
	default:
		b.notef("%s does nothing here (the help lists every key)", name)
	}
}

// hit is what lies under a point of the board.
type hit struct {
	col   int
	index int  // card as shown; -1 above the first, length(col) below the last
	lower bool // in the lower half of the card
}

// hitTest finds the column and card under x, y, or false outside every column.
func (b *Board) hitTest(x, y int) (hit, bool) {
	if x < 0 || y < 0 || x >= b.width || y >= b.height {
		return hit{}, false
	}
	n := b.visibleCols()
	c, x0 := b.left, 0
	for ; c < b.left+n; c++ {
		w := b.colWidthFor(c)
		if x < x0+w {
			break
		}
		x0 += w
	}
	if c >= b.left+n {
		return hit{}, false
	}
	row := y - 1
	if row < 0 {
		return hit{col: c, index: -1}, true
	}
	i := b.clampTop(c) + row/cardHeight
	if row/cardHeight >= b.capacity(c) || i >= b.length(c) {
		return hit{col: c, index: b.length(c)}, true
	}
	return hit{col: c, index: i, lower: row%cardHeight >= cardHeight/2}, true
}

func (b *Board) mouseDown(m tea.Mouse) {
	if m.Button != tea.MouseLeft || b.carry != nil {
		return
	}
	h, ok := b.hitTest(m.X, m.Y)
	if !ok {
		return
	}
	if b.typing {
		b.stopTyping()
	}
	b.col = h.col
	if h.index >= 0 && h.index < b.length(h.col) {
		b.sel[h.col] = h.index
		b.press = &pressed{x: m.X, y: m.Y}
	}
	b.syncKeys()
	b.ensureVisible()
}

func (b *Board) mouseDrag(m tea.Mouse) {
	if b.press == nil {
		return
	}
	if b.carry == nil {
		if m.X == b.press.x && m.Y == b.press.y {
			return
		}
		b.pickUp(true)
		if b.carry == nil {
			b.press = nil
			return
		}
	}
	if !b.carry.mouse {
		return
	}
	if h, ok := b.hitTest(m.X, m.Y); ok {
		b.aim(h)
	}
}

func (b *Board) mouseUp(m tea.Mouse) {
	b.press = nil
	k := b.carry
	if k == nil || !k.mouse {
		return
	}
	h, ok := b.hitTest(m.X, m.Y)
	if !ok {
		b.putBack()
		return
	}
	b.aim(h)
	b.putDown()
}

// aim carries the card to the gap nearest h: before the card under the
// pointer when over its upper half, after it when over its lower half, and
// last when below the cards.
func (b *Board) aim(h hit) {
	k := b.carry
	same := h.col == k.to.Col
	idx := k.to.Index
	switch {
	case h.index < 0:
		idx = 0
	case h.index >= b.length(h.col):
		idx = b.baseLen(h.col)
	case same && h.index == k.to.Index:
		// over the carried card itself: it stays
	default:
		idx = h.index
		if same && h.index > k.to.Index {
			idx--
		}
		if h.lower {
			idx++
		}
	}
	k.to = draft.Pos{Col: h.col, Index: min(max(idx, 0), b.baseLen(h.col))}
	b.col = h.col
	b.syncKeys()
	b.ensureVisible()
}

func (b *Board) wheel(m tea.Mouse) {
	h, ok := b.hitTest(m.X, m.Y)
	if !ok {
		return
	}
	c := h.col
	switch m.Button {
	case tea.MouseWheelUp:
		b.top[c]--
	case tea.MouseWheelDown:
		b.top[c]++
	default:
		return
	}
	b.top[c] = b.clampTop(c)
	if cp := b.capacity(c); cp > 0 && b.carry == nil {
		b.sel[c] = min(max(b.sel[c], b.top[c]), b.top[c]+cp-1)
		b.sel[c] = min(b.sel[c], max(b.length(c)-1, 0))
	}
}
