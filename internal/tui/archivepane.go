package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/archive/index"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// ArchiveKeys are the keys of the archive search that ctrl+f opens: what
// is typed is the query; the arrows choose a result, enter reads it in
// full, and there y copies its link.
type ArchiveKeys struct {
	Up, Down, Read, Copy, Back, Close key.Binding
}

// DefaultArchiveKeys returns the archive search's keys.
func DefaultArchiveKeys() ArchiveKeys {
	return ArchiveKeys{
		Up:    key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "previous")),
		Down:  key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "next")),
		Read:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read it")),
		Copy:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy its link")),
		Back:  key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back to the results")),
		Close: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// archiveResults is how many matches the archive search lists.
const archiveResults = 50

// archivePane is the archive search as a pane: the query being typed, the
// results of the last search that came back, the one chosen, and whether
// it is being read in full. The root asks for searches (off the event
// loop, each stamped with seq) and hands their results in.
type archivePane struct {
	keys  ArchiveKeys
	input textinput.Model
	look  archiveLook
	w, h  int

	seq     uint64 // the latest search asked for
	query   string // the query the results answer
	res     index.Results
	err     error
	note    string // why there are no results to show yet: "reading the archive…"
	sel     int    // the result chosen
	reading bool   // the chosen result is shown in full
	link    int    // the link chosen while reading
}

type archiveLook struct {
	frame, text, muted, mark, chosen lipgloss.Style
	box                              boxLook
}

func newArchivePane() archivePane {
	p := archivePane{keys: DefaultArchiveKeys(), input: textinput.New()}
	p.input.Prompt = "Search the archive: "
	p.input.Placeholder = `words, "a phrase", -word, section:, host:, issue:, year:`
	return p
}

// SetSize gives the pane the room of the body.
func (p *archivePane) SetSize(w, h int) tea.Cmd {
	p.w, p.h = w, h
	p.input.SetWidth(max(p.inner()-ansi.StringWidth(p.input.Prompt)-3, 1))
	return nil
}

// SetStyles takes the palette.
func (p *archivePane) SetStyles(st styles.Styles) {
	s := lipgloss.NewStyle()
	p.look = archiveLook{
		frame: s.Foreground(st.Accent).Bold(true), text: s.Foreground(st.Text), muted: s.Foreground(st.Muted),
		mark: s.Foreground(st.Warn).Bold(true), chosen: s.Foreground(st.Accent).Bold(true), box: newBoxLook(st),
	}
	in := textinput.DefaultStyles(st.IsDark)
	in.Cursor.Blink = false
	p.input.SetStyles(in)
}

// Focus gives the query the keys.
func (p *archivePane) Focus() { _ = p.input.Focus() }

// Blur takes them away.
func (p *archivePane) Blur() { p.input.Blur() }

// Help returns the keys that apply: those of the list, or of the result
// being read.
func (p *archivePane) Help() []key.Binding {
	k := p.keys
	if p.reading {
		up := k.Up
		up.SetHelp("↑/↓", "choose a link")
		return []key.Binding{k.Copy, up, k.Back}
	}
	return []key.Binding{k.Down, k.Up, k.Read, k.Close}
}

// chosen returns the result chosen, if any.
func (p *archivePane) chosen() (index.Hit, bool) {
	if p.sel < 0 || p.sel >= len(p.res.Hits) {
		return index.Hit{}, false
	}
	return p.res.Hits[p.sel], true
}

// inner is the width inside the pane's box.
func (p *archivePane) inner() int { return max(min(p.w-2, 100), 4) }

// View draws the pane in its box: the query, then the results (two lines
// each) or the chosen one in full. Every text from the archive is cleaned
// here, where it is drawn.
func (p *archivePane) View() []string {
	inner, lk := p.inner(), p.look
	rows := max(p.h-2, 1)
	var body []string
	body = append(body, p.input.View())
	switch {
	case p.reading:
		body = append(body, p.full(inner)...)
	case p.err != nil:
		body = append(body, lk.muted.Render(sanitize.Line("The search failed: "+p.err.Error())))
	case p.note != "":
		body = append(body, lk.muted.Render(sanitize.Line(p.note)))
	case strings.TrimSpace(p.input.Value()) == "":
		body = append(body, lk.muted.Render("Type to search every item ever sent: its blurb, title, section and links."))
	case len(p.res.Hits) == 0:
		body = append(body, lk.muted.Render("Nothing in the archive matches "+sanitize.Line(p.query)))
	default:
		body = append(body, p.list(inner, rows-1)...)
	}
	if len(body) > rows {
		body = body[:rows]
	}
	for len(body) < rows {
		body = append(body, "")
	}
	title := " Archive search "
	if !p.reading && len(p.res.Hits) > 0 {
		title += fmt.Sprintf("· %d of %d ", p.sel+1, p.res.Total)
	}
	lines := []string{lk.box.edge("╭", "╮", title, inner)}
	for _, b := range body {
		lines = append(lines, lk.box.row(" "+b, inner))
	}
	var hint []string
	for _, b := range p.Help() {
		hint = append(hint, b.Help().Key+" "+b.Help().Desc)
	}
	return append(lines, lk.box.edge("╰", "╯", lk.muted.Render(" "+strings.Join(hint, " · ")+" "), inner))
}

// list draws the results that fit in rows lines, two a result, the
// chosen one in view.
func (p *archivePane) list(inner, rows int) []string {
	per := max(rows/2, 1)
	top := min(max(p.sel-per+1, 0), max(len(p.res.Hits)-per, 0))
	var out []string
	for i := top; i < len(p.res.Hits) && len(out)+2 <= max(rows, 2); i++ {
		h := p.res.Hits[i]
		mark, st := "  ", p.look.text
		if i == p.sel {
			mark, st = "▸ ", p.look.chosen
		}
		out = append(out, st.Render(mark+sanitize.Line(hitLabel(h))))
		text := h.Item.Title
		if text == "" {
			text = h.Item.Blurb
		}
		out = append(out, "  "+p.marked(sanitize.Line(text)))
	}
	return out
}

// full draws the chosen result whole: its label, its links (what y
// copies, first, so that a short pane shows them), its title and blurb.
func (p *archivePane) full(inner int) []string {
	h, ok := p.chosen()
	if !ok {
		return nil
	}
	w := max(inner-2, 1)
	wrap := func(s string) []string { return strings.Split(ansi.Wrap(s, w, "/-"), "\n") }
	out := []string{p.look.chosen.Render(sanitize.Line(hitLabel(h)))}
	for i, u := range h.Item.URLs {
		mark, st := "  ", p.look.text
		if i == p.link {
			mark, st = "▸ ", p.look.chosen
		}
		out = append(out, st.Render(mark+sanitize.Line(u)))
	}
	if len(h.Item.URLs) == 0 {
		out = append(out, p.look.muted.Render("no link"))
	}
	out = append(out, "")
	if t := sanitize.Line(h.Item.Title); t != "" {
		out = append(out, wrap(p.look.frame.Render(p.marked(t)))...)
	}
	for _, para := range strings.Split(strings.TrimSpace(sanitize.Text(h.Item.Blurb)), "\n") {
		out = append(out, wrap(p.marked(para))...)
	}
	return out
}

// marked is text (already clean) with the words the query matched in the
// mark's colour.
func (p *archivePane) marked(text string) string {
	spans := p.res.Marker.Spans(text)
	if len(spans) == 0 {
		return p.look.text.Render(text)
	}
	var b strings.Builder
	last := 0
	for _, s := range spans {
		if s[0] < last {
			continue
		}
		b.WriteString(p.look.text.Render(text[last:s[0]]))
		b.WriteString(p.look.mark.Render(text[s[0]:s[1]]))
		last = s[1]
	}
	b.WriteString(p.look.text.Render(text[last:]))
	return b.String()
}

// hitLabel names an archived item: "#519 · 6th December 2020 · News ·
// slack.engineering".
func hitLabel(h index.Hit) string {
	s := fmt.Sprintf("#%d", h.Issue.Number)
	if d := h.Issue.LongDate(); d != "" {
		s += " · " + d
	}
	s += " · " + h.Item.SectionName()
	if len(h.Item.URLs) > 0 {
		s += " · " + link.Site(h.Item.URLs[0])
	}
	return s
}
