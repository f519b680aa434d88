package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/spell"
	"github.com/weekly-dev/weekly/internal/tui/board"
	"github.com/weekly-dev/weekly/internal/tui/editor"
)

// spellerMsg carries the newsletter's spell checker, loaded, or why it
// could not be.
type spellerMsg struct {
	sp  *spell.Checker
	Err error
}

// wordAddedMsg reports a word added to the newsletter's word list.
type wordAddedMsg struct {
	word string
	Err  error
}

// spellFor gives the open editor the spell checker, allowing the words of
// urls (an item's links), and loads the checker the first time.
func (m *Model) spellFor(urls []string) tea.Cmd {
	switch {
	case m.speller != nil:
		m.editor.SetSpeller(m.speller.With(spell.URLWords(urls...)...))
		return nil
	case m.spelling.load == nil || m.spelling.loading || m.spelling.err != nil:
		m.editor.SetSpeller(nil)
		return nil
	}
	return m.loadSpeller()
}

// loadSpeller returns the command that loads the newsletter's spell
// checker, or nil when it is loaded, loading, failed or not asked for.
func (m *Model) loadSpeller() tea.Cmd {
	if m.speller != nil || m.spelling.load == nil || m.spelling.loading || m.spelling.err != nil {
		return nil
	}
	m.spelling.loading = true
	load, newsletter, number := m.spelling.load, m.current().Newsletter, m.current().Number
	return func() tea.Msg {
		sp, err := load(newsletter, number)
		if err == nil {
			err = sp.Load() // the dictionary, here rather than on the first check
		}
		return spellerMsg{sp: sp, Err: err}
	}
}

// spellerLoaded takes the checker in, and gives it to an editor open
// meanwhile.
func (m *Model) spellerLoaded(msg spellerMsg) tea.Cmd {
	m.spelling.loading = false
	if msg.Err != nil {
		m.spelling.err = msg.Err
		m.status = board.Note{Err: true, Text: "Spelling not checked: " + msg.Err.Error()}
		return nil
	}
	m.speller = msg.sp
	pc := m.preview.SetSpeller(m.speller) // the preview underlines too
	if !m.editor.IsOpen() {
		return pc
	}
	var urls []string
	if m.edit.inPlace {
		if p, ok := m.current().Find(m.edit.op.Item.ID); ok {
			urls = m.current().At(p).URLs
		}
	}
	m.editor.SetSpeller(m.speller.With(spell.URLWords(urls...)...))
	return tea.Batch(pc, m.editor.Check()) // a first check of what shows
}

// addWord puts a word in the newsletter's word list, off the event loop.
func (m *Model) addWord(msg editor.AddWordMsg) tea.Cmd {
	if m.spelling.add == nil || m.speller == nil {
		return nil
	}
	m.speller.Allow(msg.Word)
	pc := m.preview.SetSpeller(m.speller) // check what it shows again, without the word
	add, w := m.spelling.add, msg.Word
	return tea.Batch(pc, func() tea.Msg { return wordAddedMsg{word: w, Err: add(w)} })
}

// wordAdded says how adding a word went.
func (m *Model) wordAdded(msg wordAddedMsg) {
	if msg.Err != nil {
		m.status = board.Note{Err: true, Text: fmt.Sprintf("Not in the word list: %v", msg.Err)}
		return
	}
	m.status = board.Note{Text: fmt.Sprintf("Added %q to the newsletter's word list", sanitize.Line(msg.word))}
}
