package tui

import (
	"fmt"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/archivetest"
	"github.com/weekly-dev/weekly/internal/cputime"
	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/live/livetest"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

// run runs cmd and every command of a batch, and gives m their messages,
// round after round, in this goroutine.
func run(m *Model, cmd tea.Cmd) {
	for cmd != nil {
		var next []tea.Cmd
		var each func(tea.Cmd)
		each = func(c tea.Cmd) {
			if c == nil {
				return
			}
			switch msg := c().(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					each(c)
				}
			case nil:
			default:
				if _, isKey := msg.(tea.KeyPressMsg); !isKey {
					_, c := m.Update(msg)
					next = append(next, c)
				}
			}
		}
		each(cmd)
		cmd = tea.Batch(next...)
	}
}

// archiveModel opens bigDraft(n) as weekly edit does, with an archive of
// issues generated in the shape of the real ones, and its index built.
func archiveModel(b *testing.B, n, issues int) *Model {
	b.Helper()
	dir := b.TempDir()
	apath := archive.Path(dir)
	a := archivetest.Generate(archivetest.Corpus(b), issues, 1)
	if err := archive.Save(apath, a); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "700.json")
	if err := store.Create(path, bigDraft(n)); err != nil {
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
	m := New(seat, nil, WithArchive(func() (*archive.Archive, error) { return archive.Load(apath) }))
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 32})
	_, cmd := m.Update(tuitest.KeyMsg("ctrl+f"))
	run(m, cmd)
	if m.cv.index == nil {
		b.Fatalf("no index: %v", m.cv.xErr)
	}
	b.Cleanup(m.closeIndex)
	return m
}

// BenchmarkArchiveSearchTyping is one key typed in the archive search
// (ctrl+f) over an archive of 600 issues in the real issues' shape (about
// 7,400 items): the key, the search it starts, its results taken in and
// the frame drawn with them. Queries are typed a letter at a time, and
// cleared with backspace.
func BenchmarkArchiveSearchTyping(b *testing.B) {
	m := archiveModel(b, 100, 600)
	var keys []string
	for _, q := range []string{"kubernetes deployments", "postgres -mysql", "incident postmortem", `"service mesh"`, "terraform section:tools"} {
		for _, r := range q {
			k := string(r)
			if r == ' ' {
				k = "space"
			}
			keys = append(keys, k)
		}
		for range q {
			keys = append(keys, "backspace")
		}
	}
	i := 0
	start := cputime.Used()
	for b.Loop() {
		_, cmd := m.Update(tuitest.KeyMsg(keys[i%len(keys)]))
		run(m, cmd)
		_ = m.View()
		i++
	}
	b.ReportMetric(float64(cputime.Used()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkKeystrokeSentMarks is BenchmarkKeystroke with the archive of
// 600 issues read: every card drawn asks whether its link was sent before.
func BenchmarkKeystrokeSentMarks(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			m := archiveModel(b, n, 600)
			m.Update(tuitest.KeyMsg("esc"))
			for range n * 3 / 10 {
				m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
			}
			keys := []tea.KeyPressMsg{{Code: tea.KeyDown}, {Code: tea.KeyUp}}
			i := 0
			for b.Loop() {
				m.Update(keys[i%2])
				_ = m.View()
				i++
			}
		})
	}
}
