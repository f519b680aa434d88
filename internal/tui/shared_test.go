package tui

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/weekly-dev/weekly/internal/live/livetest"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/preview"
)

// sharedBoards opens d at a live.Hub and seats a board for each name.
func sharedBoards(t *testing.T, d *draft.Draft, names ...string) (*live.Hub, []*Model) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "520.json")
	if err := store.Create(path, d); err != nil {
		t.Fatal(err)
	}
	clock := &livetest.Clock{}
	h, err := live.Open(path, "test", live.Config{After: clock.After})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	var ms []*Model
	for _, name := range names {
		s, err := h.Join(name)
		if err != nil {
			t.Fatal(err)
		}
		m := New(s, nil, WithClock(func() time.Time { return time.Date(2024, 5, 5, 12, 0, 0, 0, time.UTC) }), withPreview(testPreview()), Served())
		rigs.Store(m, &rig{hub: h, clock: clock, path: path})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
		ms = append(ms, m)
	}
	return h, ms
}

func selectedID(m *Model) string {
	if it := m.Board().Selected(); it != nil {
		return it.ID
	}
	return ""
}

func layoutNow(m *Model) string {
	var s string
	m.Document().Read(func(d *draft.Draft, _ *doc.Counts) { s = tuitest.Cols(d) })
	return s
}

// TestSharedBoardsKeepTheirOwnState runs two boards on one draft: each
// keeps its selection, carried card and open editor through the other's
// changes, sees where the other is, cannot open the blurb the other is
// writing, and undoes only its own changes.
func TestSharedBoardsKeepTheirOwnState(t *testing.T) {
	t.Parallel()
	_, ms := sharedBoards(t, threeCards(), "Ann", "Bob")
	ann, bob := ms[0], ms[1]

	send(t, bob, "j", "j") // Bob on "three"
	send(t, ann, "j")      // Ann on "two", and picks it up
	send(t, ann, "space")
	if !ann.Board().Carrying() {
		t.Fatal("Ann is not carrying the card")
	}
	send(t, bob, "g", "1", "j") // Bob sends "one" to News, then selects "three" again
	if got := selectedID(bob); got != "three" {
		t.Fatalf("Bob is on %q", got)
	}
	hear(ann)
	if !ann.Board().Carrying() {
		t.Fatal("Ann dropped her card when Bob moved another")
	}
	send(t, ann, "l", "l", "space") // Ann puts "two" down in Tools
	if got := tuitest.Cols(mustLoadDraft(t, ann)); got != "three | one | two" {
		t.Fatalf("layout %q", got)
	}
	hear(bob)
	if got := selectedID(bob); got != "three" {
		t.Fatalf("Bob's selection moved to %q with Ann's change", got)
	}
	if v := plain(ann); !strings.Contains(v, "@Bob") {
		t.Errorf("Ann does not see where Bob is:\n%s", v)
	}

	send(t, bob, "enter")
	typeText(t, bob, "Bob writes")
	send(t, ann, "h", "h") // Ann goes to the inbox, onto "three"
	hear(ann)
	if v := plain(ann); !strings.Contains(v, "✎Bob") || !strings.Contains(v, "Bob writes") {
		t.Errorf("Ann does not see Bob writing:\n%s", v)
	}
	send(t, ann, "enter")
	if !strings.Contains(plain(ann), "Bob is writing this blurb") || ann.focus == focusEditor {
		t.Fatalf("Ann opened the blurb Bob is writing:\n%s", plain(ann))
	}
	send(t, ann, "l", "0") // Ann sends "one" back to the inbox, under Bob's card
	hear(bob)
	typeText(t, bob, "!")
	if !bob.editor.IsOpen() || bob.editor.Value() != "Bob writes!" {
		t.Fatalf("Bob's editor holds %q", bob.editor.Value())
	}
	send(t, bob, "esc")

	before := layoutNow(ann)
	send(t, ann, "u") // undoes Ann's last move, not Bob's blurb
	if layoutNow(ann) == before {
		t.Fatalf("Ann's undo changed nothing: %s", before)
	}
	var blurb string
	ann.Document().Read(func(d *draft.Draft, _ *doc.Counts) {
		p, _ := d.Find("three")
		blurb = d.At(p).Blurb
	})
	if blurb != "Bob writes!" {
		t.Errorf("Bob's blurb is %q after Ann's undo", blurb)
	}
	if v := ann.fullHelp(120, 100); !strings.Contains(v, "Shared: @Name is where another editor is") {
		t.Errorf("the full help does not explain the names:\n%s", v)
	}
}

func mustLoadDraft(t *testing.T, m *Model) *draft.Draft {
	t.Helper()
	d, _ := m.Document().Snapshot()
	return d
}

// TestSharedBoardsRace drives boards in their own goroutines, as the
// programs of weekly serve run, each moving cards and drawing; run with
// -race.
func TestSharedBoardsRace(t *testing.T) {
	t.Parallel()
	_, ms := sharedBoards(t, writing(), "Ann", "Bob", "Cy")
	var wg sync.WaitGroup
	for i, m := range ms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys := []string{"j", "1", "k", "2", "l", "0", "u", "h", "J"}
			for n := range 60 {
				_, cmd := m.Update(tuitest.KeyMsg(keys[(n+i)%len(keys)]))
				_ = cmd
				_ = m.View()
				hear(m)
			}
		}()
	}
	wg.Wait()
	d, _ := ms[0].Document().Snapshot()
	n := len(d.Inbox)
	for _, s := range d.Sections {
		n += len(s.Items)
	}
	if n == 0 {
		t.Fatal("every card is gone")
	}
}

// TestTwoEditorsOneDocument puts two models on one draft, as weekly
// serve does: a card ann sends to News shows on bob's board, bob's
// selection stays on his card, and each undoes only their own change.
func TestTwoEditorsOneDocument(t *testing.T) {
	t.Parallel()
	_, ms := sharedBoards(t, threeCards(), "ann", "bob")
	ann, bob := ms[0], ms[1]
	send(t, bob, "j", "j") // bob selects "three"
	send(t, ann, "1")      // ann sends "one" to News
	hear(bob)
	if got := tuitest.Cols(bob.Draft()); got != "two three | one | " {
		t.Fatalf("bob's draft %q", got)
	}
	if it := bob.Board().Selected(); it == nil || it.ID != "three" {
		t.Fatalf("bob's selection moved to %v", it)
	}
	if v := plain(bob); !strings.Contains(v, "News · 1") {
		t.Fatalf("bob's board shows ann's move:\n%s", v)
	}
	send(t, bob, "2") // bob sends "three" to Tools
	hear(ann)
	send(t, ann, "u")
	if got := tuitest.Cols(ann.Draft()); got != "one two |  | three" {
		t.Fatalf("ann's undo takes back only her move: %q", got)
	}
	// bob's later move of ann's card blocks ann's undo of it.
	send(t, ann, "ctrl+r")
	hear(bob)
	send(t, bob, "tab", "j")
	bob.seat.Lock()
	_, err := bob.Document().Apply("bob", draft.Op{Kind: draft.OpMove, Item: draft.Item{ID: "one"}, To: draft.Pos{Col: 2, Index: 9}})
	bob.seat.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	hear(ann)
	send(t, ann, "u")
	if v := plain(ann); !strings.Contains(v, "cannot undo: bob changed the same cards or sections since") {
		t.Fatalf("ann's undo after bob moved her card:\n%s", v)
	}
}

// TestServedPreviewsShareTheirRenders opens the preview on two boards of
// one served draft whose previews share a cache, as weekly serve's do: the
// second shows the same issue, and glamour renders nothing more for it.
func TestServedPreviewsShareTheirRenders(t *testing.T) {
	t.Parallel()
	path := openDraft(t, bigDraft(200))
	h, err := live.Open(path, "test", live.Config{After: (&livetest.Clock{}).After})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	cache := preview.NewCache(0)
	var views []string
	var first int64
	for _, name := range []string{"ann", "bob"} {
		s, err := h.Join(name)
		if err != nil {
			t.Fatal(err)
		}
		m := New(s, nil, withPreview(testPreview()), WithPreviewCache(cache), Served())
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
		_, cmd := m.Update(tea.KeyPressMsg{Code: 'p', Text: "p"})
		settle(t, m, cmd)
		views = append(views, ansi.Strip(m.preview.View()))
		if first == 0 {
			first = cache.Renders()
		}
	}
	if !strings.Contains(views[0], "Post number") || views[1] != views[0] {
		t.Fatalf("the two previews differ, or show no card:\n%s\n---\n%s", views[0], views[1])
	}
	if first == 0 || cache.Renders() != first {
		t.Errorf("the first board's preview rendered %d times, both %d: the second should take all from the cache", first, cache.Renders())
	}
}
