//go:build linux

package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// TestBoardSavesOnSignal runs the real board on a terminal, moves a card
// and, before the save delay is over, closes the terminal (SIGHUP) or sends
// SIGTERM or SIGINT: the move must be in the draft file after the board is
// gone.
func TestBoardSavesOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the board in a terminal")
	}
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "1.json")
			d := draft.New("Test Weekly", 1, "2024-01-07", []string{"News", "Tools"})
			_ = d.Append(draft.Inbox, draft.Item{ID: "card1", URLs: []string{"https://a.example/post"}, Title: "Carded post"})
			if err := store.Save(path, d); err != nil {
				t.Fatal(err)
			}
			b := startBoard(t, "--dir", dir, "edit", "1")
			b.waitFor("Carded post")
			b.Type("1") // send the card to News; the save waits 300 ms
			b.waitFor("Sent")
			if err := b.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if sig == syscall.SIGHUP {
				b.master.Close() // the terminal is gone too, as with a closed window
			}
			_ = b.wait()
			got, err := store.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if p, ok := got.Find("card1"); !ok || p.Col != 1 {
				t.Fatalf("after %v the card is at %+v (found %v), not in News: the last edit was lost", sig, p, ok)
			}
		})
	}
}

// TestBoardKeepsTheEditWhenTheDiskIsFull runs the real fault of issue 24:
// the drafts folder is on a disk that fills up while the board is open,
// and SIGTERM comes before the edit could be saved. Nothing is lost: the
// board's last save fails, the draft as it was on the board is written to
// the user's cache folder, and the message on quitting says where. The
// draft file keeps its last good version.
func TestBoardKeepsTheEditWhenTheDiskIsFull(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the board in a terminal")
	}
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "drafts")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("no small disk to fill (mounting a tmpfs needs root): %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	path := filepath.Join(dir, "1.json")
	d := draft.New("Test Weekly", 1, "2024-01-07", []string{"News", "Tools"})
	_ = d.Append(draft.Inbox, draft.Item{ID: "card1", URLs: []string{"https://a.example/post"}, Title: "Carded post"})
	if err := store.Save(path, d); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	b := startBoardEnv(t, []string{"XDG_CACHE_HOME=" + cache}, "--dir", dir, "edit", "1")
	b.waitFor("Carded post")
	// Fill the disk to the last byte.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	for chunk := make([]byte, 4096); ; {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	for one := []byte{0}; ; {
		if _, err := filler.Write(one); err != nil {
			break
		}
	}
	filler.Close()
	b.Type("1") // send the card to News; the save cannot be made
	b.waitFor("Sent")
	if err := b.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = b.wait()
	where := regexp.MustCompile(`everything as it was on the board is in (\S+\.json)`).FindStringSubmatch(ansi.Strip(b.Output()))
	if where == nil {
		t.Fatalf("quitting does not say where the edit went:\n%s", ansi.Strip(b.Output()))
	}
	if !strings.HasPrefix(where[1], cache) {
		t.Errorf("the copy went to %s, not the cache folder %s (the draft's own disk is full)", where[1], cache)
	}
	rescued, err := store.Load(where[1])
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := rescued.Find("card1"); !ok || p.Col != 1 {
		t.Errorf("the rescued draft has the card at %+v, not in News: the edit was lost", p)
	}
	if kept, err := store.Load(path); err != nil || len(kept.Inbox) != 1 {
		t.Errorf("the draft file is not its last good version: %v %+v", err, kept)
	}
}
