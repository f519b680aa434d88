package editor

// Spelling in the editor: misspelt words of the visible text are
// underlined, ctrl+] jumps to the next one and lists suggestions, a digit
// takes one, + adds the word to the newsletter's word list.
//
// Checking runs in commands, never in Update: the first check loads the
// dictionary (a quarter of a second or more for one of the system's).
// Each keystroke that changes what is shown asks for a check of the
// visible lines only, stamped with a sequence number; a stale answer is
// dropped. With no Speller set, nothing is checked and no command is
// returned.

import (
	"fmt"
	"github.com/weekly-dev/weekly/internal/tui/styles"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/spell"
)

// Speller is the spell checker the editor uses (a *spell.Checker).
type Speller interface {
	Check(text string, also ...string) ([]spell.Miss, error)
	Suggest(word string, n int) ([]string, error)
}

// maxSuggestions is how many suggestions the list offers (keys 1 to 5).
const maxSuggestions = 5

// SpellMsg carries the misspelt words of the text the editor showed; the
// root routes it to the editor's Update.
type SpellMsg struct {
	seq   int
	words map[string]bool
	Err   error
}

// JumpMsg carries the next misspelt word after the cursor and its
// suggestions, for ctrl+]; the root routes it to the editor's Update.
type JumpMsg struct {
	seq   int
	text  string
	miss  spell.Miss
	found bool
	sugs  []string
	Err   error
}

// AddWordMsg asks the root to add Word to the newsletter's word list
// (spell.AddWord, in a command) and to the checker (Allow).
type AddWordMsg struct{ Word string }

// spelling is the editor's spelling state.
type spelling struct {
	sp    Speller
	seq   int             // of the last check asked for
	shown string          // the visible text last sent to be checked
	words map[string]bool // misspelt words of the visible text
	list  *suggestions    // the list ctrl+] opened, or nil
	note  string          // what the last jump found, for the frame
}

// suggestions is the list shown for one misspelt word.
type suggestions struct {
	word       string
	start, end int // byte offsets of the word in the text
	sugs       []string
}

// SetSpeller sets the spell checker: one allowing the words of the
// item's links, say. nil turns spelling off.
func (m *Model) SetSpeller(sp Speller) {
	m.spell = spelling{sp: sp}
	m.updateSpellKeys()
}

// Check asks for a check of the text shown, as a keystroke does: after
// SetSpeller on an editor already open.
func (m *Model) Check() tea.Cmd { return m.checkShown() }

// updateSpellKeys enables the keys that apply now.
func (m *Model) updateSpellKeys() {
	m.keys.NextMisspelt.SetEnabled(m.spell.sp != nil)
	m.keys.Pick.SetEnabled(m.spell.list != nil && len(m.spell.list.sugs) > 0)
	m.keys.AddWord.SetEnabled(m.spell.list != nil)
}

// spellKey handles the spelling keys; handled is false for any other key,
// which also closes an open suggestion list.
func (m *Model) spellKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.spell.sp == nil {
		return nil, false
	}
	list := m.spell.list
	switch {
	case key.Matches(msg, m.keys.NextMisspelt):
		m.spell.list, m.spell.note = nil, "checking…"
		m.updateSpellKeys()
		return m.jump(), true
	case list != nil && key.Matches(msg, m.keys.AddWord):
		m.spell.list, m.spell.note = nil, fmt.Sprintf("%q added to the word list", list.word)
		delete(m.spell.words, list.word)
		m.updateSpellKeys()
		word := list.word
		return func() tea.Msg { return AddWordMsg{Word: word} }, true
	case list != nil && key.Matches(msg, m.keys.Pick):
		n, _ := strconv.Atoi(msg.String())
		if n < 1 || n > len(list.sugs) {
			return nil, true
		}
		m.replace(list.start, list.end, list.sugs[n-1])
		m.spell.list, m.spell.note = nil, ""
		m.updateSpellKeys()
		return m.checkShown(), true
	}
	if list != nil {
		m.spell.list, m.spell.note = nil, ""
		m.updateSpellKeys()
	}
	m.spell.note = ""
	return nil, false
}

// spellMsg takes in the answer to a check or a jump.
func (m *Model) spellMsg(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case SpellMsg:
		if msg.seq == m.spell.seq && msg.Err == nil {
			m.spell.words = msg.words
		}
		return true
	case JumpMsg:
		if msg.seq != m.spell.seq || msg.text != m.ta.Value() {
			return true // the text changed meanwhile
		}
		switch {
		case msg.Err != nil:
			m.spell.note = "spelling not checked: " + msg.Err.Error()
		case !msg.found:
			m.spell.note = "no misspelt words"
		default:
			m.moveTo(msg.miss.Start)
			m.spell.list = &suggestions{word: msg.miss.Word, start: msg.miss.Start, end: msg.miss.End, sugs: msg.sugs}
			m.spell.note = ""
		}
		m.updateSpellKeys()
		return true
	}
	return false
}

// checkShown asks for a check of the visible text, when a Speller is set
// and the text shown changed since the last check.
func (m *Model) checkShown() tea.Cmd {
	if m.spell.sp == nil || !m.open {
		return nil
	}
	shown := ansi.Strip(m.ta.View())
	if shown == m.spell.shown {
		return nil
	}
	m.spell.shown = shown
	m.spell.seq++
	seq, sp := m.spell.seq, m.spell.sp
	return func() tea.Msg {
		misses, err := sp.Check(shown)
		words := make(map[string]bool, len(misses))
		for _, ms := range misses {
			words[ms.Word] = true
		}
		return SpellMsg{seq: seq, words: words, Err: err}
	}
}

// jump returns a command finding the first misspelt word at or after the
// cursor, or failing that the first of the text, with its suggestions.
func (m *Model) jump() tea.Cmd {
	m.spell.seq++
	seq, sp, text, at := m.spell.seq, m.spell.sp, m.ta.Value(), m.cursorOffset()
	return func() tea.Msg {
		misses, err := sp.Check(text)
		if err != nil || len(misses) == 0 {
			return JumpMsg{seq: seq, text: text, Err: err}
		}
		next := misses[0]
		for _, ms := range misses {
			if ms.Start >= at {
				next = ms
				break
			}
		}
		sugs, err := sp.Suggest(next.Word, maxSuggestions)
		return JumpMsg{seq: seq, text: text, miss: next, found: true, sugs: sugs, Err: err}
	}
}

// cursorOffset returns the cursor's byte offset in the text.
func (m Model) cursorOffset() int {
	lines := strings.Split(m.ta.Value(), "\n")
	off := 0
	for i := 0; i < m.ta.Line() && i < len(lines); i++ {
		off += len(lines[i]) + 1
	}
	if l := m.ta.Line(); l < len(lines) {
		runes := []rune(lines[l])
		off += len(string(runes[:min(m.ta.Column(), len(runes))]))
	}
	return off
}

// moveTo puts the cursor at a byte offset of the text.
func (m *Model) moveTo(off int) {
	text := m.ta.Value()
	off = min(max(off, 0), len(text))
	row := strings.Count(text[:off], "\n")
	col := utf8.RuneCountInString(text[strings.LastIndexByte(text[:off], '\n')+1 : off])
	m.ta.MoveToBegin()
	// CursorDown moves a wrapped line at a time; a row takes at most as
	// many as it has characters.
	for i := 0; m.ta.Line() < row && i <= len(text); i++ {
		m.ta.CursorDown()
	}
	m.ta.SetCursorColumn(col)
}

// replace puts with in place of the text's bytes start to end, leaving
// the cursor after it.
func (m *Model) replace(start, end int, with string) {
	text := m.ta.Value()
	if start < 0 || end > len(text) || start > end {
		return
	}
	text = text[:start] + with + text[end:]
	m.ta.SetValue(text)
	m.words = len(strings.Fields(text))
	m.moveTo(start + len(with))
}

// underlineMisspelt underlines, in the rendered lines, the words the last
// check found misspelt; the lines' own styles (colour, the cursor) stay.
func (m Model) underlineMisspelt(lines []string) []string {
	if len(m.spell.words) == 0 && m.spell.list == nil {
		return lines
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		plain := ansi.Strip(l)
		var cells [][2]int
		for _, s := range spell.Words(plain) {
			w := plain[s.Start:s.End]
			if m.spell.words[w] || m.spell.list != nil && w == m.spell.list.word {
				cells = append(cells, [2]int{ansi.StringWidth(plain[:s.Start]), ansi.StringWidth(plain[:s.End])})
			}
		}
		out[i] = styles.Underline(l, cells)
	}
	return out
}

// spellFoot is what the frame's foot says about spelling, or "": the
// suggestion list, or what the last jump found.
func (m Model) spellFoot() string {
	if l := m.spell.list; l != nil {
		parts := []string{fmt.Sprintf("%q:", l.word)}
		for i, s := range l.sugs {
			parts = append(parts, fmt.Sprintf("%d %s", i+1, s))
		}
		if len(l.sugs) == 0 {
			parts = append(parts, "no suggestions")
		}
		return strings.Join(parts, " ") + " · " + m.keys.AddWord.Help().Key + " " + m.keys.AddWord.Help().Desc
	}
	return m.spell.note
}
