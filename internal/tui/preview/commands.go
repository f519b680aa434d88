package preview

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// changed starts a new generation and its quiet period; when the period
// ends with no newer change, Update starts the render. Typing needs the
// quiet period, and opening the pane too (the root sends its size, the
// item to follow and often the next keys at once); a switch of mode has
// nothing to wait for, so its period is a millisecond.
func (m *Model) changed() tea.Cmd {
	m.gen++
	m.filling = false
	if m.draft == nil || m.width < minWidth {
		return nil
	}
	wait := m.debounce
	if m.doc != nil && m.doc.mode != m.mode {
		wait = time.Millisecond
	}
	owner, gen := m.cache, m.gen
	return tea.Tick(wait, func(time.Time) tea.Msg { return DebounceMsg{owner: owner, gen: gen} })
}

// render returns the command that makes the current generation's doc from
// a private copy of the draft and renders what the view will show.
func (m Model) render() tea.Cmd {
	if m.draft == nil || m.width < minWidth {
		return nil
	}
	j := job{width: m.width, style: m.glamourStyle(), mode: m.mode}
	// A long issue opens with the part around the view: the followed
	// item, or the top when nothing is followed and nothing shown.
	f := itemIndex(m.draft, m.follow)
	if f < 0 && m.vp.top == 0 {
		f = 0
	}
	if f >= 0 {
		j.part = partOf(m.draft, f, m.vp.height, m.width)
	}
	if j.part != nil {
		j.draft = j.part.draft
	} else {
		j.draft = m.draft.Clone()
	}
	c, gen, top, height, follow := m.cache, m.gen, m.vp.top, m.vp.height, m.follow
	return func() tea.Msg {
		d, err := c.open(j, top, height, follow)
		return RenderedMsg{owner: c, gen: gen, doc: d, Err: err}
	}
}

// fill returns the command that renders the next groups of the doc on
// screen, nearest the view first, or nil when a command is already at it
// or nothing is left.
func (m *Model) fill() tea.Cmd {
	if m.filling || m.doc == nil || m.shown != m.gen || m.err != nil {
		return nil
	}
	c, gen, d := m.cache, m.gen, m.doc
	if d.whole != nil {
		m.filling = true
		j := *d.whole
		j.draft = m.draft.Clone()
		return func() tea.Msg {
			r, err := c.renderer(j.width, j.style)
			if err != nil {
				return RenderedMsg{owner: c, gen: gen, Err: err}
			}
			c.release(r)
			return RenderedMsg{owner: c, gen: gen, doc: c.newDoc(j, r)}
		}
	}
	list := d.todo(m.vp.top, m.vp.height, batchGroups)
	if len(list) == 0 {
		return nil
	}
	m.filling = true
	return func() tea.Msg {
		got, err := c.fill(d, list, false)
		return RenderedMsg{owner: c, gen: gen, got: got, Err: err}
	}
}

// glamourStyle returns the glamour style to render with: the pinned one,
// or dark or light as the background is.
func (m Model) glamourStyle() string {
	switch {
	case m.pinned != "":
		return m.pinned
	case m.dark:
		return "dark"
	}
	return "light"
}
