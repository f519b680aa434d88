package preview

import (
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// sharedModel returns a preview of w×h that keeps its renders in c.
func sharedModel(c *Cache, w, h int) Model {
	cfg := DefaultConfig()
	cfg.Debounce = testDebounce
	cfg.Style = "notty"
	cfg.Cache = c
	m := New(styles.New(true), cfg)
	m.SetSize(w, h)
	return m
}

// requireViewRendered fails when a group in view has no rendered lines.
func requireViewRendered(t *testing.T, m Model, what string) {
	t.Helper()
	top, h := m.vp.YOffset(), m.vp.Height()
	for i := max(m.doc.group(top), 0); i < len(m.doc.groups) && m.doc.starts[i] < top+h; i++ {
		if m.doc.pieces[i].lines == nil && !m.doc.groups[i].pseudo {
			t.Fatalf("%s: group %d is in view and not rendered", what, i)
		}
	}
}

// TestPreviewRendersWhatCanBeSeen opens the preview on a long issue and
// counts glamour's renders: the first frame and the screens near it are
// rendered, then nothing more until the view moves; paging down renders
// what comes near, a screen's worth at a time, and G renders the end.
func TestPreviewRendersWhatCanBeSeen(t *testing.T) {
	t.Parallel()
	const n, w, h = 3000, 60, 21
	c := NewCache(0)
	m := sharedModel(c, w, h)
	m = settle(t, m, m.SetDraft(bigIssue(n)))
	requireViewRendered(t, m, "opened")
	// An item takes 5 lines at this width: the view and nearScreens
	// either way hold some 40 items, and learning the renderer's frame
	// takes a few renders more.
	opened := c.Renders()
	if limit := int64((2*nearScreens + 2) * h / 5 * 2); opened > limit {
		t.Fatalf("opening the preview on %d items rendered %d times, more than %d", n, opened, limit)
	}
	m.Focus()
	for range 10 {
		m = settle(t, m, keyCmd(&m, "f"))
		requireViewRendered(t, m, "paged down")
	}
	// Ten screens down, each new screen some 4 items.
	if paged := c.Renders() - opened; paged > 10*h/5+h/5 || paged < 10*h/5/2 {
		t.Errorf("paging down ten screens rendered %d times", paged)
	}
	before := c.Renders()
	m = settle(t, m, keyCmd(&m, "G"))
	requireViewRendered(t, m, "at the end")
	if end := c.Renders() - before; end > opened {
		t.Errorf("G rendered %d times, more than opening (%d)", end, opened)
	}
	if total := c.Renders(); total > n/10 {
		t.Errorf("%d renders for %d items, after looking at a dozen screens", total, n)
	}
}

// keyCmd sends the key to m and returns the command Update gave.
func keyCmd(m *Model, k string) tea.Cmd {
	var cmd tea.Cmd
	*m, cmd = m.Update(press(k))
	return cmd
}

// TestSharedCacheRendersEachBlockOnce opens previews of one draft sharing
// a cache, one after the other and then at once: the first renders what it
// shows, the others take it from the cache.
func TestSharedCacheRendersEachBlockOnce(t *testing.T) {
	t.Parallel()
	const boards = 4
	d := bigIssue(300)
	c := NewCache(0)
	first := sharedModel(c, 80, 30)
	first = settle(t, first, first.SetDraft(d))
	once := c.Renders()
	for i := 1; i < boards; i++ {
		m := sharedModel(c, 80, 30)
		m = settle(t, m, m.SetDraft(d))
		if plainView(m) != plainView(first) {
			t.Fatalf("board %d shows another view:\n%s\nthe first:\n%s", i, plainView(m), plainView(first))
		}
	}
	if again := c.Renders() - once; again != 0 {
		t.Errorf("%d more boards on the draft rendered %d times more; the first rendered %d", boards-1, again, once)
	}

	// At once, at another width: one render of each block, and a few
	// renders more for each renderer learning its frame.
	c2 := NewCache(0)
	var wg sync.WaitGroup
	views := make([]string, boards)
	for i := range boards {
		wg.Go(func() {
			m := sharedModel(c2, 70, 30)
			cmd := m.SetDraft(d)
			for cmd != nil {
				m, cmd = m.Update(cmd())
			}
			views[i] = plainView(m)
		})
	}
	wg.Wait()
	alone := NewCache(0)
	m := sharedModel(alone, 70, 30)
	m = settle(t, m, m.SetDraft(d))
	for i, v := range views {
		if v != plainView(m) {
			t.Fatalf("board %d, opened at once with the others, shows another view:\n%s\nalone:\n%s", i, v, plainView(m))
		}
	}
	if got, one := c2.Renders(), alone.Renders(); got > one+boards*8 {
		t.Errorf("%d boards opened at once rendered %d times; one alone renders %d", boards, got, one)
	}
}
