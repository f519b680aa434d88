package editor

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/styles"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

func typeText(m Model, s string) Model {
	for _, r := range s {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func TestTypeAtTheEndAndGrow(t *testing.T) {
	m := New(styles.New(true))
	m.SetSize(30, 10)
	m.Open("Blurb · go.dev", "Go 1.26 is out.", "Write the blurb")
	if h := m.Height(); h != 3 {
		t.Fatalf("one line of text: box of %d rows, want 3", h)
	}
	m = typeText(m, " It has a new garbage collector that is faster.")
	if got := m.Value(); got != "Go 1.26 is out. It has a new garbage collector that is faster." {
		t.Fatalf("typed at the end: %q", got)
	}
	if h := m.Height(); h != 5 {
		t.Fatalf("wrapped to three lines: box of %d rows, want 5\n%s", h, ansi.Strip(m.View()))
	}
	v := ansi.Strip(m.View())
	tuitest.CheckFrame(t, m.View(), 30, 5)
	// The text keeps a card's margin of two cells inside the frame.
	for _, want := range []string{"✎ Blurb · go.dev", "13 words · esc done", "│  Go 1.26 is out. It has a  │", "│  that is faster.           │"} {
		if !strings.Contains(v, want) {
			t.Fatalf("box lacks %q:\n%s", want, v)
		}
	}
	// It stops growing at the room given and scrolls instead.
	m = typeText(m, strings.Repeat(" more words here", 20))
	if h := m.Height(); h != 10 {
		t.Fatalf("a long text takes all the room: %d rows, want 10", h)
	}
	tuitest.CheckFrame(t, m.View(), 30, 10)
	if !strings.Contains(ansi.Strip(m.View()), "here") {
		t.Fatal("the end of the text, where the cursor is, stays in view")
	}
}

func TestPasteFoldsCRLF(t *testing.T) {
	m := New(styles.New(true))
	m.SetSize(40, 12)
	m.Open("Sponsor text", "", "")
	m, _ = m.Update(tea.PasteMsg{Content: "First paragraph.\r\n\r\nSecond one, https://example.com/."})
	if got, want := m.Value(), "First paragraph.\n\nSecond one, https://example.com/."; got != want {
		t.Fatalf("pasted %q, want %q", got, want)
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	m = typeText(m, "Third.")
	if got := m.Value(); !strings.HasSuffix(got, "/.\nThird.") {
		t.Fatalf("enter starts a new line: %q", got)
	}
}

func TestKeysAreText(t *testing.T) {
	m := New(styles.New(true))
	m.SetSize(40, 6)
	m.Open("Blurb", "", "")
	m = typeText(m, "qux 1 2 0 / ? a")
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	if got := m.Value(); got != "qux 1 2 0 / ? a " {
		t.Fatalf("board keys must be text here: %q", got)
	}
}

func TestFixedHeightAndEverySize(t *testing.T) {
	m := New(styles.New(false))
	m.Open("Intro", "A first paragraph of the intro.\n\nA second.", "")
	m.SetGrow(false)
	for w := 0; w <= 50; w++ {
		for h := 0; h <= 14; h++ {
			m.SetSize(w, h)
			want := h
			if w == 0 {
				want = 0
			}
			if got := m.Height(); got != want {
				t.Fatalf("%d×%d fixed: height %d, want %d", w, h, got, want)
			}
			tuitest.CheckFrame(t, m.View(), w, want)
		}
	}
	m.SetGrow(true)
	for w := 1; w <= 50; w++ {
		for h := 1; h <= 14; h++ {
			m.SetSize(w, h)
			if got := m.Height(); got < 1 || got > h {
				t.Fatalf("%d×%d growing: height %d", w, h, got)
			}
			tuitest.CheckFrame(t, m.View(), w, m.Height())
		}
	}
	m.Close()
	if m.IsOpen() {
		t.Fatal("closed editor is open")
	}
	if m2, _ := m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"}); m2.Value() != "" {
		t.Fatal("a closed editor takes no keys")
	}
}

func TestContextAboveTheText(t *testing.T) {
	t.Parallel()
	m := New(styles.New(true))
	m.SetSize(40, 12)
	m.SetContext([]string{"The title of the page", "https://go.dev/blog/go1.26", "What the page says"})
	m.Open("Blurb · go.dev", "Go 1.26 is out.", "")
	v := ansi.Strip(m.View())
	for _, want := range []string{"│  The title of the page", "│  https://go.dev/blog/go1.26", "│  What the page says", "│  Go 1.26 is out."} {
		if !strings.Contains(v, want) {
			t.Fatalf("the editor lacks %q:\n%s", want, v)
		}
	}
	tuitest.CheckFrame(t, m.View(), 40, 6)
	// Too little room: the text keeps two rows, the context gives way.
	m.SetSize(40, 5)
	tuitest.CheckFrame(t, m.View(), 40, m.Height())
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Go 1.26 is out.") {
		t.Fatalf("the text always shows:\n%s", v)
	}
}

// TestMarksCapped: a blurb of 100,000 combining marks on one letter reaches
// the screen as the letter and a few marks.
func TestMarksCapped(t *testing.T) {
	t.Parallel()
	m := New(styles.New(true))
	m.SetSize(40, 10)
	m.Open("Blurb", "Z"+strings.Repeat("\u0301", 100000)+" and more", "")
	v := m.View()
	if n := strings.Count(v, "\u0301"); n > sanitize.MaxMarks {
		t.Errorf("%d marks reach the screen, more than %d", n, sanitize.MaxMarks)
	}
	if !strings.Contains(ansi.Strip(v), "and more") {
		t.Errorf("the text after the marks is not shown:\n%s", ansi.Strip(v))
	}
	tuitest.CheckFrame(t, v, 40, m.Height())
	if m.Value() != "Z"+strings.Repeat("\u0301", sanitize.MaxMarks)+" and more" {
		t.Error("the text is edited with its stack of marks whole")
	}
	m, _ = m.Update(tea.PasteMsg{Content: "a" + strings.Repeat("\u200b", 100000)})
	if n := strings.Count(m.Value(), "\u200b"); n != sanitize.MaxMarks {
		t.Errorf("a paste of 100,000 zero-width spaces on a letter left %d", n)
	}
}
