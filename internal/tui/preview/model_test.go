package preview

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// testDebounce keeps tests quick; the commands still go through tea.Tick.
const testDebounce = 5 * time.Millisecond

func newTestModel(w, h int) Model {
	cfg := DefaultConfig()
	cfg.Debounce = testDebounce
	cfg.Style = "notty"
	m := New(styles.New(true), cfg)
	m.SetSize(w, h)
	return m
}

// settle runs cmd and feeds what it returns back into the model, as the
// Bubble Tea runtime would, until no command is left.
func settle(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	for i := 0; cmd != nil; i++ {
		if i > 1000 {
			t.Fatal("the preview keeps returning commands")
		}
		m, cmd = m.Update(cmd())
	}
	return m
}

// plainView is the View without colours and trailing spaces.
func plainView(m Model) string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func press(k string) tea.KeyPressMsg {
	switch k {
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	}
	return tea.KeyPressMsg{Code: rune(k[0]), Text: k}
}

func TestDebounceRendersOnceAfterTheLastChange(t *testing.T) {
	t.Parallel()
	m := newTestModel(60, 20)
	d := smallIssue()
	first := m.SetDraft(d)
	d.Intro = "A newer intro."
	second := m.SetDraft(d)
	if first == nil || second == nil {
		t.Fatal("SetDraft returned no debounce command")
	}

	// The first quiet period ends after the second change: nothing to do.
	m, cmd := m.Update(first())
	if cmd != nil {
		t.Fatal("a debounce superseded by a later change started a render")
	}
	if !strings.Contains(plainView(m), "Rendering the issue") {
		t.Fatalf("before any render the pane should say so:\n%s", plainView(m))
	}
	m, cmd = m.Update(second())
	if cmd == nil {
		t.Fatal("the last debounce did not start a render")
	}
	m, _ = m.Update(cmd())
	if v := plainView(m); !strings.Contains(v, "A newer intro.") {
		t.Fatalf("the preview does not show the latest intro:\n%s", v)
	}
}

func TestStaleRenderIsDropped(t *testing.T) {
	t.Parallel()
	m := newTestModel(60, 40)
	d := smallIssue()
	d.Intro = "The old intro."
	m, oldRender := m.Update(m.SetDraft(d)())
	if oldRender == nil {
		t.Fatal("no render command")
	}
	// The render is still running when the intro changes again.
	d.Intro = "The new intro."
	m = settle(t, m, m.SetDraft(d))
	if v := plainView(m); !strings.Contains(v, "The new intro.") {
		t.Fatalf("the new render is not shown:\n%s", v)
	}
	// Now the old render finishes, after the new one.
	m, cmd := m.Update(oldRender())
	if cmd != nil {
		t.Error("a stale render returned a command")
	}
	if v := plainView(m); strings.Contains(v, "The old intro.") || !strings.Contains(v, "The new intro.") {
		t.Fatalf("a stale render replaced a newer one:\n%s", v)
	}
}

func TestRenderArrivingBeforeANewerOneIsDropped(t *testing.T) {
	t.Parallel()
	m := newTestModel(60, 40)
	d := smallIssue()
	m = settle(t, m, m.SetDraft(d))
	d.Intro = "Typed while rendering."
	m, render := m.Update(m.SetDraft(d)())
	msg := render()
	d.Intro = "Typed later still."
	pending := m.SetDraft(d)
	m, _ = m.Update(msg) // the render for "Typed while rendering." is stale now
	if v := plainView(m); strings.Contains(v, "Typed while rendering.") || !strings.Contains(v, "updating…") {
		t.Fatalf("a render older than the latest change is shown, or the pane does not say it is updating:\n%s", v)
	}
	m = settle(t, m, pending)
	if v := plainView(m); !strings.Contains(v, "Typed later still.") || strings.Contains(v, "updating…") {
		t.Fatalf("the latest change is not shown:\n%s", v)
	}
}

func TestMessagesOfAnotherPreviewAreIgnored(t *testing.T) {
	t.Parallel()
	a, b := newTestModel(60, 20), newTestModel(60, 20)
	d := smallIssue()
	cmdA, cmdB := a.SetDraft(d), b.SetDraft(d)
	if _, cmd := b.Update(cmdA()); cmd != nil {
		t.Error("a preview acted on another preview's debounce")
	}
	b, render := b.Update(cmdB())
	msg := render()
	a.SetDraft(d) // a's generation is now what b's render carries
	if a, _ = a.Update(msg); a.ready {
		t.Error("a preview showed another preview's render")
	}
}

// TestEditsKeepTheCacheToItsBound edits a blurb many times: every edit
// leaves its render in the cache, which drops the least recently used once
// it holds more than its bound, and the preview shows the last edit.
func TestEditsKeepTheCacheToItsBound(t *testing.T) {
	t.Parallel()
	const bound = 64 << 10
	cfg := DefaultConfig()
	cfg.Debounce = testDebounce
	cfg.Style = "dark"
	cfg.Cache = NewCache(bound)
	m := New(styles.New(true), cfg)
	m.SetSize(60, 20)
	m.ShowItem("n1")
	d := smallIssue()
	m = settle(t, m, m.SetDraft(d))
	for i := range 100 {
		d.Sections[1].Items[0].Blurb = fmt.Sprintf("Edited %d times, at some length so that each render takes room in the cache.", i+1)
		m = settle(t, m, m.SetDraft(d))
		if size := cfg.Cache.Size(); size > bound {
			t.Fatalf("after %d edits the cache holds %d bytes, more than its bound of %d", i+1, size, bound)
		}
	}
	if v := plainView(m); !strings.Contains(v, "Edited 100 times") {
		t.Fatalf("the last edit is not shown:\n%s", v)
	}
}

func TestShowItem(t *testing.T) {
	t.Parallel()
	m := newTestModel(60, 12)
	d := smallIssue()
	m.ShowItem("t2") // before the first render: applied when it lands
	m = settle(t, m, m.SetDraft(d))
	if v := plainView(m); !strings.Contains(v, "skopeo") {
		t.Fatalf("item t2 is not in view after the render:\n%s", v)
	}
	m.ShowItem("sponsor")
	if v := plainView(m); !strings.Contains(v, "DAST is dead!") || strings.Contains(v, "skopeo") {
		t.Fatalf("ShowItem did not scroll back up to the sponsor:\n%s", v)
	}
	top := m.vp.YOffset()
	m.ShowItem("sponsor") // already in view: nothing moves
	if m.vp.YOffset() != top {
		t.Errorf("showing an item in view scrolled from line %d to %d", top, m.vp.YOffset())
	}
	d.Inbox = append(d.Inbox, draft.Item{ID: "inbox1", Blurb: "Not placed yet."})
	m = settle(t, m, m.SetDraft(d))
	m.ShowItem("inbox1")
	if m.vp.YOffset() != top {
		t.Errorf("showing an inbox item scrolled from line %d to %d", top, m.vp.YOffset())
	}
	// The item stays in view while its blurb grows.
	m.ShowItem("t1")
	d.Sections[2].Items[0].Blurb = strings.Repeat("A much longer blurb now. ", 12) + "THE END."
	m = settle(t, m, m.SetDraft(d))
	if v := plainView(m); !strings.Contains(v, "THE END.") {
		t.Fatalf("the followed item left the view as it grew:\n%s", v)
	}
	// In the text mode too.
	m = settle(t, m, m.SetMode(Plain))
	m.ShowItem("n2")
	if v := plainView(m); !strings.Contains(v, "https://news.ycombinator.com/item?id=39706925") {
		t.Fatalf("item n2 is not in view in the text mode:\n%s", v)
	}
}

func TestKeysAndWheelOnlyWhenFocused(t *testing.T) {
	t.Parallel()
	m := newTestModel(60, 10)
	m = settle(t, m, m.SetDraft(smallIssue()))
	wheel := tea.MouseWheelMsg{Button: tea.MouseWheelDown}
	for _, msg := range []tea.Msg{press("down"), press("j"), wheel, press("end")} {
		if m, _ = m.Update(msg); m.vp.YOffset() != 0 {
			t.Fatalf("%v scrolled the pane without the focus", msg)
		}
	}
	m.Focus()
	if m, _ = m.Update(press("j")); m.vp.YOffset() != 1 {
		t.Errorf("j scrolled to line %d, want 1", m.vp.YOffset())
	}
	if m, _ = m.Update(wheel); m.vp.YOffset() != 4 {
		t.Errorf("the wheel scrolled to line %d, want 4", m.vp.YOffset())
	}
	if m, _ = m.Update(press("end")); !m.vp.AtBottom() {
		t.Error("end did not scroll to the bottom")
	}
	if m, _ = m.Update(press("g")); m.vp.YOffset() != 0 {
		t.Error("g did not scroll to the top")
	}
	m.Blur()
	if m, _ = m.Update(press("j")); m.vp.YOffset() != 0 {
		t.Error("j scrolled the pane after Blur")
	}
}

func TestModeKeyShowsTheTextEmail(t *testing.T) {
	t.Parallel()
	m := newTestModel(100, 40)
	d := smallIssue()
	m = settle(t, m, m.SetDraft(d))
	m.Focus()
	m, cmd := m.Update(press("m"))
	if m.Mode() != Plain || cmd == nil {
		t.Fatalf("m did not switch to the text mode (mode %v, command %v)", m.Mode(), cmd != nil)
	}
	m = settle(t, m, cmd)
	v := plainView(m)
	for _, want := range []string{"Preview · text", "DEVOPS WEEKLY", "ISSUE #519 - 6th December 2020", "News\n====", "https://www.figma.com/blog/how-figmas-databases-team-lived-to-tell-the-scale/"} {
		if !strings.Contains(v, want) {
			t.Errorf("the text mode does not show %q:\n%s", want, v)
		}
	}
	m = settle(t, m, m.SetMode(Rendered))
	if v := plainView(m); !strings.Contains(v, "# DevOps Weekly #519") {
		t.Fatalf("switching back does not show the rendered issue:\n%s", v)
	}
}

func TestSizeAndStyleChanges(t *testing.T) {
	t.Parallel()
	m := newTestModel(60, 20)
	m = settle(t, m, m.SetDraft(smallIssue()))
	if cmd := m.SetSize(60, 30); cmd != nil {
		t.Error("a new height alone asked for a render")
	}
	if cmd := m.SetDark(false); cmd != nil {
		t.Error("SetDark asked for a render while Config.Style pins the style")
	}
	m = settle(t, m, m.SetSize(100, 30))
	for i, l := range m.doc.layout().lines {
		if w := ansi.StringWidth(l); w > 100 {
			t.Fatalf("line %d is %d wide in a 100-wide pane", i+1, w)
		}
	}
	if v := plainView(m); !strings.Contains(v, "A post on the pitfalls of **platform engineering** teams, including the") {
		t.Fatalf("the wider render is not shown:\n%s", v)
	}

	u := New(styles.New(true), Config{KeyMap: DefaultKeyMap(), Debounce: testDebounce})
	u.SetSize(60, 20)
	u = settle(t, u, u.SetDraft(smallIssue()))
	dark := u.doc.text()
	u = settle(t, u, u.SetDark(false))
	if u.doc.text() == dark {
		t.Error("SetDark(false) did not render in the light style")
	}
	if want := whole(t, smallIssue(), 60, "light"); u.doc.text() != want {
		t.Error("the light render is not glamour's light style")
	}
}

func TestTooNarrow(t *testing.T) {
	t.Parallel()
	m := newTestModel(6, 5)
	if cmd := m.SetDraft(smallIssue()); cmd != nil {
		t.Error("a pane too narrow to render asked for a render")
	}
	if v := plainView(m); !strings.Contains(v, "Too") {
		t.Errorf("a too narrow pane does not say so:\n%s", v)
	}
}

// TestViewGolden keeps the pane as it looks at two sizes, in both modes,
// focused, scrolled to the second section.
func TestViewGolden(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{60, 20}, {100, 30}} {
		for _, mode := range []Mode{Rendered, Plain} {
			t.Run(fmt.Sprintf("%dx%d/%s", size[0], size[1], mode), func(t *testing.T) {
				t.Parallel()
				m := newTestModel(size[0], size[1])
				m.Focus()
				m.SetMode(mode)
				m.ShowItem("n1")
				m = settle(t, m, m.SetDraft(smallIssue()))
				v := m.View()
				if h := strings.Count(v, "\n") + 1; h != size[1] {
					t.Errorf("the view is %d lines high, want %d", h, size[1])
				}
				for i, l := range strings.Split(v, "\n") {
					if w := ansi.StringWidth(l); w != size[0] {
						t.Errorf("line %d is %d wide, want %d", i+1, w, size[0])
					}
				}
				golden.RequireEqual(t, v)
			})
		}
	}
}

// TestViewHoldsNoHyperlink: glamour wraps every link in an OSC 8
// hyperlink; the preview draws the URL as text and sends no OSC at all,
// whatever the draft's links hold.
func TestViewHoldsNoHyperlink(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"plain line", "plain line"},
		{"a \x1b]8;;https://x.example/\x07link\x1b]8;;\x07 b", "a link b"},
		{"st \x1b]8;id=1;https://x.example/\x1b\\text\x1b]8;;\x1b\\ end", "st text end"},
		{"cut \x1b]8;;https://x.example/", "cut "},
	} {
		if got := dropHyperlinks(c.in); got != c.want {
			t.Errorf("dropHyperlinks(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
