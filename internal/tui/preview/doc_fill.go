package preview

import (
	"slices"
	"time"
)

// nearScreens is how many screens above and below the view the fill
// renders ahead of scrolling. Past them nothing is rendered until the view
// comes near: a group keeps the height estimated from its length, and the
// scroll position and the percentage are as near right as the estimates.
const nearScreens = 3

// keepLines is how far above and below the view rendered lines are kept.
// Further away only each group's height is kept, so the pane's memory
// stays bounded on an issue of any size; scrolling there renders again.
const keepLines = 3000

// batchTime is how long one fill command renders before it hands what it
// has to Update, which then asks for the groups nearest the view.
const batchTime = 25 * time.Millisecond

// batchGroups caps the groups one fill command is asked for.
const batchGroups = 256

// open makes the job's doc and renders the groups the view shows, a
// screen above and a screen ahead, so that the first frame costs the
// same on an issue of any length. The view is at line top, or around the
// followed item when the issue has it.
func (c *cache) open(j job, top, height int, follow string) (*doc, error) {
	var r *blockRenderer
	if j.mode == Rendered {
		var err error
		if r, err = c.renderer(j.width, j.style); err != nil {
			return nil, err
		}
		c.release(r)
	}
	var d *doc
	if j.part != nil {
		d = c.newPartDoc(j, r)
	} else {
		d = c.newDoc(j, r)
	}
	if sp, ok := d.span(follow); ok {
		top = sp.start
	}
	for range 8 { // estimates far off need another round
		list := d.window(top, height)
		if len(list) == 0 {
			break
		}
		got, err := c.fill(d, list, true)
		if err != nil {
			return nil, err
		}
		top = d.apply(got, top, height)
	}
	return d, nil
}

// todo returns up to n groups to render next, nearest the view first:
// those from a screen above the view to a screen below it, then those
// within nearScreens of it. Nothing further is rendered: those groups keep
// their estimated heights until the view comes near them.
func (d *doc) todo(top, height, n int) []int {
	if len(d.groups) == 0 {
		return nil
	}
	out := d.window(top, height)
	if len(out) > 0 {
		return out[:min(len(out), n)]
	}
	lo, hi := d.near(top, height, nearScreens*height)
	c := min(max(d.group(top+height/2), lo), hi-1)
	need := func(i int) bool { return d.pieces[i].lines == nil && !d.groups[i].pseudo }
	for dist := 0; len(out) < n && (c-dist >= lo || c+dist < hi); dist++ {
		if i := c + dist; i < hi && need(i) {
			out = append(out, i)
		}
		if i := c - dist; dist > 0 && i >= lo && len(out) < n && need(i) {
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
// passed, reading the doc's groups but changing nothing. A group the cache
// holds, rendered by this preview or another sharing the cache, is taken
// from it.
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
		b, err := c.render(r, d, gr)
		if err != nil {
			return out, err
		}
		k := 0
		// A block that ends with text on an unfinished line (an HTML
		// block, or a code block's padding) shares that line with the
		// next block, and the line's padding depends on both: render
		// the two together.
		for i+k+1 < len(d.groups) && b.open && mergeable(gr, d.groups[i+k+1]) {
			k++
			gr = gr.merge(d.groups[i+k])
			if b, err = c.render(r, d, gr); err != nil {
				return out, err
			}
		}
		out = append(out, rendered{i: i, merged: k, p: b.p})
	}
	return out, nil
}

// render returns group gr of the doc rendered, from the cache or by r.
func (c *cache) render(r *blockRenderer, d *doc, gr group) (body, error) {
	return c.body(d.keyOf(gr), r.margin, func() (piece, error) {
		if gr.plain != "" {
			return newPiece(r.plain(gr.plain, gr.first)), nil
		}
		s, err := r.body(gr.text, gr.first)
		if err != nil {
			return piece{}, err
		}
		return newPiece(keepURLs(s, r.marginText)), nil
	})
}

// apply takes a fill command's groups into the doc, keeping the line at
// the view's top where it is, and returns the new top. Pieces further than
// keepLines from the view are dropped, their heights kept.
func (d *doc) apply(got []rendered, top, height int) int {
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
	d.drop(top, height)
	return top
}

// drop forgets the rendered lines of groups further than keepLines from
// the view; their heights stay, and the cache may still hold the lines.
func (d *doc) drop(top, height int) {
	lo, hi := d.near(top, height, keepLines+height)
	for _, r := range [2][2]int{{0, lo}, {hi, len(d.pieces)}} {
		for i := r[0]; i < r[1]; i++ {
			d.pieces[i] = piece{}
		}
	}
}
