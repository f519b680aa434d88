package preview

import (
	"fmt"
	"strings"
	"sync/atomic"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// sentinel is a paragraph of one letter. A block is rendered after it so
// that glamour writes the blank line it writes between blocks, and its
// lines are cut off again.
const sentinel = "x"

// job is one render request: a private copy of the draft and everything the
// render depends on, so that the command can run off the event loop.
type job struct {
	draft *draft.Draft
	width int
	style string // glamour style name
	mode  Mode
	part  *part // the draft is only this part of the issue (see partOf)
}

// piece is rendered text cut into lines, each measured. The last line is
// unfinished: it is "" when the text ends with a newline.
type piece struct {
	lines  []string
	widths []int
}

// newPiece cuts s into lines and measures each.
func newPiece(s string) piece {
	p := piece{lines: strings.Split(s, "\n")}
	p.widths = make([]int, len(p.lines))
	for i, l := range p.lines {
		p.widths[i] = ansi.StringWidth(l)
	}
	return p
}

// open reports whether the piece ends with cells beyond the margin on its
// unfinished line. A heading's or a rule's piece ends with an unfinished
// line too, but one that holds only the margin and colour codes.
func (p piece) open(margin int) bool {
	return p.widths[len(p.widths)-1] > margin
}

// blockRenderer renders blocks as glamour renders them inside a whole
// document. A glamour TermRenderer is not safe for concurrent use, so each
// render command makes its own.
type blockRenderer struct {
	tr    *glamour.TermRenderer
	key   rendererKey
	count *atomic.Int64 // glamour's renders, for Cache.Renders
	frame
	// seps is the blank line glamour writes before a simple block, by the
	// block's heading level (0 for a paragraph).
	seps map[int]string
}

// frame is what glamour writes around a document's blocks, learnt by
// rendering the sentinel alone: with the built-in styles, a blank line
// before and a newline after, and a left margin on every line.
type frame struct {
	open   string // the document's opening, before its first block
	head   string // open, then the sentinel's line
	tail   string // the document's close, after its last block
	margin int    // spaces of left margin on every line
	// marginText is the margin's spaces.
	marginText string
}

// newBlockRenderer returns a renderer for the width and glamour style,
// with the frame it learnt by rendering the sentinel alone. count counts
// its renders.
func newBlockRenderer(width int, style string, count *atomic.Int64) (*blockRenderer, error) {
	tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err != nil {
		return nil, fmt.Errorf("preview: glamour style %q: %w", style, err)
	}
	count.Add(1)
	out, err := tr.Render(sentinel)
	if err != nil {
		return nil, fmt.Errorf("preview: render with glamour style %q: %w", style, err)
	}
	off := 0
	for l := range strings.SplitAfterSeq(out, "\n") {
		if strings.TrimSpace(ansi.Strip(l)) == sentinel {
			f := frame{open: out[:off], head: out[:off+len(l)], tail: out[off+len(l):]}
			f.margin = len(l) - len(strings.TrimLeft(l, " "))
			f.marginText = l[:f.margin]
			return &blockRenderer{tr: tr, key: rendererKey{width, style}, count: count, frame: f}, nil
		}
		off += len(l)
	}
	return nil, fmt.Errorf("preview: glamour style %q does not show a one-letter paragraph on a line of its own", style)
}

// body renders one block and returns its lines as they appear inside the
// whole document. A block that is not the document's first is rendered
// after the sentinel paragraph, so that glamour writes the blank line it
// writes between blocks, and the sentinel's lines are cut off again.
func (r *blockRenderer) body(md string, first bool) (string, error) {
	md = sanitize.Markdown(md) // text from the draft reaches the terminal through glamour
	if first {
		return r.render(md, md, r.open)
	}
	// A simple block (paragraphs and headings) is rendered alone, as the
	// document's first, and given the blank line glamour writes before a
	// block of its kind, learnt once by rendering one after the sentinel:
	// this saves rendering a paragraph more for every block.
	kind := -1
	if simple(md) {
		kind = len(md) - len(strings.TrimLeft(md, "#")) // 0: a paragraph
	}
	if sep, ok := r.seps[kind]; ok && kind >= 0 {
		b, err := r.render(md, md, r.open)
		return sep + b, err
	}
	b, err := r.render(md, sentinel+"\n\n"+md, r.head)
	if err != nil || kind < 0 {
		return b, err
	}
	alone, err := r.render(md, md, r.open)
	if err != nil {
		return b, err
	}
	if strings.HasSuffix(b, alone) {
		if r.seps == nil {
			r.seps = map[int]string{}
		}
		r.seps[kind] = b[:len(b)-len(alone)]
	}
	return b, nil
}

// plain draws a block's plain text (see group.plain) without glamour, as
// glamour lays out a paragraph's lines: after the blank line between
// blocks (unless it opens the document), each line of the text wrapped at
// the width inside the margins, the margin before it.
func (r *blockRenderer) plain(text string, first bool) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	if !first {
		b.WriteString("\n")
	}
	for l := range strings.SplitSeq(text, "\n") {
		for _, part := range wrap(sanitize.CapMarks(l), r.key.width-2*r.margin) {
			b.WriteString(r.marginText)
			b.WriteString(part)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// render renders src and returns what comes between head and the
// document's close.
func (r *blockRenderer) render(md, src, head string) (string, error) {
	r.count.Add(1)
	out, err := r.tr.Render(src)
	if err != nil {
		return "", fmt.Errorf("preview: render block %.40q: %w", md, err)
	}
	if !strings.HasPrefix(out, head) || !strings.HasSuffix(out, r.tail) || len(out) < len(head)+len(r.tail) {
		return "", fmt.Errorf("preview: glamour rendered block %.40q outside the document frame", md)
	}
	return out[len(head) : len(out)-len(r.tail)], nil
}
