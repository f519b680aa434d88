// Package editor is the pane in which a text is written on the board: a
// card's blurb in place of the card, or the intro in a panel. It is a
// bubbles textarea in a frame that names what is being edited, soft-wrapped
// to the frame's width, growing with the text up to the room it is given.
//
// The pane only edits text. The root model reads Value after each message,
// puts the text into the draft and closes the pane on the Done key.
package editor

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// margin is the cells between the frame and the text on the left: a
// card's gutter, so that text edited in place stays where the card had it.
const margin = 2

// maxContentLines bounds the text in wrapped lines. It is set so that the
// textarea's older limit, which would stop input at as many lines as the
// frame shows, does not apply.
const maxContentLines = 5000

// KeyMap is the keys the pane reacts to besides the textarea's own.
type KeyMap struct {
	// Done closes the editor, keeping the text.
	Done key.Binding
	// Newline starts a new line (a new paragraph in the issue).
	Newline key.Binding
	// Move is for help only: the arrows and their word-wise variants.
	Move key.Binding
	// NextMisspelt jumps to the next misspelt word and lists suggestions
	// (spell.go); Pick takes one, AddWord adds the word to the word list.
	NextMisspelt, Pick, AddWord key.Binding
}

// DefaultKeyMap returns the editor's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Done:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "done")),
		Newline: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line")),
		Move:    key.NewBinding(key.WithKeys("left", "right", "up", "down"), key.WithHelp("←↑↓→", "move")),

		NextMisspelt: key.NewBinding(key.WithKeys("ctrl+]"), key.WithHelp("ctrl+]", "next misspelt word"), key.WithDisabled()),
		Pick:         key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1-5", "take a suggestion"), key.WithDisabled()),
		AddWord:      key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "add to words"), key.WithDisabled()),
	}
}

// ShortHelp returns the bindings for the help bar.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Done, k.Newline, k.Move} }

// Model is the editor pane.
type Model struct {
	// ta is made when the editor opens and let go when it closes: a
	// textarea holds half a megabyte from the start, and a served draft
	// has a board per editor, most of them not writing.
	ta    textarea.Model
	built bool
	taSt  textarea.Styles
	keys  KeyMap
	frame lipgloss.Style
	title lipgloss.Style
	muted lipgloss.Style

	name          string   // what is being edited, in the frame
	context       []string // lines about the item shown above the text
	width, height int      // the room given: the box's width, its height or most height
	grow          bool
	open          bool
	words         int

	spell spelling // spell.go
}

// New returns a closed editor that draws with st.
func New(st styles.Styles) Model {
	m := Model{keys: DefaultKeyMap(), grow: true}
	m.SetStyles(st)
	return m
}

// build makes the textarea, when the editor opens.
func (m *Model) build() {
	if m.built {
		return
	}
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.CharLimit = 0
	ta.MaxContentHeight = maxContentLines
	ta.EndOfBufferCharacter = ' '
	// ctrl+v would read the system clipboard (needing xclip or the like, and
	// never over SSH) and insert CRLF text as double lines; the terminal's
	// own paste arrives as a bracketed paste, which Update folds.
	ta.KeyMap.Paste.SetEnabled(false)
	ta.SetStyles(m.taSt)
	m.ta, m.built = ta, true
	m.layout()
}

// SetStyles changes the colours.
func (m *Model) SetStyles(st styles.Styles) {
	text := lipgloss.NewStyle().Foreground(st.Text)
	state := textarea.StyleState{
		Base:        lipgloss.NewStyle(),
		Text:        text,
		CursorLine:  text,
		Placeholder: lipgloss.NewStyle().Foreground(st.Muted),
		EndOfBuffer: lipgloss.NewStyle(),
		Prompt:      lipgloss.NewStyle(),
		Selection:   lipgloss.NewStyle().Background(st.SelectedBg),
	}
	// A steady cursor: a blinking one redraws the screen twice a second.
	m.taSt = textarea.Styles{Focused: state, Blurred: state, Cursor: textarea.CursorStyle{Color: st.Accent}}
	if m.built {
		m.ta.SetStyles(m.taSt)
	}
	m.frame = lipgloss.NewStyle().Foreground(st.Accent).Bold(true)
	m.title = lipgloss.NewStyle().Foreground(st.Text).Bold(true)
	m.muted = lipgloss.NewStyle().Foreground(st.Muted)
}

// Keys returns the editor's keys, for the root to match Done and for help.
func (m Model) Keys() KeyMap { return m.keys }

// Open starts editing text, with the cursor at its end. name says what is
// edited ("Blurb · go.dev"); placeholder shows while the text is empty.
// The text is edited without escape codes and with at most
// sanitize.MaxMarks combining marks on a character.
func (m *Model) Open(name, text, placeholder string) tea.Cmd {
	m.build()
	m.name, m.open = name, true
	m.ta.Placeholder = placeholder
	// A draft from elsewhere may hold escape codes, and stacks of
	// combining marks that the textarea would take minutes to lay out.
	m.ta.SetValue(sanitize.CapMarks(sanitize.Controls(text)))
	m.ta.MoveToEnd()
	m.words = len(strings.Fields(text))
	m.layout()
	m.spell = spelling{sp: m.spell.sp}
	m.updateSpellKeys()
	return tea.Batch(m.ta.Focus(), m.checkShown())
}

// SetContext sets lines shown, dimmed, above the text while it is edited:
// the title, links and description of the item whose blurb it is. They
// take rows only while at least two are left for the text. The lines are
// drawn as given: sanitise them first.
func (m *Model) SetContext(lines []string) {
	m.context = lines
	m.layout()
}

// contextRows is how many context lines are shown.
func (m Model) contextRows() int {
	if !m.framed() {
		return 0
	}
	return min(len(m.context), max(m.height-2-2, 0))
}

// Close ends editing.
func (m *Model) Close() {
	m.context = nil
	m.open = false
	m.ta, m.built = textarea.Model{}, false
	m.spell = spelling{sp: m.spell.sp}
	m.updateSpellKeys()
}

// IsOpen reports whether a text is being edited.
func (m Model) IsOpen() bool { return m.open }

// SetGrow makes the box as tall as its text, up to the height given
// (true), or exactly that height (false).
func (m *Model) SetGrow(grow bool) {
	m.grow = grow
	m.layout()
}

// SetSize gives the box its width and its height, or its greatest height
// when it grows with the text.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.width, m.height = max(w, 0), max(h, 0)
	m.layout()
	return nil
}

// Focus gives the text the keys, while it is open.
func (m *Model) Focus() {
	if m.open {
		m.ta.Focus()
	}
}

// Blur takes the keys from the text; it stays open.
func (m *Model) Blur() {
	if m.built {
		m.ta.Blur()
	}
}

// Help returns the keys the help bar shows while the editor is open.
func (m Model) Help() []key.Binding {
	h := m.keys.ShortHelp()
	for _, b := range []key.Binding{m.keys.NextMisspelt, m.keys.Pick, m.keys.AddWord} {
		if b.Enabled() {
			h = append(h, b)
		}
	}
	return h
}

// margin is the left margin inside the frame, when the box is wide enough
// to spare it.
func (m Model) margin() int {
	if m.width >= 4+margin+8 {
		return margin
	}
	return 0
}

// framed reports whether there is room for the frame around the text.
func (m Model) framed() bool { return m.width >= 4 && m.height >= 3 }

// layout fits the textarea into the box.
func (m *Model) layout() {
	if !m.built {
		return
	}
	inner, rows := m.width, m.height
	if m.framed() {
		inner, rows = m.width-2-m.margin(), m.height-2-m.contextRows()
	}
	rows = max(rows, 1)
	m.ta.DynamicHeight = m.grow
	m.ta.MinHeight = 1
	m.ta.MaxHeight = rows
	if !m.grow {
		m.ta.SetHeight(rows)
	}
	m.ta.SetWidth(max(inner, 1)) // in grow mode this also fits the height to the text
}

// Height returns the rows the box takes now.
func (m Model) Height() int {
	if m.width == 0 || m.height == 0 {
		return 0
	}
	if !m.grow {
		return m.height
	}
	h := 1
	if m.built {
		h = m.ta.Height()
	}
	if m.framed() {
		h += 2 + m.contextRows()
	}
	return min(h, m.height)
}

// Width returns the box's width.
func (m Model) Width() int { return m.width }

// Value returns the text as it stands.
func (m Model) Value() string {
	if !m.built {
		return ""
	}
	return m.ta.Value()
}

// Words returns the words of the text.
func (m Model) Words() int { return m.words }

// Update handles a key or a paste while the editor is open. A paste has
// its Windows line endings folded first (the textarea would make each CR
// and each LF a line of its own) and its stacks of marks capped.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.open {
		return m, nil
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		msg = tea.PasteMsg{Content: sanitize.CapMarks(strings.ReplaceAll(p.Content, "\r\n", "\n"))}
	}
	if m.spellMsg(msg) {
		return m, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, handled := m.spellKey(k); handled {
			return m, cmd
		}
	}
	before := m.ta.Value()
	var cmd tea.Cmd
	m.ta, cmd = m.ta.Update(msg)
	if v := m.ta.Value(); v != before {
		m.words = len(strings.Fields(v))
	}
	return m, tea.Batch(cmd, m.checkShown())
}

// View draws the box: exactly Height lines, each Width cells wide. The
// frame names what is edited above the text and counts its words below.
func (m Model) View() string {
	h := m.Height()
	if h == 0 {
		return ""
	}
	body := []string{""}
	if m.built {
		body = strings.Split(m.ta.View(), "\n")
	}
	for i, l := range body {
		// The textarea draws every mark of a stack it holds; a cell shows
		// a few at most.
		body[i] = sanitize.CapMarks(l)
	}
	body = m.underlineMisspelt(body)
	if !m.framed() {
		return strings.Join(fitLines(body, m.width, h), "\n")
	}
	inner := m.width - 2
	lines := make([]string, 0, h)
	lines = append(lines, m.edge("╭", "╮", m.title.Render(" ✎ "+sanitize.Line(m.name)+" "), inner))
	side := m.frame.Render("│")
	pad := strings.Repeat(" ", m.margin())
	ctx := m.contextRows()
	for _, l := range m.context[:ctx] {
		l = ansi.Truncate(l, inner-m.margin(), "…")
		lines = append(lines, side+pad+m.muted.Render(l)+strings.Repeat(" ", max(inner-m.margin()-ansi.StringWidth(l), 0))+side)
	}
	for _, l := range fitLines(body, inner-m.margin(), h-2-ctx) {
		lines = append(lines, side+pad+l+side)
	}
	foot := draft.Plural(m.words, "word") + " · " + m.keys.Done.Help().Key + " " + m.keys.Done.Help().Desc
	if s := m.spellFoot(); s != "" {
		foot = sanitize.Line(s)
	}
	lines = append(lines, m.edge("╰", "╯", m.muted.Render(" "+foot+" "), inner))
	return strings.Join(lines, "\n")
}

// edge draws the top or bottom of the frame with a label after one dash.
func (m Model) edge(left, right, label string, inner int) string {
	label = ansi.Truncate(label, max(inner-1, 0), "…")
	fill := inner - 1 - ansi.StringWidth(label)
	if inner < 1 {
		return m.frame.Render(left + right)
	}
	return m.frame.Render(left+"─") + label + m.frame.Render(strings.Repeat("─", max(fill, 0))+right)
}

// fitLines returns exactly h lines of exactly w cells from lines.
func fitLines(lines []string, w, h int) []string {
	out := make([]string, h)
	for i := range out {
		s := ""
		if i < len(lines) {
			s = ansi.Truncate(lines[i], w, "")
		}
		if n := w - ansi.StringWidth(s); n > 0 {
			s += strings.Repeat(" ", n)
		}
		out[i] = s
	}
	return out
}
