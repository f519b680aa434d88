package tui

import (
	"fmt"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/preview"
)

// handleMouse sends a mouse message to the pane under the pointer, in that
// pane's own coordinates. The wheel scrolls whatever it is over; a click
// gives the keys to the board or the preview it lands on.
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if m.focus != focusBoard && m.focus != focusPreview && m.focus != focusEditor {
		return nil // a prompt, the help or the form is open
	}
	l := m.layout()
	mm := msg.Mouse()
	_, wheel := msg.(tea.MouseWheelMsg)
	_, click := msg.(tea.MouseClickMsg)
	switch {
	case l.Editor.Contains(mm.X, mm.Y):
		return nil // the editor takes keys, not the mouse
	case m.cv.shown && l.Preview.Contains(mm.X, mm.Y):
		if w, ok := msg.(tea.MouseWheelMsg); ok {
			m.card.Scroll(map[tea.MouseButton]int{tea.MouseWheelUp: -1, tea.MouseWheelDown: 1}[w.Button])
		}
		return nil
	case l.Preview.Contains(mm.X, mm.Y):
		if click && m.focus != focusEditor {
			m.setFocus(focusPreview)
		}
		if wheel {
			return m.wheelPreview(msg)
		}
		return nil
	case l.Covered || !l.Board.Contains(mm.X, mm.Y):
		return nil
	case m.focus == focusEditor:
		// A click on the board beside the editor closes it, keeping the
		// text; nothing else reaches the board while it is open.
		if !click {
			return nil
		}
		m.closeEditor()
	case m.focus == focusPreview && click:
		m.setFocus(focusBoard)
	}
	_, cmd := m.board.Update(relative(msg, l.Board))
	return cmd
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
		case key.Matches(k, m.keys.Submit) && m.asking == askSite:
			return m.submitSite()
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

// handleKey routes a key to whatever has the focus; the root's own keys
// come first, except where text is being typed.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m.status = board.Note{}
	if key.Matches(msg, m.keys.ForceQuit) {
		if leave := m.mode[m.focus].leave; leave != nil {
			leave()
		}
		return m.quit()
	}
	return m.mode[m.focus].keys(msg)
}

// switchPreviewMode is m: the preview between the rendered issue and the
// plain-text email, wherever the preview is shown.
func (m *Model) switchPreviewMode() tea.Cmd {
	if !m.pv.shown {
		m.status = board.Note{Text: fmt.Sprintf("%s switches the preview between rendered and text: %s shows the preview first",
			m.preview.Keys().Mode.Help().Key, m.keys.Preview.Help().Key)}
		return nil
	}
	md := preview.Plain
	if m.preview.Mode() == preview.Plain {
		md = preview.Rendered
	}
	return m.preview.SetMode(md)
}

func (m *Model) helpKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Help), key.Matches(msg, m.keys.Quit), key.Matches(msg, m.keys.Cancel):
		m.setFocus(m.helpFrom) // q closes the help, as in most pagers
	case key.Matches(msg, m.board.Keys().Up):
		m.helpTop = max(m.helpTop-1, 0)
	case key.Matches(msg, m.board.Keys().Down):
		m.helpTop = min(m.helpTop+1, 60)
	}
	return nil
}

// rootKey handles the keys that work the same from the board and from the
// preview. It reports whether msg was one of them.
func (m *Model) rootKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit(), true
	case key.Matches(msg, m.keys.Save):
		return m.saveNow(), true
	case key.Matches(msg, m.keys.Help):
		m.helpFrom, m.helpTop = m.focus, 0
		m.setFocus(focusHelp)
		return nil, true
	case key.Matches(msg, m.keys.Add):
		return m.openPrompt(""), true
	case key.Matches(msg, m.keys.Preview):
		return m.togglePreview(), true
	case key.Matches(msg, m.keys.Intro):
		return m.openIntro(), true
	case key.Matches(msg, m.keys.Fields):
		return m.openForm(), true
	case key.Matches(msg, m.keys.Card):
		return m.toggleCard(), true
	case key.Matches(msg, m.keys.Open):
		return m.openLink(), true
	case key.Matches(msg, m.keys.Copy):
		return m.copyLink(), true
	case key.Matches(msg, m.keys.CopyIssue):
		return m.copyIssue(), true
	case key.Matches(msg, m.keys.Export):
		return m.openExport(), true
	case key.Matches(msg, m.preview.Keys().Mode):
		return m.switchPreviewMode(), true
	case key.Matches(msg, m.keys.Sections):
		return m.openMenu(), true
	case key.Matches(msg, m.keys.NewIssue):
		return m.startNewIssue(), true
	case key.Matches(msg, m.keys.Publish):
		return m.publishIssue(), true
	case key.Matches(msg, m.keys.OpenIssue):
		return m.openIssue(), true
	case key.Matches(msg, m.keys.Find):
		return m.openFind(), true
	}
	return nil, false
}

func (m *Model) boardKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.board.Capturing() {
		_, cmd := m.board.Update(msg)
		return cmd
	}
	bk := m.board.Keys()
	if !m.board.Carrying() {
		if cmd, ok := m.rootKey(msg); ok {
			return cmd
		}
		last := m.current().Columns() - 1
		switch {
		case key.Matches(msg, m.keys.Edit):
			return m.openBlurb()
		case key.Matches(msg, m.keys.External):
			return m.startExternal()
		case key.Matches(msg, m.keys.Links):
			return m.openLinks()
		case m.pv.shown && key.Matches(msg, bk.Next) && m.board.Focused() == last,
			m.pv.shown && key.Matches(msg, bk.Prev) && m.board.Focused() == 0:
			m.setFocus(focusPreview)
			return nil
		case m.cv.shown && key.Matches(msg, m.keys.Back) && !bk.ClearSearch.Enabled():
			return m.toggleCard() // esc closes the card pane
		case m.cv.shown && key.Matches(msg, m.keys.CardDown):
			m.card.Scroll(max(m.layout().Preview.H/2, 1))
			return nil
		case m.cv.shown && key.Matches(msg, m.keys.CardUp):
			m.card.Scroll(-max(m.layout().Preview.H/2, 1))
			return nil
		case m.pv.shown && m.layout().Overlay && key.Matches(msg, m.keys.Back) && !bk.ClearSearch.Enabled():
			return m.togglePreview() // esc closes a covering preview
		}
	} else {
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m.quit()
		case key.Matches(msg, m.keys.Save):
			return m.saveNow()
		}
	}
	_, cmd := m.board.Update(msg)
	return cmd
}

func (m *Model) previewKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := m.rootKey(msg); ok {
		return cmd
	}
	bk := m.board.Keys()
	switch {
	case key.Matches(msg, m.keys.NextPane):
		m.setFocus(focusBoard)
		m.board.FocusColumn(0)
	case key.Matches(msg, m.keys.PrevPane):
		m.setFocus(focusBoard)
		m.board.FocusColumn(m.current().Columns() - 1)
	case key.Matches(msg, m.keys.Back):
		if m.layout().Overlay {
			return m.togglePreview()
		}
		m.setFocus(focusBoard)
	case key.Matches(msg, bk.Undo):
		m.board.Undo()
	case key.Matches(msg, bk.Redo):
		m.board.Redo()
	default:
		var cmd tea.Cmd
		m.preview, cmd = m.preview.Update(msg)
		return cmd
	}
	return nil
}

func (m *Model) handlePaste(msg tea.PasteMsg) tea.Cmd {
	switch {
	case m.focus == focusAdd:
		text := foldLines(msg.Content)
		if why := tooLong(utf8.RuneCountInString(m.prompt.Value()), text); why != "" {
			m.status = board.Note{Err: true, Text: why}
			return nil // the paste stays on the clipboard; the prompt as it was
		}
		return m.updatePrompt(tea.PasteMsg{Content: text})
	case m.focus == focusExport:
		return m.exportKey(tea.PasteMsg{Content: foldLines(msg.Content)})
	case m.focus == focusFind && !m.find.reading:
		return m.typeFind(tea.PasteMsg{Content: foldLines(msg.Content)})
	case m.focus == focusEditor:
		if err := draft.CheckBlurbSize(int64(len(m.editor.Value()) + len(msg.Content))); err != nil {
			m.status = board.Note{Err: true, Text: fmt.Sprintf("Not pasted: with it %v", err)}
			return nil // the paste stays on the clipboard; the text as it was
		}
		return m.updateEditor(msg)
	case m.focus == focusForm:
		var cmd tea.Cmd
		m.form, cmd = m.form.Update(msg)
		return cmd
	case m.focus == focusBoard && m.board.Capturing():
		_, cmd := m.board.Update(tea.PasteMsg{Content: foldLines(msg.Content)})
		return cmd
	case (m.focus == focusBoard || m.focus == focusPreview) && !m.board.Carrying():
		// Pasting links onto the board opens the prompt with them.
		text := foldLines(msg.Content)
		if why := tooLong(0, text); why != "" {
			m.status = board.Note{Err: true, Text: why}
			return nil
		}
		return m.openPrompt(text)
	}
	return nil
}
