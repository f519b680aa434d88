package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// addPrompt and addPlaceholder are what the add-links prompt says.
const (
	addPrompt      = "Add links: "
	addPlaceholder = "paste or type URLs, one or many"
)

// linePrompt is a one-line prompt on the status line, as a pane: the
// add-links prompt (which also asks a section's name or a card's link) and
// the export's path.
type linePrompt struct {
	textinput.Model
	help []key.Binding
}

func newLinePrompt(prompt, placeholder string, help ...key.Binding) linePrompt {
	p := linePrompt{Model: textinput.New(), help: help}
	p.Prompt, p.Placeholder = prompt, placeholder
	return p
}

// SetSize gives the text the width the prompt leaves of w.
func (p *linePrompt) SetSize(w, _ int) tea.Cmd {
	p.SetWidth(max(w-ansi.StringWidth(p.Prompt)-1, 1))
	return nil
}

// SetStyles takes the palette's light or dark prompt styles.
func (p *linePrompt) SetStyles(st styles.Styles) {
	s := textinput.DefaultStyles(st.IsDark)
	s.Cursor.Blink = false // a steady cursor: no frame every half second, locally or over SSH
	p.Model.SetStyles(s)
}

// Focus gives the prompt the keys.
func (p *linePrompt) Focus() { _ = p.Model.Focus() }

// Help returns the prompt's keys for the help bar.
func (p *linePrompt) Help() []key.Binding { return p.help }

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
	m.prompt.Model, cmd = m.prompt.Update(msg)
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
