package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// openPrompt opens the add-links prompt, holding text to begin with.
func (m *Model) openPrompt(text string) tea.Cmd {
	m.prompt.SetValue(strings.TrimSpace(text))
	m.prompt.CursorEnd()
	m.setFocus(focusAdd)
	return nil
}

func (m *Model) closePrompt() {
	m.setFocus(focusBoard)
	m.prompt.SetValue("")
	if m.asking != askLinks {
		m.asking = askLinks
		m.prompt.Prompt, m.prompt.Placeholder = addPrompt, addPlaceholder
		m.prompt.help = []key.Binding{m.keys.Submit, m.keys.Cancel}
		m.place()
	}
}

// submitLinks makes an inbox card of every http or https URL in the prompt.
// Anything else stays in the prompt, and the status line says why, so that
// nothing typed or pasted is silently dropped.
func (m *Model) submitLinks() tea.Cmd {
	var items []draft.Item
	var bad, why, assumed []string
	for _, f := range strings.Fields(m.prompt.Value()) {
		if u, ok := link.WithScheme(f); ok {
			f = u
			assumed = append(assumed, u)
		}
		if _, err := link.Check(f); err != nil {
			bad = append(bad, f)
			why = append(why, err.Error())
			continue
		}
		it := draft.NewItem([]string{f}, "", m.now(), "tui")
		it.Site = link.Site(f)
		items = append(items, it)
	}
	m.board.Add(items)
	cmd := m.startFetches(items)
	added := ""
	if len(items) > 0 {
		added = fmt.Sprintf("Added %s to the inbox", draft.Plural(len(items), "link"))
		if len(assumed) > 0 {
			added += fmt.Sprintf(" (taken as %s)", strings.Join(assumed, ", "))
		}
	}
	if len(bad) == 0 {
		m.closePrompt()
		if added != "" {
			m.status = board.Note{Text: added + " · " + m.board.UndoHint()}
		}
		return cmd
	}
	m.prompt.SetValue(strings.Join(bad, " "))
	m.prompt.CursorEnd()
	msg := "Not added: " + strings.Join(why, "; ") + ". Fix them or press " + m.keys.Cancel.Help().Key
	if added != "" {
		msg = added + ". " + msg
	}
	m.status = board.Note{Err: true, Text: msg}
	return cmd
}

// ask opens the one-line prompt for what a, holding text.
func (m *Model) ask(a ask, prompt, text string) tea.Cmd {
	m.asking = a
	m.prompt.Prompt = prompt
	m.prompt.Placeholder = ""
	if a == askLinks {
		m.prompt.Placeholder = addPlaceholder
	}
	submit := m.keys.Submit
	submit.SetHelp(submit.Help().Key, map[ask]string{askLinks: "add", askSection: "add the section", askRename: "rename", askLink: "add the link"}[a])
	m.prompt.help = []key.Binding{submit, m.keys.Cancel}
	m.place()
	return m.openPrompt(text)
}
