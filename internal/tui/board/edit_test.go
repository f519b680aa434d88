package board

import (
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

// TestLiveEditCountsAndUndo types a blurb letter by letter as the root does
// while the editor is open: the word count follows each keystroke without
// a walk of the draft, the edit is one undo step, and redo brings it back.
func TestLiveEditCountsAndUndo(t *testing.T) {
	d := newDraft([]string{"a", "b"}, []string{"n1", "n2"}, []string{"t1"})
	d.Intro = "Two words"
	b := newTestBoard(d, 120, 20)
	press(b, "tab", "j") // News, n2
	p, it, ok := b.SelectedPos()
	if !ok || it.ID != "n2" {
		t.Fatalf("selected %v %v, want n2", it, ok)
	}
	before, rev := it.Blurb, revOf(b)
	op := draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, From: p, Item: draft.Item{ID: it.ID}}
	text := before
	for _, r := range " gets a longer blurb" {
		text += string(r)
		op.After = text
		var err error
		if op, err = b.doc.Live(who, op); err != nil {
			t.Fatal(err)
		}
		if _, _, words := b.Counts(); words != d.Words() {
			t.Fatalf("after %q: kept count %d, counted %d", text, words, d.Words())
		}
	}
	if revOf(b) == rev {
		t.Fatal("a live edit must change Rev, so that it is saved")
	}
	b.doc.Record(who, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, From: p, Item: draft.Item{ID: "n2"}, Before: before, After: text})
	press(b, "u")
	if got := d.Sections[0].Items[1].Blurb; got != before {
		t.Fatalf("undo: blurb %q, want %q (the whole edit is one step)", got, before)
	}
	if _, _, words := b.Counts(); words != d.Words() {
		t.Fatalf("after undo: kept count %d, counted %d", words, d.Words())
	}
	press(b, "ctrl+r")
	if got := d.Sections[0].Items[1].Blurb; got != text {
		t.Fatalf("redo: blurb %q, want %q", got, text)
	}
	if _, it, _ := b.SelectedPos(); it.ID != "n2" {
		t.Fatalf("redo selects the edited card, not %s", it.ID)
	}
	// The intro counts too.
	if err := apply(b, draft.Op{Kind: draft.OpEdit, Field: draft.FieldIntro, After: "now it has four words"}); err != nil {
		t.Fatal(err)
	}
	if _, _, words := b.Counts(); words != d.Words() {
		t.Fatalf("after the intro: kept count %d, counted %d", words, d.Words())
	}
	press(b, "u")
	if d.Intro != "Two words" {
		t.Fatalf("undo of the intro: %q", d.Intro)
	}
	if _, it, _ := b.SelectedPos(); it.ID != "n2" {
		t.Fatalf("undoing an issue field keeps the selection, not %s", it.ID)
	}
}

func TestRecordNothingChanged(t *testing.T) {
	d := newDraft([]string{"a"}, nil, nil)
	b := newTestBoard(d, 120, 20)
	b.doc.Record(who, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, Before: "a", After: "a"})
	press(b, "u")
	if n := b.TakeNote(); !strings.Contains(n.Text, "nothing to undo") {
		t.Fatalf("an edit that changed nothing is not a step: %+v", n)
	}
}

func TestSelectedBox(t *testing.T) {
	d := newDraft([]string{"a", "b", "c"}, []string{"n1"}, nil)
	b := newTestBoard(d, 90, 20)
	press(b, "j", "j")
	x, y, w, ok := b.SelectedBox()
	if !ok || x != 0 || y != 1+2*cardHeight || w != 30 {
		t.Fatalf("third inbox card: %d,%d w %d %v", x, y, w, ok)
	}
	lines := strings.Split(screen(b), "\n")
	if !strings.Contains(lines[y], "▌ c ") {
		t.Fatalf("row %d should be card c's text:\n%s", y, screen(b))
	}
	press(b, "tab")
	if x, _, w, ok := b.SelectedBox(); !ok || x != 30 || w != 30 {
		t.Fatalf("News' card: x %d w %d %v", x, w, ok)
	}
	press(b, "tab")
	if _, _, _, ok := b.SelectedBox(); ok {
		t.Fatal("an empty column has no selected card")
	}
	b.SetSize(0, 0)
	if _, _, _, ok := b.SelectedBox(); ok {
		t.Fatal("a board with no room shows no card")
	}
}
