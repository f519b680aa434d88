package editor

import (
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/spell"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// fakeSpeller flags the words of its list and suggests from a table,
// counting the checks asked of it.
type fakeSpeller struct {
	mu     sync.Mutex
	bad    map[string][]string
	checks []string
}

func (f *fakeSpeller) Check(text string, _ ...string) ([]spell.Miss, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checks = append(f.checks, text)
	var out []spell.Miss
	for _, s := range spell.Words(text) {
		if _, ok := f.bad[text[s.Start:s.End]]; ok {
			out = append(out, spell.Miss{Word: text[s.Start:s.End], Start: s.Start, End: s.End})
		}
	}
	return out, nil
}

func (f *fakeSpeller) Suggest(word string, n int) ([]string, error) {
	s := f.bad[word]
	return s[:min(n, len(s))], nil
}

// run runs cmd and the commands it batches, and gives every message that
// comes back to m, as the root does for the editor's messages; it returns
// the messages that are not the editor's own.
func run(m Model, cmd tea.Cmd) (Model, []tea.Msg) {
	var others []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case SpellMsg, JumpMsg:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		default:
			others = append(others, msg)
		}
	}
	return m, others
}

func press(m Model, k tea.KeyPressMsg) (Model, []tea.Msg) {
	m, cmd := m.Update(k)
	return run(m, cmd)
}

var ctrlBracket = tea.KeyPressMsg{Code: ']', Mod: tea.ModCtrl}

func TestUnderlinesMisspeltWords(t *testing.T) {
	t.Parallel()
	sp := &fakeSpeller{bad: map[string][]string{"ver": {"very", "ever"}}}
	m := New(styles.New(true))
	m.SetSize(40, 8)
	m.SetSpeller(sp)
	m, _ = run(m, m.Open("Blurb", "From someone ver familiar.", ""))
	v := m.View()
	if !strings.Contains(v, "\x1b[4mver\x1b[24m") {
		t.Fatalf("ver is not underlined:\n%q", v)
	}
	if strings.Count(v, "\x1b[4m") != 1 {
		t.Errorf("more than ver underlined:\n%q", v)
	}
	if ansi.Strip(v) != ansi.Strip(New(styles.New(true)).viewOf("Blurb", "From someone ver familiar.", 40, 8)) {
		t.Error("the underline changed the text or the frame")
	}
	// A keystroke that changes the text asks for a check of what shows.
	n := len(sp.checks)
	m, _ = press(m, tea.KeyPressMsg{Code: 'x', Text: "x"})
	if len(sp.checks) != n+1 || !strings.Contains(sp.checks[n], "familiar.x") {
		t.Errorf("checks after a key: %q", sp.checks[n:])
	}
	// A key that changes nothing shown asks nothing.
	press(m, tea.KeyPressMsg{Code: tea.KeyRight})
	if len(sp.checks) != n+1 {
		t.Errorf("a key that changed nothing asked for a check")
	}
}

// viewOf is the editor's view of text with no speller.
func (m Model) viewOf(name, text string, w, h int) string {
	m.SetSize(w, h)
	m.Open(name, text, "")
	return m.View()
}

func TestVisibleTextOnly(t *testing.T) {
	t.Parallel()
	sp := &fakeSpeller{bad: map[string][]string{}}
	m := New(styles.New(true))
	m.SetSize(30, 5) // three rows of text
	m.SetSpeller(sp)
	long := "first line\n" + strings.Repeat("more words\n", 10) + "last words"
	m, _ = run(m, m.Open("Blurb", long, ""))
	if len(sp.checks) != 1 {
		t.Fatalf("%d checks on open", len(sp.checks))
	}
	if !strings.Contains(sp.checks[0], "first line") || strings.Contains(sp.checks[0], "last words") {
		t.Errorf("checked %q on open, want the three rows shown, the first", sp.checks[0])
	}
	m, _ = press(m, tea.KeyPressMsg{Code: '!', Text: "!"})
	if got := sp.checks[len(sp.checks)-1]; strings.Contains(got, "first line") || !strings.Contains(got, "last words!") {
		t.Errorf("checked %q after typing at the end, want the three rows shown, the last", got)
	}
}

func TestJumpSuggestAndPick(t *testing.T) {
	t.Parallel()
	sp := &fakeSpeller{bad: map[string][]string{"ver": {"very", "ever", "over"}, "wrod": {"word"}}}
	m := New(styles.New(true))
	m.SetSize(60, 8)
	m.SetSpeller(sp)
	m, _ = run(m, m.Open("Blurb", "A wrod from someone ver familiar.", ""))
	m.moveTo(5) // after "wrod" begins: the next one is ver
	m, _ = press(m, ctrlBracket)
	if l := m.spell.list; l == nil || l.word != "ver" {
		t.Fatalf("ctrl+] opened %+v, want ver", m.spell.list)
	}
	if got := m.cursorOffset(); got != strings.Index(m.Value(), "ver") {
		t.Errorf("cursor at %d, want at ver", got)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, `"ver": 1 very 2 ever 3 over · + add to words`) {
		t.Errorf("no suggestion list in the frame:\n%s", v)
	}
	m, _ = press(m, tea.KeyPressMsg{Code: '1', Text: "1"})
	if got := m.Value(); got != "A wrod from someone very familiar." {
		t.Fatalf("after 1: %q", got)
	}
	if m.spell.list != nil {
		t.Error("the list stays open after a pick")
	}
	// The next jump goes round to the first misspelt word.
	m, _ = press(m, ctrlBracket)
	if l := m.spell.list; l == nil || l.word != "wrod" {
		t.Fatalf("second ctrl+]: %+v, want wrod", m.spell.list)
	}
	// Any other key closes the list and is typed.
	m, _ = press(m, tea.KeyPressMsg{Code: '9', Text: "9"})
	if m.spell.list != nil || !strings.Contains(m.Value(), "9wrod") {
		t.Errorf("a key outside the list: list %+v, text %q", m.spell.list, m.Value())
	}
	// With none left, the frame says so.
	sp.mu.Lock()
	sp.bad = map[string][]string{}
	sp.mu.Unlock()
	m, _ = press(m, ctrlBracket)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "no misspelt words") {
		t.Errorf("no misspelt words, but:\n%s", v)
	}
}

func TestPlusAddsTheWord(t *testing.T) {
	t.Parallel()
	sp := &fakeSpeller{bad: map[string][]string{"Nydus": nil}}
	m := New(styles.New(true))
	m.SetSize(60, 8)
	m.SetSpeller(sp)
	m, _ = run(m, m.Open("Blurb", "Nydus is new.", ""))
	m, _ = press(m, ctrlBracket)
	if v := ansi.Strip(m.View()); !strings.Contains(v, `"Nydus": no suggestions · + add to words`) {
		t.Fatalf("list:\n%s", v)
	}
	m, msgs := press(m, tea.KeyPressMsg{Code: '+', Text: "+"})
	if len(msgs) != 1 || msgs[0] != (AddWordMsg{Word: "Nydus"}) {
		t.Fatalf("+ returned %v, want AddWordMsg{Nydus}", msgs)
	}
	if m.Value() != "Nydus is new." {
		t.Errorf("+ changed the text: %q", m.Value())
	}
	if strings.Contains(m.View(), "\x1b[4m") {
		t.Error("the added word is still underlined")
	}
	// Without a list, + is text.
	m, _ = press(m, tea.KeyPressMsg{Code: '+', Text: "+"})
	if m.Value() != "+Nydus is new." {
		t.Errorf("+ without a list (the cursor at Nydus): %q", m.Value())
	}
}

func TestStaleAnswersAreDropped(t *testing.T) {
	t.Parallel()
	sp := &fakeSpeller{bad: map[string][]string{"ver": {"very"}}}
	m := New(styles.New(true))
	m.SetSize(60, 8)
	m.SetSpeller(sp)
	m, _ = run(m, m.Open("Blurb", "someone ver familiar", ""))
	m, cmd := m.Update(ctrlBracket)
	m = typeText(m, "!") // the text changes before the answer comes
	m, _ = run(m, cmd)
	if m.spell.list != nil {
		t.Errorf("a jump for an older text opened %+v", m.spell.list)
	}
}

func TestNoSpellerNoCommands(t *testing.T) {
	t.Parallel()
	m := New(styles.New(true))
	m.SetSize(40, 8)
	if _, others := run(m, m.Open("Blurb", "ver", "")); len(others) != 0 {
		t.Errorf("without a speller Open returned %v", others)
	}
	m, cmd := m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if _, others := run(m, cmd); len(others) != 0 {
		t.Errorf("without a speller a key returned %v", others)
	}
	m, _ = m.Update(ctrlBracket)
	if m.spell.list != nil || strings.Contains(m.View(), "\x1b[4m") {
		t.Error("spelling without a speller")
	}
	for _, b := range m.Help() {
		if b.Help().Key == "ctrl+]" {
			t.Error("ctrl+] in the help without a speller")
		}
	}
}

func TestUnderlineKeepsStyles(t *testing.T) {
	t.Parallel()
	line := "\x1b[38;5;1mab\x1b[m\x1b[7mc\x1b[mde"
	got := styles.Underline(line, [][2]int{{1, 4}})
	want := "\x1b[38;5;1ma\x1b[4mb\x1b[m\x1b[4m\x1b[7m\x1b[4mc\x1b[m\x1b[4md\x1b[24me"
	if got != want {
		t.Errorf("underline = %q\nwant       %q", got, want)
	}
	if ansi.Strip(got) != "abcde" {
		t.Errorf("text changed: %q", ansi.Strip(got))
	}
}
