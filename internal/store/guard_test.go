package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

func TestEmptyDraftNamesTheFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, data := range []string{"", "  \n\t\n"} {
		path := filepath.Join(dir, "1.json")
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "empty") {
			t.Errorf("Load of %q: %v", data, err)
		}
	}
}

func TestPathRefusesWhatCannotBeADraft(t *testing.T) {
	t.Parallel()
	s := New(t.TempDir())
	for _, name := range []string{"a\nb", ".hidden", "/etc/passwd", "sub/.x.json", "x\r.json"} {
		if p, err := s.Path(name); err == nil {
			t.Errorf("Path(%q) = %s, want an error", name, p)
		}
	}
	for _, name := range []string{"519", "drafts/519.json", "my issue"} {
		if _, err := s.Path(name); err != nil {
			t.Errorf("Path(%q): %v", name, err)
		}
	}
}

func TestQueueDropsATornTailAndKeepsTheNextEntry(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "1.json")
	if err := Save(path, draft.New("W", 1, "", []string{"News"})); err != nil {
		t.Fatal(err)
	}
	ed, err := OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	defer ed.Close()
	add := func(url string) {
		t.Helper()
		if queued, err := AddItems(path, "weekly add", "", []draft.Item{{ID: draft.NewID(), URLs: []string{url}}}, nil); err != nil || !queued {
			t.Fatalf("add %s: queued %v, %v", url, queued, err)
		}
	}
	add("https://a.example/")
	// A writer killed mid-line leaves half an entry without its newline.
	f, err := os.OpenFile(IncomingPath(path), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"item":{"id":"torn","urls":["https://to`); err != nil {
		t.Fatal(err)
	}
	f.Close()
	add("https://b.example/")
	in, err := ed.Take()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range in {
		for _, it := range x.Items() {
			got = append(got, it.URL())
		}
	}
	if strings.Join(got, " ") != "https://a.example/ https://b.example/" {
		t.Fatalf("took %v, want a and b and not the torn entry", got)
	}
}

func TestSaveRepairsMissingAndDuplicateIDs(t *testing.T) {
	t.Parallel()
	d := draft.New("W", 1, "", []string{"News"})
	d.Inbox = []draft.Item{{ID: "same", URLs: []string{"https://a.example/"}}, {ID: "", URLs: []string{"https://b.example/"}}}
	d.Sections[0].Items = []draft.Item{{ID: "same", URLs: []string{"https://c.example/"}}}
	data, err := Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode("1.json", data)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	back.Items(func(_ draft.Pos, it *draft.Item) {
		if it.ID == "" || seen[it.ID] {
			t.Errorf("item %s has id %q after the save", it.URL(), it.ID)
		}
		seen[it.ID] = true
	})
	if back.Inbox[0].ID != "same" {
		t.Errorf("the first holder of an id lost it: %q", back.Inbox[0].ID)
	}
}

func TestGluedSettingsAreRefused(t *testing.T) {
	t.Parallel()
	s := New(t.TempDir())
	if err := os.WriteFile(s.SettingsPath(), []byte("{\"schema\": 1}\n{\"schema\": 1, \"newsletter\": \"Lost\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.Settings()
	if err == nil || !strings.Contains(err.Error(), s.SettingsPath()+": line 2, column 1") {
		t.Fatalf("Settings: %v", err)
	}
}

func TestLoadQueuedAppliesTheQueue(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "1.json")
	if err := Save(path, draft.New("W", 1, "", []string{"News"})); err != nil {
		t.Fatal(err)
	}
	ed, err := OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := AddItems(path, "weekly add", "News", []draft.Item{{ID: "q1", URLs: []string{"https://q.example/"}}}, nil); err != nil {
		t.Fatal(err)
	}
	ed.Close() // the board died before taking it in
	d, err := LoadQueued(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := d.Find("q1"); !ok || p.Col != 1 {
		t.Fatalf("the queued item is at %+v (%v), want News", p, ok)
	}
	plain, _ := Load(path)
	if _, ok := plain.Find("q1"); ok {
		t.Fatal("LoadQueued wrote the draft")
	}
}

// TestQueuedChangeAfterATornTail: a change queued by weekly set, section or
// sponsor after a writer was killed mid-line is taken in whole, as an add
// is, and the torn entry is not glued to it.
func TestQueuedChangeAfterATornTail(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "1.json")
	if err := Save(path, draft.New("W", 1, "", []string{"News"})); err != nil {
		t.Fatal(err)
	}
	ed, err := OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	defer ed.Close()
	if err := os.WriteFile(IncomingPath(path), []byte(`{"item":{"id":"torn","urls":["https://to`), 0o644); err != nil {
		t.Fatal(err)
	}
	queued, err := Change(path, "weekly set", func(d *draft.Draft) (draft.Change, error) {
		return draft.Change{{Kind: draft.OpEdit, Field: draft.FieldTitle, Before: d.Title, After: "Queued"}}, nil
	})
	if err != nil || !queued {
		t.Fatalf("set while open: queued %v, %v", queued, err)
	}
	in, err := ed.Take()
	if err != nil {
		t.Fatal(err)
	}
	if len(in) != 1 || len(in[0].Ops) != 1 || in[0].Ops[0].After != "Queued" {
		t.Fatalf("took %+v, want the one queued change", in)
	}
}
