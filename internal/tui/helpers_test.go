package tui

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/live/livetest"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/preview"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

// threeCards is the check: three inbox cards, News and Tools.
func threeCards() *draft.Draft {
	d := draft.New("DevOps Weekly", 520, "2024-05-05", []string{"News", "Tools"})
	at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	for i, u := range []string{"https://one.example.com/post", "https://two.example.org/", "https://three.example.net/x"} {
		it := draft.NewItem([]string{u}, "", at.Add(time.Duration(i)*time.Minute), "test")
		it.ID = []string{"one", "two", "three"}[i]
		it.Site = strings.TrimPrefix(strings.SplitN(u, "/", 4)[2], "www.")
		_ = d.Append(draft.Inbox, it)
	}
	return d
}

// rig is what a test drives beside a model: the hub that owns its draft
// and the clock of the hub's waits.
type rig struct {
	hub   *live.Hub
	clock *livetest.Clock
	path  string
}

// rigs finds the rig of each model a test made.
var rigs sync.Map // *Model → *rig

func rigOf(m *Model) *rig {
	r, _ := rigs.Load(m)
	return r.(*rig)
}

// openDraft saves d in a temporary drafts directory and returns its path.
func openDraft(t *testing.T, d *draft.Draft) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "520.json")
	if err := store.Create(path, d); err != nil {
		t.Fatal(err)
	}
	return path
}

// load reads the draft back from disk as "a b | c | d".
func load(t *testing.T, path string) string {
	t.Helper()
	d, err := store.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return tuitest.Cols(d)
}

// testPreview is the preview's configuration in model tests: plain glamour
// output, and a debounce short enough not to slow the tests down.
func testPreview() preview.Config {
	cfg := preview.DefaultConfig()
	cfg.Style = "notty"
	cfg.Debounce = time.Millisecond
	return cfg
}

// newModel saves d in a temporary drafts directory and returns the board
// weekly edit opens on it, sized w×h: a hub with one seat, whose waits
// (the save delay, a retry) end only when the test says (saveTick). The
// preview's debounce does fire, at once.
func newModel(t *testing.T, d *draft.Draft, fetch FetchFunc, w, h int, opts ...Option) *Model {
	t.Helper()
	return openModel(t, openDraft(t, d), live.Config{}, fetch, w, h, opts...)
}

// openModel opens the draft at path as weekly edit does, with cfg.
func openModel(t *testing.T, path string, cfg live.Config, fetch FetchFunc, w, h int, opts ...Option) *Model {
	t.Helper()
	clock := &livetest.Clock{}
	cfg.After = clock.After
	hub, err := live.Open(path, "weekly edit", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hub.Close() })
	seat, err := hub.Join("you")
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]Option{WithClock(func() time.Time { return time.Date(2024, 5, 5, 12, 0, 0, 0, time.UTC) }), withPreview(testPreview())}, opts...)
	m := New(seat, fetch, opts...)
	rigs.Store(m, &rig{hub: hub, clock: clock, path: path})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// withPreview configures the preview pane as tests want it, in the cache
// WithPreviewCache gave, if any.
func withPreview(cfg preview.Config) Option {
	return func(m *Model) {
		if cfg.Cache == nil {
			cfg.Cache = m.previewCfg.Cache
		}
		m.previewCfg = cfg
	}
}

// hear gives m what its seat heard, as the message its program gets.
func hear(m *Model) {
	m.Update(NewsMsg{News: m.seat.Take()})
}

// settle runs cmd and feeds its messages back into m, round after round,
// until no command is left. It reports whether the model asked to quit.
func settle(t *testing.T, m *Model, cmd tea.Cmd) bool {
	t.Helper()
	for range 200 {
		msgs := collect(t, cmd)
		if len(msgs) == 0 {
			return false
		}
		var next []tea.Cmd
		for _, msg := range msgs {
			if _, ok := msg.(tea.QuitMsg); ok {
				return true
			}
			_, c := m.Update(msg)
			next = append(next, c)
		}
		cmd = tea.Batch(next...)
	}
	t.Fatal("the model kept sending messages")
	return false
}

// collect runs cmd, and every command of a batch, and returns their messages.
func collect(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	var (
		mu  sync.Mutex
		out []tea.Msg
		wg  sync.WaitGroup
	)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := c()
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					run(c)
				}
				return
			}
			if msg != nil {
				mu.Lock()
				out = append(out, msg)
				mu.Unlock()
			}
		}()
	}
	run(cmd)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		// Generous: loading the dictionary takes seconds under -race on a
		// loaded machine; a command that never ends is still caught.
		t.Fatal("a command did not finish in 60 s")
	}
	return out
}

// send presses keys one by one, settling after each.
func send(t *testing.T, m *Model, keys ...string) (quit bool) {
	t.Helper()
	for _, k := range keys {
		_, cmd := m.Update(tuitest.KeyMsg(k))
		if settle(t, m, cmd) {
			return true
		}
	}
	return false
}

// saveTick lets the save delay pass, waits for the save and lets the board
// hear how it went.
func saveTick(t *testing.T, m *Model) {
	t.Helper()
	r := rigOf(m)
	r.hub.Sync()
	r.clock.Fire(live.SaveDelay)
	r.hub.Sync()
	hear(m)
}

// takeIn has the hub take in what other commands queued, and the board
// hear of it.
func takeIn(m *Model) {
	rigOf(m).hub.Take()
	hear(m)
}

func plain(m *Model) string { return ansi.Strip(m.View().Content) }

// writing is a draft to write in: threeCards with two blurbs in News, a
// sponsor section and a footer.
func writing() *draft.Draft {
	d := threeCards()
	_ = d.Append(1, draft.Item{ID: "n1", Blurb: "Go 1.26 is out.", URLs: []string{"https://go.dev/blog/go1.26"}, Site: "go.dev"})
	_ = d.Append(1, draft.Item{ID: "n2", Blurb: "A survey of platform teams.", URLs: []string{"https://survey.example.com/2024"}, Site: "survey.example.com"})
	d.Sections = append(d.Sections, draft.Section{Name: "Sponsor", Sponsor: true, Items: []draft.Item{
		{ID: "sp", Blurb: "Acme builds things. Try it at https://acme.example.com/.", URLs: []string{"https://acme.example.com/"}},
	}})
	d.Footer = "Thanks for reading DevOps Weekly."
	return d
}

// typeText types s a rune at a time.
func typeText(t *testing.T, m *Model, s string) {
	t.Helper()
	for _, r := range s {
		k := string(r)
		if r == ' ' {
			k = "space"
		}
		send(t, m, k)
	}
}

// realSeat opens the draft at path as weekly edit does, in real time, and
// returns its one seat.
func realSeat(t *testing.T, path string) *live.Seat {
	t.Helper()
	hub, err := live.Open(path, "weekly edit", live.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hub.Close() })
	seat, err := hub.Join("you")
	if err != nil {
		t.Fatal(err)
	}
	return seat
}
