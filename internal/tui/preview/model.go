package preview

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// Mode is what the preview shows.
type Mode int

const (
	// Rendered shows the Markdown rendered by glamour.
	Rendered Mode = iota
	// Plain shows the plain-text email as `weekly export --format text`
	// writes it.
	Plain
)

// String returns the mode's name as the pane's title shows it.
func (md Mode) String() string {
	if md == Plain {
		return "text"
	}
	return "rendered"
}

// DefaultDebounce is how long the preview waits after a change before it
// renders: long enough that typing does not render every keystroke, short
// enough to feel live.
const DefaultDebounce = 120 * time.Millisecond

// minWidth is the narrowest pane the preview renders into.
const minWidth = 10

// Config is the preview's settings.
type Config struct {
	// KeyMap is the keys active while the pane has the focus.
	KeyMap KeyMap
	// Debounce is the quiet period after a change before rendering;
	// zero means DefaultDebounce.
	Debounce time.Duration
	// Style pins a glamour style by name ("notty" in tests); empty means
	// "dark" or "light", as SetDark says.
	Style string
}

// DefaultConfig returns the default keys and debounce, with the glamour
// style following SetDark.
func DefaultConfig() Config {
	return Config{KeyMap: DefaultKeyMap(), Debounce: DefaultDebounce}
}

// DebounceMsg ends the quiet period after a change to the preview's input.
// The root forwards it to the preview's Update.
type DebounceMsg struct {
	owner *cache
	gen   int
}

// RenderedMsg carries a finished render: the first frame of the issue, or
// more of it rendered off the event loop. The root forwards it to the
// preview's Update, which shows it unless a newer change has come since the
// render was asked for, and asks for the next part until all is in.
type RenderedMsg struct {
	owner *cache
	gen   int
	doc   *doc       // the issue, with what the view shows rendered
	got   []rendered // or more groups of the doc on screen
	used  usage
	// Err is why the render failed, or nil.
	Err error
}

// Model is the preview pane. It follows the bubbles pattern: the root
// model owns it, forwards messages to Update, and lays out its View.
type Model struct {
	styles   textStyles
	keys     KeyMap
	debounce time.Duration
	pinned   string // glamour style from Config.Style
	cache    *cache

	vp            scroll
	width, height int
	focused       bool
	dark          bool
	mode          Mode
	draft         *draft.Draft

	gen     int // counts changes to what the preview shows
	shown   int // the generation on screen
	ready   bool
	doc     *doc // the generation on screen
	filling bool // a command is rendering more of doc
	err     error
	follow  string // the item to keep in view, until the user scrolls
}

// New returns a preview that draws with st. It shows nothing until it has
// a size (SetSize) and a draft (SetDraft).
func New(st styles.Styles, cfg Config) Model {
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	return Model{
		styles:   newTextStyles(st),
		keys:     cfg.KeyMap,
		debounce: cfg.Debounce,
		pinned:   cfg.Style,
		cache:    newCache(),
		dark:     st.IsDark,
	}
}

// SetDraft tells the preview that the draft changed (or is a new one). The
// preview keeps d and reads it in Update once the quiet period is over, so
// call it after every change, from the root's Update, and never change d
// from another goroutine.
func (m *Model) SetDraft(d *draft.Draft) tea.Cmd {
	m.draft = d
	return m.changed()
}

// SetSize sets the pane's size, its title line included. A new width
// renders again; a new height only shows more or fewer lines.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.height = h
	m.vp.SetHeight(max(h-1, 0))
	if w == m.width {
		return nil
	}
	m.width = w
	return m.changed()
}

// SetDark chooses glamour's dark or light style, from the root's
// tea.BackgroundColorMsg. It does nothing when Config.Style pins a style.
func (m *Model) SetDark(dark bool) tea.Cmd {
	if dark == m.dark {
		return nil
	}
	m.dark = dark
	if m.pinned != "" {
		return nil
	}
	return m.changed()
}

// SetStyles replaces the styles of the pane's own lines (title, errors),
// for instance after the background colour is known.
func (m *Model) SetStyles(st styles.Styles) { m.styles = newTextStyles(st) }

// textStyles are the pane's text styles, built from the colour tokens.
type textStyles struct {
	title, titleBlurred, muted, err lipgloss.Style
}

func newTextStyles(st styles.Styles) textStyles {
	return textStyles{
		title:        lipgloss.NewStyle().Bold(true).Foreground(st.Accent),
		titleBlurred: lipgloss.NewStyle().Foreground(st.Muted),
		muted:        lipgloss.NewStyle().Foreground(st.Muted),
		err:          lipgloss.NewStyle().Foreground(st.Error),
	}
}

// SetMode shows the rendered issue or the plain-text email.
func (m *Model) SetMode(md Mode) tea.Cmd {
	if md == m.mode {
		return nil
	}
	m.mode = md
	if m.follow == "" && m.doc != nil {
		// Keep the item at the top in view: line numbers differ
		// between the modes.
		m.follow = m.doc.itemAt(m.vp.top)
	}
	return m.changed()
}

// Mode returns what the preview shows.
func (m Model) Mode() Mode { return m.mode }

// Focus gives the pane the keyboard and the mouse wheel.
func (m *Model) Focus() { m.focused = true }

// Blur takes the focus away.
func (m *Model) Blur() { m.focused = false }

// Focused reports whether the pane has the focus.
func (m Model) Focused() bool { return m.focused }

// KeyMap returns the pane's keys, for the help line.
func (m Model) KeyMap() KeyMap { return m.keys }

// ShowItem scrolls so that the item with the given ID is in view, now and
// after every render, until the user scrolls the pane or another item is
// shown. Items in the inbox are not in the issue; for them nothing moves.
// The command renders the part scrolled to when it is not rendered yet.
func (m *Model) ShowItem(id string) tea.Cmd {
	m.follow = id
	m.reveal(id)
	return m.fill()
}

// Update handles the preview's own messages, and keys and the mouse wheel
// while the pane has the focus.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case DebounceMsg:
		if msg.owner != m.cache || msg.gen != m.gen {
			return m, nil // a later change restarted the quiet period
		}
		return m, m.render()
	case RenderedMsg:
		if msg.owner != m.cache || msg.gen != m.gen {
			return m, nil // stale: the input changed since it was asked for
		}
		m.shown = msg.gen
		m.filling = false
		if msg.Err != nil {
			m.err = msg.Err
			return m, nil
		}
		m.err = nil
		if msg.doc != nil {
			if m.doc != nil && m.doc.whole != nil && msg.doc.whole == nil {
				m.vp.top = m.doc.moveTop(msg.doc, m.vp.top)
			}
			m.ready = true
			m.doc = msg.doc
			if msg.doc.whole == nil {
				// A part doc holds too little to tell what to keep.
				m.cache.retain(msg.used)
			}
		} else if m.doc != nil {
			// Keep the followed item where it is on screen, or else the
			// line at the top, while heights above are corrected.
			sp, following := m.doc.span(m.follow)
			old := m.vp.top
			m.vp.top = m.cache.apply(m.doc, msg.got, m.vp.top, m.vp.height)
			if now, ok := m.doc.span(m.follow); following && ok {
				m.vp.top = max(now.start-(sp.start-old), 0)
			}
		}
		m.vp.SetTotal(m.doc.total())
		if m.follow != "" {
			m.reveal(m.follow)
		}
		if msg.doc != nil && msg.doc.whole != nil {
			// Show the first frame before copying the whole draft for
			// the rest: come back through an empty fill.
			c, gen := m.cache, m.gen
			m.filling = true
			return m, func() tea.Msg { return RenderedMsg{owner: c, gen: gen} }
		}
		return m, m.fill()
	case tea.KeyPressMsg:
		if !m.focused {
			return m, nil
		}
		return m.updateKey(msg)
	case tea.MouseWheelMsg:
		if !m.focused {
			return m, nil
		}
		m.follow = ""
		switch msg.Button {
		case tea.MouseWheelUp:
			m.vp.ScrollUp(wheelLines)
		case tea.MouseWheelDown:
			m.vp.ScrollDown(wheelLines)
		}
		return m, m.fill()
	}
	return m, nil
}

func (m Model) updateKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Mode):
		md := Plain
		if m.mode == Plain {
			md = Rendered
		}
		return m, m.SetMode(md)
	case key.Matches(msg, k.Up):
		m.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		m.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		m.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		m.vp.PageDown()
	case key.Matches(msg, k.HalfPageUp):
		m.vp.HalfPageUp()
	case key.Matches(msg, k.HalfPageDown):
		m.vp.HalfPageDown()
	case key.Matches(msg, k.Top):
		m.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.vp.GotoBottom()
	default:
		return m, nil
	}
	m.follow = ""
	return m, m.fill()
}

// View returns the pane: a title line, then the visible part of the
// rendered issue. It draws from what the last render produced.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	title := m.styles.titleBlurred
	if m.focused {
		title = m.styles.title
	}
	left := "Preview · " + m.mode.String()
	var right string
	switch {
	case m.err != nil:
		right = m.styles.err.Render("render failed")
	case m.shown != m.gen:
		right = m.styles.muted.Render("updating…")
	case m.ready:
		right = m.styles.muted.Render(percent(m.vp.ScrollPercent()))
	}
	gap := max(m.width-lipgloss.Width(left)-lipgloss.Width(right), 1)
	head := ansi.Truncate(title.Render(left)+strings.Repeat(" ", gap)+right, m.width, "…")
	if m.height == 1 {
		return head
	}
	var body string
	switch {
	case m.err != nil:
		body = lipgloss.NewStyle().Width(m.width).Height(m.height - 1).
			Render(m.styles.err.Render(ansi.Wrap(m.err.Error(), m.width, "")))
	case !m.ready:
		msg := "Rendering the issue…"
		if m.width < minWidth {
			msg = "Too narrow to preview."
		}
		body = lipgloss.NewStyle().Width(m.width).Height(m.height - 1).
			Render(m.styles.muted.Render(ansi.Truncate(msg, m.width, "…")))
	default:
		body = m.visible()
	}
	return head + "\n" + body
}

// visible returns the lines in view, padded to the pane's width. It draws
// them itself rather than through viewport.View, which re-wraps every
// visible line with lipgloss (1 ms a frame for glamour's colour-dense
// lines); the viewport keeps the scroll position.
func (m Model) visible() string {
	top, h := m.vp.YOffset(), m.vp.Height()
	var b strings.Builder
	b.Grow(h * (m.width + 1) * 4)
	total := m.doc.total()
	for i := top; i < top+h; i++ {
		if i > top {
			b.WriteByte('\n')
		}
		w := 0
		if i < total {
			l, lw := m.doc.line(i)
			if lw > m.width { // rendered for a wider pane; a new render is on its way
				l, lw = ansi.Truncate(l, m.width, ""), m.width
			}
			b.WriteString(dropHyperlinks(l))
			w = lw
		}
		b.WriteString(strings.Repeat(" ", m.width-w))
	}
	return b.String()
}

// dropHyperlinks removes the OSC 8 hyperlinks glamour wraps links in. The
// URL is printed in full beside its text, and terminals that make links
// clickable find it there; what reaches the terminal holds no OSC sequence
// at all, so a link from a draft, however written, can never smuggle one.
func dropHyperlinks(l string) string {
	const open = "\x1b]8;"
	i := strings.Index(l, open)
	if i < 0 {
		return l
	}
	var b strings.Builder
	b.Grow(len(l))
	for i >= 0 {
		b.WriteString(l[:i])
		l = l[i+len(open):]
		// The sequence ends at BEL or at ST (ESC \\).
		end, skip := strings.IndexByte(l, '\a'), 1
		if st := strings.Index(l, "\x1b\\"); st >= 0 && (end < 0 || st < end) {
			end, skip = st, 2
		}
		if end < 0 {
			return b.String()
		}
		l = l[end+skip:]
		i = strings.Index(l, open)
	}
	b.WriteString(l)
	return b.String()
}

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
		d, used, err := c.open(j, top, height, follow)
		return RenderedMsg{owner: c, gen: gen, doc: d, used: used, Err: err}
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
			var used usage
			var r *blockRenderer
			r, err := c.renderer(j.width, j.style)
			if err != nil {
				return RenderedMsg{owner: c, gen: gen, Err: err}
			}
			c.release(r)
			return RenderedMsg{owner: c, gen: gen, doc: c.newDoc(j, r, &used), used: used}
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

func (m Model) glamourStyle() string {
	switch {
	case m.pinned != "":
		return m.pinned
	case m.dark:
		return "dark"
	}
	return "light"
}

// reveal scrolls the least that brings the item's lines into view, or its
// first lines when it is taller than the pane.
func (m *Model) reveal(id string) {
	if m.doc == nil {
		return
	}
	sp, ok := m.doc.span(id)
	if !ok {
		return
	}
	top, h := m.vp.YOffset(), m.vp.Height()
	switch {
	case sp.start < top:
		m.vp.SetYOffset(sp.start)
	case sp.end > top+h:
		m.vp.SetYOffset(min(sp.start, sp.end-h))
	}
}

func percent(f float64) string {
	return strconv.Itoa(int(f*100+0.5)) + "%"
}
