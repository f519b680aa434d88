package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// fill makes lines exactly h lines, adding blank lines of w cells. The
// panes draw lines of exactly their width (the size sweep tests hold them
// to it), so they are not measured again here: that would cost a quarter of
// a frame.
func fill(lines []string, w, h int) []string {
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, line("", w))
	}
	return lines
}

// overlayClear draws box over lines as overlay does, and blanks the rest of
// every span (a board's column, the preview) the box cuts, on the box's
// rows: no sliver of a column is left between the box and the next one.
func overlayClear(lines, box []string, x, y, width int, spans [][2]int) {
	bw := 0
	for _, b := range box {
		bw = max(bw, ansi.StringWidth(b))
	}
	bw = min(bw, width-x)
	if bw <= 0 {
		overlay(lines, box, x, y, width)
		return
	}
	from, to := x, x+bw
	for _, s := range spans {
		if s[0] <= x && x < s[1] {
			from = s[0]
		}
		if s[0] < x+bw && x+bw <= s[1] {
			to = s[1]
		}
	}
	to = min(to, width)
	padded := make([]string, len(box))
	for i, b := range box {
		b = ansi.Truncate(b, bw, "")
		padded[i] = strings.Repeat(" ", x-from) + b + strings.Repeat(" ", max(bw-ansi.StringWidth(b), 0)+to-x-bw)
	}
	overlay(lines, padded, from, y, width)
}

// overlay draws box over lines (each width cells wide) with its top-left
// corner at x, y, cutting what does not fit.
func overlay(lines, box []string, x, y, width int) {
	for i, b := range box {
		row := y + i
		if row < 0 || row >= len(lines) || x >= width {
			continue
		}
		bw := min(ansi.StringWidth(b), width-x)
		if bw <= 0 {
			continue
		}
		b = ansi.Truncate(b, bw, "")
		under := lines[row]
		lines[row] = ansi.Cut(under, 0, x) + ansi.ResetStyle + b + ansi.ResetStyle + ansi.Cut(under, x+bw, width)
	}
}

// upper capitalises the first letter of s.
func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// foldLines turns pasted text, one URL a line with any line endings, into
// one line with the URLs separated by spaces.
func foldLines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\t' || r == ' '
	}), " ")
}

// rootLook is the styles of the header and the status line.
type rootLook struct {
	name, muted, ok, busy, err, info lipgloss.Style
}

func newRootLook(st styles.Styles) rootLook {
	s := lipgloss.NewStyle()
	return rootLook{
		name:  s.Foreground(st.Accent).Bold(true),
		muted: s.Foreground(st.Muted),
		ok:    s.Foreground(st.OK),
		busy:  s.Foreground(st.Warn),
		err:   s.Foreground(st.Error).Bold(true),
		info:  s.Foreground(st.Text),
	}
}

// line cuts or pads s to exactly w cells.
func line(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	if n := w - ansi.StringWidth(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}
