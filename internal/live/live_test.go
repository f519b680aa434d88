package live

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// open opens a hub on a draft of two inbox cards, a and b, and one section.
func open(t *testing.T) (*Hub, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "9.json")
	d := draft.New("Test Weekly", 9, "2024-03-24", []string{"News"})
	d.Inbox = []draft.Item{{ID: "a", Blurb: "First"}, {ID: "b", Blurb: "Second"}}
	if err := store.Save(path, d); err != nil {
		t.Fatal(err)
	}
	h, err := Open(path, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h, path
}

func join(t *testing.T, h *Hub, name string) *Seat {
	t.Helper()
	s, err := h.Join(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// apply makes a change as the seat's board does, with the turn held.
func apply(t *testing.T, s *Seat, ops ...draft.Op) {
	t.Helper()
	s.Lock()
	defer s.Unlock()
	if _, err := s.Document().Apply(s.Who(), ops...); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
	}
}

func load(t *testing.T, path string) *draft.Draft {
	t.Helper()
	d, err := store.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSeatsHearOthersNotThemselves(t *testing.T) {
	t.Parallel()
	h, _ := open(t)
	ann, bob := join(t, h, "Ann"), join(t, h, "Bob")
	ann.Take()
	bob.Take()
	apply(t, ann, draft.Op{Kind: draft.OpMove, From: draft.Pos{Col: 0, Index: 0}, To: draft.Pos{Col: 1, Index: 0}, Item: draft.Item{ID: "a"}})
	if n := ann.Take(); len(n.Changes) != 0 {
		t.Errorf("Ann hears of her own change: %+v", n.Changes)
	}
	n := bob.Take()
	if len(n.Changes) != 1 || n.Changes[0].Who != "Ann" {
		t.Fatalf("Bob hears %+v, want Ann's move", n.Changes)
	}
	select {
	case <-bob.wake:
	default:
		t.Error("Bob's seat was not woken")
	}
}

func TestSameNameTwiceUndoesApart(t *testing.T) {
	t.Parallel()
	h, _ := open(t)
	a1, a2 := join(t, h, "Ann"), join(t, h, "Ann")
	if a1.Who() == a2.Who() {
		t.Fatalf("two boards of Ann share the author %q", a1.Who())
	}
	apply(t, a1, draft.Op{Kind: draft.OpMove, From: draft.Pos{Col: 0, Index: 0}, To: draft.Pos{Col: 1, Index: 0}, Item: draft.Item{ID: "a"}})
	if _, err := h.Document().Undo(a2.Who()); err == nil {
		t.Error("the second board undid the first one's move")
	}
}

func TestPlacesAndClaims(t *testing.T) {
	t.Parallel()
	h, _ := open(t)
	ann, bob := join(t, h, "Ann"), join(t, h, "Bob")
	ann.Here(0, "a")
	bob.Here(1, "")
	if holder, ok := ann.Claim("a"); !ok {
		t.Fatalf("Ann is refused a free card, held by %q", holder)
	}
	if holder, ok := bob.Claim("a"); ok || holder != "Ann" {
		t.Fatalf("Bob claims Ann's card: %q, %v", holder, ok)
	}
	got := bob.Take().Others
	if len(got) != 1 || got[0] != (Place{Who: "Ann", Col: 0, Item: "a", Writing: true}) {
		t.Fatalf("Bob sees %+v", got)
	}
	if got := ann.Take().Others; len(got) != 1 || got[0] != (Place{Who: "Bob", Col: 1}) {
		t.Fatalf("Ann sees %+v", got)
	}
	ann.Leave()
	if _, ok := bob.Claim("a"); !ok {
		t.Error("the card Ann was writing stays held after she left")
	}
	if got := bob.Take().Others; len(got) != 0 {
		t.Errorf("Bob still sees %+v after Ann left", got)
	}
}

func TestSavesSoonAfterAChange(t *testing.T) {
	t.Parallel()
	h, path := open(t)
	ann := join(t, h, "Ann")
	apply(t, ann, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, Before: "First", After: "Changed"})
	waitFor(t, "the change saved", func() bool { return load(t, path).Inbox[0].Blurb == "Changed" })
}

func TestCloseSavesWhatIsNotSaved(t *testing.T) {
	t.Parallel()
	h, path := open(t)
	ann := join(t, h, "Ann")
	apply(t, ann, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, Before: "First", After: "Last word"})
	ann.Leave()
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if got := load(t, path).Inbox[0].Blurb; got != "Last word" {
		t.Errorf("after Close the blurb on disk is %q", got)
	}
	ed, err := store.OpenEditor(path, "test")
	if err != nil {
		t.Fatalf("Close kept the edit lock: %v", err)
	}
	ed.Close()
}

// TestQueueReachesEveryBoard is weekly add on the server's shell while the
// draft is served: the hub takes the link in and every seat hears of it.
func TestQueueReachesEveryBoard(t *testing.T) {
	t.Parallel()
	h, path := open(t)
	ann, bob := join(t, h, "Ann"), join(t, h, "Bob")
	queued, err := store.AddItems(path, "weekly add", "News", []draft.Item{{ID: "c", URLs: []string{"https://example.com/c"}}}, nil)
	if err != nil || !queued {
		t.Fatalf("add while served: queued %v, %v", queued, err)
	}
	var annSaw, bobSaw bool
	waitFor(t, "both boards hear of the link", func() bool {
		for _, c := range ann.Take().Changes {
			annSaw = annSaw || strings.Contains(strings.Join(c.Items, ","), "c")
		}
		for _, c := range bob.Take().Changes {
			bobSaw = bobSaw || strings.Contains(strings.Join(c.Items, ","), "c")
		}
		return annSaw && bobSaw
	})
	waitFor(t, "the link saved in News", func() bool {
		d := load(t, path)
		return len(d.Sections[0].Items) == 1 && d.Sections[0].Items[0].ID == "c"
	})
}

// TestFileChangedBehindTheServer writes the draft file as another program
// would while it is served: the hub refuses to save over it, tells every
// board, and keeps the boards' copy beside it.
func TestFileChangedBehindTheServer(t *testing.T) {
	t.Parallel()
	h, path := open(t)
	ann := join(t, h, "Ann")
	ann.Take()
	other := load(t, path)
	other.Intro = "Written by hand"
	if err := store.Save(path, other); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, ann, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, Before: "First", After: "On the server"})
	var note News
	waitFor(t, "the board told", func() bool {
		if n := ann.Take(); n.Note != "" {
			note = n
		}
		return note.Note != ""
	})
	if !note.Err || !strings.Contains(note.Note, path) || !strings.Contains(note.Note, "changed on disk behind the server") || !strings.Contains(note.Note, path+".kept") {
		t.Errorf("the note is %+v", note)
	}
	if err := h.Close(); err == nil {
		t.Error("Close saved over a changed file without a word")
	}
	if got, _ := os.ReadFile(path); string(got) != string(want) {
		t.Errorf("the file changed by hand was overwritten:\n%s", got)
	}
	if kept := load(t, path+".kept"); kept.Inbox[0].Blurb != "On the server" {
		t.Errorf("the boards' copy is not kept: %+v", kept.Inbox)
	}
}

// TestBoardsReadWhileOthersWrite runs boards in their own goroutines as
// programs do, each changing the draft and reading it under the turn; run
// with -race.
func TestBoardsReadWhileOthersWrite(t *testing.T) {
	t.Parallel()
	h, path := open(t)
	var wg sync.WaitGroup
	for _, name := range []string{"Ann", "Bob", "Cy"} {
		s := join(t, h, name)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				s.Lock()
				s.Document().Read(func(d *draft.Draft, _ *doc.Counts) { _, _ = d.Find("a") })
				from := draft.Pos{Col: i % 2, Index: 0}
				var id string
				s.Document().Read(func(d *draft.Draft, _ *doc.Counts) {
					if it := d.At(from); it != nil {
						id = it.ID
					}
				})
				if id != "" {
					_, _ = s.Document().Apply(s.Who(), draft.Op{Kind: draft.OpMove, From: from, To: draft.Pos{Col: 1 - i%2, Index: 0}, Item: draft.Item{ID: id}})
				}
				s.Unlock()
				s.Take()
				s.Here(i%2, id)
			}
		}()
	}
	wg.Wait()
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	if d := load(t, path); len(d.Inbox)+len(d.Sections[0].Items) != 2 {
		t.Errorf("cards lost: %+v", d)
	}
}
