package tui

import (
	"errors"
	"fmt"
	"image/color"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

func TestCardPaneShowsTheWholeCard(t *testing.T) {
	t.Parallel()
	d := threeCards()
	d.Inbox[0].Title = "One: a title far too long for a card on the board, which cuts it at its width"
	d.Inbox[0].Description = "What the page says about itself"
	d.Inbox[0].URLs = append(d.Inbox[0].URLs, "https://one.example.com/second")
	a := &archive.Archive{Schema: archive.Schema, Issues: []archive.Issue{
		{Newsletter: "DevOps Weekly", Number: 400, Date: "2018-08-26", Items: []archive.Item{{URLs: []string{"https://one.example.com/second"}, Section: "News"}}},
		{Newsletter: "DevOps Weekly", Number: 520, Date: "2024-05-05", Items: []archive.Item{{URLs: []string{"https://one.example.com/post"}, Section: "Tools"}}},
	}}
	loads := 0
	for _, size := range [][2]int{{120, 32}, {40, 12}} {
		m := newModel(t, d.Clone(), nil, size[0], size[1], WithArchive(func() (*archive.Archive, error) {
			loads++
			return a, nil
		}))
		send(t, m, "v")
		if !strings.Contains(plain(m), "One: a title far") {
			t.Errorf("%dx%d: v shows the card's title:\n%s", size[0], size[1], plain(m))
		}
		if size[0] == 40 {
			send(t, m, "ctrl+d") // ctrl+d scrolls a card taller than the pane
			if v := plain(m); strings.Contains(v, "One: a title far") {
				t.Errorf("ctrl+d scrolls the card:\n%s", v)
			}
			send(t, m, "ctrl+u")
			for range 4 { // and so does the wheel
				m.Update(tea.MouseWheelMsg{X: 10, Y: 5, Button: tea.MouseWheelDown})
			}
		}
		view := plain(m)
		for _, want := range []string{"Card", "#400 (26th August 2018) · News"} {
			if !strings.Contains(view, want) {
				t.Errorf("%dx%d: v shows no %q:\n%s", size[0], size[1], want, view)
			}
		}
		if strings.Contains(view, "#520 (") {
			t.Errorf("the issue being written is not an earlier use:\n%s", view)
		}
		if size[0] == 120 {
			if !strings.Contains(view, "which cuts it at its width") || !strings.Contains(view, "What the page says") {
				t.Errorf("the whole title and the description show beside the board:\n%s", view)
			}
			if !strings.Contains(view, "[0] Inbox") {
				t.Errorf("the board stays beside the card:\n%s", view)
			}
		}
		send(t, m, "down")
		m.Update(tea.MouseWheelMsg{X: 10, Y: 5, Button: tea.MouseWheelDown})
		if view := plain(m); !strings.Contains(view, "two.example.org") || !strings.Contains(view, "none: not in the archive") {
			t.Errorf("%dx%d: the card follows the selection:\n%s", size[0], size[1], view)
		}
		send(t, m, "esc")
		if view := plain(m); strings.Contains(view, "Card") {
			t.Errorf("%dx%d: esc closes the card:\n%s", size[0], size[1], view)
		}
	}
	if loads != 2 {
		t.Fatalf("the archive is read once per model: %d reads", loads)
	}
}

func TestCardPaneArchiveError(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32, WithArchive(func() (*archive.Archive, error) {
		return nil, errors.New("open drafts/archive.json: line 3, column 1: invalid character")
	}))
	send(t, m, "v")
	if view := plain(m); !strings.Contains(view, "archive not read: open drafts/archive.json") {
		t.Fatalf("an archive that cannot be read is named:\n%s", view)
	}
}

func TestHelpBarKeepsQuitHelpAndTheFirstKeys(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32)
	lines := strings.Split(plain(m), "\n")
	bar := lines[len(lines)-1]
	for _, want := range []string{"? help", "q quit", "a add", "u undo", "/ search"} {
		if !strings.Contains(bar, want) {
			t.Errorf("120 columns: the help bar lacks %q: %q", want, bar)
		}
	}
	send(t, m, "/", "x", "enter")
	lines = strings.Split(plain(m), "\n")
	if bar := lines[len(lines)-1]; !strings.HasPrefix(bar, "? help • q quit • n next match") {
		t.Errorf("a kept search puts its keys first: %q", bar)
	}
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 12})
	lines = strings.Split(plain(m), "\n")
	if bar := lines[len(lines)-1]; !strings.HasPrefix(bar, "? help • q quit") {
		t.Errorf("40 columns: %q", bar)
	}
	send(t, m, "esc", "?")
	send(t, m, "q")
	if m.focus != focusBoard {
		t.Fatal("q closes the full help")
	}
}

func TestPreviewModeKeyWhereverThePreviewIs(t *testing.T) {
	t.Parallel()
	m := newModel(t, writing(), nil, 120, 32)
	send(t, m, "m")
	if v := plain(m); !strings.Contains(v, "m switches the preview between rendered and text: p shows the preview first") {
		t.Fatalf("m with no preview says why it did nothing:\n%s", v)
	}
	send(t, m, "p", "m") // the board keeps the keys
	if m.focus != focusBoard || m.preview.Mode().String() != "text" {
		t.Fatalf("m from the board switches the preview shown beside it: focus %v, mode %v", m.focus, m.preview.Mode())
	}
}

func TestEmptyIssueShowsNoReadingTime(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32)
	header := strings.Split(plain(m), "\n")[0]
	if !strings.Contains(header, "0 words") || strings.Contains(header, "min read") {
		t.Fatalf("an issue with no words shows 0 words and no reading time: %q", header)
	}
}

// TestEveryPaneTakesTheLightPalette answers the terminal's background as
// light: the card pane, like every pane, draws its text in the light
// palette's colour, never the dark one's near-white.
func TestEveryPaneTakesTheLightPalette(t *testing.T) {
	t.Parallel()
	m := newModel(t, writing(), nil, 120, 32)
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	send(t, m, "tab", "v")
	fg := func(c color.Color) string {
		r, g, b, _ := c.RGBA()
		return fmt.Sprintf("38;2;%d;%d;%d", r>>8, g>>8, b>>8)
	}
	light, dark := fg(styles.New(false).Text), fg(styles.New(true).Text)
	var pane []string
	x := m.layout().Preview.X
	for _, l := range strings.Split(m.View().Content, "\n")[1:10] {
		pane = append(pane, ansi.Cut(l, x, m.width)) // the card pane, right of the divider
	}
	got := strings.Join(pane, "\n")
	if !strings.Contains(ansi.Strip(got), "https://go.dev/blog/go1.26") {
		t.Fatalf("the card pane does not show the card:\n%s", ansi.Strip(got))
	}
	// The colour the link is drawn in: the SGR sequence just before it.
	sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m(?:https://go\.dev/blog/go1\.26)`).FindStringSubmatch(got)
	if sgr == nil || !strings.Contains(sgr[1], light) || strings.Contains(got, dark) {
		t.Errorf("the card pane keeps the dark palette on a light terminal (want %s, not %s): %q", light, dark, sgr)
	}
}

// TestConflictShowsBothVersions: a blurb a merge found changed on both
// sides shows both versions in the card pane and in the blurb editor.
func TestConflictShowsBothVersions(t *testing.T) {
	t.Parallel()
	d := writing()
	d.Sections[0].Items[0].Conflict = &draft.Conflict{Field: "blurb", Value: "Go 1.26 is here, as Bob says.", From: "bob"}
	m := newModel(t, d, nil, 120, 32)
	send(t, m, "tab", "v")
	if v := plain(m); !strings.Contains(v, "⚡ Conflict: bob wrote") || !strings.Contains(v, "Go 1.26 is here, as Bob says.") || !strings.Contains(v, "Go 1.26 is out.") {
		t.Fatalf("the card pane does not show both versions:\n%s", v)
	}
	send(t, m, "v", "enter")
	if v := plain(m); !strings.Contains(v, "⚡ bob wrote: Go 1.26 is here, as Bob says.") || !strings.Contains(v, "Go 1.26 is out.") {
		t.Fatalf("the blurb editor does not show both versions:\n%s", v)
	}
}
