// Package form is the small form in which the number, date and
// title are edited from the board. It checks what was typed; the root model
// turns the values into one undoable change of the draft.
package form

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// Field is one line of the form.
type Field int

const (
	// Number is the issue number.
	Number Field = iota
	// Date is the issue date, YYYY-MM-DD.
	Date
	// Title is the optional title.
	Title
	fieldCount
)

var labels = [fieldCount]string{"Number", "Date", "Title"}

// labelWidth is the room of the labels, "Number" and a space.
const labelWidth = 8

// Values are the texts of the form's fields.
type Values struct {
	Number, Date, Title string
}

// Error says which field holds a value the draft cannot take, and why.
type Error struct {
	Field Field
	Value string
	Why   string
}

// Error returns the message for the status line: the field, the value as
// typed and what to write instead.
func (e *Error) Error() string {
	return fmt.Sprintf("%s %q %s", labels[e.Field], e.Value, e.Why)
}

// Check returns the values as the draft stores them (trimmed; the title as
// one line of plain text), or an *Error naming the first bad one.
func (v Values) Check() (Values, error) {
	out := Values{Number: strings.TrimSpace(v.Number), Date: strings.TrimSpace(v.Date), Title: sanitize.Line(v.Title)}
	if n, err := strconv.Atoi(out.Number); err != nil || n < 1 {
		return v, &Error{Field: Number, Value: v.Number, Why: "is not an issue number: write a whole number from 1 up"}
	}
	if _, err := draft.ParseDate(out.Date); err != nil {
		return v, &Error{Field: Date, Value: v.Date, Why: "is not a date: write it as YYYY-MM-DD, such as 2024-05-05"}
	}
	return out, nil
}

// KeyMap is the form's keys.
type KeyMap struct {
	Next, Prev key.Binding
	// Apply and Cancel are matched by the root, which acts on them.
	Apply, Cancel key.Binding
}

// DefaultKeyMap returns the form's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp returns the bindings for the help bar.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Apply, k.Cancel, k.Next, k.Prev} }

// Model is the form pane.
type Model struct {
	inputs [fieldCount]textinput.Model
	focus  Field
	keys   KeyMap
	open   bool
	width  int

	frame, label, labelFocused, muted lipgloss.Style
}

// New returns a closed form that draws with st.
func New(st styles.Styles) Model {
	m := Model{keys: DefaultKeyMap()}
	for i := range m.inputs {
		in := textinput.New()
		in.Prompt = ""
		m.inputs[i] = in
	}
	m.inputs[Date].Placeholder = "YYYY-MM-DD"
	m.inputs[Title].Placeholder = "optional"
	m.SetStyles(st)
	return m
}

// SetStyles changes the colours.
func (m *Model) SetStyles(st styles.Styles) {
	text := lipgloss.NewStyle().Foreground(st.Text)
	state := textinput.StyleState{Text: text, Placeholder: lipgloss.NewStyle().Foreground(st.Muted), Prompt: text}
	for i := range m.inputs {
		m.inputs[i].SetStyles(textinput.Styles{Focused: state, Blurred: state, Cursor: textinput.CursorStyle{Color: st.Accent}})
	}
	m.frame = lipgloss.NewStyle().Foreground(st.Accent).Bold(true)
	m.label = lipgloss.NewStyle().Foreground(st.Muted)
	m.labelFocused = lipgloss.NewStyle().Foreground(st.Accent).Bold(true)
	m.muted = lipgloss.NewStyle().Foreground(st.Muted)
}

// Keys returns the form's keys.
func (m Model) Keys() KeyMap { return m.keys }

// Open shows the form holding v, the number field focused.
func (m *Model) Open(v Values) tea.Cmd {
	m.open = true
	for i, s := range []string{v.Number, v.Date, v.Title} {
		m.inputs[i].SetValue(s)
		m.inputs[i].CursorEnd()
	}
	return m.FocusField(Number)
}

// Close hides the form.
func (m *Model) Close() {
	m.open = false
	for i := range m.inputs {
		m.inputs[i].Blur()
	}
}

// IsOpen reports whether the form is shown.
func (m Model) IsOpen() bool { return m.open }

// FocusField puts the cursor in field f, as after a bad value.
func (m *Model) FocusField(f Field) tea.Cmd {
	m.focus = f
	var cmd tea.Cmd
	for i := range m.inputs {
		if Field(i) == f {
			cmd = m.inputs[i].Focus()
		} else {
			m.inputs[i].Blur()
		}
	}
	return cmd
}

// Values returns what the fields hold.
func (m Model) Values() Values {
	return Values{Number: m.inputs[Number].Value(), Date: m.inputs[Date].Value(), Title: m.inputs[Title].Value()}
}

// SetWidth gives the form its width.
func (m *Model) SetWidth(w int) {
	m.width = max(w, 0)
	for i := range m.inputs {
		m.inputs[i].SetWidth(max(m.width-2-labelWidth-2, 1))
	}
}

// Height returns the rows the form takes: its frame and a line per field.
func (m Model) Height() int { return int(fieldCount) + 2 }

// Update moves between fields, and gives other keys and pastes to the
// focused field.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.open {
		return m, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Next):
			return m, m.FocusField((m.focus + 1) % fieldCount)
		case key.Matches(k, m.keys.Prev):
			return m, m.FocusField((m.focus + fieldCount - 1) % fieldCount)
		}
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		msg = tea.PasteMsg{Content: strings.Join(strings.Fields(p.Content), " ")}
	}
	var cmd tea.Cmd
	m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
	return m, cmd
}

// View draws the form: Height lines of the form's width, or as many as h
// allows when less.
func (m Model) View() string {
	w := m.width
	if w < 4 {
		return ""
	}
	inner := w - 2
	edge := func(l, r, label string) string {
		label = ansi.Truncate(label, max(inner-1, 0), "…")
		return m.frame.Render(l+"─") + label + m.frame.Render(strings.Repeat("─", max(inner-1-ansi.StringWidth(label), 0))+r)
	}
	side := m.frame.Render("│")
	lines := []string{edge("╭", "╮", " Issue fields ")}
	for i := range m.inputs {
		st := m.label
		if Field(i) == m.focus {
			st = m.labelFocused
		}
		row := " " + st.Render(fmt.Sprintf("%-*s", labelWidth-1, labels[i])) + " " + m.inputs[i].View()
		row = ansi.Truncate(row, inner, "")
		lines = append(lines, side+row+strings.Repeat(" ", max(inner-ansi.StringWidth(row), 0))+side)
	}
	k := m.keys
	lines = append(lines, edge("╰", "╯", m.muted.Render(fmt.Sprintf(" %s %s · %s %s ", k.Apply.Help().Key, k.Apply.Help().Desc, k.Cancel.Help().Key, k.Cancel.Help().Desc))))
	return strings.Join(lines, "\n")
}
