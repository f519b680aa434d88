package preview

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrap breaks a line of plain text at spaces into lines at most width
// cells wide, the way a mail reader shows a long line. Unlike ansi.Wrap it
// does not break at hyphens, so a URL that fits stays whole; a word longer
// than the width is cut at the width.
func wrap(line string, width int) []string {
	if width < 2 || ansi.StringWidth(line) <= width {
		return []string{line}
	}
	var out []string
	var cur strings.Builder
	curWidth := 0
	flush := func() {
		out = append(out, cur.String())
		cur.Reset()
		curWidth = 0
	}
	for i, word := range strings.Split(line, " ") {
		w := ansi.StringWidth(word)
		switch {
		case i == 0:
		case curWidth > 0 && curWidth+1+w > width:
			flush() // the space is where the line breaks
		case curWidth > 0 || len(out) == 0:
			cur.WriteByte(' ')
			curWidth++
		}
		for curWidth+w > width {
			head := ansi.Truncate(word, width-curWidth, "")
			if head == "" && curWidth > 0 {
				flush() // a wide character does not fit in the last cell
				continue
			}
			cur.WriteString(head)
			word = word[len(head):]
			w = ansi.StringWidth(word)
			flush()
		}
		cur.WriteString(word)
		curWidth += w
	}
	return append(out, cur.String())
}
