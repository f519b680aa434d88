package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// View draws the screen; the board draws only the cards on screen, and
// everything else comes from figures kept up to date, so a frame costs the
// same for ten cards or ten thousand.
//
// The draft is read under the document's read lock, so that another editor
// of a shared document never changes it mid-frame; every change is made
// under its write lock. View does not take the seat's turn, which only
// Update needs: the boards of a served draft draw side by side, and an
// editor's key never waits in line behind the other boards' frames.
func (m *Model) View() tea.View {
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
		parts = append(parts, m.headerBar.out)
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
			parts = append(parts, line(m.helpBar.out, l.Help.W))
		}
	}
	return strings.Join(parts, "\n")
}

// header draws again, when what it shows changed, the name, number
// and date on the left, and its counts, reading time and save state on the
// right; what does not fit is left out, the save state last. Update calls
// it, and View draws what it drew.
func (m *Model) header(w int) {
	placed, inbox, words := m.board.Counts()
	saved, failed := m.seat.Saved()
	saving := !saved
	// Like the help bar, the header is drawn again only when what it shows
	// changes.
	sig := fmt.Sprint(w, placed, inbox, words, failed, saving, m.st.IsDark, m.current().Newsletter, "\x00", m.current().Number, m.current().Date, "\x00", m.current().Title)
	if sig != m.headerBar.sig {
		m.headerBar.sig, m.headerBar.out = sig, m.drawHeader(w, placed, inbox, words, failed, saving)
	}
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
		text := st.Render(sanitize.Line(m.status.Text))
		if u := m.status.Link; u != "" {
			if _, err := link.Check(u); err != nil {
				return line(text, w) // only a link weekly takes is ever made a hyperlink
			}
			// The whole URL or none of it: a cut hyperlink opens the wrong page.
			if ansi.StringWidth(text)+1+ansi.StringWidth(u) <= w {
				text += " " + ansi.SetHyperlink(u) + m.look.name.Render(u) + ansi.ResetHyperlink()
			}
		}
		return line(text, w)
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
