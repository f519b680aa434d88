package card

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/styles"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

func sample() *Card {
	return &Card{
		Item: draft.Item{
			ID:          "a",
			Title:       "Replicate: run machine learning models in the cloud with one line of code\x1b]52;c;ZXZpbA==\a",
			URLs:        []string{"https://github.com/replicate/replicate", "https://replicate.com/blog/a-very-long-slug-for-the-launch-post-of-the-product"},
			Description: "Version control for machine learning",
			Blurb:       "Replicate is new.\n\nSee the repo.",
			Source:      "tui",
			AddedAt:     time.Date(2020, 12, 6, 9, 30, 0, 0, time.UTC),
		},
		Where:   "Tools\x1b[2J, 2 of 5",
		Earlier: []string{"#400 (26th August 2018) · News"},
	}
}

func TestCardShowsEverything(t *testing.T) {
	t.Parallel()
	m := New(styles.New(true))
	m.SetSize(60, 40)
	m.SetHints("v closes", "enter writes one", "ctrl+d")
	m.Set(sample(), "")
	view := ansi.Strip(m.View())
	for _, want := range []string{
		"Replicate: run machine learning models in the cloud with", "one line of code",
		"Links (2)", "https://github.com/replicate/replicate", "a-very-long-slug",
		"Version control for machine learning", "Replicate is new.", "See the repo.",
		"tui · 6th December 2020 09:30", "now in Tools, 2 of 5", "#400 (26th August 2018) · News",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("the card lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(m.View(), "\x1b]52") || strings.Contains(m.View(), "\x1b[2J") {
		t.Fatal("a title's OSC 52 reached the terminal")
	}
	tuitest.CheckFrame(t, m.View(), 60, 40)
}

func TestCardSizes(t *testing.T) {
	t.Parallel()
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {4, 2}, {5, 3}, {40, 10}, {120, 30}} {
		m := New(styles.New(false))
		m.SetSize(sz[0], sz[1])
		m.Set(sample(), "")
		tuitest.CheckFrame(t, m.View(), sz[0], sz[1])
	}
	m := New(styles.New(true))
	m.SetSize(40, 10)
	m.Set(sample(), "")
	if !strings.Contains(ansi.Strip(m.View()), "more below") {
		t.Fatalf("a card cut short says so:\n%s", ansi.Strip(m.View()))
	}
	m.Set(nil, "News is empty")
	if !strings.Contains(ansi.Strip(m.View()), "News is empty") {
		t.Fatal("no card: the pane says why")
	}
}

// TestCardShowsSenderAndNote shows a captured card's sender and note,
// sanitised: both come from outside (a token's name, a stranger's note).
func TestCardShowsSenderAndNote(t *testing.T) {
	t.Parallel()
	c := sample()
	c.Item.Source, c.Item.Via = "capture", "Ann\u202e"
	c.Item.Note = "For Tools?\x1b]8;;https://evil.example/\aclick\x1b]8;;\a\nSecond line\r overwritten"
	m := New(styles.New(true))
	m.SetSize(60, 50)
	m.Set(c, "")
	view := ansi.Strip(m.View())
	for _, want := range []string{"Note from Ann", "For Tools?click", "Second line overwritten", "capture · via Ann · 6th December 2020 09:30"} {
		if !strings.Contains(view, want) {
			t.Errorf("the card lacks %q:\n%s", want, view)
		}
	}
	for _, bad := range []string{"\x1b]8", "\u202e", "\r"} {
		if strings.Contains(m.View(), bad) {
			t.Errorf("the card pane drew %q from the note or sender", bad)
		}
	}
	if strings.Index(view, "Note from Ann") > strings.Index(view, "Links (2)") {
		t.Errorf("the note comes before the links:\n%s", view)
	}
	tuitest.CheckFrame(t, m.View(), 60, 50)
}

// TestMarksCapped: a blurb and a title of 100,000 combining marks on one
// letter reach the screen as the letter and a few marks.
func TestMarksCapped(t *testing.T) {
	t.Parallel()
	zalgo := "Z" + strings.Repeat("\u0301", 100000) + " and more"
	c := sample()
	c.Item.Title, c.Item.Blurb = zalgo, zalgo
	m := New(styles.New(true))
	m.SetSize(60, 40)
	m.Set(c, "")
	v := m.View()
	if n := strings.Count(v, "\u0301"); n > 2*sanitize.MaxMarks {
		t.Errorf("%d marks reach the screen, more than %d", n, 2*sanitize.MaxMarks)
	}
	tuitest.CheckFrame(t, v, 60, 40)
}
