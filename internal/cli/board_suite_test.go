package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/serve"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui"
)

// boardKind is a way an editor gets a board on a draft: weekly edit's, or
// one of weekly serve's. Both are one engine (a live.Hub and its seats);
// the suite below holds them to the same behaviour.
type boardKind struct {
	name string
	// run opens the board on the draft called name as the command does,
	// plays fn against it in a test terminal until the board quits, and
	// returns what letting go of the draft said.
	run func(t *testing.T, app *App, name string, fn func(tm *teatest.TestModel)) error
}

var boardKinds = []boardKind{
	{"edit", func(t *testing.T, app *App, name string, fn func(tm *teatest.TestModel)) error {
		opts := &editOptions{run: func(s *tui.Session) error {
			tm := teatest.NewTestModel(t, s, teatest.WithInitialTermSize(120, 32))
			fn(tm)
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
			return nil
		}}
		return runEdit(app, opts, name)
	}},
	{"serve", func(t *testing.T, app *App, name string, fn func(tm *teatest.TestModel)) error {
		p, err := boardFactory(app, name, newHubSet())(serve.Session{Editor: "Ann", Context: context.Background()})
		if err != nil {
			return err
		}
		tm := teatest.NewTestModel(t, p.Model, teatest.WithInitialTermSize(120, 32))
		fn(tm)
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		return p.Done()
	}},
}

// eachBoard runs test against a fresh draft "1" on each kind of board.
func eachBoard(t *testing.T, test func(t *testing.T, app *App, path string, k boardKind)) {
	for _, k := range boardKinds {
		t.Run(k.name, func(t *testing.T) {
			t.Parallel()
			app, _, _ := testApp(t, "")
			path := createDraft(t, app, "1", 1)
			test(t, app, path, k)
		})
	}
}

func key(s string) tea.KeyPressMsg { return tea.KeyPressMsg{Code: rune(s[0]), Text: s} }

// TestBoardKeepsAnOutsideEdit changes the draft file behind an open board,
// as a text editor or git would: the board says so at once and never
// writes over the file; its copy goes beside it, and quitting says so.
func TestBoardKeepsAnOutsideEdit(t *testing.T) {
	eachBoard(t, func(t *testing.T, app *App, path string, k boardKind) {
		var outside []byte
		err := k.run(t, app, "1", func(tm *teatest.TestModel) {
			waitFor(t, tm, "Inbox")
			d, err := store.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			d.Intro = "Written by hand behind the board."
			if outside, err = store.Encode(d); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, outside, 0o644); err != nil {
				t.Fatal(err)
			}
			waitFor(t, tm, "changed on disk behind weekly")
			tm.Send(key("a"))
			tm.Send(tea.PasteMsg{Content: "https://kept.example.com/"})
			tm.Send(enter)
			waitFor(t, tm, "https://kept.example.com/")
			tm.Send(key("q")) // nothing is lost: the board's copy is kept beside the draft
		})
		if err == nil || !strings.Contains(err.Error(), "changed on disk behind weekly") {
			t.Errorf("closing the draft said %v, want that it changed on disk", err)
		}
		if got, _ := os.ReadFile(path); string(got) != string(outside) {
			t.Errorf("the outside edit was written over:\n%s", got)
		}
		kept, err := store.Load(path + ".kept")
		if err != nil {
			t.Fatal(err)
		}
		if len(kept.Inbox) != 1 || kept.Inbox[0].URL() != "https://kept.example.com/" {
			t.Errorf("the board's copy is not kept beside the draft: %+v", kept.Inbox)
		}
	})
}

// TestBoardTakesQueuedChanges runs weekly section then weekly add into
// that new section while the board is open: both are queued, both reach
// the board by themselves, u undoes them one at a time (the person at the
// board owns what the queue brought), and the saved draft holds what is
// left.
func TestBoardTakesQueuedChanges(t *testing.T) {
	eachBoard(t, func(t *testing.T, app *App, path string, k boardKind) {
		err := k.run(t, app, "1", func(tm *teatest.TestModel) {
			waitFor(t, tm, "Inbox")
			if _, err := store.Change(path, "weekly section", func(d *draft.Draft) (draft.Change, error) {
				return draft.Change{{Kind: draft.OpSectionAdd, To: draft.Pos{Col: d.Columns()}, Section: "Foo"}}, nil
			}); err != nil {
				t.Fatal(err)
			}
			waitFor(t, tm, "Changed by weekly section")
			var stdout, stderr bytes.Buffer
			args := []string{"--dir", app.Store().Dir, "add", "1", "--section", "Foo", "--no-fetch", "https://foo.example.com/post"}
			if code := Main(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Fatalf("weekly add --section Foo while the board is open: exit %d\n%s", code, stderr.String())
			}
			if !strings.Contains(stdout.String(), "of the open editor") {
				t.Errorf("weekly add said %q", stdout.String())
			}
			waitFor(t, tm, "1 link added by another command")
			tm.Send(key("u")) // the link goes
			waitFor(t, tm, "Undone")
			tm.Send(key("q"))
		})
		if err != nil {
			t.Fatal(err)
		}
		d, err := store.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if i := d.SectionIndex("Foo"); i < 0 || len(d.Sections[i].Items) != 0 {
			t.Errorf("the saved draft should have Foo, empty again after u: %+v", d.Sections)
		}
		for _, left := range []string{store.LockPath(path), store.EditLockPath(path), store.IncomingPath(path)} {
			if _, err := os.Stat(left); !os.IsNotExist(err) {
				t.Errorf("%s is left after a clean quit: %v", left, err)
			}
		}
	})
}
