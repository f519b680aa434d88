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
	// A little over partMin items: the first frame is made of a part, and
	// the issue is some 2,500 lines at this width, far more than the near
	// screens either way of the view.
	const n, width, height = partMin + 100, 60, 20
	d := bigIssue(n)
	for _, mode := range []Mode{Rendered, Plain} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			want, err := newCache().run(job{draft: d, width: width, style: "notty", mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if mode == Rendered {
				requireSame(t, want.text(), whole(t, d, width, "notty"))
			}
			for _, follow := range []int{-1, n * 4 / 5} {
				t.Run(fmt.Sprint(follow), func(t *testing.T) {
					t.Parallel()
					checkLargeIssue(t, d, n, mode, follow, want, width, height)
				})
			}
		})
	}
}

// checkLargeIssue opens the preview of d, an issue of n items, in the
// mode, following item follow (none when it is negative), and checks its
// first frame, the fill and the end against want, the whole render.
func checkLargeIssue(t *testing.T, d *draft.Draft, n int, mode Mode, follow int, want layout, width, height int) {
	t.Helper()
	m := newTestModel(width, height+1)
	m.SetMode(mode)
	item := ""
	if follow >= 0 {
		m.ShowItem(fmt.Sprintf("item%03d", follow))
		item = fmt.Sprintf("Item %d:", follow)
	}
	what := fmt.Sprintf("%v, follow %d", mode, follow)
	cmd := m.SetDraft(d)
	m, cmd = m.Update(cmd()) // the quiet period is over
	m, cmd = m.Update(cmd()) // the first frame
	if m.doc == nil || m.doc.whole == nil {
		t.Fatalf("%s: the first frame of a %d-item issue is not made of the part in view", what, n)
	}
	if r := renderedGroups(m.doc); r > 6*height {
		t.Errorf("%s: the first frame rendered %d groups for a %d-line view", what, r, height)
	}
	first := plainView(m)
	if item != "" && !strings.Contains(first, item) {
		t.Fatalf("%s: the first frame does not show the item:\n%s", what, first)
	}
	if item == "" && !strings.Contains(strings.ToUpper(first), "DEVOPS WEEKLY") {
		t.Fatalf("the first frame does not show the top of the issue:\n%s", first)
	}
	m = settle(t, m, cmd)
	if m.doc.whole != nil {
		t.Fatalf("%s: the whole issue was not swapped in", what)
	}
	// Near the view only: the rest keeps its estimated heights.
	if r := renderedGroups(m.doc); r > 2*(2*nearScreens+2)*height {
		t.Errorf("%s: %d groups rendered after the commands ran out, for a %d-line view", what, r, height)
	}
	if m.doc.unknown < len(m.doc.groups)/2 {
		t.Errorf("%s: %d of %d groups have exact heights: the fill went far from the view", what, len(m.doc.groups)-m.doc.unknown, len(m.doc.groups))
	}
	requireViewIs(t, m, want, what)
	if v := plainView(m); item != "" && !strings.Contains(v, item) {
		t.Errorf("%s: the item left the view while the rest filled in:\n%s", what, v)
	}
	// Scrolling far renders what comes into view; End shows the end.
	m.Focus()
	m, cmd = m.Update(press("end"))
	if cmd == nil {
		t.Fatal("scrolling to a part whose lines were dropped asked for no render")
	}
	m = settle(t, m, cmd)
	end := d.Sections[len(d.Sections)-1].Items
	last := "Item " + strings.TrimLeft(strings.TrimPrefix(end[len(end)-1].ID, "item"), "0") + ":"
	if v := plainView(m); !strings.Contains(v, last) {
		t.Fatalf("%s: the end of the issue (%s) is not shown after scrolling there:\n%s", what, last, v)
	}
	top := m.vp.YOffset()
	for i := range height {
		got, _ := m.doc.line(top + i)
		if w := want.lines[len(want.lines)-height+i]; got != w {
			t.Fatalf("%s: after End, line %d of the view is %q, the whole render's is %q", what, i, ansi.Strip(got), ansi.Strip(w))
		}
	}
	requireViewIs(t, m, want, what+", at the end")
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
