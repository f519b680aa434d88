package preview

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrap breaks a line of plain text at spaces into lines at most width
// cells wide, the way a mail reader shows a long line. Unlike ansi.Wrap it
// does not break at hyphens, so a URL that fits stays whole; a URL longer
// than the width breaks only after a "/" (a part longer than the width runs
// past the edge), and any other word longer than the width is cut at the
// width.
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
		if w > width && strings.Contains(word, "://") {
			// A URL is broken only after a "/", or not at all.
			for j, seg := range urlParts(word) {
				sw := ansi.StringWidth(seg)
				switch {
				case j > 0 && curWidth+sw > width:
					flush()
				case j > 0 || i == 0:
				case curWidth > 0 && curWidth+1+sw > width:
					flush()
				case curWidth > 0 || len(out) == 0:
					cur.WriteByte(' ')
					curWidth++
				}
				cur.WriteString(seg)
				curWidth += sw
			}
			continue
		}
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

// urlParts splits a URL after each "/" but those of the "//" after the
// scheme; joined, the parts are the URL.
func urlParts(u string) []string {
	var out []string
	start := 0
	for k := 1; k < len(u); k++ {
		if u[k-1] == '/' && u[k] != '/' && (k < 2 || u[k-2] != '/') {
			out = append(out, u[start:k])
			start = k
		}
	}
	return append(out, u[start:])
}
