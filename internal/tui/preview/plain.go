package preview

import (
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/text"
)

// plainLayout shows the email exactly as text.Format writes it. Its lines
// can be long (a blurb is one line), so they are wrapped at the pane's
// width the way a mail reader wraps them; the text itself is unchanged,
// except that anything that could act on the terminal is dropped from each
// line.
func plainLayout(d *draft.Draft, width int) layout {
	out := text.Format(d)
	lines := strings.Split(out, "\n")
	// display[i] is the first display line of text line i.
	display := make([]int, len(lines)+1)
	var shown []string
	for i, l := range lines {
		display[i] = len(shown)
		// Line by line: an unterminated escape must not swallow the lines
		// after it.
		shown = append(shown, wrap(sanitize.Text(l), width)...)
	}
	display[len(lines)] = len(shown)

	starts := make([]int, len(lines)) // byte offset of each text line
	for i, off := 1, 0; i < len(lines); i++ {
		off += len(lines[i-1]) + 1
		starts[i] = off
	}
	lineOf := func(off int) int { return sort.SearchInts(starts, off+1) - 1 }

	lay := layout{lines: shown, widths: make([]int, len(shown)), items: map[string]span{}}
	for i, l := range shown {
		lay.widths[i] = ansi.StringWidth(l)
	}
	pos := 0
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		sec := text.Section(s)
		i := strings.Index(out[pos:], sec)
		if i < 0 {
			break
		}
		base := pos + i
		pos = base + len(sec)
		// Items come after the heading, its underline and a blank line.
		q := strings.Index(sec, "\n\n") + 2
		for _, it := range s.Items {
			t := text.Item(it)
			j := strings.Index(sec[q:], t)
			if t == "" || j < 0 {
				continue
			}
			start := base + q + j
			q += j + len(t)
			first, last := lineOf(start), lineOf(base+q-1)
			lay.items[it.ID] = span{display[first], display[last+1]}
		}
	}
	return lay
}

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
