package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// rootLook is the styles of the header and the status line.
type rootLook struct {
	name, muted, ok, busy, err, info lipgloss.Style
}

func newRootLook(st styles.Styles) rootLook {
	s := lipgloss.NewStyle()
	return rootLook{
		name:  s.Foreground(st.Accent).Bold(true),
		muted: s.Foreground(st.Muted),
		ok:    s.Foreground(st.OK),
		busy:  s.Foreground(st.Warn),
		err:   s.Foreground(st.Error).Bold(true),
		info:  s.Foreground(st.Text),
	}
}

// View draws the screen; the board draws only the cards on screen, and
// everything else comes from figures kept up to date, so a frame costs the
// same for ten cards or ten thousand.
//
// The draft is read under the document's read lock, so that another editor
// of a shared document never changes it mid-frame.
func (m *Model) View() tea.View {
	m.seat.Lock()
	defer m.seat.Unlock()
	var v tea.View
	m.doc.Read(func(*draft.Draft, *doc.Counts) {
		v = tea.NewView(m.content())
		v.WindowTitle = fmt.Sprintf("weekly — %s #%d", sanitize.Line(m.current().Newsletter), m.current().Number)
	})
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	return v
}

func (m *Model) content() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	l := m.layout()
	parts := make([]string, 0, 4)
	if l.Header.H > 0 {
		parts = append(parts, m.header(l.Header.W))
	}
	if l.Body.H > 0 {
		parts = append(parts, m.body(l))
	}
	if l.Status.H > 0 {
		parts = append(parts, m.statusLine(l.Status.W))
	}
	if l.Help.H > 0 {
		if (m.focus == focusAdd || m.focus == focusExport) && m.status.Text != "" {
			// The prompt has the status line: its messages go here.
			parts = append(parts, m.message(l.Help.W))
		} else {
			parts = append(parts, line(m.shortHelp(l.Help.W), l.Help.W))
		}
	}
	return strings.Join(parts, "\n")
}

// shortHelp is the help bar: as many bindings as fit whole, then "…".
// (bubbles' help adds one binding too many when its ellipsis does not fit.)
func (m *Model) shortHelp(w int) string {
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
	if sig.String() == m.helpBar.sig {
		return m.helpBar.out
	}
	m.helpBar.sig = sig.String()
	m.helpBar.out = m.drawShortHelp(w, all)
	return m.helpBar.out
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

// header is the name, number and date on the left, and its counts,
// reading time and save state on the right; what does not fit is left out,
// the save state last.
func (m *Model) header(w int) string {
	placed, inbox, words := m.board.Counts()
	saved, failed := m.seat.Saved()
	saving := !saved
	// Like the help bar, the header is drawn again only when what it shows
	// changes.
	sig := fmt.Sprint(w, placed, inbox, words, failed, saving, m.st.IsDark, m.current().Newsletter, "\x00", m.current().Number, m.current().Date, "\x00", m.current().Title)
	if sig != m.headerBar.sig {
		m.headerBar.sig, m.headerBar.out = sig, m.drawHeader(w, placed, inbox, words, failed, saving)
	}
	return m.headerBar.out
}

// drawHeader draws the header of header.
func (m *Model) drawHeader(w, placed, inbox, words int, failed, saving bool) string {
	var save string
	switch {
	case failed:
		save = m.look.err.Render("✗ not saved")
	case saving:
		save = m.look.busy.Render("● saving…")
	default:
		save = m.look.ok.Render("✓ saved")
	}
	// The save state always shows; then the counts, then the reading time,
	// as long as the issue number keeps its place on the left.
	muted := m.look.muted.Render
	number := fmt.Sprintf("#%d", m.current().Number)
	full := fmt.Sprintf("%d placed · %d in inbox · %s · %d min read · ", placed, inbox, draft.Plural(words, "word"), draft.ReadingTime(words))
	if words == 0 {
		full = fmt.Sprintf("%d placed · %d in inbox · 0 words · ", placed, inbox) // nothing to read yet
	}
	mid := fmt.Sprintf("%d placed · %d inbox · ", placed, inbox)
	leftFull := sanitize.Line(m.current().Newsletter) + " " + number + m.dateTitle()
	right := save
	switch sw := ansi.StringWidth(save) + 1; {
	case ansi.StringWidth(full)+sw+min(ansi.StringWidth(leftFull), 24) <= w:
		right = muted(full) + save
	case ansi.StringWidth(mid)+sw+len(number) <= w:
		right = muted(mid) + save
	}
	room := w - ansi.StringWidth(right) - 3 // keep the two sides apart
	if room < 1 {
		return line(right, w)
	}
	// The whole left side if it fits; else without the title; else the
	// number and date; else as much of the whole as fits in a fair room;
	// else the number alone.
	nameNumber := m.look.name.Render(sanitize.Line(m.current().Newsletter)+" "+number) + muted(m.dateTitle())
	nameDate := m.look.name.Render(sanitize.Line(m.current().Newsletter)+" "+number) + muted(m.dateOnly())
	numberDate := m.look.name.Render(number) + muted(m.dateOnly())
	var left string
	switch {
	case ansi.StringWidth(nameNumber) <= room:
		left = nameNumber
	case ansi.StringWidth(nameDate) <= room:
		left = nameDate
	case ansi.StringWidth(numberDate) <= room:
		left = numberDate
	case room >= 24:
		left = ansi.Truncate(nameNumber, room, "…")
	default:
		left = ansi.Truncate(m.look.name.Render(number), room, "…")
	}
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	return left + strings.Repeat(" ", max(gap, 0)) + right
}

// dateOnly is " · 6th December 2020", or "" when the date does not parse.
func (m *Model) dateOnly() string {
	if t, err := draft.ParseDate(m.current().Date); err == nil {
		return " · " + draft.LongDate(t)
	}
	return ""
}

// dateTitle is " · 6th December 2020 · Title", the parts the draft has.
func (m *Model) dateTitle() string {
	s := m.dateOnly()
	if m.current().Title != "" {
		s += " · " + sanitize.Line(m.current().Title)
	}
	return s
}

// statusLine is the add-links prompt when it is open, else the last message,
// else what is being carried.
func (m *Model) statusLine(w int) string {
	switch m.focus {
	case focusAdd:
		return line(m.prompt.View(), w)
	case focusExport:
		return line(m.ex.input.View(), w)
	}
	return m.message(w)
}

// message is the last message, else what is being edited or carried, else
// the selected card when the preview covers the board.
func (m *Model) message(w int) string {
	switch {
	case m.status.Text != "":
		st := m.look.info
		if m.status.Err {
			st = m.look.err
		}
		return line(st.Render(sanitize.Line(m.status.Text)), w)
	case m.focus == focusEditor:
		return line(m.look.busy.Render(sanitize.Line(m.editingHint())), w)
	case m.board.Searching():
		return line(m.board.SearchStatus(), w)
	case m.board.Carrying():
		return line(m.look.busy.Render(sanitize.Line(m.board.CarryStatus())), w)
	case m.focus == focusBoard && m.pv.shown && m.layout().Overlay:
		return line(m.look.muted.Render(sanitize.Line(m.selectedHint())), w)
	}
	return line("", w)
}

// selectedHint names the selected card, for when the preview hides the
// board: the column, the card's place in it and its text.
func (m *Model) selectedHint() string {
	c := m.board.Focused()
	p, it, ok := m.board.SelectedPos()
	if !ok {
		return m.current().ColumnName(c) + " is empty"
	}
	return fmt.Sprintf("%s %d/%d: %s", m.current().ColumnName(c), p.Index+1, len(m.current().Column(c)), board.Label(it))
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
		"A dimmed card shows its page title or URL until it has a blurb.",
		fmt.Sprintf("A blurb is saved as you type it; %s closes the editor and %s undoes the whole edit.", m.editor.Keys().Done.Help().Key, m.board.Keys().Undo.Help().Key),
		fmt.Sprintf("The preview (%s) and the whole card (%s) sit beside the board, or over it on a narrow terminal.", m.keys.Preview.Help().Key, m.keys.Card.Help().Key),
		fmt.Sprintf("Search (%s) looks at every column: title, blurb, links and description.", m.board.Keys().Search.Help().Key),
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

// line cuts or pads s to exactly w cells.
func line(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	if n := w - ansi.StringWidth(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}
