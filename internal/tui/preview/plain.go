package preview

import (
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/text"
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
			head, hw := fitCells(word, width-curWidth)
			if head == "" && curWidth > 0 {
				flush() // a wide character does not fit in the last cell
				continue
			}
			if head == "" { // wider than the line: it runs past the edge
				head, hw = ansi.FirstGraphemeCluster(word, ansi.GraphemeWidth)
			}
			cur.WriteString(head)
			word = word[len(head):]
			w -= hw
			flush()
		}
		cur.WriteString(word)
		curWidth += w
	}
	return append(out, cur.String())
}

// fitCells returns the characters at the start of word that fit in n
// cells, and the cells they take, so that a word of a megabyte is cut line
// by line in time linear in its length (ansi.Truncate measures all of what
// it is given, each time).
func fitCells(word string, n int) (string, int) {
	i, w := 0, 0
	for i < len(word) {
		c, cw := ansi.FirstGraphemeCluster(word[i:], ansi.GraphemeWidth)
		if c == "" || w+cw > n {
			break
		}
		i, w = i+len(c), w+cw
	}
	return word[:i], w
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

// plainGroups makes each paragraph of the plain-text email out (its lines
// and the blank lines before them) a group, and finds the lines of each of
// the draft's items, as text.Item writes them, in order.
func (d *doc) plainGroups(out string, dr *draft.Draft) {
	out = strings.TrimSuffix(out, "\n")
	lines := strings.Split(out, "\n")
	starts := make([]int, len(lines)) // byte offset of each text line
	for i, off := 1, 0; i < len(lines); i++ {
		off += len(lines[i-1]) + 1
		starts[i] = off
	}
	groupOf := make([]int, len(lines))
	n := 1 // the groups: one, and one more for each paragraph after a blank line
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" && lines[i-1] == "" {
			n++
		}
	}
	d.groups = slices.Grow(d.groups, n) // an email of many short paragraphs is too many to grow by appending
	for s := 0; s < len(lines); {
		// A group is a paragraph with the blank lines before it.
		e := s
		for e < len(lines) && lines[e] == "" {
			e++
		}
		for e < len(lines) && lines[e] != "" {
			e++
		}
		for l := s; l < e; l++ {
			groupOf[l] = len(d.groups)
		}
		d.groups = append(d.groups, group{text: out[starts[s] : starts[e-1]+len(lines[e-1])], first: s == 0})
		s = e
	}
	d.fr = frame{}
	d.tail = piece{lines: []string{""}, widths: []int{0}}

	lineOf := func(off int) int { return sort.SearchInts(starts, off+1) - 1 }
	pos := 0
	for _, s := range dr.Sections {
		for _, it := range s.Items {
			t := text.Item(it)
			k := strings.Index(out[pos:], t)
			if t == "" || k < 0 {
				continue
			}
			start := pos + k
			pos = start + len(t)
			first, last := groupOf[lineOf(start)], groupOf[lineOf(pos-1)]
			for g := first; g <= last; g++ {
				d.groups[g].items = append(d.groups[g].items, it.ID)
			}
		}
	}
}

// plainPiece wraps each line of a paragraph of the email at the width,
// dropping anything that could act on the terminal and capping stacks of
// marks; it ends with an empty unfinished line.
func plainPiece(t string, width int) piece {
	var lines []string
	for l := range strings.SplitSeq(t, "\n") {
		// Line by line: an unterminated escape must not swallow the
		// lines after it.
		lines = append(lines, wrap(sanitize.CapMarks(sanitize.Text(l)), width)...)
	}
	lines = append(lines, "")
	p := piece{lines: lines, widths: make([]int, len(lines))}
	for i, l := range lines {
		p.widths[i] = ansi.StringWidth(l)
	}
	return p
}
