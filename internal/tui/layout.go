package tui

// Rect is a rectangle of the terminal, in cells.
type Rect struct {
	X, Y, W, H int
}

// Layout is where each part of the screen goes.
type Layout struct {
	Header, Board, Status, Help Rect
}

// layout turns the terminal's size into the panes' rectangles: a header
// line, the board, a status line and a help line, dropping the help and
// then the status line when there is not room for a board.
func layout(w, h int) Layout {
	w, h = max(w, 0), max(h, 0)
	var l Layout
	y := 0
	if h >= 2 {
		l.Header = Rect{0, 0, w, 1}
		y = 1
	}
	bottom := h
	if h >= 5 {
		l.Help = Rect{0, h - 1, w, 1}
		bottom--
	}
	if h >= 4 {
		l.Status = Rect{0, bottom - 1, w, 1}
		bottom--
	}
	l.Board = Rect{0, y, w, max(bottom-y, 0)}
	return l
}
