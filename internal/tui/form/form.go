// Package form is the small form in which the fields (newsletter,
// number, date, title and footer) are edited from the board, and in which a
// new issue is started. It checks what was typed; the root model
// turns the values into one undoable change of the draft.
package form

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
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
	// Newsletter is the newsletter's name.
	Newsletter Field = iota
	// Number is the issue number.
	Number
	// Date is the issue date, YYYY-MM-DD.
	Date
	// Title is the optional title.
	Title
	// Footer is the footer, several lines.
	Footer
	fieldCount
)

var labels = [fieldCount]string{"Newsletter", "Number", "Date", "Title", "Footer"}

// labelWidth is the room of the labels, "Newsletter" and a space.
const labelWidth = 11

// footerRows is the rows the footer field shows.
const footerRows = 3

// Values are the texts of the form's fields.
type Values struct {
	Newsletter, Number, Date, Title, Footer string
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

// Check returns the values as the draft stores them (trimmed; the name and
// title as one line of plain text, the footer as Markdown without control
// characters), or an *Error naming the first bad one. The newsletter's name
// is checked only when the form shows it.
func (v Values) Check(fields ...Field) (Values, error) {
	out := Values{
		Newsletter: sanitize.Line(v.Newsletter),
		Number:     strings.TrimSpace(v.Number),
		Date:       strings.TrimSpace(v.Date),
		Title:      sanitize.Line(v.Title),
		Footer:     strings.Trim(sanitize.Markdown(strings.ReplaceAll(v.Footer, "\r\n", "\n")), "\n "),
	}
	shows := func(f Field) bool { return len(fields) == 0 || slices.Contains(fields, f) }
	if shows(Newsletter) && out.Newsletter == "" {
		return v, &Error{Field: Newsletter, Value: v.Newsletter, Why: "is empty: the newsletter needs a name, such as DevOps Weekly"}
	}
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
	// Newline breaks a line in the footer (enter applies the form).
	Newline key.Binding
}

// DefaultKeyMap returns the form's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:    key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:    key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Apply:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Newline: key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"), key.WithHelp("alt+enter", "new line")),
	}
}

// ShortHelp returns the bindings for the help bar.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Apply, k.Cancel, k.Next, k.Prev} }

// Model is the form pane.
type Model struct {
	inputs [fieldCount]textinput.Model // all but the footer
	// footer is made when the form opens and let go when it closes: a
	// textarea holds half a megabyte from the start, and a served draft
	// has a board per editor, most of them never opening the form.
	footer textarea.Model
	built  bool
	taSt   textarea.Styles
	shown  []Field // the fields of the open form, in order
	title  string
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
	m.inputs[Newsletter].Placeholder = "such as DevOps Weekly"
	m.SetStyles(st)
	return m
}

// build makes the footer's textarea, when the form opens.
func (m *Model) build() {
	if m.built {
		return
	}
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.CharLimit = 0
	ta.EndOfBufferCharacter = ' '
	ta.Placeholder = "the last words of every issue"
	ta.KeyMap.Paste.SetEnabled(false)
	// enter applies the form; a line break in the footer is alt+enter.
	ta.KeyMap.InsertNewline = m.keys.Newline
	ta.SetHeight(footerRows)
	ta.SetStyles(m.taSt)
	ta.SetWidth(max(m.width-2-labelWidth-1, 1))
	m.footer, m.built = ta, true
}

// SetStyles changes the colours.
func (m *Model) SetStyles(st styles.Styles) {
	text := lipgloss.NewStyle().Foreground(st.Text)
	state := textinput.StyleState{Text: text, Placeholder: lipgloss.NewStyle().Foreground(st.Muted), Prompt: text}
	for i := range m.inputs {
		m.inputs[i].SetStyles(textinput.Styles{Focused: state, Blurred: state, Cursor: textinput.CursorStyle{Color: st.Accent}})
	}
	ta := textarea.StyleState{Base: lipgloss.NewStyle(), Text: text, CursorLine: text, Placeholder: state.Placeholder, EndOfBuffer: lipgloss.NewStyle(), Prompt: lipgloss.NewStyle()}
	m.taSt = textarea.Styles{Focused: ta, Blurred: ta, Cursor: textarea.CursorStyle{Color: st.Accent}}
	if m.built {
		m.footer.SetStyles(m.taSt)
	}
	m.frame = lipgloss.NewStyle().Foreground(st.Accent).Bold(true)
	m.label = lipgloss.NewStyle().Foreground(st.Muted)
	m.labelFocused = lipgloss.NewStyle().Foreground(st.Accent).Bold(true)
	m.muted = lipgloss.NewStyle().Foreground(st.Muted)
}

// Keys returns the form's keys.
func (m Model) Keys() KeyMap { return m.keys }

// Open shows the form called title holding v, with the fields given (all
// when none are), the first focused.
func (m *Model) Open(title string, v Values, fields ...Field) tea.Cmd {
	if len(fields) == 0 {
		fields = []Field{Newsletter, Number, Date, Title, Footer}
	}
	m.build()
	m.open, m.title, m.shown = true, title, fields
	for i, s := range []string{v.Newsletter, v.Number, v.Date, v.Title} {
		m.inputs[i].SetValue(s)
		m.inputs[i].CursorEnd()
	}
	m.footer.SetValue(v.Footer)
	return m.FocusField(fields[0])
}

// Fields returns the fields the open form shows.
func (m Model) Fields() []Field { return m.shown }

// Close hides the form.
func (m *Model) Close() {
	m.open = false
	m.Blur()
	m.footer, m.built = textarea.Model{}, false
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
	switch {
	case !m.built:
	case f == Footer:
		cmd = m.footer.Focus()
	default:
		m.footer.Blur()
	}
	return cmd
}

// Values returns what the fields hold.
func (m Model) Values() Values {
	return Values{
		Newsletter: m.inputs[Newsletter].Value(), Number: m.inputs[Number].Value(),
		Date: m.inputs[Date].Value(), Title: m.inputs[Title].Value(), Footer: m.footerValue(),
	}
}

func (m Model) footerValue() string {
	if !m.built {
		return ""
	}
	return m.footer.Value()
}

// Check returns the values checked as Values.Check does for the fields shown.
func (m Model) Check() (Values, error) { return m.Values().Check(m.shown...) }

// SetSize gives the form its width; its height follows its fields.
func (m *Model) SetSize(w, _ int) tea.Cmd {
	m.SetWidth(w)
	return nil
}

// Focus gives the focused field the keys, while the form is open.
func (m *Model) Focus() {
	if m.open {
		_ = m.FocusField(m.focus)
	}
}

// Blur takes the keys from every field; the form stays open.
func (m *Model) Blur() {
	for i := range m.inputs {
		m.inputs[i].Blur()
	}
	if m.built {
		m.footer.Blur()
	}
}

// Help returns the keys the help bar shows while the form is open.
func (m Model) Help() []key.Binding { return m.keys.ShortHelp() }

// SetWidth gives the form its width.
func (m *Model) SetWidth(w int) {
	m.width = max(w, 0)
	for i := range m.inputs {
		m.inputs[i].SetWidth(max(m.width-2-labelWidth-2, 1))
	}
	if m.built {
		m.footer.SetWidth(max(m.width-2-labelWidth-1, 1))
	}
}

// rows returns the rows field f takes.
func rows(f Field) int {
	if f == Footer {
		return footerRows
	}
	return 1
}

// Height returns the rows the form takes: its frame and its fields.
func (m Model) Height() int {
	h := 2
	for _, f := range m.shown {
		h += rows(f)
	}
	return h
}

// Update moves between fields, and gives other keys and pastes to the
// focused field.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.open {
		return m, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		i := slices.Index(m.shown, m.focus)
		n := len(m.shown)
		inFooter := m.focus == Footer
		switch {
		case key.Matches(k, m.keys.Next) && !(inFooter && k.String() == "down"):
			return m, m.FocusField(m.shown[(i+1)%n])
		case key.Matches(k, m.keys.Prev) && !(inFooter && k.String() == "up"):
			return m, m.FocusField(m.shown[(i+n-1)%n])
		}
	}
	var cmd tea.Cmd
	if m.focus == Footer && m.built {
		if p, ok := msg.(tea.PasteMsg); ok {
			msg = tea.PasteMsg{Content: strings.ReplaceAll(p.Content, "\r\n", "\n")}
		}
		m.footer, cmd = m.footer.Update(msg)
		return m, cmd
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		msg = tea.PasteMsg{Content: strings.Join(strings.Fields(p.Content), " ")}
	}
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
	lines := []string{edge("╭", "╮", " "+m.title+" ")}
	for _, f := range m.shown {
		st := m.label
		if f == m.focus {
			st = m.labelFocused
		}
		var field []string
		switch {
		case f == Footer && m.built:
			field = strings.Split(m.footer.View(), "\n")
		case f == Footer: // closed: nothing to show
		default:
			field = []string{m.inputs[f].View()}
		}
		for j := range rows(f) {
			label := strings.Repeat(" ", labelWidth-1)
			if j == 0 {
				label = st.Render(fmt.Sprintf("%-*s", labelWidth-1, labels[f]))
			}
			text := ""
			if j < len(field) {
				text = field[j]
			}
			row := ansi.Truncate(" "+label+" "+text, inner, "")
			lines = append(lines, side+row+strings.Repeat(" ", max(inner-ansi.StringWidth(row), 0))+side)
		}
	}
	k := m.keys
	hint := fmt.Sprintf(" %s %s · %s %s ", k.Apply.Help().Key, k.Apply.Help().Desc, k.Cancel.Help().Key, k.Cancel.Help().Desc)
	if m.focus == Footer {
		hint = fmt.Sprintf(" %s %s ·", k.Newline.Help().Key, k.Newline.Help().Desc) + hint
	}
	lines = append(lines, edge("╰", "╯", m.muted.Render(hint)))
	return strings.Join(lines, "\n")
}
