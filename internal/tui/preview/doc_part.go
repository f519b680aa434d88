package preview

import (
	"slices"
	"strings"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/text"
)

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
func (c *cache) newPartDoc(j job, r *blockRenderer) *doc {
	pt := j.part
	whole := j
	whole.draft, whole.part = nil, nil // Update gives it the draft
	d := &doc{width: j.width, style: j.style, mode: j.mode, cache: c.Cache, items: map[string]int{}, whole: &whole}
	if j.mode == Plain {
		d.plainGroups(plainPart(j), j.draft)
		if pt.a > 0 {
			d.groups[0].first = false
		}
	} else {
		d.fr, d.tail = r.frame, newPiece(r.tail)
		d.groups = partGroups(c.Cache, j)
	}
	if pt.a > 0 {
		d.groups = slices.Insert(d.groups, 0, group{pseudo: true, est: pt.above})
	}
	if pt.b < pt.n {
		d.groups = append(d.groups, group{pseudo: true, est: pt.below})
	}
	d.fromCache()
	return d
}

// partGroups returns the groups of a part draft's Markdown, from item a's
// section heading (when it starts the section) or item a on.
func partGroups(c *Cache, j job) []group {
	pt := j.part
	blocks := markdown.Blocks(j.draft)
	if pt.a > 0 {
		i := slices.IndexFunc(blocks, func(b markdown.Block) bool { return b.Item != "" })
		if pt.headed {
			i--
		}
		blocks = blocks[i:]
	}
	g := grouper{c: c}
	groups := g.groups(blocks)
	if pt.a > 0 {
		groups[0].first = false
	}
	return groups
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
