package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// body draws everything between the header and the status line: the board
// (or the full help), the preview beside or over it, and an open editor or
// form on top.
func (m *Model) body(l Layout) string {
	if m.focus == focusBoard && !m.sideShown() && !m.editor.IsOpen() {
		return m.board.View() // the usual frame, drawn at no extra cost
	}
	var lines []string
	switch {
	case m.focus == focusHelp:
		lines = strings.Split(m.fullHelp(l.Board.W, l.Board.H), "\n")
	case l.Editor.W > 0 && l.Covered:
		lines = m.editorLines(l.Editor.W, l.Editor.H)
	case l.Overlay:
		lines = m.previewLines(l.Preview)
	default:
		lines = strings.Split(m.board.View(), "\n")
	}
	left := l.Board.W
	if l.Covered && l.Editor.W > 0 {
		left = l.Editor.W
	}
	lines = fill(lines, left, l.Body.H)
	var side []string
	switch {
	case l.Editor.W > 0 && !l.Covered:
		side = m.editorLines(l.Editor.W, l.Editor.H)
	case l.Preview.W > 0 && !l.Overlay:
		side = m.previewLines(l.Preview)
	}
	if side != nil {
		bar := m.look.muted.Render("│")
		if m.focus == focusPreview && !m.cv.shown {
			bar = m.look.name.Render("┃") // the preview's heavy border: it has the keys
		}
		for i := range lines {
			lines[i] += bar + side[i]
		}
	}
	// Boxes over the board clear the columns they cut.
	spans := m.board.Spans()
	if l.Covered {
		spans = [][2]int{{0, l.Body.W}}
	} else if l.Divider.W > 0 {
		spans = append(spans, [2]int{l.Divider.X, l.Body.W})
	}
	if m.focus == focusMenu {
		box := m.menuView(l.Body.W)
		w := ansi.StringWidth(box[0])
		x := min(max(l.Body.W-w, 0), max(m.columnX(), 0))
		overlayClear(lines, box, x, min(1, max(l.Body.H-len(box), 0)), l.Body.W, spans)
	}
	if m.focus == focusLinks {
		box := m.linksView(l.Body.W)
		w := 0
		if len(box) > 0 {
			w = ansi.StringWidth(box[0])
		}
		overlayClear(lines, box, max((l.Body.W-w)/2, 0), max((l.Body.H-len(box))/2, 0), l.Body.W, spans)
	}
	if m.focus == focusFind {
		overlay(lines, m.find.View(), max((l.Body.W-m.find.inner()-2)/2, 0), 0, l.Body.W)
	}
	if m.focus == focusForm {
		w := min(l.Body.W, 56)
		box := strings.Split(m.form.View(), "\n")
		y := max((l.Body.H-len(box))/2, 0)
		overlayClear(lines, box, max((l.Body.W-w)/2, 0), y, l.Body.W, spans)
	}
	return strings.Join(lines, "\n")
}

// previewLines returns the preview's view, or the card pane's when it is
// open, as exactly r.H lines.
func (m *Model) previewLines(r Rect) []string {
	if r.H <= 0 {
		return nil
	}
	if m.cv.shown {
		return fill(strings.Split(m.card.View(), "\n"), r.W, r.H)
	}
	return fill(strings.Split(m.preview.View(), "\n"), r.W, r.H)
}

// editorLines returns the editor's view as exactly h lines of w cells.
func (m *Model) editorLines(w, h int) []string {
	return fill(strings.Split(m.editor.View(), "\n"), w, h)
}
