package tui

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/live/livetest"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/preview"
)

// bigDraft returns a draft with n cards: three fifths in the inbox, the rest
// shared by News and Tools, with blurbs on every other card and a repeated
// link every hundredth.
func bigDraft(n int) *draft.Draft {
	d := draft.New("DevOps Weekly", 700, "2025-01-12", []string{"News", "Tools"})
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		u := fmt.Sprintf("https://site%d.example.com/posts/%d-a-long-enough-slug", i%37, i)
		if i%100 == 99 {
			u = fmt.Sprintf("https://site%d.example.com/posts/%d-a-long-enough-slug", (i-1)%37, i-1)
		}
		it := draft.NewItem([]string{u}, "", at, "bench")
		it.ID = fmt.Sprintf("id%06d", i)
		it.Site = fmt.Sprintf("site%d.example.com", i%37)
		it.Title = fmt.Sprintf("Post number %d about Kubernetes, Terraform and observability", i)
		if i%2 == 0 {
			it.Blurb = fmt.Sprintf("Card %d: a two sentence blurb that says why this link matters. It runs long enough to be cut.", i)
		}
		col := draft.Inbox
		switch i % 5 {
		case 3:
			col = 1
		case 4:
			col = 2
		}
		_ = d.Append(col, it)
	}
	return d
}

// benchModel opens d as weekly edit does, on a clock that never moves:
// benchmarks measure the board, not the disk.
func benchModel(b *testing.B, d *draft.Draft) *Model {
	b.Helper()
	path := filepath.Join(b.TempDir(), "700.json")
	if err := store.Create(path, d); err != nil {
		b.Fatal(err)
	}
	clock := &livetest.Clock{}
	hub, err := live.Open(path, "bench", live.Config{After: clock.After})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = hub.Close() })
	seat, err := hub.Join("you")
	if err != nil {
		b.Fatal(err)
	}
	return New(seat, nil)
}

// BenchmarkKeystroke is one cursor move and the frame that follows, in the
// middle of the biggest column.
func BenchmarkKeystroke(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			m := benchModel(b, bigDraft(n))
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
			for range n * 3 / 10 {
				m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
			}
			keys := []tea.KeyPressMsg{{Code: tea.KeyDown}, {Code: tea.KeyUp}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[(i/16)%2])
				_ = m.View()
				i++
			}
		})
	}
}

// BenchmarkFirstFrame is the time from a 10,000-card draft file to the first
// frame: open it (lock, load), build the model, size it, draw.
func BenchmarkFirstFrame(b *testing.B) {
	path := b.TempDir() + "/big.json"
	if err := store.Save(path, bigDraft(10000)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		hub, err := live.Open(path, "bench", live.Config{})
		if err != nil {
			b.Fatal(err)
		}
		seat, err := hub.Join("you")
		if err != nil {
			b.Fatal(err)
		}
		m := New(seat, nil)
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
		_ = m.View()
		b.StopTimer()
		_ = hub.Close()
		b.StartTimer()
	}
}

// BenchmarkSaveSnapshot is the work a save does on the event loop: copying
// the draft for the save command. The encoding and writing run off the loop.
func BenchmarkSaveSnapshot(b *testing.B) {
	d := bigDraft(10000)
	b.ReportAllocs()
	for b.Loop() {
		_ = d.Clone()
	}
}

// drain runs cmd and feeds what it returns back into m until nothing is
// left, for a benchmark's setup (the preview's first render). The model's
// own timers must be off (m.timer returning nil).
func drain(m *Model, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case nil:
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// BenchmarkTyping is one rune typed in a blurb with the preview open, and
// the frame that follows: the editor, the live edit of the draft and its
// counts, the preview told of the change (it renders later, off the event
// loop), and the View. Every 40 runes the edit is closed and undone, off the
// clock, so that the blurb stays a blurb.
func BenchmarkTyping(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			m := benchModel(b, bigDraft(n))
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
			_, cmd := m.Update(tea.KeyPressMsg{Code: 'p', Text: "p"})
			drain(m, cmd) // the preview's first render
			m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
			for range 5 {
				m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
			}
			open := func() {
				m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
				if m.focus != focusEditor {
					b.Fatal("enter did not open the editor")
				}
			}
			open()
			keys := []tea.KeyPressMsg{{Code: 'a', Text: "a"}, {Code: tea.KeySpace, Text: " "}, {Code: 'z', Text: "z"}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[i%len(keys)])
				_ = m.View()
				i++
				if i%40 == 0 {
					b.StopTimer()
					m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
					m.Update(tea.KeyPressMsg{Code: 'u', Text: "u"})
					open()
					b.StartTimer()
				}
			}
		})
	}
}

// BenchmarkSearch is one keystroke of a search typed key by key, and the
// frame that follows: / opens the search line, a word is typed letter by
// letter with the count of matches drawn after each, esc drops it. The words
// match every card ("terraform"), a tenth and then a hundredth of them
// ("number 42") and almost none ("zebra"); each keystroke that grows the
// query narrows the last one's matches.
func BenchmarkSearch(b *testing.B) {
	var keys []tea.KeyPressMsg
	for _, word := range []string{"terraform", "number 42", "zebra"} {
		keys = append(keys, tea.KeyPressMsg{Code: '/', Text: "/"})
		for _, r := range word {
			keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyEscape})
	}
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			m := benchModel(b, bigDraft(n))
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[i%len(keys)])
				_ = m.View()
				i++
			}
		})
	}
}

// BenchmarkSearchBackspace is one keystroke into the search line and the
// frame that follows. Each one alternately types and deletes the query's
// last letter, so half search every card afresh (a shorter query) and half
// narrow the last matches.
func BenchmarkSearchBackspace(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			m := benchModel(b, bigDraft(n))
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
			m.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
			for _, r := range "number 7" {
				m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			keys := []tea.KeyPressMsg{{Code: '7', Text: "7"}, {Code: tea.KeyBackspace}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[i%2])
				_ = m.View()
				i++
			}
		})
	}
}

// BenchmarkSearchJump is n, the jump to the next match across columns, and
// the frame that follows.
func BenchmarkSearchJump(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			m := benchModel(b, bigDraft(n))
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
			m.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
			for _, r := range "terraform" {
				m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
			b.ReportAllocs()
			for b.Loop() {
				m.Update(tea.KeyPressMsg{Code: 'n', Text: "n"})
				_ = m.View()
			}
		})
	}
}

// BenchmarkCardPane is one cursor move with the card pane open (the pane
// follows the selection) and the frame that follows.
func BenchmarkCardPane(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			m := benchModel(b, bigDraft(n))
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
			for range n * 3 / 10 {
				m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
			}
			m.Update(tea.KeyPressMsg{Code: 'v', Text: "v"})
			keys := []tea.KeyPressMsg{{Code: tea.KeyDown}, {Code: tea.KeyUp}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[(i/16)%2])
				_ = m.View()
				i++
			}
		})
	}
}

// BenchmarkSectionMove is s l (a section moved right, through the menu) and
// s h (back), each with the frame that follows, on the biggest column.
func BenchmarkSectionMove(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			m := benchModel(b, bigDraft(n))
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
			m.Update(tea.KeyPressMsg{Code: tea.KeyTab}) // News
			keys := []tea.KeyPressMsg{{Code: 's', Text: "s"}, {Code: 'l', Text: "l"}, {Code: tea.KeyEscape}, {Code: 's', Text: "s"}, {Code: 'h', Text: "h"}, {Code: tea.KeyEscape}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[i%len(keys)])
				_ = m.View()
				i++
			}
			if len(m.current().Sections) != 2 {
				b.Fatalf("sections %d", len(m.current().Sections))
			}
		})
	}
}

// BenchmarkStartup is a whole process of weekly --version, the start-up
// every command and every ssh into a served board pays, against a
// hello-world Go program built alongside. Each op runs both, one after the
// other; the metrics are the CPU time (user and system) of each and their
// ratio, x-hello, with the same for wall time.
func BenchmarkStartup(b *testing.B) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go command to build the binaries with")
	}
	dir := b.TempDir()
	weekly, hello := filepath.Join(dir, "weekly"), filepath.Join(dir, "hello", "hello")
	build := func(in string, args ...string) {
		b.Helper()
		cmd := exec.Command(gobin, append([]string{"build", "-o"}, args...)...)
		cmd.Dir = in
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	build(".", weekly, "github.com/weekly-dev/weekly/cmd/weekly")
	src := filepath.Dir(hello)
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	for name, text := range map[string]string{
		"go.mod":  "module hello\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello, world\") }\n",
	} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	build(src, hello, ".")
	run := func(bin string, args ...string) (cpu, wall time.Duration, out []byte) {
		cmd := exec.Command(bin, args...)
		var stdout bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stdout
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, stdout.Bytes())
		}
		wall = time.Since(start)
		return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), wall, stdout.Bytes()
	}
	if _, _, out := run(weekly, "--version"); !bytes.HasPrefix(out, []byte("weekly ")) {
		b.Fatalf("weekly --version printed %q", out)
	}
	var wCPU, hCPU, wWall, hWall time.Duration
	for b.Loop() {
		c, w, _ := run(weekly, "--version")
		wCPU, wWall = wCPU+c, wWall+w
		c, w, _ = run(hello)
		hCPU, hWall = hCPU+c, hWall+w
	}
	n := float64(b.N)
	b.ReportMetric(float64(wCPU.Microseconds())/1000/n, "weekly-cpu-ms")
	b.ReportMetric(float64(hCPU.Microseconds())/1000/n, "hello-cpu-ms")
	b.ReportMetric(float64(wCPU)/float64(max(hCPU, 1)), "x-hello")
	b.ReportMetric(float64(wWall)/float64(max(hWall, 1)), "x-hello-wall")
}

// BenchmarkPreviewBoards opens the preview (p) on each of n boards seated
// at one hub on a 2,000-card draft, 120×32 in the dark style, the boards'
// previews sharing one cache as weekly serve's do. renders is glamour's
// renders an op, all boards together: about one board's, whatever n.
func BenchmarkPreviewBoards(b *testing.B) {
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprintf("boards=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "700.json")
			if err := store.Create(path, bigDraft(2000)); err != nil {
				b.Fatal(err)
			}
			hub, err := live.Open(path, "bench", live.Config{After: (&livetest.Clock{}).After})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = hub.Close() })
			cfg := preview.DefaultConfig()
			cfg.Style, cfg.Debounce = "dark", time.Millisecond
			var renders int64
			for b.Loop() {
				b.StopTimer()
				cache := preview.NewCache(0)
				boards := make([]*Model, n)
				for i := range boards {
					seat, err := hub.Join(fmt.Sprintf("editor%d", i))
					if err != nil {
						b.Fatal(err)
					}
					b.Cleanup(func() { seat.Leave() })
					boards[i] = New(seat, nil, withPreview(cfg), WithPreviewCache(cache), Served())
					boards[i].Update(tea.WindowSizeMsg{Width: 120, Height: 32})
				}
				b.StartTimer()
				for _, m := range boards {
					_, cmd := m.Update(tea.KeyPressMsg{Code: 'p', Text: "p"})
					drain(m, cmd)
				}
				renders += cache.Renders()
			}
			b.ReportMetric(float64(renders)/float64(b.N), "renders/op")
		})
	}
}
