package tui

import (
	"strings"
	"testing"

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
