package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// ask is what the one-line prompt is asking for.
type ask int

const (
	askLinks   ask = iota // URLs for the inbox
	askSection            // the name of a new section
	askRename             // a section's new name
	askLink               // a link to add to a card
)

// SectionKeys are the keys of the section menu that s opens on a column.
type SectionKeys struct {
	Add, Rename, Left, Right, Kind, Remove, Close key.Binding
}

// DefaultSectionKeys returns the section menu's keys.
func DefaultSectionKeys() SectionKeys {
	return SectionKeys{
		Add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add a section after")),
		Rename: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename")),
		Left:   key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h", "move left")),
		Right:  key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l", "move right")),
		Kind:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "sponsor/plain")),
		Remove: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "remove (cards to inbox)")),
		Close:  key.NewBinding(key.WithKeys("esc", "s"), key.WithHelp("esc", "close")),
	}
}

// bindings returns the menu's keys that apply on column col of d.
func (k SectionKeys) bindings(d *draft.Draft, col int) []key.Binding {
	add := k.Add
	if col == draft.Inbox {
		add.SetHelp(add.Help().Key, "add a first section")
		return []key.Binding{add, k.Close}
	}
	kind := k.Kind
	if d.Sections[col-1].Sponsor {
		kind.SetHelp(kind.Help().Key, "make it plain")
	} else {
		kind.SetHelp(kind.Help().Key, "make it the sponsor's")
	}
	return []key.Binding{add, k.Rename, k.Left, k.Right, kind, k.Remove, k.Close}
}

// openMenu opens the section menu on the focused column.
func (m *Model) openMenu() tea.Cmd {
	m.setFocus(focusMenu)
	m.menu.on = m.sectionKeys.bindings(m.current(), m.board.Focused())
	return nil
}

// menuKey handles a key while the section menu is open, and lists the
// keys that apply on the column after it.
func (m *Model) menuKey(msg tea.KeyPressMsg) tea.Cmd {
	defer func() { m.menu.on = m.sectionKeys.bindings(m.current(), m.board.Focused()) }()
	k, col := m.sectionKeys, m.board.Focused()
	inbox := col == draft.Inbox
	switch {
	case key.Matches(msg, k.Close):
		m.setFocus(focusBoard)
	case key.Matches(msg, k.Add):
		where := "after " + sanitize.Line(m.current().ColumnName(col))
		if inbox {
			where = "first"
		}
		return m.ask(askSection, "New section ("+where+"): ", "")
	case inbox:
		m.status = board.Note{Err: true, Text: fmt.Sprintf("The inbox is not a section: %s adds a first section, %s closes", k.Add.Help().Key, k.Close.Help().Key)}
	case key.Matches(msg, k.Rename):
		return m.ask(askRename, "Rename section: ", m.current().ColumnName(col))
	case key.Matches(msg, k.Left), key.Matches(msg, k.Right):
		to := col - 1
		if key.Matches(msg, k.Right) {
			to = col + 1
		}
		if to < 1 || to >= m.current().Columns() {
			m.status = board.Note{Err: true, Text: fmt.Sprintf("%s is already the %s section", m.sectionName(col), map[bool]string{true: "first", false: "last"}[to < 1])}
			return nil
		}
		m.sectionOp(fmt.Sprintf("Moved %s to position %d", m.sectionName(col), to), to, false,
			draft.Op{Kind: draft.OpSectionMove, From: draft.Pos{Col: col}, To: draft.Pos{Col: to}, Section: m.current().ColumnName(col)})
	case key.Matches(msg, k.Kind):
		after, says := draft.KindSponsor, "the sponsor's section"
		if m.current().Sections[col-1].Sponsor {
			after, says = draft.KindPlain, "a plain section"
		}
		m.sectionOp(fmt.Sprintf("%s is now %s", m.sectionName(col), says), col, true,
			draft.Op{Kind: draft.OpSectionKind, From: draft.Pos{Col: col}, Section: m.current().ColumnName(col), After: after})
	case key.Matches(msg, k.Remove):
		op, err := m.current().RemoveSectionAt(col)
		if err != nil {
			m.status = board.Note{Err: true, Text: err.Error()}
			return nil
		}
		n := len(m.current().Column(col))
		text := fmt.Sprintf("Removed %s", m.sectionName(col))
		if n > 0 {
			text += fmt.Sprintf("; its %s went to the inbox", draft.Plural(n, "card"))
		}
		m.sectionOp(text, col-1, true, op)
	}
	return nil
}

// sectionName names column col in messages.
func (m *Model) sectionName(col int) string {
	return "“" + sanitize.Line(m.current().ColumnName(col)) + "”"
}

// sectionOp applies a section op as one undoable step, focuses column
// focus and says text; done closes the menu.
func (m *Model) sectionOp(text string, focus int, done bool, op draft.Op) bool {
	if err := m.apply(op); err != nil {
		m.status = board.Note{Err: true, Text: upper(err.Error())}
		return false
	}
	m.board.FocusColumn(focus)
	m.status = board.Note{Text: text + " · " + m.board.UndoHint()}
	if done {
		m.setFocus(focusBoard)
	}
	return true
}

// ask opens the one-line prompt for what a, holding text.
func (m *Model) ask(a ask, prompt, text string) tea.Cmd {
	m.asking = a
	m.prompt.Prompt = prompt
	m.prompt.Placeholder = ""
	if a == askLinks {
		m.prompt.Placeholder = addPlaceholder
	}
	m.place()
	return m.openPrompt(text)
}

// submitName adds or renames a section with the name in the prompt. A name
// the draft cannot take is named in the status line and stays in the prompt.
func (m *Model) submitName() tea.Cmd {
	name := sanitize.Line(m.prompt.Value())
	col := m.board.Focused()
	var ok bool
	if m.asking == askSection {
		ok = m.sectionOp(fmt.Sprintf("Added section “%s”", name), col+1, true,
			draft.Op{Kind: draft.OpSectionAdd, To: draft.Pos{Col: col + 1}, Section: name})
	} else {
		ok = m.sectionOp(fmt.Sprintf("Renamed %s to “%s”", m.sectionName(col), name), col, true,
			draft.Op{Kind: draft.OpSectionRename, From: draft.Pos{Col: col}, Section: m.current().ColumnName(col), After: name})
	}
	if ok {
		m.closePrompt()
	}
	return nil
}

// boxLook is how the section menu and the links panel draw their box.
type boxLook struct {
	frame, text, muted lipgloss.Style
}

func newBoxLook(st styles.Styles) boxLook {
	s := lipgloss.NewStyle()
	return boxLook{frame: s.Foreground(st.Accent).Bold(true), text: s.Foreground(st.Text), muted: s.Foreground(st.Muted)}
}

// edge is the top or bottom line of a box inner cells wide, with label.
func (lk boxLook) edge(l, r, label string, inner int) string {
	label = ansi.Truncate(label, max(inner-1, 0), "…")
	return lk.frame.Render(l+"─") + label + lk.frame.Render(strings.Repeat("─", max(inner-1-ansi.StringWidth(label), 0))+r)
}

// row is a line of a box: s cut or padded to inner cells between the sides.
func (lk boxLook) row(s string, inner int) string {
	s = ansi.Truncate(s, inner, "…")
	return lk.frame.Render("│") + s + strings.Repeat(" ", max(inner-ansi.StringWidth(s), 0)) + lk.frame.Render("│")
}

// sectionMenu is the section menu of s, as a pane: a box over the focused
// column listing the keys that apply to it. The root handles its keys.
type sectionMenu struct {
	look boxLook
	on   []key.Binding // the keys that apply on the column it is open on
}

// SetSize does nothing: the box is as big as its keys.
func (*sectionMenu) SetSize(int, int) tea.Cmd { return nil }

// SetStyles takes the palette.
func (mn *sectionMenu) SetStyles(st styles.Styles) { mn.look = newBoxLook(st) }

// Focus does nothing: the board keeps its look of focus under the menu.
func (*sectionMenu) Focus() {}

// Blur does nothing (see Focus).
func (*sectionMenu) Blur() {}

// Help returns the keys that apply on the column.
func (mn *sectionMenu) Help() []key.Binding { return mn.on }

// View draws the menu called title, at most w cells wide.
func (mn *sectionMenu) View(title string, w int) []string {
	inner, keyw := 0, 0
	for _, b := range mn.on {
		keyw = max(keyw, ansi.StringWidth(b.Help().Key))
	}
	for _, b := range mn.on {
		inner = max(inner, keyw+2+ansi.StringWidth(b.Help().Desc))
	}
	inner = min(max(inner+2, ansi.StringWidth(title)+2), max(w-2, 4))
	lk := mn.look
	lines := []string{lk.edge("╭", "╮", title, inner)}
	for _, b := range mn.on {
		lines = append(lines, lk.row(" "+lk.frame.Render(fmt.Sprintf("%-*s ", keyw, b.Help().Key))+lk.text.Render(b.Help().Desc), inner))
	}
	return append(lines, lk.edge("╰", "╯", "", inner))
}

// menuView draws the section menu on the focused column.
func (m *Model) menuView(w int) []string {
	col := m.board.Focused()
	title := " Section " + sanitize.Line(m.current().ColumnName(col)) + " "
	if col == draft.Inbox {
		title = " Sections "
	}
	return m.menu.View(title, w)
}

// columnX is where the focused column starts on the board, for the menu to
// open over it.
func (m *Model) columnX() int {
	x, _ := m.board.ColumnX(m.board.Focused())
	return x
}
