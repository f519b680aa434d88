package preview

import (
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/text"
)

// keepLines is how far above and below the view rendered lines are kept.
// Further away only each group's height is kept, so the pane's memory
// stays bounded on an issue of any size; scrolling there renders again.
const keepLines = 3000

// batchTime is how long one fill command renders before it hands what it
// has to Update, which then asks for the groups nearest the view.
const batchTime = 25 * time.Millisecond

// batchGroups caps the groups one fill command is asked for.
const batchGroups = 256

// doc is one generation of the issue as the pane shows it: its groups in
// order, each with its rendered piece once rendered, and its height, exact
// once rendered and estimated until then. Update owns it; a fill command
// reads its groups while no other command of the generation runs.
type doc struct {
	width int
	style string
	mode  Mode
	fr    frame

	groups  []group
	pieces  []piece // lines == nil: not rendered, or dropped far from the view
	heights []int   // the display lines a group adds (its lines but the unfinished last)
	known   []bool  // heights[i] is exact
	starts  []int   // starts[i] is group i's first line; one more entry for the tail
	unknown int     // groups whose height is still estimated
	tail    piece   // the document's close
	items   map[string]int
	// whole is the job of the whole issue when this doc holds only the
	// part around the view (see newPartDoc), else nil.
	whole *job
}

// groupInfo is what a rendered group leaves in the cache once its lines
// are dropped: its height (-1 when it was only rendered together with the
// next), and whether it ends on a line it shares with the next, so that
// it has to be rendered together with it.
type groupInfo struct {
	height int
	open   bool
}

// newDoc splits the job's draft into groups and takes from the cache what
// earlier renders found; the rest starts with an estimated height.
func (c *cache) newDoc(j job, r *blockRenderer, u *usage) *doc {
	d := &doc{width: j.width, style: j.style, mode: j.mode, items: map[string]int{}}
	if j.mode == Plain {
		d.plainGroups(text.Format(j.draft), j.draft)
	} else {
		d.fr = r.frame
		g := grouper{c: c, use: u}
		d.groups = g.groups(markdown.Blocks(j.draft))
		d.tail = newPiece(r.tail)
	}
	d.fromCache(c, u)
	return d
}

// fromCache sets each group's height, and its piece when the cache has
// them; a pseudo group keeps its estimate.
func (d *doc) fromCache(c *cache, u *usage) {
	d.pieces = make([]piece, len(d.groups))
	d.heights = make([]int, len(d.groups))
	d.known = make([]bool, len(d.groups))
	for i := 0; i < len(d.groups); i++ {
		if d.groups[i].pseudo {
			d.heights[i], d.known[i] = d.groups[i].est, true
			continue
		}
		if d.mode == Plain {
			// Wrapping text costs next to nothing: nothing is cached.
			d.heights[i] = d.estimate(d.groups[i].text)
			d.unknown++
			continue
		}
		k := d.key(i)
		u.bodies = append(u.bodies, k)
		gi, ok := c.heights.get(k)
		for ok && gi.open && i+1 < len(d.groups) && !d.groups[i+1].pseudo {
			d.merge(i)
			k = d.key(i)
			u.bodies = append(u.bodies, k)
			gi, ok = c.heights.get(k)
		}
		if ok && gi.height >= 0 {
			d.heights[i], d.known[i] = gi.height, true
			if p, found := c.bodies.get(k); found {
				d.pieces[i] = p
			}
		} else {
			d.heights[i] = d.estimate(d.groups[i].text)
			d.unknown++
		}
	}
	d.index()
}

// partMin is the fewest placed items for which the first frame is made
// from the items around the view alone.
const partMin = 400

// part is the items around the view of a long issue, for its first frame:
// a private copy of the draft with only items [a, b) of its n placed
// items (in the order), and the estimated lines of what it leaves
// out before and after them.
type part struct {
	draft        *draft.Draft
	a, b, n      int
	above, below int
	headed       bool // item a starts its section, so its heading is shown
}

// partOf returns the part of the draft around item f for a view of height
// lines at the width, or nil when the draft is short enough to open whole.
// It copies only the part's items, so that Update can call it on an issue
// of any length.
func partOf(d *draft.Draft, f, height, width int) *part {
	n, _ := d.Count()
	if n < partMin {
		return nil
	}
	pt := &part{a: max(f-2*height, 0), b: min(f+3*height+1, n), n: n}
	w := max(width-4, 1)
	// Estimates only: bytes for cells.
	lines := func(t string) int { return 1 + (len(t)+w-1)/w }
	itemLines := func(it draft.Item) int {
		t := it.Blurb
		if t == "" {
			t = it.Title
		}
		if len(it.URLs) > 0 {
			return lines(t) + 1 + len(it.URLs)
		}
		return lines(t)
	}
	p := *d
	p.Inbox, p.Sections = nil, nil
	at := 0
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		lo, hi := min(max(pt.a-at, 0), len(s.Items)), min(max(pt.b-at, 0), len(s.Items))
		at += len(s.Items)
		if lo < hi {
			if len(p.Sections) == 0 {
				pt.headed = lo == 0
			}
			sp := s
			sp.Items = s.Items[lo:hi]
			p.Sections = append(p.Sections, sp)
		}
		switch {
		case lo > 0:
			pt.above += 2 // the heading and the blank line before it
		case hi == 0:
			pt.below += 2
		}
		for k := range lo {
			pt.above += itemLines(s.Items[k])
		}
		for k := hi; k < len(s.Items); k++ {
			pt.below += itemLines(s.Items[k])
		}
	}
	if pt.a > 0 {
		pt.above += 6 + lines(d.Intro)
	}
	if pt.b < n {
		pt.below += lines(d.Closing) + 2 + lines(d.Footer)
		p.Closing, p.Footer = "", ""
	}
	pt.draft = p.Clone()
	return pt
}

// newPartDoc makes the doc of a part of the issue (see partOf): its items'
// groups, with a pseudo group of estimated height standing for what comes
// before them and one for what comes after, so that the first frame costs
// the same on an issue of any length. The fill commands replace it with
// the whole doc.
func (c *cache) newPartDoc(j job, r *blockRenderer, u *usage) *doc {
	pt := j.part
	whole := j
	whole.draft, whole.part = nil, nil // Update gives it the draft
	d := &doc{width: j.width, style: j.style, mode: j.mode, items: map[string]int{}, whole: &whole}
	if j.mode == Plain {
		d.plainGroups(plainPart(j), j.draft)
		if pt.a > 0 {
			d.groups[0].first = false
		}
	} else {
		d.fr, d.tail = r.frame, newPiece(r.tail)
		d.groups = partGroups(c, u, j)
	}
	if pt.a > 0 {
		d.groups = slices.Insert(d.groups, 0, group{pseudo: true, est: pt.above})
	}
	if pt.b < pt.n {
		d.groups = append(d.groups, group{pseudo: true, est: pt.below})
	}
	d.fromCache(c, u)
	return d
}

// partGroups returns the groups of a part draft's Markdown, from item a's
// section heading (when it starts the section) or item a on.
func partGroups(c *cache, u *usage, j job) []group {
	pt := j.part
	blocks := markdown.Blocks(j.draft)
	if pt.a > 0 {
		i := slices.IndexFunc(blocks, func(b markdown.Block) bool { return b.Item != "" })
		if pt.headed {
			i--
		}
		blocks = blocks[i:]
	}
	g := grouper{c: c, use: u}
	groups := g.groups(blocks)
	if pt.a > 0 {
		groups[0].first = false
	}
	return groups
}

// itemIndex returns the place of the item in the order, or -1.
func itemIndex(d *draft.Draft, id string) int {
	n := 0
	for _, s := range d.Sections {
		for k, it := range s.Items {
			if it.ID == id {
				return n + k
			}
		}
		n += len(s.Items)
	}
	return -1
}

// moveTop returns the line of the whole doc that shows what line top of
// the part doc p shows: the same item at the same distance from the top.
func (p *doc) moveTop(whole *doc, top int) int {
	for i := max(p.group(top), 0); i < len(p.groups); i++ {
		if len(p.groups[i].items) == 0 {
			continue
		}
		wi, ok := whole.items[p.groups[i].items[0]]
		if !ok {
			break
		}
		return max(whole.starts[wi]-(p.starts[i]-top), 0)
	}
	return top
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

// plainPart returns the part of the email that the part draft's items take
// (see partOf): from item a's section heading (when it starts the section)
// or item a, to the end of item b-1.
func plainPart(j job) string {
	pt := j.part
	out := text.Format(j.draft)
	var first, last *draft.Item
	for si := range j.draft.Sections {
		for ii := range j.draft.Sections[si].Items {
			if first == nil {
				first = &j.draft.Sections[si].Items[ii]
			}
			last = &j.draft.Sections[si].Items[ii]
		}
	}
	if first == nil {
		return out
	}
	start, end := 0, len(out)
	if pt.b < pt.n {
		if t := text.Item(*last); t != "" {
			if k := strings.LastIndex(out, t); k >= 0 {
				end = k + len(t)
			}
		}
	}
	if pt.a > 0 {
		if k := strings.Index(out, text.Item(*first)); k >= 0 {
			start = k
			if pt.headed {
				// back over the blank line, the underline and the name
				head := strings.TrimRight(out[:k], "\n")
				if u := strings.LastIndexByte(head, '\n'); u >= 0 {
					start = strings.LastIndexByte(head[:u], '\n') + 1
				}
			}
		}
	}
	return out[start:max(end, start)]
}

// key names group i's rendering in the cache.
func (d *doc) key(i int) bodyKey {
	g := d.groups[i]
	return bodyKey{text: g.text, width: d.width, style: d.style + "/" + d.mode.String(), first: g.first}
}

// merge joins group i with the next, which it shares a line with.
func (d *doc) merge(i int) {
	d.groups[i] = d.groups[i].merge(d.groups[i+1])
	d.groups = slices.Delete(d.groups, i+1, i+2)
	if d.pieces != nil && i+1 < len(d.pieces) {
		if !d.known[i+1] {
			d.unknown--
		}
		d.pieces = slices.Delete(d.pieces, i+1, i+2)
		d.heights = slices.Delete(d.heights, i+1, i+2)
		d.known = slices.Delete(d.known, i+1, i+2)
	}
}

// estimate guesses the lines a group of Markdown (or a line of text) takes
// at the doc's width until it is rendered: each line of it wrapped at the
// width, and the blank line before it.
func (d *doc) estimate(t string) int {
	w := max(d.width-2*d.fr.margin, 1)
	n := 0
	if d.mode == Rendered {
		n = 1 // the blank line glamour writes between blocks
	}
	for l := range strings.SplitSeq(t, "\n") {
		n += max((utf8.RuneCountInString(l)+w-1)/w, 1)
	}
	return n
}

// index recomputes where each group starts, and which group shows each item.
func (d *doc) index() {
	if len(d.starts) != len(d.groups)+1 {
		d.starts = make([]int, len(d.groups)+1)
	}
	line := len(newPiece(d.fr.open).lines) - 1
	for i, h := range d.heights {
		d.starts[i] = line
		line += h
	}
	d.starts[len(d.groups)] = line
	clear(d.items)
	for i, g := range d.groups {
		for _, id := range g.items {
			if _, ok := d.items[id]; !ok {
				d.items[id] = i
			}
		}
	}
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

// todo returns up to n groups to render next, nearest the view first:
// those in view or a screen ahead that are not rendered, then those whose
// height is still estimated, then those within keepLines not rendered.
func (d *doc) todo(top, height, n int) []int {
	if len(d.groups) == 0 {
		return nil
	}
	out := d.window(top, height)
	if len(out) > 0 {
		return out[:min(len(out), n)]
	}
	klo, khi := d.near(top, height, keepLines)
	c := d.group(top + height/2)
	c = min(max(c, 0), len(d.groups)-1)
	need := func(i int) bool {
		return !d.known[i] || i >= klo && i < khi && d.pieces[i].lines == nil && !d.groups[i].pseudo
	}
	for dist := 0; len(out) < n && (c-dist >= 0 || c+dist < len(d.groups)); dist++ {
		if i := c + dist; i < len(d.groups) && need(i) {
			out = append(out, i)
		}
		if i := c - dist; dist > 0 && i >= 0 && len(out) < n && need(i) {
			out = append(out, i)
		}
	}
	return out
}

// window returns the groups not rendered from a screen above the view to
// a screen below it.
func (d *doc) window(top, height int) []int {
	var out []int
	lo, hi := d.near(top, height, height)
	for i := lo; i < hi; i++ {
		if d.pieces[i].lines == nil && !d.groups[i].pseudo {
			out = append(out, i)
		}
	}
	return out
}

// near returns the groups from the view's top to a screen ahead of it,
// widened by extra lines on both sides.
func (d *doc) near(top, height, extra int) (lo, hi int) {
	lo = max(d.group(top-extra), 0)
	hi = min(max(d.group(top+2*height+extra), 0)+1, len(d.groups))
	return lo, hi
}

// rendered is one group rendered by a fill command.
type rendered struct {
	i      int
	merged int // groups after it rendered with it
	p      piece
}

// fill renders the groups listed (as todo chose them) until batchTime has
// passed, reading the doc's groups but changing nothing.
func (c *cache) fill(d *doc, list []int, all bool) ([]rendered, error) {
	if d.mode == Plain {
		out := make([]rendered, len(list))
		for n, i := range list {
			out[n] = rendered{i: i, p: plainPiece(d.groups[i].text, d.width)}
		}
		return out, nil
	}
	r, err := c.renderer(d.width, d.style)
	if err != nil {
		return nil, err
	}
	defer c.release(r)
	start := time.Now()
	var out []rendered
	for n, i := range list {
		if n > 0 && !all && time.Since(start) > batchTime {
			break
		}
		gr := d.groups[i]
		s, err := r.body(gr.text, gr.first)
		if err != nil {
			return out, err
		}
		p := newPiece(keepURLs(s, r.marginText))
		k := 0
		// A block that ends with text on an unfinished line (an HTML
		// block, or a code block's padding) shares that line with the
		// next block, and the line's padding depends on both: render
		// the two together.
		for i+k+1 < len(d.groups) && p.open(r.margin) {
			k++
			gr = gr.merge(d.groups[i+k])
			if s, err = r.body(gr.text, gr.first); err != nil {
				return out, err
			}
			p = newPiece(keepURLs(s, r.marginText))
		}
		out = append(out, rendered{i: i, merged: k, p: p})
	}
	return out, nil
}

// plainPiece wraps each line of a paragraph of the email at the width,
// dropping anything that could act on the terminal; it ends with an empty
// unfinished line.
func plainPiece(t string, width int) piece {
	var lines []string
	for l := range strings.SplitSeq(t, "\n") {
		// Line by line: an unterminated escape must not swallow the
		// lines after it.
		lines = append(lines, wrap(sanitize.Text(l), width)...)
	}
	lines = append(lines, "")
	p := piece{lines: lines, widths: make([]int, len(lines))}
	for i, l := range lines {
		p.widths[i] = ansi.StringWidth(l)
	}
	return p
}

// apply takes a fill command's groups into the doc and the cache, keeping
// the line at the view's top where it is, and returns the new top. Pieces
// further than keepLines from the view are dropped, their heights kept.
func (c *cache) apply(d *doc, got []rendered, top, height int) int {
	anchor := d.group(top)
	var anchorOff int
	if anchor >= 0 && anchor < len(d.groups) {
		anchorOff = top - d.starts[anchor]
	}
	// Highest first, so that merging groups does not move the others.
	slices.SortFunc(got, func(a, b rendered) int { return b.i - a.i })
	for _, r := range got {
		if r.i+r.merged >= len(d.groups) {
			continue
		}
		if r.merged > 0 {
			// Remember that the group alone opens onto the next, so
			// that the next render of the issue merges it at once.
			c.heights.put(d.key(r.i), groupInfo{height: -1, open: true})
		}
		for range r.merged {
			if anchor > r.i {
				anchor--
			}
			d.merge(r.i)
		}
		if !d.known[r.i] {
			d.unknown--
		}
		d.known[r.i] = true
		d.heights[r.i] = len(r.p.lines) - 1
		d.pieces[r.i] = r.p
		if d.mode == Rendered {
			k := d.key(r.i)
			c.bodies.put(k, r.p)
			c.heights.put(k, groupInfo{height: d.heights[r.i], open: r.p.open(d.fr.margin)})
		}
	}
	if slices.ContainsFunc(got, func(r rendered) bool { return r.merged > 0 }) {
		d.index()
	} else {
		d.restart()
	}
	switch {
	case anchor < 0:
	case anchor >= len(d.groups):
		top = d.starts[len(d.groups)] + anchorOff
	default:
		top = d.starts[anchor] + min(anchorOff, max(d.heights[anchor]-1, 0))
	}
	d.drop(c, top, height)
	return top
}

// restart recomputes the starts after heights changed.
func (d *doc) restart() {
	line := d.starts[0]
	for i, h := range d.heights {
		d.starts[i] = line
		line += h
	}
	d.starts[len(d.groups)] = line
}

// drop forgets the rendered lines of groups further than keepLines from
// the view; their heights stay.
func (d *doc) drop(c *cache, top, height int) {
	lo, hi := d.near(top, height, keepLines+height)
	for _, r := range [2][2]int{{0, lo}, {hi, len(d.pieces)}} {
		for i := r[0]; i < r[1]; i++ {
			if d.pieces[i].lines != nil {
				d.pieces[i] = piece{}
				if d.mode == Rendered {
					c.bodies.del(d.key(i))
				}
			}
		}
	}
}
