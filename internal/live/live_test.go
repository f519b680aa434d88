package live

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live/livetest"
	"github.com/weekly-dev/weekly/internal/store"
)

// open opens a hub on a draft of two inbox cards, a and b, and one section,
// on a clock the test moves.
func open(t *testing.T) (*Hub, string) {
	h, path, _ := openWith(t, Config{})
	return h, path
}

func openWith(t *testing.T, cfg Config) (*Hub, string, *livetest.Clock) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "9.json")
	d := draft.New("Test Weekly", 9, "2024-03-24", []string{"News"})
	d.Inbox = []draft.Item{{ID: "a", Blurb: "First"}, {ID: "b", Blurb: "Second"}}
	if err := store.Save(path, d); err != nil {
		t.Fatal(err)
	}
	clock := &livetest.Clock{}
	cfg.After = clock.After
	h, err := Open(path, "test", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h, path, clock
}

// elapse lets the save delay pass and waits for the save.
func elapse(h *Hub, clock *livetest.Clock, d time.Duration) int {
	h.Sync()
	n := clock.Fire(d)
	h.Sync()
	return n
}

// hear waits for the seat's news until ok says it has come, or fails after
// 10 s.
func hear(t *testing.T, s *Seat, what string, ok func(News) bool) News {
	t.Helper()
	got := make(chan News, 1)
	go func() {
		for {
			n, more := s.Next()
			if !more || ok(n) {
				got <- n
				return
			}
		}
	}()
	select {
	case n := <-got:
		return n
	case <-time.After(10 * time.Second):
		t.Fatalf("never heard: %s", what)
		return News{}
	}
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
	h, path, clock := openWith(t, Config{})
	ann := join(t, h, "Ann")
	apply(t, ann, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, Before: "First", After: "Changed"})
	h.Sync()
	if got := load(t, path).Inbox[0].Blurb; got != "First" {
		t.Fatalf("saved before the save delay: %q", got)
	}
	if saved, _ := ann.Saved(); saved {
		t.Error("the seat says saved before the save")
	}
	if n := elapse(h, clock, SaveDelay); n != 1 {
		t.Fatalf("%d save delays ran, want 1", n)
	}
	if got := load(t, path).Inbox[0].Blurb; got != "Changed" {
		t.Fatalf("after the save delay the blurb on disk is %q", got)
	}
	if saved, failed := ann.Saved(); !saved || failed {
		t.Errorf("the seat says saved %v, failed %v", saved, failed)
	}
}

// failing is storage whose saves fail while fail is set.
type failing struct {
	Storage
	mu   sync.Mutex
	fail error
}

func (f *failing) Save(d *draft.Draft) error {
	f.mu.Lock()
	err := f.fail
	f.mu.Unlock()
	if err != nil {
		return err
	}
	return f.Storage.Save(d)
}

func (f *failing) SaveLast(d *draft.Draft) error {
	f.mu.Lock()
	err := f.fail
	f.mu.Unlock()
	if err != nil {
		return err
	}
	return f.Storage.SaveLast(d)
}

func (f *failing) set(err error) {
	f.mu.Lock()
	f.fail = err
	f.mu.Unlock()
}

// TestFailedSaveIsTriedAgain: a save that fails (a full disk) is told to
// every board, the draft stays in memory, and it is saved once it can be.
func TestFailedSaveIsTriedAgain(t *testing.T) {
	t.Parallel()
	var st *failing
	h, path, clock := openWith(t, Config{Storage: func(s Storage) Storage {
		st = &failing{Storage: s, fail: errors.New("no space left on device")}
		return st
	}})
	ann := join(t, h, "Ann")
	ann.Take()
	apply(t, ann, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, Before: "First", After: "Kept"})
	elapse(h, clock, SaveDelay)
	n := ann.Take()
	if !n.Note.Err || !strings.Contains(n.Note.Text, "no space left on device") || !strings.Contains(n.Note.Text, "trying again") {
		t.Fatalf("the board is told %+v", n.Note)
	}
	if _, failed := ann.Saved(); !failed {
		t.Error("the seat does not say the save failed")
	}
	st.set(nil)
	if n := elapse(h, clock, RetryDelay); n != 1 {
		t.Fatalf("%d retries ran, want 1", n)
	}
	if got := load(t, path).Inbox[0].Blurb; got != "Kept" {
		t.Fatalf("after the retry the blurb on disk is %q", got)
	}
	if saved, failed := ann.Saved(); !saved || failed {
		t.Errorf("after the retry the seat says saved %v, failed %v", saved, failed)
	}
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
	// Nothing is asked of the hub: it watches the queue.
	for _, s := range []*Seat{ann, bob} {
		var sawC bool
		var note Note
		hear(t, s, s.Who()+" hears of the link and is told", func(n News) bool {
			for _, c := range n.Changes {
				sawC = sawC || slices.Contains(c.Items, "c")
			}
			if n.Note.Text != "" {
				note = n.Note
			}
			return sawC && note.Text != ""
		})
		if note.Text != "1 link added by another command" || !note.Undoable {
			t.Errorf("%s is told %+v", s.Who(), note)
		}
	}
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	if d := load(t, path); len(d.Sections[0].Items) != 1 || d.Sections[0].Items[0].ID != "c" {
		t.Fatalf("the link is not saved in News: %+v", d.Sections)
	}
	if _, err := os.Stat(store.IncomingPath(path)); !os.IsNotExist(err) {
		t.Errorf("the save leaves the queue behind: %v", err)
	}
}

// TestQueuedChangesAreUndoable: what another command queued is one step
// that whoever is at the board undoes.
func TestQueuedChangesAreUndoable(t *testing.T) {
	t.Parallel()
	h, path := open(t)
	ann := join(t, h, "Ann")
	if _, err := store.Change(path, "weekly section", func(*draft.Draft) (draft.Change, error) {
		return draft.Change{{Kind: draft.OpSectionAdd, To: draft.Pos{Col: 2}, Section: "Events"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddItems(path, "weekly add", "Events", []draft.Item{{ID: "e", URLs: []string{"https://e.example/"}}}, nil); err != nil {
		t.Fatal(err)
	}
	h.Take()
	sections := func() string {
		var s string
		h.Document().Read(func(d *draft.Draft, _ *doc.Counts) {
			for _, sec := range d.Sections {
				s += fmt.Sprintf("%s(%d) ", sec.Name, len(sec.Items))
			}
		})
		return s
	}
	if got := sections(); got != "News(0) Events(1) " {
		t.Fatalf("after the queue: %s", got)
	}
	ann.Lock()
	_, err := h.Document().Undo(ann.Who())
	ann.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if got := sections(); got != "News(0) Events(0) " {
		t.Fatalf("u undoes the link first: %s", got)
	}
	ann.Lock()
	_, err = h.Document().Undo(ann.Who())
	ann.Unlock()
	if err != nil || sections() != "News(0) " {
		t.Fatalf("then the section: %v, %s", err, sections())
	}
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
	want, err := store.Encode(other)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, want, 0o644); err != nil { // as an editor or git writes it
		t.Fatal(err)
	}
	// The hub watches the file: the board is told before it saves.
	note := hear(t, ann, "the board told", func(n News) bool { return n.Note.Text != "" }).Note
	// One line on the board: the file's name first, whole, and the copy's.
	if !note.Err || !strings.HasPrefix(note.Text, "9.json changed on disk behind weekly") || !strings.Contains(note.Text, "your copy is 9.json.kept") {
		t.Errorf("the note is %+v", note)
	}
	apply(t, ann, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, Before: "First", After: "On the server"})
	if err := h.Close(); err == nil || !strings.Contains(err.Error(), path+" changed on disk behind weekly") || !strings.Contains(err.Error(), path+".kept") {
		t.Errorf("Close said %v, want the paths of the draft and of the copy", err)
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

// TestClaimAfterLeaveIsRefused: a board whose session has ended may still
// handle a key it had on its way; a claim then is refused and holds
// nothing, so the blurb stays free for the others.
func TestClaimAfterLeaveIsRefused(t *testing.T) {
	t.Parallel()
	h, _ := open(t)
	ann, bob := join(t, h, "Ann"), join(t, h, "Bob")
	ann.Leave()
	if _, ok := ann.Claim("a"); ok {
		t.Error("a seat that left was given a claim")
	}
	if holder, ok := bob.Claim("a"); !ok {
		t.Fatalf("the blurb is held by %q after its writer left", holder)
	}
}

// TestLastSaveFailedIsRescued: the disk is full when the draft closes;
// the editors' work is written where it can be and the error says where.
func TestLastSaveFailedIsRescued(t *testing.T) {
	t.Parallel()
	var st *failing
	h, path, _ := openWith(t, Config{Storage: func(s Storage) Storage {
		st = &failing{Storage: s, fail: errors.New("no space left on device")}
		return st
	}})
	ann := join(t, h, "Ann")
	apply(t, ann, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, Before: "First", After: "Rescued"})
	err := h.Close()
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("Close said %v", err)
	}
	where := regexp.MustCompile(`is in (\S+)$`).FindStringSubmatch(err.Error())
	if where == nil || !strings.HasPrefix(where[1], path+".unsaved-") {
		t.Fatalf("the error does not say where the draft went: %v", err)
	}
	if got := load(t, where[1]).Inbox[0].Blurb; got != "Rescued" {
		t.Errorf("the rescued copy holds %q", got)
	}
	if got := load(t, path).Inbox[0].Blurb; got != "First" {
		t.Errorf("the draft itself became %q", got)
	}
}

// TestQueuedSendIsARecord: weekly send while the draft is open queues the
// record of the sending; the hub takes it in, and no one undoes it.
func TestQueuedSendIsARecord(t *testing.T) {
	t.Parallel()
	h, path := open(t)
	ann := join(t, h, "Ann")
	sent := draft.Send{To: "list@example.com", List: true, At: time.Date(2024, 3, 24, 12, 0, 0, 0, time.UTC), MessageID: "42"}
	if _, err := store.Change(path, "weekly send", func(*draft.Draft) (draft.Change, error) {
		return draft.Change{{Kind: draft.OpSend, Sent: &sent}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	h.Take()
	var n int
	h.Document().Read(func(d *draft.Draft, _ *doc.Counts) { n = len(d.Sends) })
	if n != 1 {
		t.Fatalf("%d sends recorded, want 1", n)
	}
	ann.Lock()
	_, err := h.Document().Undo(ann.Who())
	ann.Unlock()
	if err == nil {
		t.Error("the record of a send was undone")
	}
}

// TestMovesRingOthersOnceNotTheMover: a board is never woken by its own
// editor's moves (it would draw a frame for nothing on every key), and the
// moves another board has not heard yet come to it as one piece of news,
// one frame, however many they were.
func TestMovesRingOthersOnceNotTheMover(t *testing.T) {
	t.Parallel()
	h, _ := open(t)
	ann, bob := join(t, h, "Ann"), join(t, h, "Bob")
	hear(t, ann, "Bob's place", func(News) bool { return true })
	hear(t, bob, "Ann's place", func(News) bool { return true })
	for i := range 50 {
		ann.Here(0, []string{"a", "b"}[i%2])
		if _, ok := ann.Claim("a"); !ok {
			t.Fatal("Ann is refused her own card")
		}
		ann.Release()
	}
	if len(ann.wake) != 0 || ann.Take().Others != nil {
		t.Fatal("Ann's own moves woke her board")
	}
	got := hear(t, bob, "Ann's moves", func(News) bool { return true })
	if len(got.Others) != 1 || got.Others[0] != (Place{Who: "Ann", Col: 0, Item: "b"}) {
		t.Fatalf("Bob hears %+v, want Ann on b", got.Others)
	}
	if len(bob.wake) != 0 {
		t.Fatal("fifty moves woke Bob's board more than once")
	}
}
