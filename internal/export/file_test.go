package export

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// drafts makes a drafts folder with draft 1 (returned) and draft 2, the
// settings, the archive, and the lock, edit lock and queue of draft 1.
func drafts(t *testing.T) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, "1.json")
	for _, n := range []int{1, 2} {
		if err := store.Save(filepath.Join(dir, []string{"", "1.json", "2.json"}[n]), draft.New("Test Weekly", n, "2024-01-07", nil)); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range map[string]string{
		"settings.json": `{"schema": 1, "newsletter": "Test Weekly"}`, "archive.json": `{"schema": 1, "issues": []}`,
		".1.json.lock": "", ".1.json.edit": "", ".1.json.incoming": `{"op": "add"}` + "\n", "copy-of-settings.txt": `{"schema": 1}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, path
}

func TestToFileNeverWritesOverWeeklysFiles(t *testing.T) {
	t.Parallel()
	dir, path := drafts(t)
	link := filepath.Join(t.TempDir(), "link.json")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.txt")
	if err := os.Link(path, hard); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, ".weekly"), 0o755); err != nil {
		t.Fatal(err)
	}
	for target, what := range map[string]string{
		path: "this draft",
		link: "this draft",
		hard: "this draft",
		filepath.Join(dir, "nope", "..", "1.json"):       "this draft",
		filepath.Join(dir, "2.json"):                     "a weekly draft, settings or archive file",
		filepath.Join(dir, "settings.json"):              "the settings",
		filepath.Join(t.TempDir(), "settings.json"):      "the settings", // not there yet
		filepath.Join(dir, "archive.json"):               "the archive",
		filepath.Join(dir, "copy-of-settings.txt"):       "a weekly draft, settings or archive file",
		filepath.Join(dir, ".1.json.lock"):               "a draft's lock file",
		filepath.Join(dir, ".1.json.edit"):               "a draft's edit lock",
		filepath.Join(dir, ".1.json.incoming"):           "a draft's queue of changes",
		filepath.Join(dir, ".2.json.incoming"):           "a draft's queue of changes", // not there yet
		filepath.Join(dir, ".1.json4242"):                "a draft being saved",
		filepath.Join(dir, RecordFile):                   "weekly's record of exports",
		filepath.Join(dir, ".weekly", "authorized_keys"): "in weekly's own folder .weekly",
	} {
		before, _ := os.ReadFile(target)
		err := ToFile(target, []byte("export\n"), ToFileOptions{Draft: path, Force: true})
		var own *OwnError
		if !errors.As(err, &own) || own.What != what {
			t.Errorf("ToFile(%s) with force: %v, want it refused as %s", target, err, what)
		}
		if after, _ := os.ReadFile(target); string(after) != string(before) {
			t.Errorf("ToFile(%s) changed it", target)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nope")); err == nil {
		t.Error("a refused export made a folder")
	}
}

func TestToFileAsksBeforeAFileWeeklyDidNotWrite(t *testing.T) {
	t.Parallel()
	dir, path := drafts(t)
	opts := ToFileOptions{Draft: path}
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var exists *ExistsError
	if err := ToFile(notes, []byte("export\n"), opts); !errors.As(err, &exists) || exists.Path != notes {
		t.Fatalf("ToFile over the user's file: %v, want an *ExistsError", err)
	}
	if data, _ := os.ReadFile(notes); string(data) != "my notes\n" {
		t.Fatalf("the user's file was replaced: %q", data)
	}
	if err := ToFile(notes, []byte("export\n"), ToFileOptions{Draft: path, Force: true}); err != nil {
		t.Fatalf("with force: %v", err)
	}
	// Written once, weekly may write it again; changed by hand, it asks.
	out := filepath.Join(t.TempDir(), "new", "folder", "issue.md")
	for _, data := range []string{"one\n", "two\n"} {
		if err := ToFile(out, []byte(data), opts); err != nil {
			t.Fatalf("ToFile(%s) %q: %v", out, data, err)
		}
	}
	if data, _ := os.ReadFile(out); string(data) != "two\n" {
		t.Fatalf("%s holds %q", out, data)
	}
	if err := os.WriteFile(out, []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ToFile(out, []byte("three\n"), opts); !errors.As(err, &exists) {
		t.Fatalf("over a file changed since: %v, want an *ExistsError", err)
	}
	// The record is beside the draft, by the path written; without a
	// draft nothing is recorded and every existing file needs force.
	rec := readRecord(dir)
	if rec[out] == "" || rec[notes] == "" {
		t.Errorf("the record in %s lacks %s or %s: %v", dir, out, notes, rec)
	}
	if err := ToFile(notes, []byte("export\n"), ToFileOptions{}); !errors.As(err, &exists) {
		t.Errorf("without a draft, over an existing file: %v", err)
	}
	// A link is written through and kept.
	link := filepath.Join(t.TempDir(), "link.md")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	if err := ToFile(link, []byte("four\n"), ToFileOptions{Draft: path, Force: true}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if err := ToFile(link, []byte("five\n"), opts); err != nil {
		t.Errorf("again through the link, which weekly wrote: %v", err)
	}
}

func TestToFileRefusesWhatIsNotAFile(t *testing.T) {
	t.Parallel()
	_, path := drafts(t)
	tmp := t.TempDir()
	fifo := filepath.Join(tmp, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, target := range []string{tmp, fifo} {
		err := ToFile(target, []byte("export\n"), ToFileOptions{Draft: path, Force: true})
		var exists *ExistsError
		if err == nil || errors.As(err, &exists) {
			t.Errorf("ToFile(%s): %v, want it refused", target, err)
		}
	}
}

// TestToFileFromLeavesTheFileOnAnError: an export that fails half way
// (the draft's date, a full disk) leaves the file as it was, with no
// temporary file beside it, and the record unchanged: the next export
// replaces it without asking, as before.
func TestToFileFromLeavesTheFileOnAnError(t *testing.T) {
	t.Parallel()
	dir, path := drafts(t)
	out := filepath.Join(dir, "issue.html")
	if err := ToFile(out, []byte("first\n"), ToFileOptions{Draft: path}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	err = ToFileFrom(out, func(w io.Writer) error {
		if _, err := w.Write(bytes.Repeat([]byte("half "), 100_000)); err != nil {
			return err
		}
		return full
	}, ToFileOptions{Draft: path})
	if !errors.Is(err, full) {
		t.Fatalf("ToFileFrom = %v, want the writer's error", err)
	}
	if got, _ := os.ReadFile(out); string(got) != "first\n" {
		t.Errorf("the file holds %.20q…, want it as it was", got)
	}
	after, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("%d files in the folder after, %d before: a temporary file was left", len(after), len(before))
	}
	if err := ToFileFrom(out, func(w io.Writer) error { _, err := io.WriteString(w, "second\n"); return err }, ToFileOptions{Draft: path}); err != nil {
		t.Errorf("the next export of weekly's own file: %v", err)
	}
	if got, _ := os.ReadFile(out); string(got) != "second\n" {
		t.Errorf("the file holds %q after the next export", got)
	}
}
