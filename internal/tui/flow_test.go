package tui

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

// The flows run the real program loop with its real timers, against the
// real store, and golden the final screen (colours stripped, so the golden
// files show the board as it looks) at the two sizes the issue names.

var flowSizes = []struct{ w, h int }{{120, 32}, {40, 12}}

// startFlow runs the model over a fresh copy of the draft at w×h.
func startFlow(t *testing.T, w, h int) (*teatest.TestModel, string) {
	t.Helper()
	path := openDraft(t, threeCards())
	m := New(realSeat(t, path), nil, WithClock(func() time.Time { return time.Date(2024, 5, 5, 12, 0, 0, 0, time.UTC) }))
	tm := teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	tm.Send(tea.BackgroundColorMsg{Color: color.Black})
	return tm, path
}

// waitScreen waits until the program has drawn text.
func waitScreen(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte(text))
	}, teatest.WithDuration(3*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// finish quits with q and returns the final model.
func finish(t *testing.T, tm *teatest.TestModel) *Model {
	t.Helper()
	tm.Send(tuitest.KeyMsg("q"))
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
}

func golden(t *testing.T, m *Model) {
	t.Helper()
	teatest.RequireEqualOutput(t, []byte(ansi.Strip(m.View().Content)))
}

// TestFlowTriage is the first session: 2 sends the first card to
// Tools; space, right, space carries the next into News; a resize to 40×12
// and back; q.
func TestFlowTriage(t *testing.T) {
	for _, size := range flowSizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tm, path := startFlow(t, size.w, size.h)
			tm.Send(tuitest.KeyMsg("2"))
			waitScreen(t, tm, "Sent")
			tm.Send(tuitest.KeyMsg("space"))
			tm.Send(tuitest.KeyMsg("right"))
			waitScreen(t, tm, "Carrying")
			tm.Send(tuitest.KeyMsg("space"))
			waitScreen(t, tm, "Put")
			tm.Send(tea.WindowSizeMsg{Width: 40, Height: 12})
			tm.Send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
			m := finish(t, tm)
			if got, want := load(t, path), "three | two | one"; got != want {
				t.Fatalf("saved draft %q, want %q", got, want)
			}
			golden(t, m)
		})
	}
}

// TestFlowDeleteUndo is the second session on a triaged draft.
func TestFlowDeleteUndo(t *testing.T) {
	for _, size := range flowSizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tm, path := startFlow(t, size.w, size.h)
			for _, k := range []string{"2", "space", "right", "space", "tab", "tab", "x"} {
				tm.Send(tuitest.KeyMsg(k))
			}
			waitScreen(t, tm, "Deleted")
			tm.Send(tuitest.KeyMsg("u"))
			waitScreen(t, tm, "Undone")
			m := finish(t, tm)
			if got, want := load(t, path), "three | two | one"; got != want {
				t.Fatalf("saved draft %q, want %q", got, want)
			}
			golden(t, m)
		})
	}
}

// TestFlowAddLinks pastes links into the add prompt, one of them not a URL.
func TestFlowAddLinks(t *testing.T) {
	for _, size := range flowSizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tm, path := startFlow(t, size.w, size.h)
			tm.Send(tuitest.KeyMsg("a"))
			tm.Send(tea.PasteMsg{Content: "https://go.dev/blog/\r\nftp://news.example.com/no-scheme\r\nhttps://charm.land/\r\n"})
			tm.Send(tuitest.KeyMsg("enter"))
			waitScreen(t, tm, "Not added")
			tm.Send(tuitest.KeyMsg("esc"))
			tm.Send(tuitest.KeyMsg("2"))
			waitScreen(t, tm, "Sent")
			m := finish(t, tm)
			d, err := store.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(d.Inbox); n != 4 || d.Sections[1].Items[0].URL() != "https://go.dev/blog/" {
				t.Fatalf("saved: %d inbox cards, Tools %v", n, d.Sections[1].Items)
			}
			golden(t, m)
		})
	}
}

// TestFlowQueuedLinks adds a link with the store's weekly add path while the
// board is open: within a second it is on the board, and it is saved.
func TestFlowQueuedLinks(t *testing.T) {
	tm, path := startFlow(t, 120, 32)
	waitScreen(t, tm, "Inbox")
	it := draft.NewItem([]string{"https://queued.example.com/"}, "Added from the shell.", time.Now(), "cli")
	start := time.Now()
	if queued, err := store.AddItems(path, "weekly add", "", []draft.Item{it}, nil); err != nil || !queued {
		t.Fatalf("AddItems: queued %v, err %v", queued, err)
	}
	waitScreen(t, tm, "Added from the shell.")
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("the queued link took %v to show", took)
	}
	// Saved without a key pressed: the autosave follows the queued link.
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if d, err := store.Load(path); err == nil && len(d.Inbox) == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the queued link was not saved within 3 s")
		}
	}
	m := finish(t, tm)
	d, err := store.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Inbox); n != 4 || d.Inbox[3].Blurb != "Added from the shell." {
		t.Fatalf("the queued link was not saved: %d inbox cards", n)
	}
	if !strings.Contains(ansi.Strip(m.View().Content), "Added from the shell.") {
		t.Fatal("the final screen lacks the queued card")
	}
}

// watched runs the model and closes seen, from the program's own goroutine,
// once the preview shows want while the board has the keys.
type watched struct {
	*Model
	want string
	seen chan struct{}
	once sync.Once
}

func (w *watched) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := w.Model.Update(msg)
	if w.focus == focusBoard && strings.Contains(ansi.Strip(w.preview.View()), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return w, cmd
}

// TestFlowPreviewEdit is the check: the preview stays hidden until
// p and shows the footer; tab, enter, a word typed and esc, and the word is
// in the preview; q, and the blurb is in the saved draft.
func TestFlowPreviewEdit(t *testing.T) {
	for _, size := range flowSizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			path := openDraft(t, writing())
			m := New(realSeat(t, path), nil, WithClock(func() time.Time { return time.Date(2024, 5, 5, 12, 0, 0, 0, time.UTC) }))
			w := &watched{Model: m, want: "Go 1.26 is out. Kubernetes", seen: make(chan struct{})}
			tm := teatest.NewTestModel(t, w,
				teatest.WithInitialTermSize(size.w, size.h),
				teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
			tm.Send(tea.BackgroundColorMsg{Color: color.Black})
			waitScreen(t, tm, "Inbox")
			tm.Send(tuitest.KeyMsg("p"))
			if size.h >= 32 {
				waitScreen(t, tm, "Thanks for reading DevOps Weekly.")
			} else {
				waitScreen(t, tm, "Preview")
			}
			for _, k := range []string{"tab", "enter", "space", "K", "u", "b", "e", "r", "n", "e", "t", "e", "s", "esc"} {
				tm.Send(tuitest.KeyMsg(k))
			}
			select {
			case <-w.seen:
			case <-time.After(5 * time.Second):
				t.Fatal("the typed word did not reach the preview within 5 s")
			}
			tm.Send(tuitest.KeyMsg("q"))
			got := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*watched).Model
			saved, err := store.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if b := saved.Sections[0].Items[0].Blurb; b != "Go 1.26 is out. Kubernetes" {
				t.Fatalf("saved blurb %q", b)
			}
			golden(t, got)
		})
	}
}

// TestFlowSectionsAndJoin adds a first section from the inbox, moves it
// right, makes it the sponsor's, joins two inbox cards, undoes the join and
// joins them again.
func TestFlowSectionsAndJoin(t *testing.T) {
	for _, size := range flowSizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tm, path := startFlow(t, size.w, size.h)
			tm.Send(tuitest.KeyMsg("s"))
			tm.Send(tuitest.KeyMsg("a"))
			for _, r := range "Events" {
				tm.Send(tuitest.KeyMsg(string(r)))
			}
			tm.Send(tuitest.KeyMsg("enter"))
			waitScreen(t, tm, "Added section")
			tm.Send(tuitest.KeyMsg("s"))
			tm.Send(tuitest.KeyMsg("l"))
			waitScreen(t, tm, "Moved")
			tm.Send(tuitest.KeyMsg("p"))
			waitScreen(t, tm, "sponsor's section")
			for _, k := range []string{"shift+tab", "shift+tab", "J"} {
				tm.Send(tuitest.KeyMsg(k))
			}
			waitScreen(t, tm, "Joined")
			tm.Send(tuitest.KeyMsg("u"))
			waitScreen(t, tm, "Undone")
			tm.Send(tuitest.KeyMsg("J"))
			waitScreen(t, tm, "Joined")
			m := finish(t, tm)
			d, err := store.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := tuitest.Cols(d), "one three |  |  | "; got != want {
				t.Fatalf("saved draft %q, want %q", got, want)
			}
			if s := d.Sections[1]; s.Name != "Events" || !s.Sponsor || len(d.Inbox[0].URLs) != 2 {
				t.Fatalf("saved sections %+v, first card %+v", d.Sections, d.Inbox[0])
			}
			golden(t, m)
		})
	}
}
