package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/export"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/store"
)

// exportBoard opens writing() as weekly edit does, with the export prompt
// open on path, and returns the board and the draft's folder.
func exportBoard(t *testing.T, path func(dir string) string) (*Model, string) {
	t.Helper()
	draftPath := openDraft(t, writing())
	m := openModel(t, draftPath, live.Config{}, nil, 160, 32, WithDraftPath(draftPath))
	send(t, m, "e")
	m.ex.input.SetValue(path(filepath.Dir(draftPath)))
	return m, filepath.Dir(draftPath)
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestExportAsksBeforeReplacingAFile: e onto a file of the user's does not
// replace it; the prompt stays and says so, and enter again replaces it.
func TestExportAsksBeforeReplacingAFile(t *testing.T) {
	t.Parallel()
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _ := exportBoard(t, func(string) string { return notes })
	send(t, m, "enter")
	if got := readString(t, notes); got != "my notes\n" {
		t.Fatalf("the first enter replaced the user's file with:\n%s", got)
	}
	if view := plain(m); m.focus != focusExport || !strings.Contains(view, "notes.txt exists: enter again to replace it") {
		t.Fatalf("the prompt should stay open and ask (focus %v):\n%s", m.focus, view)
	}
	send(t, m, "enter")
	if got := readString(t, notes); !strings.Contains(got, "DevOps Weekly") {
		t.Fatalf("the second enter did not write the issue:\n%s", got)
	}
	if view := plain(m); m.focus != focusBoard || !strings.Contains(view, "Wrote "+notes) {
		t.Fatalf("written, the prompt closes and says so (focus %v):\n%s", m.focus, view)
	}
}

// TestExportChangingPathOrFormatAsksAgain: after "exists", another format,
// or an edit of the path, and enter asks again instead of replacing.
func TestExportChangingPathOrFormatAsksAgain(t *testing.T) {
	t.Parallel()
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _ := exportBoard(t, func(string) string { return notes })
	for _, change := range [][]string{
		{"tab", "tab", "tab", "tab", "tab"}, // round the formats, back to the same one
		{"x", "backspace"},                  // the same path, typed again
	} {
		send(t, m, "enter")
		if !strings.Contains(plain(m), "enter again to replace it") {
			t.Fatalf("enter on the user's file should ask:\n%s", plain(m))
		}
		send(t, m, change...)
		send(t, m, "enter")
		if got := readString(t, notes); got != "my notes\n" {
			t.Fatalf("after %v, enter replaced the user's file", change)
		}
		if m.focus != focusExport || !strings.Contains(plain(m), "enter again to replace it") {
			t.Fatalf("after %v, enter should ask again:\n%s", change, plain(m))
		}
		send(t, m, "x", "backspace") // forget this round's question
	}
}

// TestExportRefusesWeeklysFiles: the draft's lock and queue, another
// draft, the settings: refused with what they are, even on a second enter,
// and the prompt stays open.
func TestExportRefusesWeeklysFiles(t *testing.T) {
	t.Parallel()
	m, dir := exportBoard(t, func(dir string) string { return filepath.Join(dir, ".520.json.lock") })
	queue := filepath.Join(dir, ".520.json.incoming")
	if err := os.WriteFile(queue, []byte{}, 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.json")
	if err := store.Save(other, writing()); err != nil {
		t.Fatal(err)
	}
	for target, what := range map[string]string{
		filepath.Join(dir, ".520.json.lock"): "a draft's lock file",
		queue:                                "a draft's queue of changes",
		other:                                "a weekly draft, settings or archive file",
		filepath.Join(dir, "archive.json"):   "the archive",
		filepath.Join(dir, ".weekly", "x"):   "in weekly's own folder .weekly",
	} {
		before, _ := os.ReadFile(target)
		m.ex.input.SetValue(target)
		send(t, m, "enter", "enter")
		if view := plain(m); m.focus != focusExport || !strings.Contains(view, "Not written: "+target+" is "+what) {
			t.Errorf("%s: want it refused as %s, the prompt open (focus %v):\n%s", target, what, m.focus, view)
		}
		// The hub itself writes its lock file now and then: what matters
		// is that the issue was not written there.
		if after, _ := os.ReadFile(target); string(after) != string(before) && strings.Contains(string(after), "Thanks for reading DevOps Weekly.") {
			t.Errorf("%s was written over with the issue", target)
		}
	}
}

// TestExportIsRecorded: a file the board wrote is recorded beside the
// draft, so that weekly may write it again without asking; the board
// itself writes it again with one enter.
func TestExportIsRecorded(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "site", "520.md")
	m, dir := exportBoard(t, func(string) string { return out })
	send(t, m, "enter")
	if !strings.Contains(readString(t, out), "DevOps Weekly") {
		t.Fatalf("the board did not write %s", out)
	}
	if rec := readString(t, filepath.Join(dir, export.RecordFile)); !strings.Contains(rec, out) {
		t.Fatalf("the record lacks %s:\n%s", out, rec)
	}
	send(t, m, "e")
	m.ex.input.SetValue(out)
	send(t, m, "enter")
	if view := plain(m); m.focus != focusBoard || !strings.Contains(view, "Wrote "+out) {
		t.Fatalf("the board's own export is written again at once (focus %v):\n%s", m.focus, view)
	}
	if err := export.ToFile(out, []byte("again\n"), export.ToFileOptions{Draft: filepath.Join(dir, "520.json")}); err != nil {
		t.Fatalf("export -o's rule over the board's export: %v", err)
	}
}
