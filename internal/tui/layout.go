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
	// Editor is where an open editor (a blurb, the intro) is drawn: a pane
	// of its own beside the board, or over all of the board when the
	// preview takes the side, or the whole body on a narrow terminal.
	// Empty while no editor is open.
	Editor Rect
	// Overlay says the preview covers the board (a narrow terminal).
	Overlay bool
	// Covered says the board is not drawn: the preview or the editor covers
	// it (it goes on working under them).
	Covered bool
}

// screen is what decides the layout besides the terminal's size.
type screen struct {
	w, h    int
	preview bool // the preview (or the card pane) is shown
	editor  bool // an editor is open
}

const (
	// sideBySide is the narrowest terminal that shows the preview beside the
	// board: a 36-cell preview still leaves the board a column of 53 cells.
	sideBySide = 90
	// minPreviewW and maxPreviewW bound the preview beside the board; it
	// takes two fifths of the width in between.
	minPreviewW, maxPreviewW = 36, 100
	// minEditorW is the least room a blurb gets beside the board: a blurb
	// is written a sentence or three at a time, and a line of 60 cells
	// holds a good part of one.
	minEditorW = 60
	// minBoardW is the least the board keeps beside the editor: one column.
	minBoardW = 28
)

// layout turns the terminal's size and what is shown into the panes'
// rectangles: a header line, the body, a status line and a help line,
// dropping the help and then the status line when there is not room for a
// body. The preview takes the right of the body when the terminal is at
// least sideBySide wide, and all of it otherwise. An open editor takes a
// pane of at least minEditorW cells beside the board (the preview's place);
// with the preview shown it covers the board instead; on a narrow terminal
// it takes the whole body.
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
	b := l.Body
	wide := w >= sideBySide
	if s.preview {
		if wide {
			pw := min(max(w*2/5, minPreviewW), maxPreviewW)
			l.Board = Rect{b.X, b.Y, w - pw - 1, b.H}
			l.Divider = Rect{w - pw - 1, b.Y, 1, b.H}
			l.Preview = Rect{w - pw, b.Y, pw, b.H}
		} else {
			l.Overlay, l.Covered = true, true
			l.Preview = b
		}
	}
	if !s.editor {
		return l
	}
	switch {
	case !wide || w < minEditorW+1+minBoardW:
		l.Editor, l.Covered = b, true
		l.Preview, l.Overlay = Rect{}, false
	case s.preview:
		l.Editor, l.Covered = l.Board, true
	default:
		ew := min(max(w*2/5, minEditorW), w-1-minBoardW)
		l.Board = Rect{b.X, b.Y, w - ew - 1, b.H}
		l.Divider = Rect{w - ew - 1, b.Y, 1, b.H}
		l.Editor = Rect{w - ew, b.Y, ew, b.H}
	}
	return l
}
