package store

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
)

func TestOneEditorAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "42.json")
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	ed, err := OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	_, err = OpenEditor(path, "weekly edit")
	if !errors.Is(err, ErrOpen) || !strings.Contains(err.Error(), "weekly edit (pid ") {
		t.Fatalf("second editor: %v; want ErrOpen naming the first", err)
	}
	err = Update(path, "weekly set", func(d *draft.Draft) error { d.Title = "x"; return nil })
	if !errors.Is(err, ErrOpen) {
		t.Fatalf("a change while the editor is open: %v; want ErrOpen", err)
	}
	ed.Close()
	if err := Update(path, "weekly set", func(d *draft.Draft) error { d.Title = "x"; return nil }); err != nil {
		t.Fatalf("after the editor closed: %v", err)
	}
}

func TestAddWhileOpenQueuesForTheEditor(t *testing.T) {
	path := filepath.Join(t.TempDir(), "42.json")
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	ed, err := OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	defer ed.Close()
	d, _ := Load(path)
	a := draft.Item{ID: "new1", URLs: []string{"https://new.example/1"}}
	b := draft.Item{ID: "new2", URLs: []string{"https://new.example/2"}}
	queued, err := AddItems(path, "weekly add", "", []draft.Item{a}, nil)
	if err != nil || !queued {
		t.Fatalf("AddItems = %v, %v; want queued", queued, err)
	}
	if _, err := AddItems(path, "weekly add", "news", []draft.Item{b}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := AddItems(path, "weekly add", "Nope", []draft.Item{b}, nil); err == nil {
		t.Error("queueing for a missing section succeeded")
	}
	in, err := ed.Take()
	if err != nil || len(in) != 2 {
		t.Fatalf("Take = %v, %v; want 2", in, err)
	}
	placed := Apply(d, in)
	if len(placed) != 2 || placed[0] != (draft.Pos{Col: 0, Index: 1}) || placed[1] != (draft.Pos{Col: 1, Index: 1}) {
		t.Fatalf("Apply placed %v", placed)
	}
	if again, _ := ed.Take(); len(again) != 0 {
		t.Fatalf("Take gave the same items twice: %v", again)
	}
	if err := ed.Save(d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(IncomingPath(path)); !os.IsNotExist(err) {
		t.Error("the queue should be empty once the editor saved its items")
	}
	saved, _ := Load(path)
	if _, ok := saved.Find("new1"); !ok {
		t.Error("the queued item is not in the saved draft")
	}
}

func TestQueuedItemsSurviveAnEditorCrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "42.json")
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	ed, err := OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := AddItems(path, "weekly add", "", []draft.Item{{ID: "q1", URLs: []string{"https://q.example/"}}}, nil); err != nil {
		t.Fatal(err)
	}
	// A torn last line, as a crash mid-append would leave it.
	f, _ := os.OpenFile(IncomingPath(path), os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString(`{"item": {"id": "to`)
	_ = f.Close()
	ed.Close() // the editor dies without taking them in
	if err := Update(path, "weekly set", func(d *draft.Draft) error { return nil }); err != nil {
		t.Fatal(err)
	}
	d, _ := Load(path)
	if _, ok := d.Find("q1"); !ok {
		t.Fatal("the queued item was lost")
	}
	// Applying the same items again (a replay) must not duplicate them.
	if placed := Apply(d, []Incoming{{Ops: draft.Change{{Kind: draft.OpInsert, Item: draft.Item{ID: "q1"}}}}}); len(placed) != 0 {
		t.Error("a replayed item was added twice")
	}
}

// TestQueuedSectionTakesQueuedLinks is issue 17's second fault: with the
// draft open, a section added by weekly section is there for the links
// weekly add sends to it next, and both reach the draft in order.
func TestQueuedSectionTakesQueuedLinks(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "5.json")
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	ed, err := OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	defer ed.Close()
	if _, err := Change(path, "weekly section", func(d *draft.Draft) (draft.Change, error) {
		return draft.Change{{Kind: draft.OpSectionAdd, To: draft.Pos{Col: d.Columns()}, Section: "Foo"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	queued, err := AddItems(path, "weekly add", "Foo", []draft.Item{{ID: "f1", URLs: []string{"https://foo.example/"}}}, nil)
	if err != nil || !queued {
		t.Fatalf("add --section Foo after the queued section: queued %v, %v", queued, err)
	}
	in, err := ed.Take()
	if err != nil || len(in) != 2 {
		t.Fatalf("took %d lines, %v; want the section and the link", len(in), err)
	}
	d, _ := Load(path)
	Apply(d, in)
	i := d.SectionIndex("Foo")
	if i < 0 || len(d.Sections[i].Items) != 1 || d.Sections[i].Items[0].ID != "f1" {
		t.Fatalf("the link must be in Foo: %+v", d.Sections)
	}
}

// TestLocksStayExclusiveAsTheirFilesGo: a lock's file is removed when it
// is let go, and a process that waited on the removed file takes the lock
// anew: many writers in turn lose no write, and no lock file is left.
func TestLocksStayExclusiveAsTheirFilesGo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "1.json")
	counter := filepath.Join(dir, "counter")
	if err := os.WriteFile(counter, []byte("0"), 0o644); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				lock, err := AcquireWait(path, "test", time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				data, _ := os.ReadFile(counter)
				n, _ := strconv.Atoi(string(data))
				_ = os.WriteFile(counter, []byte(strconv.Itoa(n+1)), 0o644)
				lock.Release()
			}
		}()
	}
	wg.Wait()
	if data, _ := os.ReadFile(counter); string(data) != "200" {
		t.Fatalf("200 writes under the lock made %s: two held it at once", data)
	}
	if _, err := os.Stat(LockPath(path)); !os.IsNotExist(err) {
		t.Errorf("the lock file is left behind: %v", err)
	}
}
