package preview

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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
	// Cache keeps the rendered blocks; previews of one served draft share
	// one so that each block is rendered once for all its editors. Nil
	// gives the preview a cache of its own.
	Cache *Cache
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
	follow  string  // the item to keep in view, until the user scrolls
	spell   *checks // the spelling of what is shown (spell.go), or nil
}

// New returns a preview that draws with st. It shows nothing until it has
// a size (SetSize) and a draft (SetDraft).
func New(st styles.Styles, cfg Config) Model {
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	if cfg.Cache == nil {
		cfg.Cache = NewCache(0)
	}
	return Model{
		styles:   newTextStyles(st),
		keys:     cfg.KeyMap,
		debounce: cfg.Debounce,
		pinned:   cfg.Style,
		cache:    &cache{cfg.Cache},
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

// Keys returns the pane's keys.
func (m Model) Keys() KeyMap { return m.keys }

// Help returns the keys the help bar shows while the pane has the focus.
func (m Model) Help() []key.Binding { return m.keys.ShortHelp() }

// ShowItem scrolls so that the item with the given ID is in view, now and
// after every render, until the user scrolls the pane or another item is
// shown. Items in the inbox are not in the issue; for them nothing moves.
// The command renders the part scrolled to when it is not rendered yet.
func (m *Model) ShowItem(id string) tea.Cmd {
	m.follow = id
	m.reveal(id)
	return tea.Batch(m.fill(), m.checkShown())
}

// Update handles the preview's own messages, and keys and the mouse wheel
// while the pane has the focus. With a Speller set, it asks for a check of
// what came into view unchecked.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if msg, ok := msg.(SpellMsg); ok {
		m.spellMsg(msg)
		return m, nil
	}
	m, cmd := m.update(msg)
	if sc := m.checkShown(); sc != nil {
		cmd = tea.Batch(cmd, sc)
	}
	return m, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
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
		// A view at the bottom stays there while estimated heights
		// become exact: End shows the end.
		bottom := m.ready && m.follow == "" && m.vp.top > 0 && m.vp.top >= m.vp.maxTop()
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
		} else if m.doc != nil {
			// Keep the followed item where it is on screen, or else the
			// line at the top, while heights above are corrected.
			sp, following := m.doc.span(m.follow)
			old := m.vp.top
			m.vp.top = m.doc.apply(msg.got, m.vp.top, m.vp.height)
			if now, ok := m.doc.span(m.follow); following && ok {
				m.vp.top = max(now.start-(sp.start-old), 0)
			}
		}
		m.vp.SetTotal(m.doc.total())
		if bottom {
			m.vp.GotoBottom()
		}
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

// updateKey scrolls or switches the mode for a key of the pane's KeyMap.
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
