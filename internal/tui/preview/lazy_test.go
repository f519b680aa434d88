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
// around the followed item, and once the rest is filled in the lines in
// view, the height and the item's place are those of the whole-document
// render.
func TestLargeIssueOpensAroundTheViewAndFillsIn(t *testing.T) {
	t.Parallel()
	const n, width, height = 1500, 60, 20
	d := bigIssue(n)
	rendered := strings.Split(whole(t, d, width, "notty"), "\n")
	text, _, err := newCache().run(job{draft: d, width: width, mode: Plain})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode   Mode
		follow string
		want   []string
	}{
		{Rendered, "", rendered}, {Rendered, "item1200", rendered},
		{Plain, "", text.lines}, {Plain, "item1200", text.lines},
	} {
		checkLargeIssue(t, d, tc.mode, tc.follow, tc.want, width, height)
	}
}

func checkLargeIssue(t *testing.T, d *draft.Draft, mode Mode, follow string, wantLines []string, width, height int) {
	t.Helper()
	const n = 1500
	{
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
		rendered := 0
		for _, p := range m.doc.pieces {
			if p.lines != nil {
				rendered++
			}
		}
		if rendered > 6*height {
			t.Errorf("%v, follow %q: the first frame rendered %d groups for a %d-line view", mode, follow, rendered, height)
		}
		first := plainView(m)
		if follow != "" && !strings.Contains(first, "Item 1200:") {
			t.Fatalf("%v, follow %q: the first frame does not show the item:\n%s", mode, follow, first)
		}
		if follow == "" && !strings.Contains(strings.ToUpper(first), "DEVOPS WEEKLY") {
			t.Fatalf("the first frame does not show the top of the issue:\n%s", first)
		}
		m = settle(t, m, cmd)
		if m.doc.whole != nil || m.doc.unknown != 0 {
			t.Fatalf("%v, follow %q: not all filled in after the commands ran out", mode, follow)
		}
		if got := m.doc.total(); got != len(wantLines) {
			t.Errorf("%v, follow %q: %d lines, the whole render has %d", mode, follow, got, len(wantLines))
		}
		top := m.vp.YOffset()
		for i := top; i < top+height; i++ {
			got, _ := m.doc.line(i)
			if got != wantLines[i] {
				t.Fatalf("%v, follow %q: line %d is %q, the whole render's is %q", mode, follow, i, ansi.Strip(got), ansi.Strip(wantLines[i]))
			}
		}
		if v := plainView(m); follow != "" && !strings.Contains(v, "Item 1200:") {
			t.Errorf("%v, follow %q: the item left the view while the rest filled in:\n%s", mode, follow, v)
		}
		// Far from the view, only heights are kept; scrolling there
		// renders it again, first.
		m.Focus()
		m, cmd = m.Update(press("end"))
		if cmd == nil {
			t.Fatal("scrolling to a part whose lines were dropped asked for no render")
		}
		m = settle(t, m, cmd)
		if v := plainView(m); !strings.Contains(v, "Item 1499:") {
			t.Fatalf("%v, follow %q: the end of the issue is not shown after scrolling there:\n%s", mode, follow, v)
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
