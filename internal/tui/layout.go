package tui

// Rect is a rectangle of the terminal, in cells.
type Rect struct {
	X, Y, W, H int
}

// Contains reports whether the cell x, y is inside r.
func (r Rect) Contains(x, y int) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Layout is where each part of the screen goes.
type Layout struct {
	Header, Status, Help Rect
	// Body is everything between the header and the status line.
	Body Rect
	// Board is the board's part of the body: all of it, unless the preview
	// sits beside it. When the preview covers the board, Board keeps the
	// body's size (the board goes on working under it) but is not drawn.
	Board Rect
	// Divider is the column between the board and a preview beside it.
	Divider Rect
	// Preview is the preview's part of the body, empty while it is hidden.
	Preview Rect
	// Dock is the bottom of the body under a covering preview, where an
	// open editor goes; empty otherwise.
	Dock Rect
	// Overlay says the preview covers the board (a narrow terminal).
	Overlay bool
}

// screen is what decides the layout besides the terminal's size.
type screen struct {
	w, h    int
	preview bool // the preview is shown
	dock    int  // rows an editor under a covering preview wants
}

const (
	// sideBySide is the narrowest terminal that shows the preview beside the
	// board: a 36-cell preview still leaves the board a column of 53 cells.
	sideBySide = 90
	// minPreviewW and maxPreviewW bound the preview beside the board; it
	// takes two fifths of the width in between.
	minPreviewW, maxPreviewW = 36, 100
	// minPreviewH is the rows a covering preview keeps above an editor when
	// the body has room for more than that: its title and two lines.
	minPreviewH = 3
)

// layout turns the terminal's size and what is shown into the panes'
// rectangles: a header line, the body, a status line and a help line,
// dropping the help and then the status line when there is not room for a
// body. The preview takes the right of the body when the terminal is at
// least sideBySide wide, and all of it otherwise.
func layout(s screen) Layout {
	w, h := max(s.w, 0), max(s.h, 0)
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
	l.Body = Rect{0, y, w, max(bottom-y, 0)}
	l.Board = l.Body
	if !s.preview {
		return l
	}
	b := l.Body
	if w >= sideBySide {
		pw := min(max(w*2/5, minPreviewW), maxPreviewW)
		l.Board = Rect{b.X, b.Y, w - pw - 1, b.H}
		l.Divider = Rect{w - pw - 1, b.Y, 1, b.H}
		l.Preview = Rect{w - pw, b.Y, pw, b.H}
		return l
	}
	l.Overlay = true
	dock := min(max(s.dock, 0), dockRoom(b.H))
	l.Preview = Rect{b.X, b.Y, b.W, b.H - dock}
	if dock > 0 {
		l.Dock = Rect{b.X, b.Y + b.H - dock, b.W, dock}
	}
	return l
}

// dockRoom is the most rows an editor under a covering preview may take
// from a body of h rows: all but minPreviewH, or all of a body too small
// to show both.
func dockRoom(h int) int {
	if h > minPreviewH+1 {
		return h - minPreviewH
	}
	return h
}
