package tui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/store"
)

// TestQueuedOpsAreUndoable runs the queue of weekly section while the board
// is open: the section appears on the board, in the saved draft, and u
// takes it back, with the selected card kept.
func TestQueuedOpsAreUndoable(t *testing.T) {
	path := openDraft(t, threeCards())
	m := openModel(t, path, live.Config{}, nil, 120, 32)
	send(t, m, "j") // the board's selection: "two"
	queued, err := store.Change(path, "weekly section", func(*draft.Draft) (draft.Change, error) {
		return draft.Change{{Kind: draft.OpSectionAdd, To: draft.Pos{Col: 1}, Section: "Events"}}, nil
	})
	if err != nil || !queued {
		t.Fatalf("Change while open: queued %v, err %v", queued, err)
	}
	takeIn(m)
	v := plain(m)
	if !strings.Contains(v, "Events") || !strings.Contains(v, "Changed by weekly section · u undoes") {
		t.Fatalf("the queued section must show on the board:\n%s", v)
	}
	if it := m.Board().Selected(); it == nil || it.ID != "two" {
		t.Fatalf("the selection must stay on two, not %v", it)
	}
	saveTick(t, m)
	if got, want := load(t, path), "one two three |  |  | "; got != want {
		t.Fatalf("saved %q, want %q", got, want)
	}
	if saved, _ := store.Load(path); saved.Sections[0].Name != "Events" {
		t.Fatalf("saved sections %+v", saved.Sections)
	}
	send(t, m, "u")
	saveTick(t, m)
	if saved, _ := store.Load(path); len(saved.Sections) != 2 || saved.Sections[0].Name != "News" {
		t.Fatalf("after u the saved sections are %+v", saved.Sections)
	}
}

// TestCapturedLinkGetsItsTitleOnTheBoard queues what weekly capture queues
// for an open draft: links sent without a title, one by Ann, and one of
// weekly add --no-fetch. The board fetches the title of Ann's (weekly
// capture leaves it to the board) and leaves the other as asked.
func TestCapturedLinkGetsItsTitleOnTheBoard(t *testing.T) {
	t.Parallel()
	path := openDraft(t, threeCards())
	var asked []string
	var mu sync.Mutex
	fetch := func(_ context.Context, url string) (string, string, error) {
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, url)
		return "Fetched: the page", "About the page", nil
	}
	m := openModel(t, path, live.Config{}, fetch, 120, 32)
	sent := draft.NewItem([]string{"https://sent.example.com/post"}, "", time.Now(), "capture")
	sent.Via, sent.Note = "Ann", "for Tools?"
	plainAdd := draft.NewItem([]string{"https://plain.example.com/"}, "", time.Now(), "cli")
	for _, it := range []draft.Item{sent, plainAdd} {
		if queued, err := store.AddItems(path, "weekly capture", "", []draft.Item{it}, nil); err != nil || !queued {
			t.Fatalf("AddItems while open: queued %v, err %v", queued, err)
		}
	}
	rigOf(m).hub.Take()
	_, cmd := m.Update(NewsMsg{News: m.seat.Take()})
	settle(t, m, cmd)
	if len(asked) != 1 || asked[0] != "https://sent.example.com/post" {
		t.Fatalf("the board fetched %v, want Ann's link alone", asked)
	}
	p, ok := m.Draft().Find(sent.ID)
	if !ok {
		t.Fatal("the captured link is not on the board")
	}
	if it := m.Draft().At(p); it.Title != "Fetched: the page" || it.Via != "Ann" || it.Note != "for Tools?" {
		t.Fatalf("the captured card: %+v", *it)
	}
	if view := plain(m); !strings.Contains(view, "via Ann") {
		t.Fatalf("the board shows who sent it:\n%s", view)
	}
}
