package preview

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/text"
)

// doc is one generation of the issue as the pane shows it: its groups in
// order, each with its rendered piece once rendered, and its height, exact
// once rendered and estimated until then. Update owns it; a fill command
// reads its groups while no other command of the generation runs.
type doc struct {
	width int
	style string
	mode  Mode
	fr    frame
	cache *Cache // where its groups' renders are kept

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

// newDoc splits the job's draft into groups and takes from the cache what
// earlier renders found; the rest starts with an estimated height.
func (c *cache) newDoc(j job, r *blockRenderer) *doc {
	d := &doc{width: j.width, style: j.style, mode: j.mode, cache: c.Cache, items: map[string]int{}}
	if j.mode == Plain {
		d.plainGroups(text.Format(j.draft), j.draft)
	} else {
		d.fr = r.frame
		g := grouper{c: c.Cache}
		d.groups = g.groups(markdown.Blocks(j.draft))
		d.tail = newPiece(r.tail)
	}
	d.fromCache()
	return d
}

// fromCache sets each group's height, and its piece when the cache has
// them; a pseudo group keeps its estimate.
func (d *doc) fromCache() {
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
		b, ok := d.cache.cached(d.key(i))
		// A group that opens onto the next was rendered with it.
		for ok && b.open && i+1 < len(d.groups) && mergeable(d.groups[i], d.groups[i+1]) {
			d.merge(i)
			b, ok = d.cache.cached(d.key(i))
		}
		if ok {
			d.heights[i], d.known[i] = len(b.p.lines)-1, true
			d.pieces[i] = b.p
		} else {
			d.heights[i] = d.estimate(d.groups[i].text)
			d.unknown++
		}
	}
	d.index()
}

// key names group i's rendering in the cache.
func (d *doc) key(i int) bodyKey { return d.keyOf(d.groups[i]) }

// keyOf names group g's rendering in the cache.
func (d *doc) keyOf(g group) bodyKey {
	return bodyKey{kind: bodyEntry, sum: d.cache.hash(g.text), width: d.width, style: d.style, first: g.first}
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
	d.starts[0] = len(newPiece(d.fr.open).lines) - 1 // the lines of the frame's opening
	d.restart()
	clear(d.items)
	for i, g := range d.groups {
		for _, id := range g.items {
			if _, ok := d.items[id]; !ok {
				d.items[id] = i
			}
		}
	}
}

// restart recomputes the starts after heights changed, from the first
// group's, which the frame's opening sets.
func (d *doc) restart() {
	line := d.starts[0]
	for i, h := range d.heights {
		d.starts[i] = line
		line += h
	}
	d.starts[len(d.groups)] = line
}
