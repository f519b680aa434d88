package doc

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

func testDraft() *draft.Draft {
	d := draft.New("Doc Weekly", 3, "2024-02-02", []string{"News", "Tools"})
	for i, id := range []string{"a", "b", "c"} {
		_ = d.Append(i%2, draft.Item{ID: id, Blurb: id + " is good", URLs: []string{"https://" + id + ".example/"}})
	}
	_ = d.Append(2, draft.Item{ID: "r", URLs: []string{"https://a.example/"}})
	return d
}

func layout(doc *Document) string {
	var s []string
	doc.Read(func(d *draft.Draft, _ *Counts) {
		for c := range d.Columns() {
			var ids []string
			for _, it := range d.Column(c) {
				ids = append(ids, it.ID)
			}
			s = append(s, d.ColumnName(c)+"["+strings.Join(ids, " ")+"]")
		}
	})
	return strings.Join(s, " ")
}

func move(id string, col int) draft.Op {
	return draft.Op{Kind: draft.OpMove, Item: draft.Item{ID: id}, To: draft.Pos{Col: col, Index: 99}}
}

func TestUndoIsPerAuthor(t *testing.T) {
	t.Parallel()
	doc := New(testDraft())
	start := layout(doc)
	if _, err := doc.Apply("ann", move("a", 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := doc.Apply("bob", move("c", 2)); err != nil {
		t.Fatal(err)
	}
	c, err := doc.Undo("ann")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Undo || c.Who != "ann" || c.Items[0] != "a" {
		t.Fatalf("change %+v", c)
	}
	if got, want := layout(doc), "Inbox[a] News[b] Tools[r c]"; got != want {
		t.Fatalf("ann's undo left %s, want %s (bob's move kept)", got, want)
	}
	if _, err := doc.Undo("ann"); err == nil || !strings.Contains(err.Error(), "nothing to undo") {
		t.Fatalf("ann's second undo: %v", err)
	}
	if _, err := doc.Redo("ann"); err != nil {
		t.Fatal(err)
	}
	if _, err := doc.Undo("bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := doc.Undo("ann"); err != nil {
		t.Fatal(err)
	}
	if got := layout(doc); got != start {
		t.Fatalf("after both undo: %s, want %s", got, start)
	}
}

func TestLaterChangeOfAnotherBlocksUndo(t *testing.T) {
	t.Parallel()
	doc := New(testDraft())
	if _, err := doc.Apply("ann", move("a", 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := doc.Apply("bob", move("a", 2)); err != nil {
		t.Fatal(err)
	}
	before := layout(doc)
	_, err := doc.Undo("ann")
	if err == nil || !strings.Contains(err.Error(), "bob changed the same cards") {
		t.Fatalf("undo over bob's move of the same card: %v", err)
	}
	if layout(doc) != before {
		t.Fatal("a blocked undo changed the draft")
	}
	// A section added by bob blocks ann's move too: columns shifted.
	doc2 := New(testDraft())
	_, _ = doc2.Apply("ann", move("a", 2))
	_, _ = doc2.Apply("bob", draft.Op{Kind: draft.OpSectionAdd, To: draft.Pos{Col: 1}, Section: "First"})
	if _, err := doc2.Undo("ann"); err == nil {
		t.Fatal("undo of a move after another's section add: no error")
	}
}

func TestSubscribersHearEveryChangeOutsideTheLock(t *testing.T) {
	t.Parallel()
	doc := New(testDraft())
	var got []Change
	cancel := doc.Subscribe(func(c Change) {
		doc.Read(func(*draft.Draft, *Counts) {}) // would deadlock under the write lock
		got = append(got, c)
	})
	_, _ = doc.Apply("ann", draft.Op{Kind: draft.OpSectionAdd, Section: "Events"})
	_, _ = doc.Undo("ann")
	doc.Fetched("web", "b", "B title", "")
	cancel()
	_, _ = doc.Apply("ann", move("a", 1))
	if len(got) != 3 || !got[0].Sections || !got[1].Undo || got[2].Items[0] != "b" {
		t.Fatalf("changes %+v", got)
	}
	if got[2].Rev != 3 || doc.Rev() != 4 {
		t.Fatalf("revisions %d then %d", got[2].Rev, doc.Rev())
	}
}

// TestCountsFollowEveryOp checks the kept figures against a count from
// scratch after every kind of op and its undo.
func TestCountsFollowEveryOp(t *testing.T) {
	t.Parallel()
	doc := New(testDraft())
	check := func(step string) {
		t.Helper()
		doc.Read(func(d *draft.Draft, c *Counts) {
			fresh := newCounts(d)
			if c.Words(d) != d.Words() || fmt.Sprint(c.words) != fmt.Sprint(fresh.words) || fmt.Sprint(c.urls) != fmt.Sprint(fresh.urls) {
				t.Fatalf("%s: kept %d %v %v, fresh %d %v %v", step, c.Words(d), c.words, c.urls, d.Words(), fresh.words, fresh.urls)
			}
			if c.Repeated("r") != fresh.Repeated("r") {
				t.Fatalf("%s: repeat mark differs", step)
			}
		})
	}
	var join draft.Change
	doc.Read(func(d *draft.Draft, _ *Counts) {
		p, _ := d.Find("b")
		join = draft.Change{{Kind: draft.OpLinks, From: p, Item: draft.Item{ID: "b"}, Links: []string{"https://b.example/", "https://c.example/"}}}
	})
	steps := []struct {
		name string
		ops  draft.Change
	}{
		{"section add", draft.Change{{Kind: draft.OpSectionAdd, To: draft.Pos{Col: 1}, Section: "Sponsor", Sponsor: true}}},
		{"move", draft.Change{move("a", 1)}},
		{"section move", draft.Change{{Kind: draft.OpSectionMove, Section: "Tools", To: draft.Pos{Col: 1}}}},
		{"links", join},
		{"section remove", draft.Change{{Kind: draft.OpSectionRemove, Section: "News"}}},
		{"rename", draft.Change{{Kind: draft.OpSectionRename, Section: "Tools", After: "Big tools"}}},
		{"intro", draft.Change{{Kind: draft.OpEdit, Field: draft.FieldIntro, After: "Hello there all"}}},
	}
	for _, s := range steps {
		if _, err := doc.Apply("ann", s.ops...); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		check(s.name)
	}
	for range steps {
		if _, err := doc.Undo("ann"); err != nil {
			t.Fatal(err)
		}
		check("undo")
	}
}

// TestConcurrentEditors runs editors in their own goroutines on one
// document, as weekly serve will; go test -race checks the locking.
func TestConcurrentEditors(t *testing.T) {
	t.Parallel()
	doc := New(testDraft())
	var wg sync.WaitGroup
	for i, who := range []string{"ann", "bob", "cy"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				_, _ = doc.Apply(who, draft.Op{Kind: draft.OpEdit, Field: draft.FieldTitle, After: fmt.Sprint(who, j)})
				_, _ = doc.Apply(who, move([]string{"a", "b", "c"}[i], j%3))
				doc.Read(func(d *draft.Draft, c *Counts) { _ = c.Words(d) })
				_, _ = doc.Undo(who)
			}
		}()
	}
	wg.Wait()
	n := 0
	doc.Read(func(d *draft.Draft, _ *Counts) { d.Items(func(draft.Pos, *draft.Item) { n++ }) })
	if n != 4 {
		t.Fatalf("%d items after concurrent edits, want 4", n)
	}
}
