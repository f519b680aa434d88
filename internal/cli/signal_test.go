//go:build linux

package cli_test

import (
	"path/filepath"
	"syscall"
	"testing"

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
