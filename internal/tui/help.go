package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// fullHelpGroups returns the bindings of the full help, in columns, each
// of them whatever state the board is in: the full help is the reference.
func (m *Model) fullHelpGroups() [][]key.Binding {
	b, r, p, e := m.board.Keys(), m.keys, m.preview.Keys(), m.editor.Keys()
	next, prev := r.NextPane, r.PrevPane
	next.SetHelp(next.Help().Key, "preview ⇄ first column")
	prev.SetHelp(prev.Help().Key, "preview ⇄ last column")
	mode := p.Mode
	mode.SetHelp(mode.Help().Key, "preview: rendered/plain text")
	done := e.Done
	done.SetHelp(done.Help().Key, "leave the editor, keeping the text")
	add := r.Add
	add.SetHelp(r.Add.Help().Key, "add links")
	groups := [][]key.Binding{
		{b.Up, b.Down, b.Home, b.End, b.PageUp, b.PgDown, b.Left, b.Right, b.Next, b.Prev},
		{b.PickUp, b.Carry, b.PutDown, b.PutBack, b.Send},
		{b.Delete, b.Undo, b.Redo, b.Search, b.NextMatch, b.PrevMatch, b.ClearSearch},
		{r.Edit, r.External, r.Intro, r.Fields, done, e.Newline, e.NextMisspelt},
		{r.Preview, next, prev, mode, p.PageDown, p.PageUp},
		{r.Card, r.CardDown, r.CardUp, r.Open, r.Copy, r.CopyIssue, r.Export},
		{add, r.Find, r.Save, r.Help, r.Quit, r.ForceQuit},
		m.sectionGroup(),
	}
	for _, g := range groups {
		for i := range g {
			g[i].SetEnabled(true)
		}
	}
	return groups
}

// sectionGroup is the full help's group of the section menu, J and L (the
// menu and the links panel list their own keys), and the issue's: the next
// one, publishing it and opening its page.
func (m *Model) sectionGroup() []key.Binding {
	s, links, join := m.keys.Sections, m.keys.Links, m.board.Keys().Join
	s.SetHelp(s.Help().Key, "sections: add, rename, move, sponsor, remove")
	links.SetHelp(links.Help().Key, "links: add, remove, reorder")
	join.SetHelp(join.Help().Key, "join with the card below")
	return []key.Binding{s, join, links, m.keys.NewIssue, m.keys.Publish, m.keys.OpenIssue}
}

// boardHelp is the help bar over the board: help and quit first, then what
// the state adds (a carried card, a search, the card pane, a covering
// preview), then the keys a new editor needs first.
func (m *Model) boardHelp() []key.Binding {
	r, b := m.keys, m.board.Keys()
	switch {
	case m.board.Carrying():
		return []key.Binding{r.Help, r.Quit, b.PutDown, b.PutBack, b.Carry}
	case m.cv.shown:
		closeCard := r.Card
		closeCard.SetHelp(keyNames(r.Card, r.Back), "close card")
		return []key.Binding{r.Help, r.Quit, closeCard, b.Down, b.Up, r.CardDown, r.CardUp, b.Next, r.Edit, b.Search}
	case m.pv.shown && m.layout().Overlay:
		back := r.Preview
		back.SetHelp(keyNames(r.Preview, r.Back), "show the board")
		return []key.Binding{r.Help, r.Quit, back, b.Next, r.Edit, b.Down, b.Up}
	}
	return []key.Binding{r.Help, r.Quit, b.NextMatch, b.PrevMatch, b.ClearSearch,
		r.Add, b.Undo, b.Search, r.Edit, b.PickUp, b.Send, r.Preview, r.Card, b.Delete, r.Sections, b.Join, r.Links, r.Fields, r.Find, b.Next}
}

// previewHelp is the help bar while the preview has the keys.
func (m *Model) previewHelp() []key.Binding {
	r := m.keys
	hide := r.Preview
	hide.SetHelp(r.Preview.Help().Key, "hide preview")
	return append(append([]key.Binding{r.Help, r.Quit, r.Back}, m.preview.Help()...), r.NextPane, hide)
}

// shortHelp draws the help bar again when its keys or width changed: as
// many bindings as fit whole, then "…". Update calls it; View draws it.
// (bubbles' help adds one binding too many when its ellipsis does not fit.)
func (m *Model) shortHelp(w int) {
	all := m.mode[m.focus].help()
	// The bar is the same frame after frame; drawing it is a third of a
	// frame, so it is drawn again only when its keys or width change.
	var sig strings.Builder
	fmt.Fprint(&sig, w, m.st.IsDark)
	for _, b := range all {
		if b.Enabled() {
			sig.WriteString("\x00" + b.Help().Key + "\x01" + b.Help().Desc)
		}
	}
	if sig.String() != m.helpBar.sig {
		m.helpBar.sig = sig.String()
		m.helpBar.out = m.drawShortHelp(w, all)
	}
}

// drawShortHelp draws the enabled bindings of all that fit in w cells.
func (m *Model) drawShortHelp(w int, all []key.Binding) string {
	var fit []key.Binding
	used, cut := 0, false
	for _, b := range all {
		if !b.Enabled() {
			continue
		}
		n := ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
		if len(fit) > 0 {
			n += ansi.StringWidth(m.help.ShortSeparator)
		}
		if used+n+2 > w {
			cut = true
			break
		}
		used += n
		fit = append(fit, b)
	}
	out := m.help.ShortHelpView(fit)
	if cut {
		out += m.help.Styles.Ellipsis.Render(" " + m.help.Ellipsis)
	}
	return out
}

// fullHelp is the ? screen: every key, and what the marks on cards mean.
// Its groups of keys sit side by side as far as they fit and wrap below;
// up and down scroll it when the terminal is short.
func (m *Model) fullHelp(w, h int) string {
	var lines []string
	var row []string
	rowWidth := 0
	flush := func() {
		if len(row) > 0 {
			lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n")...)
			lines = append(lines, "")
		}
		row, rowWidth = nil, 0
	}
	for _, g := range m.fullHelpGroups() {
		col := m.help.FullHelpView([][]key.Binding{g})
		cw := lipgloss.Width(col) + 4
		if rowWidth > 0 && rowWidth+cw > w {
			flush()
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(4).Render(col))
		rowWidth += cw
	}
	flush()
	lines = append(lines,
		"▌ the selected card   » the card being carried",
		"[N] the key that sends a card to that column",
		"no blurb (✎) the card has no blurb yet",
		"repeat (⧉) its link is elsewhere in this draft",
		"conflict (⚡) a merge kept this side's blurb and the other's waits (v shows both); writing the blurb settles it",
		"from #N (↻) carried over from issue N until its blurb is edited",
		"sent (↺) an earlier issue in the archive carried its link (weekly check says which)",
		"A dimmed card shows its page title or URL until it has a blurb.",
		fmt.Sprintf("A blurb is saved as you type it; %s closes the editor and %s undoes the whole edit.", m.editor.Keys().Done.Help().Key, m.board.Keys().Undo.Help().Key),
		fmt.Sprintf("The preview (%s) and the whole card (%s) sit beside the board, or over it on a narrow terminal.", m.keys.Preview.Help().Key, m.keys.Card.Help().Key),
		fmt.Sprintf("Search (%s) looks at every column: title, blurb, links and description.", m.board.Keys().Search.Help().Key),
		fmt.Sprintf("%s searches every issue sent, as weekly archive search does; the whole card (%s) lists the archived items most like it.", m.keys.Find.Help().Key, m.keys.Card.Help().Key),
		"★ follows the sponsor section's name.",
		"Every change is saved within a second.",
	)
	if m.served {
		lines = append(lines, fmt.Sprintf(
			"Shared: @Name is where another editor is, ✎Name the blurb they are writing (theirs alone until they are done); %s undoes only your own changes and those of other commands.",
			m.board.Keys().Undo.Help().Key))
	}
	lines = append(lines,
		fmt.Sprintf("%s, %s or %s closes this help; ↑ ↓ scroll it.", m.keys.Help.Help().Key, m.keys.Quit.Help().Key, m.keys.Cancel.Help().Key),
	)
	top := min(max(m.helpTop, 0), max(len(lines)-h, 0))
	out := make([]string, h)
	for i := range h {
		s := ""
		if top+i < len(lines) {
			s = lines[top+i]
		}
		out[i] = line(s, w)
	}
	return strings.Join(out, "\n")
}
