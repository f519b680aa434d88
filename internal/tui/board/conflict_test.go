package board

import (
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

// TestConflictMark checks that a card a merge marked shows it, and that the
// mark goes when the blurb is written.
func TestConflictMark(t *testing.T) {
	d := newDraft([]string{"a", "b"}, []string{"n"})
	d.Inbox[0].Conflict = &draft.Conflict{Field: "blurb", Value: "theirs"}
	b := newTestBoard(d, 120, 12)
	if v := screen(b); strings.Count(v, "conflict") != 1 {
		t.Fatalf("the conflicted card shows one conflict mark:\n%s", v)
	}
	if err := apply(b, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, After: "settled"}); err != nil {
		t.Fatal(err)
	}
	if v := screen(b); strings.Contains(v, "conflict") {
		t.Fatalf("with the blurb written, the mark is gone:\n%s", v)
	}
}
