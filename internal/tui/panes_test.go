package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
)

// longNews is writing() with n more cards in News, each blurb naming its
// number, so that the preview is taller than the screen.
func longNews(n int) *draft.Draft {
	d := writing()
	for i := range n {
		_ = d.Append(1, draft.Item{ID: fmt.Sprintf("x%02d", i), Blurb: fmt.Sprintf("Card number %02d of the long list.", i), URLs: []string{fmt.Sprintf("https://x%02d.example.com/", i)}})
	}
	return d
}

// previewText is what the preview pane shows, without colours.
func previewText(m *Model) string { return ansi.Strip(m.preview.View()) }

func TestPreviewHiddenUntilP(t *testing.T) {
	m := newModel(t, writing(), nil, 120, 32)
	if v := plain(m); strings.Contains(v, "Preview ·") || strings.Contains(v, "Thanks for reading") {
		t.Fatalf("the preview starts hidden:\n%s", v)
	}
	send(t, m, "p")
	v := plain(m)
	if !strings.Contains(v, "Preview · rendered") || !strings.Contains(v, "Thanks for reading DevOps Weekly.") {
		t.Fatalf("p shows the preview with the footer:\n%s", v)
	}
	if m.focus != focusBoard || m.preview.Focused() {
		t.Fatal("showing the preview leaves the focus on the board")
	}
	l := m.layout()
	if l.Overlay || l.Board.W+1+l.Preview.W != 120 || l.Preview.W != 48 {
		t.Fatalf("at 120 columns the preview sits beside the board: %+v", l)
	}
	send(t, m, "j")
	if it := m.board.Selected(); it == nil || it.ID != "two" {
		t.Fatal("keys still move the board's selection")
	}
	send(t, m, "p")
	if strings.Contains(plain(m), "Preview ·") {
		t.Fatal("p hides the preview")
	}
}

func TestPreviewTabOrder(t *testing.T) {
	m := newModel(t, writing(), nil, 120, 32)
	send(t, m, "tab", "tab", "tab")
	if m.board.Focused() != 3 {
		t.Fatal("without the preview, tab goes round the columns")
	}
	send(t, m, "tab")
	if m.focus != focusBoard || m.board.Focused() != 0 {
		t.Fatal("without the preview, tab from the last column wraps to the inbox")
	}
	send(t, m, "p", "tab", "tab", "tab", "tab")
	if m.focus != focusPreview || !m.preview.Focused() {
		t.Fatalf("tab after the last column reaches the preview (focus %d)", m.focus)
	}
	if v := plain(m); !strings.Contains(v, "esc back to the board") || !strings.Contains(v, "m rendered/text") {
		t.Fatalf("the help bar shows the preview's keys:\n%s", v)
	}
	send(t, m, "tab")
	if m.focus != focusBoard || m.board.Focused() != 0 {
		t.Fatal("tab from the preview comes round to the inbox")
	}
	send(t, m, "shift+tab")
	if m.focus != focusPreview {
		t.Fatal("shift+tab from the inbox goes back to the preview")
	}
	send(t, m, "shift+tab")
	if m.focus != focusBoard || m.board.Focused() != 3 {
		t.Fatal("shift+tab from the preview goes to the last column")
	}
	send(t, m, "tab", "esc")
	if m.focus != focusBoard || m.board.Focused() != 3 {
		t.Fatal("esc leaves the preview for the board")
	}
	send(t, m, "tab", "p")
	if m.focus != focusBoard || m.pv.shown {
		t.Fatal("hiding the preview while it has the keys gives them to the board")
	}
}

func TestPreviewKeysScrollAndMode(t *testing.T) {
	d := longNews(30)
	m := newModel(t, d, nil, 120, 32)
	send(t, m, "p", "shift+tab")
	top := plain(m)
	send(t, m, "G")
	if plain(m) == top || !strings.Contains(plain(m), "Thanks for reading") {
		t.Fatalf("G scrolls the focused preview to the end:\n%s", plain(m))
	}
	if it := m.board.Selected(); it == nil || it.ID != "one" {
		t.Fatal("keys for the preview do not move the board")
	}
	send(t, m, "m")
	if !strings.Contains(plain(m), "Preview · text") {
		t.Fatalf("m shows the plain-text email:\n%s", plain(m))
	}
	send(t, m, "x")
	if len(m.Draft().Inbox) != 3 {
		t.Fatal("x does not delete from the preview")
	}
	// u and ctrl+r work from the preview too.
	send(t, m, "tab", "x", "shift+tab", "u")
	if len(m.Draft().Inbox) != 3 {
		t.Fatal("u undoes from the preview")
	}
}

// TestPreviewFollowsTypingAndSelection: every keystroke in a blurb reaches
// the preview, and the selected card's item stays in view.
func TestPreviewFollowsTypingAndSelection(t *testing.T) {
	d := longNews(30)
	m := newModel(t, d, nil, 120, 32)
	send(t, m, "p", "tab")
	if v := previewText(m); strings.Contains(v, "Card number 29") {
		t.Fatalf("the last card is out of the preview to begin with:\n%s", v)
	}
	send(t, m, "G")
	if v := previewText(m); !strings.Contains(v, "Card number 29 of the long list.") {
		t.Fatalf("selecting the last card brings its item into view:\n%s", v)
	}
	send(t, m, "g")
	if v := previewText(m); !strings.Contains(v, "Go 1.26 is out.") || strings.Contains(v, "Card number 29") {
		t.Fatalf("selecting the first card scrolls back:\n%s", v)
	}
	send(t, m, "enter")
	typeText(t, m, " Zebra")
	if v := previewText(m); !strings.Contains(v, "Go 1.26 is out. Zebra") {
		t.Fatalf("the preview follows the typing:\n%s", v)
	}
	send(t, m, "esc", "u")
	if v := previewText(m); strings.Contains(v, "Zebra") {
		t.Fatalf("the preview follows the undo:\n%s", v)
	}
}

func TestPreviewNarrowCovers(t *testing.T) {
	d := writing()
	m := newModel(t, d, nil, 40, 12)
	send(t, m, "p")
	l := m.layout()
	if !l.Overlay || l.Preview != l.Body {
		t.Fatalf("at 40×12 the preview takes the body: %+v", l)
	}
	v := plain(m)
	if !strings.Contains(v, "Preview · rendered") || strings.Contains(v, "[0] Inbox") {
		t.Fatalf("the preview covers the board:\n%s", v)
	}
	if !strings.Contains(v, "Inbox 1/3") || !strings.Contains(v, "p/esc show the board") {
		t.Fatalf("the status names the selected card; the help says how back:\n%s", v)
	}
	// Blind moves on the board still work, and the editor takes the screen;
	// the preview follows the typing, for when it is shown again.
	send(t, m, "tab", "enter")
	typeText(t, m, " Yak")
	v = plain(m)
	if !strings.Contains(v, "✎ Blurb · go.dev") || !strings.Contains(v, "Go 1.26 is out. Yak") || !strings.Contains(previewText(m), "Go 1.26 is out. Yak") {
		t.Fatalf("the editor takes the screen and the preview follows:\n%s", v)
	}
	send(t, m, "esc")
	if v := plain(m); !strings.Contains(v, "Preview · rendered") {
		t.Fatalf("the covering preview is back once the editor closes:\n%s", v)
	}
	if m.Draft().Sections[0].Items[0].Blurb != "Go 1.26 is out. Yak" {
		t.Fatalf("blurb %q", m.Draft().Sections[0].Items[0].Blurb)
	}
	send(t, m, "esc")
	if v := plain(m); strings.Contains(v, "Preview ·") || !strings.Contains(v, "[1] News") {
		t.Fatalf("esc closes the covering preview:\n%s", v)
	}
	send(t, m, "p", "p")
	if strings.Contains(plain(m), "Preview ·") {
		t.Fatal("p closes the covering preview")
	}
}

func TestMouseWithPreview(t *testing.T) {
	d := longNews(30)
	m := newModel(t, d, nil, 120, 32)
	send(t, m, "p")
	l := m.layout()
	top := plain(m)
	wheel := tea.MouseWheelMsg(tea.Mouse{X: l.Preview.X + 5, Y: l.Preview.Y + 5, Button: tea.MouseWheelDown})
	for range 5 {
		m.Update(wheel)
	}
	if plain(m) == top || m.focus != focusBoard {
		t.Fatalf("the wheel scrolls the preview under the pointer, leaving the keys on the board (focus %d)", m.focus)
	}
	m.Update(tea.MouseClickMsg(tea.Mouse{X: l.Preview.X + 5, Y: l.Preview.Y + 5, Button: tea.MouseLeft}))
	if m.focus != focusPreview {
		t.Fatal("a click on the preview gives it the keys")
	}
	// The board keeps its own coordinates: News is the second column of a
	// board 71 cells wide, from x 35; its first card is on screen rows 2–3.
	m.Update(tea.MouseClickMsg(tea.Mouse{X: 40, Y: 2, Button: tea.MouseLeft}))
	m.Update(tea.MouseReleaseMsg(tea.Mouse{X: 40, Y: 2, Button: tea.MouseLeft}))
	if m.focus != focusBoard || m.board.Focused() != 1 {
		t.Fatalf("a click on News gives the board the keys on News (focus %d, column %d)", m.focus, m.board.Focused())
	}
	// While a blurb is edited beside the board, a click on the board
	// closes the editor, keeping the text.
	send(t, m, "p", "enter")
	typeText(t, m, "!")
	m.Update(tea.MouseClickMsg(tea.Mouse{X: 3, Y: 2, Button: tea.MouseLeft}))
	if m.focus != focusBoard || m.Draft().Sections[0].Items[0].Blurb != "Go 1.26 is out.!" || m.board.Focused() != 0 {
		t.Fatalf("a click outside the editor: focus %d, blurb %q", m.focus, m.Draft().Sections[0].Items[0].Blurb)
	}
}

func TestLayout(t *testing.T) {
	for _, tt := range []struct {
		s       screen
		overlay bool
		board   Rect
		preview Rect
		editor  Rect
		covered bool
	}{
		{screen{w: 120, h: 32}, false, Rect{0, 1, 120, 29}, Rect{}, Rect{}, false},
		{screen{w: 120, h: 32, preview: true}, false, Rect{0, 1, 71, 29}, Rect{72, 1, 48, 29}, Rect{}, false},
		{screen{w: 90, h: 20, preview: true}, false, Rect{0, 1, 53, 17}, Rect{54, 1, 36, 17}, Rect{}, false},
		{screen{w: 300, h: 20, preview: true}, false, Rect{0, 1, 199, 17}, Rect{200, 1, 100, 17}, Rect{}, false},
		{screen{w: 89, h: 20, preview: true}, true, Rect{0, 1, 89, 17}, Rect{0, 1, 89, 17}, Rect{}, true},
		// An editor gets a pane of at least 60 cells beside the board...
		{screen{w: 120, h: 32, editor: true}, false, Rect{0, 1, 59, 29}, Rect{}, Rect{60, 1, 60, 29}, false},
		{screen{w: 200, h: 32, editor: true}, false, Rect{0, 1, 119, 29}, Rect{}, Rect{120, 1, 80, 29}, false},
		{screen{w: 90, h: 20, editor: true}, false, Rect{0, 1, 29, 17}, Rect{}, Rect{30, 1, 60, 17}, false},
		// ...covers the board, never half of it, when the preview is beside it...
		{screen{w: 120, h: 32, preview: true, editor: true}, false, Rect{0, 1, 71, 29}, Rect{72, 1, 48, 29}, Rect{0, 1, 71, 29}, true},
		// ...and takes the screen when it is narrow.
		{screen{w: 40, h: 12, editor: true}, false, Rect{0, 1, 40, 9}, Rect{}, Rect{0, 1, 40, 9}, true},
		{screen{w: 40, h: 12, preview: true, editor: true}, false, Rect{0, 1, 40, 9}, Rect{}, Rect{0, 1, 40, 9}, true},
		{screen{w: 88, h: 20, editor: true}, false, Rect{0, 1, 88, 17}, Rect{}, Rect{0, 1, 88, 17}, true},
	} {
		l := layout(tt.s)
		if l.Overlay != tt.overlay || l.Board != tt.board || l.Preview != tt.preview || l.Editor != tt.editor || l.Covered != tt.covered {
			t.Errorf("%+v: overlay %v board %v preview %v editor %v covered %v", tt.s, l.Overlay, l.Board, l.Preview, l.Editor, l.Covered)
		}
	}
}

// TestOverlaysClearTheColumnsTheyCut opens the F form, the section menu and
// the links panel over a board of long cards: on the rows of each box,
// nothing of a column it cuts shows beside it (no "…" of a cut card, no
// border of a cut column).
func TestOverlaysClearTheColumnsTheyCut(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]string{{"F"}, {"tab", "s"}, {"tab", "L"}} {
		d := longNews(30)
		for i := range d.Sections[0].Items {
			d.Sections[0].Items[i].Blurb += " A blurb long enough to be cut on its card."
		}
		m := newModel(t, d, nil, 120, 32)
		send(t, m, keys...)
		lines := strings.Split(plain(m), "\n")
		top, bottom := -1, -1
		for i, l := range lines {
			if strings.Contains(l, "╭─ Issue fields") || strings.Contains(l, "╭─ Section") || strings.Contains(l, "╭─ Links of") {
				top = i
			}
			if top >= 0 && bottom < 0 && i > top && strings.Contains(l, "╰─") {
				bottom = i
			}
		}
		if top < 0 || bottom < 0 {
			t.Fatalf("%v: no box on the screen:\n%s", keys, strings.Join(lines, "\n"))
		}
		head := []rune(lines[top])
		x, x2 := slices.Index(head, '╭'), slices.Index(head, '╮')
		spans := m.board.Spans()
		from, to := x, x2+1
		for _, sp := range spans {
			if sp[0] <= x && x < sp[1] {
				from = sp[0]
			}
			if sp[0] <= x2 && x2 < sp[1] {
				to = sp[1]
			}
		}
		for _, l := range lines[top : bottom+1] {
			cells := []rune(l)
			if beside := string(cells[from:x]) + string(cells[x2+1:min(to, len(cells))]); strings.TrimSpace(beside) != "" {
				t.Errorf("%v: what is left of the cut columns shows beside the box: %q\n%s", keys, beside, l)
			}
		}
	}
}
