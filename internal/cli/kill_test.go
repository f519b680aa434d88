package cli_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// TestKillDuringAddNeverTearsTheDraft kills weekly add with SIGKILL at
// random moments, again and again: the draft must load after every one, and
// hold every link whose add reported success.
func TestKillDuringAddNeverTearsTheDraft(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 40 processes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "1.json")
	d := draft.New("Test Weekly", 1, "2024-01-07", []string{"News", "Tools"})
	for i := range 300 { // enough that a save takes a moment
		_ = d.Append(1, draft.Item{ID: fmt.Sprintf("seed%d", i), URLs: []string{fmt.Sprintf("https://seed.example/%d", i)}, Blurb: "A seed item with a blurb of some length to make saving slower."})
	}
	if err := store.Save(path, d); err != nil {
		t.Fatal(err)
	}
	add := func(url string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "--dir", dir, "add", "1", url, "--no-fetch")
		cmd.Env = append(os.Environ(), "WEEKLY_RUN_MAIN=1", "GORACE=atexit_sleep_ms=0")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	// Time one whole add, so that the kills land all over its run,
	// the save included, however fast this machine is.
	start := time.Now()
	if err := add("https://first.example/").Wait(); err != nil {
		t.Fatal(err)
	}
	whole := time.Since(start)
	added := 0
	for i := range 40 {
		url := fmt.Sprintf("https://new.example/%d", i)
		cmd := add(url)
		time.Sleep(time.Duration(rand.Int64N(int64(whole) * 11 / 10)))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if err == nil {
			added++
		}
		loaded, lerr := store.Load(path)
		if lerr != nil {
			t.Fatalf("after kill %d the draft does not load: %v", i+1, lerr)
		}
		if err == nil {
			if _, ok := findURL(loaded, url); !ok {
				t.Fatalf("add of %s reported success but the link is not in the draft", url)
			}
		}
	}
	t.Logf("an add takes %v; %d of 40 finished before the kill", whole, added)
}

func findURL(d *draft.Draft, url string) (draft.Pos, bool) {
	var at draft.Pos
	found := false
	d.Items(func(p draft.Pos, it *draft.Item) {
		for _, u := range it.URLs {
			if u == url {
				at, found = p, true
			}
		}
	})
	return at, found
}
