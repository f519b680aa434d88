package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

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
	case key.Matches(msg, k.Recurring):
		after, says := draft.KindRecurring, "recurring: its cards go on to the next issue"
		if m.current().Sections[col-1].Recurring {
			after, says = draft.KindOnce, "for this issue only"
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
