package preview

import (
	"slices"
	"sort"
	"strings"
)

// span is the lines [start, end) of the content.
type span struct{ start, end int }

// total returns the number of lines.
func (d *doc) total() int {
	return d.starts[len(d.groups)] + len(d.tail.lines)
}

// group returns the group that shows line n, or -1 in the frame's opening,
// or len(groups) in its close.
func (d *doc) group(n int) int {
	i := sort.SearchInts(d.starts, n+1) - 1
	if i < 0 {
		return -1
	}
	if i < len(d.groups) && n >= d.starts[i]+d.heights[i] {
		// a group of height 0 shares its start with the next
		return min(i+1, len(d.groups))
	}
	return i
}

// itemAt returns the first item shown from line n on, or "".
func (d *doc) itemAt(n int) string {
	for i := max(d.group(n), 0); i < len(d.groups); i++ {
		if len(d.groups[i].items) > 0 {
			return d.groups[i].items[0]
		}
	}
	return ""
}

// span returns the lines that show the item, and false when it is not in
// the issue.
func (d *doc) span(id string) (span, bool) {
	i, ok := d.items[id]
	if !ok {
		return span{}, false
	}
	j := i
	for j+1 < len(d.groups) && slices.Contains(d.groups[j+1].items, id) {
		j++
	}
	end := d.starts[j] + d.heights[j]
	if p := d.pieces[j]; p.lines != nil && p.lines[len(p.lines)-1] != "" {
		end++ // the unfinished line (a heading's colour reset) is its own too
	}
	start := d.starts[i]
	if d.mode == Plain {
		// not the blank lines before the item's paragraph
		start += len(d.groups[i].text) - len(strings.TrimLeft(d.groups[i].text, "\n"))
	}
	return span{start, end}, true
}

// line returns display line n and the cells it takes; a line of a group
// not rendered yet is blank.
func (d *doc) line(n int) (string, int) {
	i := d.group(n)
	var p piece
	var off int
	switch {
	case i < 0:
		p, off = newPiece(d.fr.open), n
	case i >= len(d.groups):
		p, off = d.tail, n-d.starts[len(d.groups)]
		i = len(d.groups)
	default:
		p, off = d.pieces[i], n-d.starts[i]
	}
	if p.lines == nil || off >= len(p.lines) {
		return "", 0
	}
	l, w := p.lines[off], p.widths[off]
	if off > 0 {
		return l, w
	}
	// The first line continues the unfinished last line of the piece
	// before.
	cur, cw := d.before(i)
	return d.join(cur, cw, l, w)
}

// before returns the unfinished line that the pieces before group i leave
// (i == len(groups) for the frame's close).
func (d *doc) before(i int) (string, int) {
	var p piece
	switch {
	case i == 0:
		p = newPiece(d.fr.open)
	case i > 0:
		p = d.pieces[i-1]
	}
	if p.lines == nil {
		return "", 0
	}
	last, w := p.lines[len(p.lines)-1], p.widths[len(p.widths)-1]
	if len(p.lines) == 1 && i > 0 {
		cur, cw := d.before(i - 1)
		return d.join(cur, cw, last, w)
	}
	return last, w
}

// join continues the unfinished line cur with l, a piece's first line,
// after l's margin.
func (d *doc) join(cur string, cw int, l string, w int) (string, int) {
	if cur != "" && strings.HasPrefix(l, d.fr.marginText) {
		// Without a margin (no built-in style draws none) the
		// unfinished line is only colour codes and joins as is.
		l, w = l[len(d.fr.marginText):], w-d.fr.margin
	}
	return cur + l, cw + w
}
