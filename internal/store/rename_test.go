package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

// TestRenumberedDraftFollows saves a draft named 1.json after its number
// became 519: the file, its queue and its edit lock follow, and a draft of
// the new name is never replaced.
func TestRenumberedDraftFollows(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "1.json")
	d := draft.New("Test Weekly", 1, "2024-01-01", []string{"News"})
	if err := Create(path, d); err != nil {
		t.Fatal(err)
	}
	ed, err := OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	defer ed.Close()
	if _, err := AddItems(path, "weekly add", "", []draft.Item{{ID: "q", URLs: []string{"https://q.example/"}}}, nil); err != nil {
		t.Fatal(err)
	}
	d.Number = 519
	if err := ed.Save(d); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(dir, "519.json")
	if got, err := Load(to); err != nil || got.Number != 519 {
		t.Fatalf("519.json: %v %v", got, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("1.json is still there: %v", err)
	}
	if in, err := readIncoming(to); err != nil || len(in) != 1 {
		t.Fatalf("the queue must follow the draft: %v %v", in, err)
	}
	if _, err := OpenEditor(to, "weekly edit"); !errors.Is(err, ErrOpen) {
		t.Fatalf("the edit lock must follow the draft: %v", err)
	}
	// A draft named 520 is there: renumbering to it saves, and refuses to rename.
	if err := Create(filepath.Join(dir, "520.json"), draft.New("Other", 520, "2024-01-08", nil)); err != nil {
		t.Fatal(err)
	}
	d.Number = 520
	err = ed.Save(d)
	var re *RenameError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "not renamed to") || !strings.Contains(err.Error(), "520.json") {
		t.Fatalf("renumbering onto another draft: %v", err)
	}
	if got, _ := Load(to); got.Number != 520 {
		t.Fatal("the draft must be saved even when it cannot be renamed")
	}
	if other, _ := Load(filepath.Join(dir, "520.json")); other.Newsletter != "Other" {
		t.Fatal("the other draft was replaced")
	}
	// A draft not named by a number keeps its name.
	named := filepath.Join(dir, "spring.json")
	_ = Create(named, draft.New("Test Weekly", 7, "2024-01-01", nil))
	ed2, err := OpenEditor(named, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	defer ed2.Close()
	if err := ed2.Save(draft.New("Test Weekly", 8, "2024-01-01", nil)); err != nil || ed2.Path != named {
		t.Fatalf("named draft: %v, path %s", err, ed2.Path)
	}
}
