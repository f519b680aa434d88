package tui

import tea "charm.land/bubbletea/v2"

// layout is the screen's layout as things stand.
func (m *Model) layout() Layout {
	return layout(screen{w: m.width, h: m.height, preview: m.sideShown(), editor: m.editor.IsOpen()})
}

// place sizes every pane from the layout. Call it when the terminal's size
// or what is shown changes.
func (m *Model) place() tea.Cmd {
	l := m.layout()
	m.board.SetSize(l.Board.W, l.Board.H)
	if m.editor.IsOpen() {
		m.editor.SetGrow(false) // a pane of its own, all of its height room to write
		m.editor.SetSize(l.Editor.W, l.Editor.H)
	}
	m.help.SetWidth(m.width)
	m.prompt.SetSize(m.width, 1)
	m.ex.input.SetSize(m.width, 1)
	m.form.SetSize(min(l.Body.W, 56), l.Body.H)
	// The side keeps its size under an editor that covers it for a while:
	// the preview follows the typing and is there as it was once it closes.
	side := layout(screen{w: m.width, h: m.height, preview: m.sideShown()}).Preview
	m.card.SetSize(side.W, side.H)
	m.find.SetSize(l.Body.W, l.Body.H)
	return m.shownOnly(m.preview.SetSize(side.W, side.H))
}

// shownOnly returns a preview command while the preview is shown, and drops
// it otherwise: a hidden preview renders nothing, and showing it renders
// anew.
func (m *Model) shownOnly(cmd tea.Cmd) tea.Cmd {
	if !m.pv.shown {
		return nil
	}
	return cmd
}

// sideShown reports whether the preview or the card pane takes the side of
// the body (or covers it); the card pane is drawn over the preview.
func (m *Model) sideShown() bool { return m.pv.shown || m.cv.shown }

// togglePreview shows or hides the preview. Showing it leaves the keys
// where they were; hiding it while it has them gives them to the board.
// With the card pane open, p closes it and shows the preview.
func (m *Model) togglePreview() tea.Cmd {
	if m.cv.shown {
		m.cv.shown = false
		if m.pv.shown {
			return m.place()
		}
	}
	if m.pv.shown {
		m.pv.shown = false
		if m.focus == focusPreview {
			m.setFocus(focusBoard)
		}
		return m.place()
	}
	m.pv.shown = true
	cmd := m.place()
	m.pv.rev, m.pv.sel = m.doc.Rev(), m.followID()
	show := m.preview.ShowItem(m.pv.sel)
	return tea.Batch(cmd, show, m.preview.SetDraft(m.current()), m.loadSpeller())
}

// followID is the item the preview keeps in view: the one being edited,
// else the selected card's.
func (m *Model) followID() string {
	if m.focus == focusEditor && m.edit.inPlace {
		return m.edit.op.Item.ID
	}
	if it := m.board.Selected(); it != nil {
		return it.ID
	}
	return ""
}

// syncPreview gives a shown preview the draft again after a change (it
// waits for a pause in typing before it renders) and keeps the selected
// card's item in view.
func (m *Model) syncPreview() tea.Cmd {
	if !m.pv.shown {
		return nil
	}
	var cmd tea.Cmd
	if rev := m.doc.Rev(); rev != m.pv.rev {
		m.pv.rev = rev
		cmd = m.preview.SetDraft(m.current())
	}
	if id := m.followID(); id != m.pv.sel {
		m.pv.sel = id
		cmd = tea.Batch(cmd, m.preview.ShowItem(id))
	}
	return cmd
}

// wheelPreview scrolls the preview under the pointer, whichever pane has
// the keys.
func (m *Model) wheelPreview(msg tea.MouseMsg) tea.Cmd {
	had := m.preview.Focused()
	m.preview.Focus()
	var cmd tea.Cmd
	m.preview, cmd = m.preview.Update(msg)
	if !had {
		m.preview.Blur()
	}
	return cmd
}

// relative moves a mouse message into a pane's own coordinates.
func relative(msg tea.MouseMsg, r Rect) tea.Msg {
	mm := msg.Mouse()
	mm.X -= r.X
	mm.Y -= r.Y
	switch msg.(type) {
	case tea.MouseClickMsg:
		return tea.MouseClickMsg(mm)
	case tea.MouseReleaseMsg:
		return tea.MouseReleaseMsg(mm)
	case tea.MouseMotionMsg:
		return tea.MouseMotionMsg(mm)
	case tea.MouseWheelMsg:
		return tea.MouseWheelMsg(mm)
	}
	return msg
}
