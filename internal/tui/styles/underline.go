package styles

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Underline turns the underline on over the cell ranges of a styled line,
// again after every style sequence inside a range (a style ends with a
// reset), and off at each range's end: how the editor and the preview
// draw misspelt words.
func Underline(line string, cells [][2]int) string {
	if len(cells) == 0 {
		return line
	}
	const on, off = "\x1b[4m", "\x1b[24m"
	var b strings.Builder
	col, r := 0, 0
	inside := false
	var state byte
	for s := line; len(s) > 0; {
		seq, width, n, newState := ansi.DecodeSequence(s, state, nil)
		state, s = newState, s[n:]
		if width == 0 {
			b.WriteString(seq)
			if inside && strings.HasSuffix(seq, "m") && ansi.HasCsiPrefix(seq) {
				b.WriteString(on)
			}
			continue
		}
		if !inside && r < len(cells) && col >= cells[r][0] {
			b.WriteString(on)
			inside = true
		}
		b.WriteString(seq)
		col += width
		if inside && col >= cells[r][1] {
			b.WriteString(off)
			inside = false
			r++
		}
	}
	if inside {
		b.WriteString(off)
	}
	return b.String()
}
