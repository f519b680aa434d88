package preview

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/draft"
)

// TestLargeIssueOpensAroundTheViewAndFillsIn opens the preview on an issue
// too long to render for the first frame: the first frame shows the part
// around the followed item; once the commands run out, only the groups
// near the view are rendered, and the lines in view are those of the
// whole-document render at the same place, also at the end of the issue.
func TestLargeIssueOpensAroundTheViewAndFillsIn(t *testing.T) {
	t.Parallel()
	const n, width, height = 1500, 60, 20
	d := bigIssue(n)
	for _, mode := range []Mode{Rendered, Plain} {
		want, err := newCache().run(job{draft: d, width: width, style: "notty", mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if mode == Rendered {
			requireSame(t, want.text(), whole(t, d, width, "notty"))
		}
		for _, follow := range []string{"", "item1200"} {
			checkLargeIssue(t, d, mode, follow, want, width, height)
		}
	}
}

func checkLargeIssue(t *testing.T, d *draft.Draft, mode Mode, follow string, want layout, width, height int) {
	t.Helper()
	const n = 1500
	m := newTestModel(width, height+1)
	m.SetMode(mode)
	if follow != "" {
		m.ShowItem(follow)
	}
	cmd := m.SetDraft(d)
	m, cmd = m.Update(cmd()) // the quiet period is over
	m, cmd = m.Update(cmd()) // the first frame
	if m.doc == nil || m.doc.whole == nil {
		t.Fatalf("%v, follow %q: the first frame of a %d-item issue is not made of the part in view", mode, follow, n)
	}
	if r := renderedGroups(m.doc); r > 6*height {
		t.Errorf("%v, follow %q: the first frame rendered %d groups for a %d-line view", mode, follow, r, height)
	}
	first := plainView(m)
	if follow != "" && !strings.Contains(first, "Item 1200:") {
		t.Fatalf("%v, follow %q: the first frame does not show the item:\n%s", mode, follow, first)
	}
	if follow == "" && !strings.Contains(strings.ToUpper(first), "DEVOPS WEEKLY") {
		t.Fatalf("the first frame does not show the top of the issue:\n%s", first)
	}
	m = settle(t, m, cmd)
	if m.doc.whole != nil {
		t.Fatalf("%v, follow %q: the whole issue was not swapped in", mode, follow)
	}
	// Near the view only: the rest keeps its estimated heights.
	if r := renderedGroups(m.doc); r > 2*(2*nearScreens+2)*height {
		t.Errorf("%v, follow %q: %d groups rendered after the commands ran out, for a %d-line view", mode, follow, r, height)
	}
	if m.doc.unknown < len(m.doc.groups)/2 {
		t.Errorf("%v, follow %q: %d of %d groups have exact heights: the fill went far from the view", mode, follow, len(m.doc.groups)-m.doc.unknown, len(m.doc.groups))
	}
	requireViewIs(t, m, want, fmt.Sprintf("%v, follow %q", mode, follow))
	if v := plainView(m); follow != "" && !strings.Contains(v, "Item 1200:") {
		t.Errorf("%v, follow %q: the item left the view while the rest filled in:\n%s", mode, follow, v)
	}
	// Scrolling far renders what comes into view; End shows the end.
	m.Focus()
	m, cmd = m.Update(press("end"))
	if cmd == nil {
		t.Fatal("scrolling to a part whose lines were dropped asked for no render")
	}
	m = settle(t, m, cmd)
	if v := plainView(m); !strings.Contains(v, "Item 1499:") {
		t.Fatalf("%v, follow %q: the end of the issue is not shown after scrolling there:\n%s", mode, follow, v)
	}
	top := m.vp.YOffset()
	for i := range height {
		got, _ := m.doc.line(top + i)
		if w := want.lines[len(want.lines)-height+i]; got != w {
			t.Fatalf("%v, follow %q: after End, line %d of the view is %q, the whole render's is %q", mode, follow, i, ansi.Strip(got), ansi.Strip(w))
		}
	}
	requireViewIs(t, m, want, fmt.Sprintf("%v, follow %q, at the end", mode, follow))
}

// renderedGroups returns how many of the doc's groups hold rendered lines.
func renderedGroups(d *doc) int {
	n := 0
	for _, p := range d.pieces {
		if p.lines != nil {
			n++
		}
	}
	return n
}

// requireViewIs fails unless the lines in view are those of the whole
// render at the same place: the lines that show the first item in view
// and the lines around them.
func requireViewIs(t *testing.T, m Model, want layout, what string) {
	t.Helper()
	top, h := m.vp.YOffset(), m.vp.Height()
	id := m.doc.itemAt(top)
	got, ok := m.doc.span(id)
	if !ok {
		t.Fatalf("%s: no item in view", what)
	}
	w := want.items[id]
	for i := top; i < top+h && i < m.doc.total(); i++ {
		j := w.start + i - got.start
		l, _ := m.doc.line(i)
		if j < 0 || j >= len(want.lines) || l != want.lines[j] {
			wl := ""
			if j >= 0 && j < len(want.lines) {
				wl = want.lines[j]
			}
			t.Fatalf("%s: line %d of the view is %q, the whole render's is %q", what, i-top, ansi.Strip(l), ansi.Strip(wl))
		}
	}
}

// TestModeSwitchKeepsThePlace switches between the modes after scrolling
// down: the item at the top stays in view, though its line differs.
func TestModeSwitchKeepsThePlace(t *testing.T) {
	t.Parallel()
	m := newTestModel(60, 12)
	d := bigIssue(60)
	m.ShowItem("item040")
	m = settle(t, m, m.SetDraft(d))
	m.Focus()
	m, _ = m.Update(press("j")) // the user scrolls: nothing followed
	if v := plainView(m); !strings.Contains(v, "Item 40:") {
		t.Fatalf("item 40 is not in view:\n%s", v)
	}
	id := m.doc.itemAt(m.vp.YOffset())
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "item"))
	want := fmt.Sprintf("Item %d:", n)
	for _, md := range []Mode{Plain, Rendered} {
		m = settle(t, m, m.SetMode(md))
		if v := plainView(m); !strings.Contains(v, want) {
			t.Errorf("after switching to %v, %q (at the top before) left the view:\n%s", md, want, v)
		}
	}
}
