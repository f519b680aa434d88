package cli_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// weeklyCmd returns the test binary set up to run as weekly with args.
func weeklyCmd(stdin string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "WEEKLY_RUN_MAIN=1", "GORACE=atexit_sleep_ms=0", "WEEKLY_DIR=")
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

// runWeekly runs weekly with args to the end and returns its output.
func runWeekly(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := weeklyCmd(stdin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// newDraft saves a small draft as dir/1.json.
func newDraft(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "1.json")
	d := draft.New("Test Weekly", 1, "2024-01-07", []string{"News", "Tools"})
	if err := store.Save(path, d); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTornQueueKeepsTheNextAdd kills a bulk weekly add - while the draft
// is open until the queue is left cut mid-line, then adds one more link:
// the add must reach the board, not vanish glued to the cut line.
func TestTornQueueKeepsTheNextAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs and kills weekly processes")
	}
	t.Parallel()
	dir := t.TempDir()
	path := newDraft(t, dir)
	ed, err := store.OpenEditor(path, "weekly edit")
	if err != nil {
		t.Fatal(err)
	}
	defer ed.Close()
	var urls strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&urls, "https://bulk.example/%d\n", i)
	}
	queue := store.IncomingPath(path)
	start := time.Now()
	if err := weeklyCmd(urls.String(), "--dir", dir, "add", "1", "-", "--no-fetch").Run(); err != nil {
		t.Fatal(err)
	}
	whole := time.Since(start)
	torn := func() bool {
		data, err := os.ReadFile(queue)
		return err == nil && len(data) > 0 && data[len(data)-1] != '\n'
	}
	tries := 0
	for ; tries < 6 && !torn(); tries++ {
		cmd := weeklyCmd(urls.String(), "--dir", dir, "add", "1", "-", "--no-fetch")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(whole/2 + time.Duration(rand.Int64N(int64(whole)/2)))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
	}
	if !torn() {
		// No kill landed inside the write this time: cut the queue as
		// such a kill does, mid-line, and go on from there.
		t.Logf("no kill of %d tore the queue; cutting it by hand", tries)
		data, err := os.ReadFile(queue)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(queue, data[:len(data)-40], 0o644); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Logf("kill %d tore the queue", tries)
	}
	stdout, stderr, err := runWeekly(t, "", "--dir", dir, "add", "1", "https://next.example/after-the-kill", "--no-fetch")
	if err != nil {
		t.Fatalf("the add after the kill failed: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "Added") {
		t.Fatalf("the add said %q", stdout)
	}
	in, err := ed.Take()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range in {
		for _, it := range x.Items() {
			if it.URL() == "https://next.example/after-the-kill" {
				return
			}
		}
	}
	t.Fatalf("weekly add said %q, but the board never got the link (%d queued items taken)", strings.TrimSpace(stdout), len(in))
}

// TestReadersSeeQueuedLinks adds a link while a board holds the draft
// open, then the board dies without taking it in (a real board killed with
// SIGKILL): export, list, check and archive add must all see the link.
func TestReadersSeeQueuedLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the board in a terminal")
	}
	t.Parallel()
	dir := t.TempDir()
	newDraft(t, dir)
	b := startBoard(t, "--dir", dir, "edit", "1")
	b.waitFor("News")
	if _, stderr, err := runWeekly(t, "", "--dir", dir, "add", "1", "https://queued.example/confirmed", "--no-fetch", "--section", "News"); err != nil {
		t.Fatalf("add: %v\n%s", err, stderr)
	}
	_ = b.cmd.Process.Signal(syscall.SIGKILL)
	_ = b.wait()
	for _, args := range [][]string{
		{"export", "1"},
		{"export", "1", "--format", "json"},
		{"check", "1"},
		{"archive", "add", "1"},
		{"archive", "list"},
	} {
		stdout, stderr, _ := runWeekly(t, "", append([]string{"--dir", dir}, args...)...)
		want := "queued.example/confirmed" // check reports it has no blurb
		switch strings.Join(args, " ") {
		case "archive add 1":
			continue
		case "archive list":
			want = "1 issues, 1 links"
		}
		if !strings.Contains(stdout+stderr, want) {
			t.Errorf("weekly %s does not show the confirmed link:\n%s%s", strings.Join(args, " "), stdout, stderr)
		}
	}
	stdout, _, err := runWeekly(t, "", "--dir", dir, "list")
	if err != nil || !regexpItems(stdout, 1) {
		t.Errorf("weekly list does not count the confirmed link (err %v):\n%s", err, stdout)
	}
}

// regexpItems reports whether list's line of draft 1 shows n placed items.
func regexpItems(out string, n int) bool {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 4 && f[0] == "1" {
			return f[3] == fmt.Sprint(n)
		}
	}
	return false
}

// TestExportNeverOverwritesADraft runs export -o onto the draft, another
// draft, the settings and the archive, and onto a file export did not
// write: each is refused and left as it was; --force overrides only the
// last, and export may replace what it wrote itself.
func TestExportNeverOverwritesADraft(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := newDraft(t, dir)
	other := filepath.Join(dir, "2.json")
	if err := store.Save(other, draft.New("Test Weekly", 2, "2024-01-14", nil)); err != nil {
		t.Fatal(err)
	}
	settings := filepath.Join(dir, "settings.json")
	if err := os.WriteFile(settings, []byte(`{"schema": 1, "newsletter": "Test Weekly"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{path, other, settings, mine, link, filepath.Join(dir, "sub", "..", "1.json")} {
		before, _ := os.ReadFile(target)
		_, stderr, err := runWeekly(t, "", "--dir", dir, "export", "1", "-o", target)
		if err == nil {
			t.Errorf("export -o %s succeeded", target)
		}
		if after, _ := os.ReadFile(target); !bytes.Equal(before, after) {
			t.Errorf("export -o %s changed the file (it said %q)", target, stderr)
		}
	}
	if _, stderr, err := runWeekly(t, "", "--dir", dir, "export", "1", "-o", path, "--force"); err == nil {
		t.Errorf("export -o onto the draft with --force succeeded: %s", stderr)
	}
	if _, stderr, err := runWeekly(t, "", "--dir", dir, "export", "1", "-o", mine, "--force"); err != nil {
		t.Errorf("export -o --force onto another file: %v %s", err, stderr)
	}
	out := filepath.Join(dir, "issue.txt")
	for range 2 {
		if _, stderr, err := runWeekly(t, "", "--dir", dir, "export", "1", "-o", out); err != nil {
			t.Fatalf("export -o a file export wrote: %v %s", err, stderr)
		}
	}
	if err := os.WriteFile(out, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runWeekly(t, "", "--dir", dir, "export", "1", "-o", out); err == nil {
		t.Error("export -o wrote over a file changed by hand since it wrote it")
	}
}

// TestGluedJSONIsRefused puts a second JSON object after the first in
// archive.json and settings.json: commands refuse the file, naming its line
// and column, and archive add leaves the archive as it was.
func TestGluedJSONIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	newDraft(t, dir)
	archivePath := filepath.Join(dir, "archive.json")
	glued := `{"schema": 1, "issues": []}` + "\n" + `{"schema": 1, "issues": [{"number": 7, "links": [{"url": "https://second.example/"}]}]}` + "\n"
	if err := os.WriteFile(archivePath, []byte(glued), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runWeekly(t, "", "--dir", dir, "archive", "add", "1")
	if err == nil || !strings.Contains(stderr, archivePath+": line 2, column 1") {
		t.Errorf("archive add on a glued archive: err %v, said %q", err, stderr)
	}
	if data, _ := os.ReadFile(archivePath); string(data) != glued {
		t.Errorf("archive add rewrote the glued archive:\n%s", data)
	}
	settings := filepath.Join(dir, "settings.json")
	if err := os.WriteFile(settings, []byte(`{"schema": 1}{"schema": 1, "newsletter": "Second"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err = runWeekly(t, "", "--dir", dir, "new", "2")
	if err == nil || !strings.Contains(stderr, settings+": line 1, column 14") {
		t.Errorf("new with glued settings: err %v, said %q", err, stderr)
	}
}

// TestSymlinkedDraftIsSavedThroughTheLink changes a draft through a
// symbolic link: the link stays a link, its target changes, and the lock
// files are made beside the target. new refuses a link to nothing.
func TestSymlinkedDraftIsSavedThroughTheLink(t *testing.T) {
	t.Parallel()
	real, drafts := t.TempDir(), t.TempDir()
	target := newDraft(t, real)
	link := filepath.Join(drafts, "1.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runWeekly(t, "", "--dir", drafts, "set", "1", "--title", "Through the link"); err != nil {
		t.Fatalf("set through a link: %v %s", err, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
	}
	d, err := store.Load(target)
	if err != nil || d.Title != "Through the link" {
		t.Fatalf("the target did not change: %v %+v", err, d)
	}
	if _, err := os.Stat(store.LockPath(link)); err == nil {
		t.Error("the lock was taken beside the link, not beside its target")
	}
	dangling := filepath.Join(drafts, "9.json")
	if err := os.Symlink(filepath.Join(real, "gone.json"), dangling); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runWeekly(t, "", "--dir", drafts, "new", "9", "--newsletter", "X")
	if err == nil || !strings.Contains(stderr, "does not exist") {
		t.Errorf("new over a dangling link: err %v, said %q", err, stderr)
	}
	if fi, err := os.Lstat(dangling); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("new replaced the dangling link")
	}
	if _, err := os.Stat(filepath.Join(real, "gone.json")); err == nil {
		t.Error("new created the link's target")
	}
}

// TestNotADraftMakesNoFiles points commands at files that are not drafts
// and at a drafts folder that does not exist: each is refused and no lock,
// edit or queue file, nor the folder, is made.
func TestNotADraftMakesNoFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	passwd := filepath.Join(dir, "passwd")
	if err := os.WriteFile(passwd, []byte("root:x:0:0::/root:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "package.json")
	if err := os.WriteFile(other, []byte(`{"name": "not-a-draft"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"set", passwd, "--title", "x"},
		{"add", passwd, "https://a.example/", "--no-fetch"},
		{"edit", passwd},
		{"export", passwd},
	} {
		if _, stderr, err := runWeekly(t, "", args...); err == nil || !strings.Contains(stderr, "not a draft") {
			t.Errorf("weekly %s: err %v, said %q", strings.Join(args, " "), err, stderr)
		}
	}
	missing := filepath.Join(dir, "typo")
	for _, args := range [][]string{
		{"--dir", missing, "add", "1", "https://a.example/", "--no-fetch"},
		{"--dir", missing, "set", "1", "--title", "x"},
		{"--dir", missing, "section", "add", "1", "Extra"},
		{"--dir", missing, "export", "1"},
		{"--dir", missing, "list"},
	} {
		_, _, _ = runWeekly(t, "", args...)
	}
	for _, args := range [][]string{
		{"set", other, "--title", "x"},
		{"add", other, "https://a.example/", "--no-fetch"},
		{"edit", other},
	} {
		if _, stderr, err := runWeekly(t, "", args...); err == nil || !strings.Contains(stderr, "not a weekly draft") {
			t.Errorf("weekly %s: err %v, said %q", strings.Join(args, " "), err, stderr)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files were made beside a file that is not a draft, or a drafts folder was created: %v", names)
	}
	for _, name := range []string{"a\nb", ".hidden"} {
		if _, stderr, err := runWeekly(t, "", "--dir", dir, "new", name, "--newsletter", "X"); err == nil {
			t.Errorf("new %q succeeded: %s", name, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("new of a bad name made files: %d entries", len(entries))
	}
}

// TestBlurbOverTheCapIsRefused gives add and sponsor a blurb over 1 MiB:
// each is refused with the size in the message and the draft is unchanged.
func TestBlurbOverTheCapIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := newDraft(t, dir)
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, bytes.Repeat([]byte("word "), 3<<20/5), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, args := range [][]string{
		{"add", "1", "https://a.example/", "--no-fetch", "--blurb-file", big},
		{"sponsor", "1", "Acme", "https://acme.example/", "--blurb-file", big},
	} {
		_, stderr, err := runWeekly(t, "", append([]string{"--dir", dir}, args...)...)
		if err == nil || !strings.Contains(stderr, "3.0 MiB, more than the 1 MiB") {
			t.Errorf("weekly %s: err %v, said %q", args[0], err, stderr)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a refused blurb changed the draft")
	}
}
