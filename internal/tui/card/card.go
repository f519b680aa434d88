// Package card is the terminal UI's card pane: one item of the draft in
// full, beside the board or over it on a narrow terminal. It shows the
// whole title, the note of whoever sent it (weekly capture), every link,
// the description fetched from the page, the blurb, where the card came
// from, from whom and when, the earlier issues of the archive that
// carried one of its links, and the archived items most like it
// ("Earlier, on this topic").
//
// The pane draws what it is given: the root model fills a Card from the
// draft and the archive and sets it whenever the selection or the draft
// changes. Every text is sanitised here, where it is drawn.
package card

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// Card is what the pane shows of one item.
type Card struct {
	Item draft.Item
	// Where names the card's column and place in it: "News, 2 of 7".
	Where string
	// Earlier is the archive's earlier uses of the item's links, one line
	// each: "#400 (26th August 2018) · News".
	Earlier []string
	// Archive says why Earlier is empty when it is not known to be: the
	// archive is being read, or could not be.
	Archive string
	// Topic is the archived items most like this card, best first.
	Topic []Topic
	// TopicNote says why Topic is empty when it is not known to be: the
	// search is running, or there is no index.
	TopicNote string
}

// Topic is one archived item like the card: "#519 · 6th December 2020 ·
// News", what it said (its title, else its blurb) and its link's host.
type Topic struct {
	Label, Text, Host string
}

// Model is the card pane.
type Model struct {
	look          look
	card          *Card
	empty         string // what to say when there is no card
	closeHint     string // the keys that close the pane: "v or esc closes"
	blurbHint     string // the key that writes a blurb: "enter writes one"
	scrollHint    string // how to see the rest: "ctrl+d or the wheel"
	width, height int
	top           int      // the first line shown
	lines         []string // the card drawn at width, built on Set and SetSize
}

type look struct {
	frame, title, label, text, muted, warn lipgloss.Style
}

// New returns an empty card pane that draws with st.
func New(st styles.Styles) Model {
	m := Model{}
	m.SetStyles(st)
	return m
}

// SetStyles changes the colours.
func (m *Model) SetStyles(st styles.Styles) {
	s := lipgloss.NewStyle()
	m.look = look{
		frame: s.Foreground(st.Accent),
		title: s.Foreground(st.Text).Bold(true),
		label: s.Foreground(st.Accent).Bold(true),
		text:  s.Foreground(st.Text),
		muted: s.Foreground(st.Muted),
		warn:  s.Foreground(st.Warn),
	}
	m.build()
}

// SetHints sets the words that name the keys, as the root's bindings have
// them: what closes the pane ("v or esc closes"), what writes a blurb
// ("enter writes one") and what scrolls ("ctrl+d or the wheel").
func (m *Model) SetHints(closeHint, blurbHint, scrollHint string) {
	m.closeHint, m.blurbHint, m.scrollHint = closeHint, blurbHint, scrollHint
	m.build()
}

// SetSize gives the pane its width and height in cells.
func (m *Model) SetSize(w, h int) tea.Cmd {
	if w == m.width && h == m.height {
		return nil
	}
	m.width, m.height = max(w, 0), max(h, 0)
	m.build()
	return nil
}

// Focus and Blur do nothing: the keys stay with the board, which the pane
// follows.
func (m *Model) Focus() {}

// Blur does nothing (see Focus).
func (m *Model) Blur() {}

// Help returns no keys: the root's card keys (scroll, close) are the
// board's while the pane is open.
func (m Model) Help() []key.Binding { return nil }

// Set shows c; nil shows why there is no card: empty, such as "News is
// empty".
func (m *Model) Set(c *Card, empty string) {
	if c == nil || m.card == nil || c.Item.ID != m.card.Item.ID {
		m.top = 0
	}
	m.card, m.empty = c, empty
	m.build()
}

// Scroll moves the card up (negative) or down by delta lines, as the mouse
// wheel over the pane does.
func (m *Model) Scroll(delta int) {
	m.top = min(max(m.top+delta, 0), max(len(m.lines)-max(m.height-2, 0), 0))
}

// Lines returns the card's lines at the pane's width, before they are cut
// to its height, for tests and for knowing whether it all fits.
func (m Model) Lines() []string { return m.lines }

// build lays the card out at the pane's width, with a blank line between
// its parts when they all fit that way.
func (m *Model) build() {
	m.layOut(true)
	if len(m.lines) > m.height-2 {
		m.layOut(false)
	}
}

func (m *Model) layOut(spaced bool) {
	m.lines = m.lines[:0]
	inner := m.width - 4 // frame and a space either side
	if inner < 1 {
		return
	}
	add := func(st lipgloss.Style, s string) {
		for _, l := range wrap(s, inner) {
			m.lines = append(m.lines, st.Render(l))
		}
	}
	section := func(name string) {
		if spaced && len(m.lines) > 0 {
			m.lines = append(m.lines, "")
		}
		m.lines = append(m.lines, m.look.label.Render(name))
	}
	c := m.card
	if c == nil {
		add(m.look.muted, m.empty)
		return
	}
	it := c.Item
	add(m.look.title, orDash(sanitize.Line(it.Title), "(no title fetched)"))
	if note := strings.TrimSpace(it.Note); note != "" {
		label := "Note"
		if via := sanitize.Line(it.Via); via != "" {
			label = "Note from " + via
		}
		section(label)
		for _, p := range strings.Split(note, "\n") {
			add(m.look.text, sanitize.Line(p))
		}
	}
	section(fmt.Sprintf("Links (%d)", len(it.URLs)))
	if len(it.URLs) == 0 {
		add(m.look.muted, "none: a text block")
	}
	for _, u := range it.URLs {
		add(m.look.text, sanitize.Line(u))
	}
	section("Earlier issues")
	switch {
	case len(c.Earlier) > 0:
		for _, e := range c.Earlier {
			add(m.look.warn, sanitize.Line(e))
		}
	case c.Archive != "":
		add(m.look.muted, c.Archive)
	default:
		add(m.look.muted, "none: not in the archive")
	}
	section("Earlier, on this topic")
	switch {
	case len(c.Topic) > 0:
		for _, e := range c.Topic {
			label := sanitize.Line(e.Label)
			if h := sanitize.Line(e.Host); h != "" {
				label += " · " + h
			}
			add(m.look.frame, label)
			add(m.look.text, sanitize.Clip(sanitize.Line(e.Text), 160))
		}
	case c.TopicNote != "":
		add(m.look.muted, c.TopicNote)
	default:
		add(m.look.muted, "nothing like it in the archive")
	}
	section("Description")
	add(m.look.muted, orDash(sanitize.Line(it.Description), "none fetched"))
	section("Blurb")
	if blurb := strings.TrimSpace(it.Blurb); blurb == "" {
		add(m.look.warn, strings.TrimSuffix("no blurb yet · "+m.blurbHint, " · "))
	} else {
		for _, p := range strings.Split(blurb, "\n") {
			add(m.look.text, sanitize.Line(p)) // a blank line stays one
		}
	}
	if c := it.Conflict; c != nil {
		// A merge kept this side's blurb above; the other side's waits here
		// until the blurb is written again.
		who := "the other side"
		if c.From != "" {
			who = sanitize.Line(c.From)
		}
		section("⚡ Conflict: " + who + " wrote")
		for _, p := range strings.Split(strings.TrimSpace(c.Value), "\n") {
			add(m.look.warn, sanitize.Line(p))
		}
		add(m.look.muted, "the issue goes out with the blurb above until you write it again · "+m.blurbHint)
	}
	section("From")
	from := orDash(sanitize.Line(it.Source), "unknown")
	if via := sanitize.Line(it.Via); via != "" {
		from += " · via " + via
	}
	if !it.AddedAt.IsZero() {
		from += " · " + draft.LongDate(it.AddedAt) + it.AddedAt.Format(" 15:04")
	}
	add(m.look.text, from)
	if c.Where != "" {
		add(m.look.muted, "now in "+sanitize.Line(c.Where))
	}
}

// View draws the pane: exactly its height in lines, each its width wide. A
// card taller than the pane is cut, the last line saying so.
func (m Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < 5 || h < 3 {
		return strings.TrimSuffix(strings.Repeat(strings.Repeat(" ", w)+"\n", h), "\n")
	}
	inner := w - 4
	rows := h - 2
	top := min(m.top, max(len(m.lines)-rows, 0))
	body := m.lines[top:]
	cut := len(body) > rows
	if cut {
		body = body[:rows]
	}
	side := m.look.frame.Render("│")
	out := make([]string, 0, h)
	out = append(out, m.edge("╭", "╮", m.look.title.Render(" Card "), w-2))
	for i := range rows {
		s := ""
		switch {
		case cut && i == rows-1:
			s = m.look.muted.Render(ansi.Truncate(strings.TrimSuffix("… more below ("+m.scrollHint+")", " ()"), inner, "…"))
		case i < len(body):
			s = body[i]
		}
		out = append(out, side+" "+pad(s, inner)+" "+side)
	}
	out = append(out, m.edge("╰", "╯", m.look.muted.Render(" "+m.closeHint+" "), w-2))
	return strings.Join(out, "\n")
}

// edge draws the top or bottom of the frame with a label after one dash.
func (m Model) edge(left, right, label string, inner int) string {
	label = ansi.Truncate(label, max(inner-1, 0), "")
	fill := inner - 1 - ansi.StringWidth(label)
	return m.look.frame.Render(left+"─") + label + m.look.frame.Render(strings.Repeat("─", max(fill, 0))+right)
}

// pad cuts or fills s to exactly w cells.
func pad(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	if n := w - ansi.StringWidth(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// wrap breaks s into lines of at most w cells, at spaces where it can and
// hard inside a word (a long URL) where it must.
func wrap(s string, w int) []string {
	if s == "" {
		return []string{""}
	}
	return strings.Split(ansi.Wrap(s, w, "/-"), "\n")
}

func orDash(s, none string) string {
	if s == "" {
		return none
	}
	return s
}
