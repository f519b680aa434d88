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
	m.setFocus(focusAdd)
	m.prompt.SetValue(strings.TrimSpace(text))
	m.prompt.CursorEnd()
	return m.prompt.Focus()
}

func (m *Model) closePrompt() {
	m.setFocus(focusBoard)
	m.prompt.Blur()
	m.prompt.SetValue("")
	if m.asking != askLinks {
		m.asking = askLinks
		m.prompt.Prompt = "Add links: "
		m.prompt.Placeholder = "paste or type URLs, one or many"
		m.place()
	}
}

// updatePrompt handles a key or paste while the add-links prompt is open.
func (m *Model) updatePrompt(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Cancel):
			back := m.asking == askLink
			m.closePrompt()
			if back {
				m.setFocus(focusLinks) // back to the card's links
			}
			return nil
		case key.Matches(k, m.keys.Submit) && m.asking == askLink:
			return m.submitLink()
		case key.Matches(k, m.keys.Submit) && m.asking != askLinks:
			return m.submitName()
		case key.Matches(k, m.keys.Submit):
			return m.submitLinks()
		}
	}
	var cmd tea.Cmd
	m.prompt, cmd = m.prompt.Update(msg)
	return cmd
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

// foldLines turns pasted text, one URL a line with any line endings, into
// one line with the URLs separated by spaces.
func foldLines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\t' || r == ' '
	}), " ")
}
