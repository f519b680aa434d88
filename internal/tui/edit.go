package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/board"
)

// blurbTarget is the selected card's blurb as enter and E edit it: the
// edit as it stands (Before and After the blurb now), the card, and what it
// is called ("blurb", or "sponsor text" in a sponsor's section). It claims
// the blurb for this editor; when the column is empty or another editor
// writes it, the status line says so and ok is false.
func (m *Model) blurbTarget() (op draft.Op, it *draft.Item, name string, ok bool) {
	p, it, ok := m.board.SelectedPos()
	if !ok {
		m.status = board.Note{Err: true, Text: m.current().ColumnName(m.board.Focused()) + " is empty: nothing to edit"}
		return draft.Op{}, nil, "", false
	}
	if !m.claim(it.ID, "this blurb") {
		return draft.Op{}, nil, "", false
	}
	name = "blurb"
	if p.Col > 0 && m.current().Sections[p.Col-1].Sponsor {
		name = "sponsor text"
	}
	op = draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, From: p, Item: draft.Item{ID: it.ID}, Before: it.Blurb, After: it.Blurb}
	return op, it, name, true
}

// openBlurb opens the editor on the selected card's blurb, in place, with
// the cursor at the end of the text.
func (m *Model) openBlurb() tea.Cmd {
	op, it, name, ok := m.blurbTarget()
	if !ok {
		return nil
	}
	title, placeholder := "Blurb", "Why this link is worth reading…"
	if site := it.Site; site != "" || it.URL() != "" {
		if site == "" {
			site = link.Site(it.URL())
		}
		title += " · " + site
	}
	if name == "sponsor text" {
		title, placeholder = "Sponsor text · "+m.current().Sections[op.From.Col-1].Name, "The sponsor's message, with its link"
	}
	m.edit = editState{op: op, inPlace: true, name: name}
	m.editor.SetContext(itemContext(it))
	spell := m.spellFor(it.URLs)
	return tea.Batch(spell, m.openEditor(title, it.Blurb, placeholder))
}

// itemContext is what the editor shows above a blurb being written: the
// item's title, its links and its description, one safe line each.
func itemContext(it *draft.Item) []string {
	var lines []string
	if it.Title != "" {
		lines = append(lines, sanitize.Line(it.Title))
	}
	for i, u := range it.URLs {
		if i == 2 && len(it.URLs) > 3 {
			lines = append(lines, fmt.Sprintf("+%d more links", len(it.URLs)-2))
			break
		}
		lines = append(lines, sanitize.Line(u))
	}
	if it.Description != "" {
		lines = append(lines, sanitize.Line(it.Description))
	}
	if c := it.Conflict; c != nil {
		// Both versions while the conflict stands: this side's is the text
		// below, the other's is here.
		who := "the other side"
		if c.From != "" {
			who = sanitize.Line(c.From)
		}
		lines = append(lines, "⚡ "+who+" wrote: "+sanitize.Line(c.Value))
	}
	return lines
}

// openIntro opens the editor on the intro, in a panel over the board.
func (m *Model) openIntro() tea.Cmd {
	if !m.claim(introKey, "the intro") {
		return nil
	}
	m.edit = editState{
		op:   draft.Op{Kind: draft.OpEdit, Field: draft.FieldIntro, Before: m.current().Intro, After: m.current().Intro},
		name: "intro",
	}
	spell := m.spellFor(nil)
	return tea.Batch(spell, m.openEditor("Intro", m.current().Intro, "A few words to open the issue…"))
}

func (m *Model) openEditor(title, text, placeholder string) tea.Cmd {
	cmd := m.editor.Open(title, text, placeholder)
	m.setFocus(focusEditor)
	m.pv.sel = "" // keep the edited item in view
	return tea.Batch(cmd, m.place())
}

// editorKey handles a key while the editor is open: esc closes it, ctrl+s
// saves, everything else is text.
func (m *Model) editorKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.editor.Keys().Done):
		m.closeEditor()
		return nil
	case key.Matches(msg, m.keys.Save):
		return m.saveNow()
	}
	return m.updateEditor(msg)
}

// updateEditor gives a key or paste to the editor and puts the text into
// the draft as it is typed, so that the counts, the preview and the
// autosave follow every keystroke.
func (m *Model) updateEditor(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.editor, cmd = m.editor.Update(msg)
	m.live(sanitize.Words(m.editor.Value()))
	return cmd
}

// live puts text into the draft without recording it for undo.
func (m *Model) live(text string) {
	if text == m.edit.op.After {
		return
	}
	op := m.edit.op
	op.After = text
	did, err := m.doc.Live(m.who, op)
	if err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Could not change the %s: %v", m.edit.name, err)}
		return
	}
	m.edit.op.After, m.edit.op.From = text, did.From
}

// closeEditor closes the editor, keeping the text: trimmed, it becomes one
// undoable change from the text the editor opened with.
func (m *Model) closeEditor() {
	if !m.editor.IsOpen() {
		return
	}
	m.live(strings.TrimSpace(sanitize.Words(m.editor.Value())))
	e := m.edit
	m.editor.Close()
	m.release()
	m.edit = editState{}
	m.setFocus(focusBoard)
	m.place()
	if e.op.After == e.op.Before {
		m.status = board.Note{Text: upper(e.name) + " unchanged"}
		return
	}
	m.doc.Record(m.who, e.op)
	m.board.Changed(doc.Change{Ops: draft.Change{e.op}})
	m.status = board.Note{Text: fmt.Sprintf("%s changed (%s) · %s", upper(e.name), draft.Plural(len(strings.Fields(e.op.After)), "word"), m.board.UndoHint())}
}

// editingHint is the status line while the editor is open (whose frame
// names what is edited): that the text is kept.
func (m *Model) editingHint() string {
	return "Saved as you type · " + m.editor.Keys().Done.Help().Key + " when done"
}
