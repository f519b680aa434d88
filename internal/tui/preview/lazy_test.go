package preview

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestLargeIssueOpensAroundTheViewAndFillsIn opens the preview on an issue
// too long to render for the first frame: the first frame shows the part
// around the followed item, and once the rest is filled in the lines in
// view, the height and the item's place are those of the whole-document
// render.
func TestLargeIssueOpensAroundTheViewAndFillsIn(t *testing.T) {
	t.Parallel()
	const n, width, height = 1500, 60, 20
	d := bigIssue(n)
	wantLines := strings.Split(whole(t, d, width, "notty"), "\n")

	for _, follow := range []string{"", "item1200"} {
		m := newTestModel(width, height+1)
		if follow != "" {
			m.ShowItem(follow)
		}
		cmd := m.SetDraft(d)
		m, cmd = m.Update(cmd()) // the quiet period is over
		m, cmd = m.Update(cmd()) // the first frame
		if m.doc == nil || m.doc.whole == nil {
			t.Fatalf("follow %q: the first frame of a %d-item issue is not made of the part in view", follow, n)
		}
		rendered := 0
		for _, p := range m.doc.pieces {
			if p.lines != nil {
				rendered++
			}
		}
		if rendered > 6*height {
			t.Errorf("follow %q: the first frame rendered %d groups for a %d-line view", follow, rendered, height)
		}
		first := plainView(m)
		if follow != "" && !strings.Contains(first, "Item 1200:") {
			t.Fatalf("follow %q: the first frame does not show the item:\n%s", follow, first)
		}
		if follow == "" && !strings.Contains(first, "DevOps Weekly #700") {
			t.Fatalf("the first frame does not show the top of the issue:\n%s", first)
		}
		m = settle(t, m, cmd)
		if m.doc.whole != nil || m.doc.unknown != 0 {
			t.Fatalf("follow %q: not all filled in after the commands ran out", follow)
		}
		if got := m.doc.total(); got != len(wantLines) {
			t.Errorf("follow %q: %d lines, the whole render has %d", follow, got, len(wantLines))
		}
		top := m.vp.YOffset()
		for i := top; i < top+height; i++ {
			got, _ := m.doc.line(i)
			if got != wantLines[i] {
				t.Fatalf("follow %q: line %d is %q, the whole render's is %q", follow, i, ansi.Strip(got), ansi.Strip(wantLines[i]))
			}
		}
		if v := plainView(m); follow != "" && !strings.Contains(v, "Item 1200:") {
			t.Errorf("follow %q: the item left the view while the rest filled in:\n%s", follow, v)
		}
		// Far from the view, only heights are kept; scrolling there
		// renders it again, first.
		m.Focus()
		m, cmd = m.Update(press("end"))
		if cmd == nil {
			t.Fatal("scrolling to a part whose lines were dropped asked for no render")
		}
		m = settle(t, m, cmd)
		if v := plainView(m); !strings.Contains(v, "DevOps Weekly is a free weekly email.") {
			t.Fatalf("follow %q: the end of the issue is not shown after scrolling there:\n%s", follow, v)
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
