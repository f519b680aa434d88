package tui

import (
	"github.com/weekly-dev/weekly/internal/tui/tuitest"

	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
)

// TestTwoEditorsOneDocument puts two models on one document, as weekly
// serve will: a card ann sends to News shows on bob's board, bob's
// selection stays on his card, and each undoes only their own change.
func TestTwoEditorsOneDocument(t *testing.T) {
	t.Parallel()
	shared := doc.New(threeCards())
	ann := newModel(&memStorage{}, nil, nil, 120, 32, WithDocument(shared, "ann"))
	bob := newModel(&memStorage{}, nil, nil, 120, 32, WithDocument(shared, "bob"))
	shared.Subscribe(func(c doc.Change) {
		for _, m := range []*Model{ann, bob} {
			m.Update(ChangedMsg{Change: c}) // serve does this with Program.Send
		}
	})
	send(t, bob, "j", "j") // bob selects "three"
	send(t, ann, "1")      // ann sends "one" to News
	if got := tuitest.Cols(bob.d); got != "two three | one | " {
		t.Fatalf("bob's draft %q", got)
	}
	if it := bob.Board().Selected(); it == nil || it.ID != "three" {
		t.Fatalf("bob's selection moved to %v", it)
	}
	if v := plain(bob); !strings.Contains(v, "News · 1") {
		t.Fatalf("bob's board shows ann's move:\n%s", v)
	}
	send(t, bob, "2") // bob sends "three" to Tools
	send(t, ann, "u")
	if got := tuitest.Cols(ann.d); got != "one two |  | three" {
		t.Fatalf("ann's undo takes back only her move: %q", got)
	}
	// bob's later move of ann's card blocks ann's undo of it.
	send(t, ann, "ctrl+r")
	if _, err := shared.Apply("bob", draft.Op{Kind: draft.OpMove, Item: draft.Item{ID: "one"}, To: draft.Pos{Col: 2, Index: 9}}); err != nil {
		t.Fatal(err)
	}
	send(t, ann, "u")
	if v := plain(ann); !strings.Contains(v, "cannot undo: bob changed the same cards or sections since") {
		t.Fatalf("ann's undo after bob moved her card:\n%s", v)
	}
}
