package tui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

// savedArchive writes an archive of two issues in a new drafts folder and
// returns how the board reads it (as weekly edit gives it).
func savedArchive(t *testing.T, extra ...archive.Issue) func() (*archive.Archive, error) {
	t.Helper()
	a := &archive.Archive{}
	a.Add(archive.Issue{Newsletter: "DevOps Weekly", Number: 400, Date: "2018-08-26", Items: []archive.Item{
		{Section: "News", Blurb: "Details of scaling datastores, from active/active MySQL clusters to using Vitess.", URLs: []string{"https://slack.engineering/scaling-datastores-at-slack-with-vitess/"}},
		{Section: "Tools", Blurb: "Opstrace is a new horizontally-scalable metrics and logs platform.", URLs: []string{"https://github.com/opstrace/opstrace"}},
	}})
	a.Add(archive.Issue{Newsletter: "DevOps Weekly", Number: 519, Date: "2020-12-06", Items: []archive.Item{
		{Section: "News", Blurb: "A breakdown of the recent large AWS outage, with a useful diagram.", URLs: []string{"https://one.example.com/post"}},
		{Section: "Tools", Blurb: "Vitess operator for Kubernetes, to run sharded MySQL clusters.", URLs: []string{"https://github.com/planetscale/vitess-operator", "https://planetscale.com/"}},
	}})
	for _, is := range extra {
		a.Add(is)
	}
	path := archive.Path(t.TempDir())
	if err := archive.Save(path, a); err != nil {
		t.Fatal(err)
	}
	return func() (*archive.Archive, error) { return archive.Load(path) }
}

// vitessCard is threeCards with a card about Vitess in the inbox, first.
func vitessCard() *draft.Draft {
	d := threeCards()
	_ = d.Insert(draft.Pos{Col: draft.Inbox}, draft.Item{ID: "v", URLs: []string{"https://planetscale.com/blog/sharding-mysql-with-vitess"},
		Blurb: "How Vitess shards MySQL clusters without changing the application.", Site: "planetscale.com"})
	return d
}

// A card whose link an earlier issue carried is marked on the board, as
// soon as the board has read the archive.
func TestSentMarkOnTheBoard(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32, WithArchive(savedArchive(t)))
	if v := plain(m); strings.Contains(v, "sent") {
		t.Fatalf("marked before the archive was read:\n%s", v)
	}
	settle(t, m, m.readArchive()) // as Init does when the program starts
	v := plain(m)
	if strings.Count(v, "· sent") != 1 || !strings.Contains(v, "one.example.com") {
		t.Fatalf("one.example.com/post went out in #519: its card is marked sent, and only it:\n%s", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 12})
	if v := plain(m); !strings.Contains(v, "↺") {
		t.Fatalf("a narrow board marks it ↺:\n%s", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 60})
	send(t, m, "?")
	if v := plain(m); !strings.Contains(v, "sent (↺)") || !strings.Contains(v, "ctrl+f") {
		t.Errorf("the full help names the mark:\n%s", v)
	}
}

// The card pane lists the archived items most like the card: about the
// same topic, from another source.
func TestCardPaneEarlierOnThisTopic(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{120, 32}, {40, 12}} {
		m := newModel(t, vitessCard(), nil, size[0], size[1], WithArchive(savedArchive(t)))
		send(t, m, "v")
		lines := strings.Join(m.card.Lines(), "\n")
		for _, want := range []string{"Earlier, on this topic", "#400 · 26th August 2018 · News", "slack.engineering", "#519 · 6th December 2020 · Tools"} {
			if !strings.Contains(lines, want) {
				t.Errorf("%d×%d: the card pane lacks %q:\n%s", size[0], size[1], want, lines)
			}
		}
		if strings.Contains(lines, "AWS outage") {
			t.Errorf("%d×%d: an item on another topic is listed:\n%s", size[0], size[1], lines)
		}
		tuitest.CheckFrame(t, m.View().Content, size[0], size[1])
		send(t, m, "down") // the next card: nothing like it
		lines = strings.Join(m.card.Lines(), "\n")
		if strings.Contains(lines, "#400 · 26th") {
			t.Errorf("%d×%d: the topic follows the selection:\n%s", size[0], size[1], lines)
		}
	}
}

// ctrl+f searches the archive as you type, enter reads a result and y
// copies its link; esc goes back, then closes.
func TestArchiveSearchPane(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32, WithArchive(savedArchive(t)))
	send(t, m, "ctrl+f")
	if m.focus != focusFind {
		t.Fatalf("ctrl+f opens the archive search: focus %v", m.focus)
	}
	typeText(t, m, "vitess")
	v := plain(m)
	for _, want := range []string{"Archive search · 1 of 2", "▸ #519 · 6th December 2020 · Tools · github.com", "#400 · 26th August 2018 · News · slack.engineering"} {
		if !strings.Contains(v, want) {
			t.Errorf("the results lack %q:\n%s", want, v)
		}
	}
	tuitest.CheckFrame(t, m.View().Content, 120, 32)
	send(t, m, "down", "enter")
	v = plain(m)
	if !strings.Contains(v, "▸ https://slack.engineering/scaling-datastores-at-slack-with-vitess/") || !strings.Contains(v, "y copy its link") {
		t.Fatalf("enter reads the chosen result in full:\n%s", v)
	}
	_, cmd := m.Update(tuitest.KeyMsg("y"))
	if cmd == nil || !strings.Contains(m.status.Text, "Copied https://slack.engineering/") {
		t.Fatalf("y copies the link: status %q", m.status.Text)
	}
	send(t, m, "esc")
	if m.find.reading || m.focus != focusFind {
		t.Fatal("esc goes back to the results")
	}
	send(t, m, "esc")
	if m.focus != focusBoard {
		t.Fatal("esc again closes the search")
	}
	send(t, m, "ctrl+f")
	if v := plain(m); !strings.Contains(v, "Archive search · 2 of 2") {
		t.Errorf("the search and the result chosen are kept for the next ctrl+f:\n%s", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 12})
	tuitest.CheckFrame(t, m.View().Content, 40, 12)
	for _, size := range [][2]int{{0, 0}, {3, 2}, {10, 5}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		tuitest.CheckFrame(t, m.View().Content, size[0], size[1])
	}
}

// Results are asked for off the event loop as the query changes; the
// answer to a query typed over since is dropped, whatever order the
// answers come in.
func TestArchiveSearchDropsStaleResults(t *testing.T) {
	t.Parallel()
	m := newModel(t, threeCards(), nil, 120, 32, WithArchive(savedArchive(t)))
	send(t, m, "ctrl+f")
	_, first := m.Update(tuitest.KeyMsg("o"))
	_, second := m.Update(tuitest.KeyMsg("p"))
	late, fresh := collect(t, first), collect(t, second)
	for _, msg := range append(fresh, late...) { // the first answer comes last
		m.Update(msg)
	}
	if m.find.query != "op" || !strings.Contains(plain(m), "Opstrace") {
		t.Fatalf("the results of \"op\" (the words it begins) show, not those of \"o\":\n%s", plain(m))
	}
}

// What the archive holds is drawn cleaned: an escape sequence in a blurb
// never reaches the terminal.
func TestArchiveTextIsCleanedWhereDrawn(t *testing.T) {
	t.Parallel()
	evil := archive.Issue{Number: 600, Date: "2022-06-12", Items: []archive.Item{{Section: "News\x1b]0;pwned\x07",
		Title: "Vitess\x1b[2J title", Blurb: "Vitess \x1b]8;;https://evil.example/\x07click\x1b]8;;\x07 and \u202eevil", URLs: []string{"https://x.example/\x1b[31m"}}}}
	m := newModel(t, vitessCard(), nil, 120, 32, WithArchive(savedArchive(t, evil)))
	send(t, m, "v")
	check := func(where string) {
		t.Helper()
		v := m.View().Content
		for _, bad := range []string{"\x1b]0;", "\x1b[2J", "\x1b]8;;https://evil", "\x1b[31m", "\u202e"} {
			if strings.Contains(v, bad) {
				t.Fatalf("%s: %q reaches the terminal", where, bad)
			}
		}
	}
	check("card pane")
	send(t, m, "v", "ctrl+f")
	typeText(t, m, "vitess")
	if !strings.Contains(plain(m), "#600") {
		t.Fatalf("the search finds #600:\n%s", plain(m))
	}
	check("results")
	for m.find.sel < len(m.find.res.Hits)-1 && m.find.res.Hits[m.find.sel].Issue.Number != 600 {
		send(t, m, "down")
	}
	send(t, m, "enter")
	check("a result read in full")
}

// An archive added to while the board is open (weekly archive add in
// another shell) is read again when the search or the card pane opens.
func TestArchiveChangedWhileOpen(t *testing.T) {
	t.Parallel()
	load := savedArchive(t)
	m := newModel(t, threeCards(), nil, 120, 32, WithArchive(load))
	send(t, m, "ctrl+f")
	typeText(t, m, "vitess")
	send(t, m, "esc")
	a, err := load()
	if err != nil {
		t.Fatal(err)
	}
	if err := archive.Update(a.Path, "test", func(a *archive.Archive) error {
		a.Add(archive.Issue{Number: 650, Date: "2023-06-11", Items: []archive.Item{{Section: "News", Blurb: "Vitess 17 is out.", URLs: []string{"https://two.example.org/"}}}})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	send(t, m, "ctrl+f")
	if v := plain(m); !strings.Contains(v, "#650 · 11th June 2023 · News") {
		t.Fatalf("the new issue is found:\n%s", v)
	}
	send(t, m, "esc")
	if v := plain(m); !strings.Contains(v, "two.example.org") || strings.Count(v, "· sent") != 2 {
		t.Fatalf("its link is marked sent on the board:\n%s", v)
	}
}

// The board's archive and index are those of the drafts folder.
func TestArchiveIndexBesideTheArchive(t *testing.T) {
	t.Parallel()
	load := savedArchive(t)
	m := newModel(t, vitessCard(), nil, 120, 32, WithArchive(load))
	send(t, m, "ctrl+f")
	a, _ := load()
	if m.cv.index == nil || m.cv.archive.Path != a.Path {
		t.Fatalf("index %v, archive %q", m.cv.index, m.cv.archive.Path)
	}
	if _, err := filepath.Glob(filepath.Join(filepath.Dir(a.Path), ".weekly", "archive-index", "stamp.json")); err != nil {
		t.Fatal(err)
	}
}
