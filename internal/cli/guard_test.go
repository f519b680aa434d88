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
		if x.Item.URL() == "https://next.example/after-the-kill" {
			return
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
