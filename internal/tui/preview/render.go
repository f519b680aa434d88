package preview

import (
	"fmt"
	"strings"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/markdown"
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
}

// layout is a rendered issue, ready for the viewport.
type layout struct {
	lines  []string        // the lines, as the pane shows them
	widths []int           // the cells each line takes, so View measures nothing
	items  map[string]span // item ID to the lines that show it
}

// text returns the layout as one string.
func (l layout) text() string { return strings.Join(l.lines, "\n") }

// piece is rendered text cut into lines, each measured. The last line is
// unfinished: it is "" when the text ends with a newline.
type piece struct {
	lines  []string
	widths []int
}

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

// span is the lines [start, end) of the content.
type span struct{ start, end int }

// run renders the job, reusing and filling the cache.
func (c *cache) run(j job) (layout, usage, error) {
	if j.mode == Plain {
		return plainLayout(j.draft, j.width), usage{}, nil
	}
	var u usage
	g := grouper{c: c, use: &u}
	groups := g.groups(markdown.Blocks(j.draft))
	r, err := newBlockRenderer(j.width, j.style)
	if err != nil {
		return layout{}, u, err
	}
	body := func(gr group) (piece, error) {
		k := bodyKey{text: gr.text, width: j.width, style: j.style, first: gr.first}
		u.bodies = append(u.bodies, k)
		if p, ok := c.bodies.get(k); ok {
			return p, nil
		}
		s, err := r.body(gr.text, gr.first)
		if err != nil {
			return piece{}, err
		}
		p := newPiece(s)
		c.bodies.put(k, p)
		return p, nil
	}
	bodies := make([]piece, 0, len(groups))
	for i := 0; i < len(groups); i++ {
		p, err := body(groups[i])
		if err != nil {
			return layout{}, u, err
		}
		// A block that ends with text on an unfinished line (an HTML
		// block, or a code block's padding) shares that line with the
		// next block, and the line's padding depends on both: render
		// the two together.
		for i+1 < len(groups) && p.open(r.margin) {
			groups[i] = groups[i].merge(groups[i+1])
			groups = append(groups[:i+1], groups[i+2:]...)
			if p, err = body(groups[i]); err != nil {
				return layout{}, u, err
			}
		}
		bodies = append(bodies, p)
	}
	return r.assemble(groups, bodies), u, nil
}

// blockRenderer renders blocks as glamour renders them inside a whole
// document. A glamour TermRenderer is not safe for concurrent use, so each
// render command makes its own.
type blockRenderer struct {
	tr *glamour.TermRenderer
	frame
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

func newBlockRenderer(width int, style string) (*blockRenderer, error) {
	tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err != nil {
		return nil, fmt.Errorf("preview: glamour style %q: %w", style, err)
	}
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
			return &blockRenderer{tr: tr, frame: f}, nil
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
	src, head := sentinel+"\n\n"+md, r.head
	if first {
		src, head = md, r.open
	}
	out, err := r.tr.Render(src)
	if err != nil {
		return "", fmt.Errorf("preview: render block %.40q: %w", md, err)
	}
	if !strings.HasPrefix(out, head) || !strings.HasSuffix(out, r.tail) || len(out) < len(head)+len(r.tail) {
		return "", fmt.Errorf("preview: glamour rendered block %.40q outside the document frame", md)
	}
	return out[len(head) : len(out)-len(r.tail)], nil
}

// assemble joins rendered bodies into the document glamour renders from
// the whole Markdown. Most bodies end with a newline; a body that ends in
// the middle of a line (glamour writes a heading's or a rule's closing
// newline inside its colour, so the colour reset starts the next line)
// continues on the next body's first line, after that line's margin.
func (r *blockRenderer) assemble(groups []group, bodies []piece) layout {
	n := 2
	for _, p := range bodies {
		n += len(p.lines) - 1
	}
	lay := layout{lines: make([]string, 0, n), widths: make([]int, 0, n), items: map[string]span{}}
	var cur string // the unfinished line
	var curWidth int
	add := func(p piece) {
		first, w := p.lines[0], p.widths[0]
		if cur != "" && strings.HasPrefix(first, r.marginText) {
			// Without a margin (no built-in style draws none) the
			// unfinished line is only colour codes and joins as is.
			first, w = first[len(r.marginText):], w-r.margin
		}
		cur, curWidth = cur+first, curWidth+w
		if last := len(p.lines) - 1; last > 0 {
			lay.lines = append(lay.lines, cur)
			lay.widths = append(lay.widths, curWidth)
			lay.lines = append(lay.lines, p.lines[1:last]...)
			lay.widths = append(lay.widths, p.widths[1:last]...)
			cur, curWidth = p.lines[last], p.widths[last]
		}
	}
	add(newPiece(r.open))
	for i, p := range bodies {
		start := len(lay.lines)
		add(p)
		end := len(lay.lines)
		if cur != "" {
			end++
		}
		for _, id := range groups[i].items {
			lay.items[id] = span{start, end}
		}
	}
	add(newPiece(r.tail))
	lay.lines = append(lay.lines, cur)
	lay.widths = append(lay.widths, curWidth)
	return lay
}
