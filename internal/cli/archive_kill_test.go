package cli_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/fsnotify/fsnotify"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/archivetest"
	"github.com/weekly-dev/weekly/internal/archive/index"
)

// TestArchiveAddCutShort stops weekly archive add with Ctrl-C (SIGINT) or
// SIGKILL while it writes the search index: first while it builds one for
// a new archive, then while it updates one in place. Each time the archive
// must load, whole (as before the add, or with every issue of it), and a
// search must answer from it, the index rebuilt, nothing left behind.
func TestArchiveAddCutShort(t *testing.T) {
	if testing.Short() {
		t.Skip("runs and stops weekly processes")
	}
	corpus := archivetest.Corpus(t)
	a := archivetest.Generate(corpus, 60, 3)
	files := archivetest.WriteIssues(t, a, t.TempDir())
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := archive.Path(dir)
			// A new archive: the add builds the index beside where it goes.
			cutShort(t, sig, dir, files[:30], func(ev fsnotify.Event) bool {
				return ev.Has(fsnotify.Create) && strings.HasPrefix(filepath.Base(ev.Name), "new-")
			})
			checkUsable(t, path, 0, 30)
			// An archive with its index: the add updates it in place, its
			// stamp taken away first.
			cutShort(t, sig, dir, files[30:], func(ev fsnotify.Event) bool {
				return ev.Has(fsnotify.Remove) && filepath.Base(ev.Name) == "stamp.json"
			})
			checkUsable(t, path, 30, 60)
		})
	}
}

// cutShort runs weekly archive add of files in dir and sends it sig as
// soon as the index folder shows what at says (or lets it end when it
// never does).
func cutShort(t *testing.T, sig syscall.Signal, dir string, files []string, at func(fsnotify.Event) bool) {
	t.Helper()
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	folder := index.Dir(archive.Path(dir))
	for _, d := range []string{folder, filepath.Join(folder, "current")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := w.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	cmd := weeklyCmd("", append([]string{"--dir", dir, "archive", "add"}, files...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case ev := <-w.Events:
			if !at(ev) {
				continue
			}
			_ = cmd.Process.Signal(sig)
			if err := <-done; err == nil {
				t.Logf("%v: the add had finished", sig)
			}
			return
		case err := <-done:
			t.Logf("%v: the add ended before the index was written (%v)", sig, err)
			return
		}
	}
}

// checkUsable loads the archive at path, which must hold the issues of
// the first from or to, and searches it for a word of the last issue.
func checkUsable(t *testing.T, path string, from, to int) {
	t.Helper()
	a, err := archive.Load(path)
	if err != nil {
		t.Fatalf("the archive does not load: %v", err)
	}
	if n := len(a.Issues); n != from && n != to {
		t.Fatalf("the archive holds %d issues, neither %d nor %d", n, from, to)
	}
	stdout, stderr, err := runWeekly(t, "", "--dir", filepath.Dir(path), "archive", "search", "--format", "json", "issue:"+itoa(len(a.Issues)))
	if err != nil {
		t.Fatalf("search after the add: %v\n%s", err, stderr)
	}
	if len(a.Issues) > 0 && !strings.Contains(stdout, `"issue": `+itoa(len(a.Issues))) {
		t.Errorf("the search does not find issue %d:\n%s", len(a.Issues), stdout)
	}
	if stderr != "" {
		t.Errorf("the search said: %s", stderr)
	}
	x, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := x.Count(); n != a.Items() {
		t.Errorf("the index holds %d items, the archive %d", n, a.Items())
	}
	x.Close()
	if left, _ := filepath.Glob(filepath.Join(index.Dir(path), "*-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
