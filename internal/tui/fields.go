package tui

import (
	"errors"
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/form"
)

// openForm opens the form of the issue's fields: the newsletter's name,
// the number, date, title and footer.
func (m *Model) openForm() tea.Cmd {
	cmd := m.form.Open("Issue fields", form.Values{Newsletter: sanitize.Line(m.current().Newsletter), Number: strconv.Itoa(m.current().Number), Date: sanitize.Line(m.current().Date), Title: sanitize.Line(m.current().Title), Footer: sanitize.Words(m.current().Footer)})
	m.setFocus(focusForm)
	return cmd
}

func (m *Model) closeForm() {
	m.form.Close()
	m.formNew = false
	m.setFocus(focusBoard)
}

// startNewIssue is ctrl+n: it reads the defaults of the new-issue form off
// the event loop (they come from the drafts folder and the archive).
func (m *Model) startNewIssue() tea.Cmd {
	if m.newDefaults == nil {
		m.status = board.Note{Err: true, Text: "A new issue is started with weekly new here"}
		return nil
	}
	read := m.newDefaults
	return func() tea.Msg {
		v, ask, err := read()
		return newDefaultsMsg{v: v, askName: ask, Err: err}
	}
}

// openNewIssue opens the new-issue form.
func (m *Model) openNewIssue(msg newDefaultsMsg) tea.Cmd {
	if msg.Err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Cannot start a new issue: %v", msg.Err)}
		return nil
	}
	if m.focus != focusBoard && m.focus != focusPreview {
		return nil // something else opened meanwhile
	}
	cmd := m.form.Open("New issue", form.Values{Newsletter: msg.v.Newsletter, Number: msg.v.Number, Date: msg.v.Date}, newIssueFields(msg.askName)...)
	m.formNew = true
	m.setFocus(focusForm)
	return cmd
}

// formKey handles a key while the form is open: enter applies it when every
// value is good, esc drops it.
func (m *Model) formKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.form.Keys()
	switch {
	case key.Matches(msg, k.Cancel):
		text := "Issue fields unchanged"
		if m.formNew {
			text = "No new issue started"
		}
		m.closeForm()
		m.status = board.Note{Text: text}
		return nil
	case key.Matches(msg, k.Apply):
		return m.applyForm()
	case key.Matches(msg, m.keys.Save):
		return m.saveNow()
	}
	var cmd tea.Cmd
	m.form, cmd = m.form.Update(msg)
	return cmd
}

// applyForm makes the changed fields one undoable change. A bad value is
// named in the status line and nothing is applied; the form stays open on
// it.
func (m *Model) applyForm() tea.Cmd {
	v, err := m.form.Check()
	if err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Not applied: %v", err)}
		if m.formNew {
			m.status.Text = fmt.Sprintf("Not started: %v", err)
		}
		var fe *form.Error
		if errors.As(err, &fe) {
			return m.form.FocusField(fe.Field)
		}
		return nil
	}
	if m.formNew {
		m.nextIssue = &NewIssue{Newsletter: v.Newsletter, Number: v.Number, Date: v.Date}
		m.closeForm()
		cmd := m.quit()
		m.status = board.Note{Text: "Saving, then starting the next issue…"}
		return cmd
	}
	d := m.current()
	var c draft.Change
	edit := func(f draft.Field, before, after string) {
		if before != after {
			c = append(c, draft.Op{Kind: draft.OpEdit, Field: f, Before: before, After: after})
		}
	}
	edit(draft.FieldNewsletter, d.Newsletter, v.Newsletter)
	edit(draft.FieldNumber, strconv.Itoa(d.Number), v.Number)
	edit(draft.FieldDate, d.Date, v.Date)
	if len(c) > 0 {
		edit(draft.FieldHeader, d.Header, "") // an imported header no longer says the same
	}
	edit(draft.FieldTitle, d.Title, v.Title)
	edit(draft.FieldFooter, d.Footer, v.Footer)
	m.closeForm()
	if len(c) == 0 {
		m.status = board.Note{Text: "Issue fields unchanged"}
		return nil
	}
	if err := m.apply(c...); err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not change the issue fields: %v", err)}
		return nil
	}
	m.status = board.Note{Text: fmt.Sprintf("Issue fields changed: #%d%s · %s", d.Number, m.dateTitle(), m.board.UndoHint())}
	return nil
}
