package preview

import "strings"

// What the tests use and the pane does not: the whole issue rendered at
// once and read as one text, and a few measures of the pane's state.

// layout is a whole rendered issue.
type layout struct {
	lines []string        // the lines, as the pane shows them
	items map[string]span // item ID to the lines that show it
}

// text returns the layout as one string.
func (l layout) text() string { return strings.Join(l.lines, "\n") }

// run renders the whole job and returns it as one layout.
func (c *cache) run(j job) (layout, error) {
	d, err := c.open(j, 0, 0, "")
	if err != nil {
		return layout{}, err
	}
	all := make([]int, 0, len(d.groups))
	for {
		all = all[:0]
		for i := range d.groups {
			if d.pieces[i].lines == nil {
				all = append(all, i)
			}
		}
		if len(all) == 0 {
			break
		}
		got, err := c.fill(d, all, true)
		if err != nil {
			return layout{}, err
		}
		d.apply(got, 0, d.total())
	}
	return d.layout(), nil
}

// layout returns the doc's lines, as far as they are rendered, and the
// lines of each item.
func (d *doc) layout() layout {
	n := d.total()
	lay := layout{lines: make([]string, n), items: map[string]span{}}
	for i := range n {
		lay.lines[i], _ = d.line(i)
	}
	for id := range d.items {
		lay.items[id], _ = d.span(id)
	}
	return lay
}

// text returns the whole document, as far as it is rendered.
func (d *doc) text() string { return d.layout().text() }

// AtBottom reports whether the last line is in view.
func (s scroll) AtBottom() bool { return s.top >= s.maxTop() }
