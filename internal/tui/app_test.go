package tui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/fetch"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

// TestIssueCheck is issue 4's check, session by session, against the real
// store: each session opens the draft as weekly edit does, and after each
// quit the file on disk holds exactly the expected placements.
func TestIssueCheck(t *testing.T) {
	path := openDraft(t, threeCards())
	m := openModel(t, path, live.Config{}, nil, 120, 32)
	send(t, m, "2", "space", "right", "space")
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 12})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
	if !send(t, m, "q") {
		t.Fatal("q did not quit")
	}
	if got, want := load(t, path), "three | two | one"; got != want {
		t.Fatalf("after session 1 the draft is %q, want %q", got, want)
	}
	if err := rigOf(m).hub.Close(); err != nil {
		t.Fatal(err)
	}

	session := func(keys ...string) {
		t.Helper()
		m := openModel(t, path, live.Config{}, nil, 120, 32)
		if !send(t, m, keys...) {
			t.Fatalf("%v did not quit", keys)
		}
		if err := rigOf(m).hub.Close(); err != nil {
			t.Fatal(err)
		}
	}
	session("tab", "x", "u", "q")
	if got, want := load(t, path), "three | two | one"; got != want {
		t.Fatalf("after session 2 the draft is %q, want %q", got, want)
	}
	session("tab", "x", "q")
	if got, want := load(t, path), "three |  | one"; got != want {
		t.Fatalf("after session 3 the draft is %q, want %q", got, want)
	}
}

func TestAutosave(t *testing.T) {
	path := openDraft(t, threeCards())
	m := openModel(t, path, live.Config{}, nil, 120, 32)
	if !strings.Contains(plain(m), "✓ saved") {
		t.Fatalf("a freshly opened draft is saved:\n%s", plain(m))
	}
	send(t, m, "x")
	if !strings.Contains(plain(m), "saving…") {
		t.Fatalf("after a change the header says it is being saved:\n%s", plain(m))
	}
	if got := load(t, path); got != "one two three |  | " {
		t.Fatalf("saved before the autosave timer: %q", got)
	}
	saveTick(t, m)
	if got, want := load(t, path), "two three |  | "; got != want {
		t.Fatalf("after the autosave timer the file has %q, want %q", got, want)
	}
	if !strings.Contains(plain(m), "✓ saved") {
		t.Fatalf("after the save the header says saved:\n%s", plain(m))
	}
}

// failing is storage whose saves fail while fail is set, and which counts
// the saves that went through.
type failing struct {
	live.Storage
	mu    sync.Mutex
	saves []string
	fail  error
}

func (s *failing) Save(d *draft.Draft) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.saves = append(s.saves, tuitest.Cols(d))
	return s.Storage.Save(d)
}

func (s *failing) SaveLast(d *draft.Draft) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	return s.Storage.SaveLast(d)
}

func (s *failing) set(err error) {
	s.mu.Lock()
	s.fail = err
	s.mu.Unlock()
}

// failingModel is newModel with storage that fails while told to.
func failingModel(t *testing.T, d *draft.Draft, fail error, opts ...Option) (*Model, *failing) {
	t.Helper()
	var st *failing
	m := openModel(t, openDraft(t, d), live.Config{Storage: func(s live.Storage) live.Storage {
		st = &failing{Storage: s, fail: fail}
		return st
	}}, nil, 120, 32, opts...)
	return m, st
}

func TestCtrlSSavesAtOnce(t *testing.T) {
	m, st := failingModel(t, threeCards(), nil)
	send(t, m, "2", "ctrl+s")
	hear(m)
	if len(st.saves) != 1 || st.saves[0] != "two three |  | one" {
		t.Fatalf("ctrl+s saved %q", st.saves)
	}
	if v := plain(m); !strings.Contains(v, "✓ saved") || !strings.Contains(v, "Saved") {
		t.Fatalf("after ctrl+s the header and status say saved:\n%s", v)
	}
}

func TestSaveErrorKeepsDraft(t *testing.T) {
	m, st := failingModel(t, threeCards(), errors.New("save drafts/520.json: no space left on device"))
	send(t, m, "2")
	saveTick(t, m)
	v := plain(m)
	if !strings.Contains(v, "✗ not saved") || !strings.Contains(v, "no space left on device") {
		t.Fatalf("a failed save shows in the header and the status line:\n%s", v)
	}
	if got := tuitest.Cols(m.Draft()); got != "two three |  | one" {
		t.Fatalf("the draft in memory must keep the change: %q", got)
	}
	if send(t, m, "q") {
		t.Fatal("q quit although the save on quit failed")
	}
	if !strings.Contains(plain(m), "q again quits without saving") {
		t.Fatalf("the status line must say what q does now:\n%s", plain(m))
	}
	st.set(nil)
	send(t, m, "ctrl+s")
	if !strings.Contains(plain(m), "✓ saved") {
		t.Fatalf("ctrl+s after the disk has room saves:\n%s", plain(m))
	}
	if !send(t, m, "q") {
		t.Fatal("q after a good save must quit")
	}

	m, _ = failingModel(t, threeCards(), errors.New("disk on fire"))
	send(t, m, "x")
	if send(t, m, "q") || !send(t, m, "q") {
		t.Fatal("a second q after a failed save quits")
	}
	if err := rigOf(m).hub.Close(); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("closing the draft = %v, want the save error", err)
	}
}

// TestQueuedLinksAppear runs weekly add's store call while the draft is
// open: the links are queued, the next poll shows them as cards, and the
// next save writes them into the draft and clears the queue.
func TestQueuedLinksAppear(t *testing.T) {
	path := openDraft(t, threeCards())
	m := openModel(t, path, live.Config{}, nil, 120, 32)
	item := draft.NewItem([]string{"https://queued.example.com/post"}, "", time.Now(), "cli")
	item.ID = "queued"
	queued, err := store.AddItems(path, "weekly add", "Tools", []draft.Item{item}, nil)
	if err != nil || !queued {
		t.Fatalf("AddItems while open: queued %v, err %v", queued, err)
	}
	takeIn(m)
	v := plain(m)
	if !strings.Contains(v, "https://queued.example.com/post") || !strings.Contains(v, "1 link added by another command") {
		t.Fatalf("the queued link must show as a card:\n%s", v)
	}
	if !strings.Contains(v, "1 placed · 3 in inbox") {
		t.Fatalf("the header counts the new card:\n%s", v)
	}
	saveTick(t, m)
	if got, want := load(t, path), "one two three |  | queued"; got != want {
		t.Fatalf("after the save the draft has %q, want %q", got, want)
	}
	if _, err := os.Stat(store.IncomingPath(path)); !os.IsNotExist(err) {
		t.Fatalf("the save must clear the queue: %v", err)
	}
}

func TestAddLinks(t *testing.T) {
	m := newModel(t, threeCards(), nil, 120, 32)
	send(t, m, "a")
	if !strings.Contains(plain(m), "Add links:") {
		t.Fatalf("a opens the prompt:\n%s", plain(m))
	}
	_, cmd := m.Update(tea.PasteMsg{Content: "https://a.example.com/x\r\nnot-a-url\r\nftp://files.example.com/\r\nhttps://b.example.com/\r\n"})
	settle(t, m, cmd)
	send(t, m, "enter")
	got := tuitest.Cols(m.Draft())
	if !strings.HasPrefix(got, "one two three ") || strings.Count(got, " ") != 8 {
		t.Fatalf("two valid links must become two inbox cards: %q", got)
	}
	urls := []string{m.Draft().Inbox[3].URL(), m.Draft().Inbox[4].URL()}
	if urls[0] != "https://a.example.com/x" || urls[1] != "https://b.example.com/" {
		t.Fatalf("new cards in paste order at the end of the inbox: %q", urls)
	}
	v := plain(m)
	for _, want := range []string{"Added 2 links", "not-a-url", "ftp://files.example.com/", "Add links: not-a-url ftp://files.example.com/"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the screen must show %q:\n%s", want, v)
		}
	}
	send(t, m, "esc")
	if strings.Contains(plain(m), "Add links:") {
		t.Fatal("esc closes the prompt")
	}
	if it := m.Board().Selected(); it == nil || it.URL() != "https://a.example.com/x" {
		t.Fatalf("the first new card is selected, not %v", it)
	}
	send(t, m, "u")
	if got := tuitest.Cols(m.Draft()); got != "one two three |  | " {
		t.Fatalf("u undoes the whole add: %q", got)
	}
	// Pasting onto the board opens the prompt with the links.
	_, cmd = m.Update(tea.PasteMsg{Content: "https://c.example.com/\nhttps://d.example.com/"})
	settle(t, m, cmd)
	send(t, m, "enter")
	if n := len(m.Draft().Inbox); n != 5 {
		t.Fatalf("pasting on the board then enter adds both links: %d inbox cards", n)
	}
}

func TestFetchTitles(t *testing.T) {
	var running, most atomic.Int32
	release := make(chan struct{})
	fetch := func(ctx context.Context, url string) (string, string, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		<-release
		if strings.Contains(url, "bad") {
			return "", "", &fetch.StatusError{Code: 404, Status: "404 Not Found"}
		}
		return "Title of " + strings.TrimPrefix(url, "https://"), "about it", nil
	}
	m := newModel(t, threeCards(), fetch, 120, 32)
	var links []string
	for i := range 9 {
		links = append(links, fmt.Sprintf("https://l%d.example.com/", i))
	}
	links = append(links, "https://bad.example.com/")
	m.Update(tuitest.KeyMsg("a"))
	m.Update(tea.PasteMsg{Content: strings.Join(links, "\n")})
	_, cmd := m.Update(tuitest.KeyMsg("enter"))
	if v := plain(m); !strings.Contains(v, "⠋") {
		t.Fatalf("cards being fetched show a spinner:\n%s", v)
	}
	// Delete one card while its title is on the way: the answer is dropped.
	m.Update(tuitest.KeyMsg("x"))
	go func() {
		time.Sleep(100 * time.Millisecond)
		close(release)
	}()
	settle(t, m, cmd)
	if most.Load() > maxFetches || most.Load() < 2 {
		t.Fatalf("%d fetches ran at once; want between 2 and %d", most.Load(), maxFetches)
	}
	inbox := m.Draft().Inbox
	if len(inbox) != 12 {
		t.Fatalf("inbox has %d cards, want 12 (3 + 10 added - 1 deleted)", len(inbox))
	}
	for _, it := range inbox[3:11] {
		if it.Title != "Title of "+strings.TrimPrefix(it.URL(), "https://") || it.Description != "about it" {
			t.Fatalf("card %s got title %q", it.URL(), it.Title)
		}
	}
	if v := plain(m); strings.Contains(v, "⠋") || !strings.Contains(v, "(the page answered 404)") {
		t.Fatalf("the spinner stops and a failed fetch is reported:\n%s", v)
	}
}

func TestNoFetcherShowsURLs(t *testing.T) {
	m := newModel(t, threeCards(), nil, 120, 32)
	send(t, m, "a")
	m.Update(tea.PasteMsg{Content: "https://plain.example.com/page"})
	send(t, m, "enter")
	v := plain(m)
	if !strings.Contains(v, "https://plain.example.com/page") || strings.ContainsAny(v, "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏") {
		t.Fatalf("with no fetcher the card shows its URL and no spinner:\n%s", v)
	}
}

func TestMouseThroughRoot(t *testing.T) {
	m := newModel(t, threeCards(), nil, 120, 32)
	// The board starts on row 1, under the header: card 1 of the inbox is on
	// rows 4 and 5 of the screen; News starts at x 40.
	left := func(x, y int) tea.Mouse { return tea.Mouse{X: x, Y: y, Button: tea.MouseLeft} }
	m.Update(tea.MouseClickMsg(left(3, 4)))
	m.Update(tea.MouseMotionMsg(left(50, 4)))
	if !strings.Contains(plain(m), "Carrying “https://two.example.org/” → News") {
		t.Fatalf("dragging shows what is carried and where:\n%s", plain(m))
	}
	_, cmd := m.Update(tea.MouseReleaseMsg(left(50, 4)))
	settle(t, m, cmd)
	if got, want := tuitest.Cols(m.Draft()), "one three | two | "; got != want {
		t.Fatalf("after the drag: %q, want %q", got, want)
	}
	if !strings.Contains(plain(m), "saving…") {
		t.Fatal("a drag is a change to save")
	}
}

func TestQuitWhileCarrying(t *testing.T) {
	m := newModel(t, threeCards(), nil, 120, 32)
	if !send(t, m, "space", "right", "q") {
		t.Fatal("q while carrying quits")
	}
	// The editor carried it to News on purpose: q puts it down there and
	// saves, rather than silently undoing the carry.
	if got := tuitest.Cols(m.Draft()); got != "two three | one | " {
		t.Fatalf("quitting puts the carried card down where it is: %q", got)
	}
	if got := load(t, rigOf(m).path); got != "two three | one | " {
		t.Fatalf("the card put down is saved before quitting: %q", got)
	}
}

func TestHelpAndKeysInPrompt(t *testing.T) {
	m := newModel(t, threeCards(), nil, 120, 32)
	send(t, m, "?")
	v := plain(m)
	for _, want := range []string{"pick up", "put back", "redo", "search", "next match", "save now", "the card being carried", "no blurb"} {
		if !strings.Contains(v, want) {
			t.Fatalf("full help lacks %q:\n%s", want, v)
		}
	}
	send(t, m, "x")
	if len(m.Draft().Inbox) != 3 {
		t.Fatal("keys do not reach the board under the help")
	}
	send(t, m, "?")
	if strings.Contains(plain(m), "put back") {
		t.Fatal("? closes the help")
	}
	// In the prompt, q and x are text.
	send(t, m, "a", "q", "x")
	if !strings.Contains(plain(m), "Add links: qx") || len(m.Draft().Inbox) != 3 {
		t.Fatalf("keys typed in the prompt are text:\n%s", plain(m))
	}
	if !send(t, m, "ctrl+c") {
		t.Fatal("ctrl+c quits from the prompt")
	}
}

func TestViewModesAndBackground(t *testing.T) {
	m := newModel(t, threeCards(), nil, 120, 32)
	v := m.View()
	if !v.AltScreen || v.MouseMode != tea.MouseModeCellMotion || !strings.Contains(v.WindowTitle, "DevOps Weekly #520") {
		t.Fatalf("view modes: alt %v, mouse %v, title %q", v.AltScreen, v.MouseMode, v.WindowTitle)
	}
	dark := m.View().Content
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	if m.st.IsDark || m.View().Content == dark {
		t.Fatal("a light background must change the colours")
	}
	if ansi.Strip(m.View().Content) != ansi.Strip(dark) {
		t.Fatal("light and dark differ only in colour")
	}
}

// step walks every small size, then every third.
func step(n int) int {
	switch {
	case n < 14:
		return 1
	case n < 40:
		return 3
	}
	return 5
}

// TestEverySize draws the screen at every size from 0×0 to 130×40 in each
// mode: no panic, and every line exactly as wide as the terminal.
func TestEverySize(t *testing.T) {
	modes := [][]string{
		{}, {"space", "right"}, {"?"}, {"a"}, {"/"}, {"/", "w", "o", "r", "d"}, {"/", "w", "enter", "n"},
		{"v"}, {"p", "v"}, {"v", "enter"}, {"e"},
		{"p"}, {"p", "tab", "tab", "tab", "tab"}, {"enter"}, {"p", "enter"}, {"i"}, {"p", "i"}, {"F"}, {"p", "F"},
	}
	for _, keys := range modes {
		t.Run(strings.Join(keys, " "), func(t *testing.T) {
			t.Parallel()
			d := writing()
			for i := range 40 {
				it := draft.NewItem([]string{fmt.Sprintf("https://more%d.example.com/a/rather/long/path/%d", i, i)}, "", time.Now(), "t")
				it.Blurb = strings.Repeat("word ", i%9)
				_ = d.Append(i%3, it)
			}
			m := newModel(t, d, nil, 120, 32)
			send(t, m, keys...) // the preview, when open, renders at 120×32
			if strings.Contains(strings.Join(keys, ""), "enter") {
				typeText(t, m, " a blurb long enough to wrap over a few lines of the card's width")
			}
			for w := 0; w <= 130; w += step(w) {
				for h := 0; h <= 40; h += step(h) {
					m.Update(tea.WindowSizeMsg{Width: w, Height: h})
					content := m.View().Content
					if w == 0 || h == 0 {
						continue
					}
					lines := strings.Split(content, "\n")
					if len(lines) != h {
						t.Fatalf("%v at %d×%d: %d lines", keys, w, h, len(lines))
					}
					for i, l := range lines {
						if got := ansi.StringWidth(l); got != w {
							t.Fatalf("%v at %d×%d: line %d is %d wide:\n%s", keys, w, h, i, got, ansi.Strip(content))
						}
					}
				}
			}
		})
	}
}
