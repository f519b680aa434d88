package board

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/tui/tuitest"
)

func TestSelectionOnOpen(t *testing.T) {
	tests := []struct {
		name    string
		d       *draft.Draft
		col     int
		current string
	}{
		{"inbox first, oldest card", newDraft([]string{"a", "b"}, []string{"n"}), 0, "a"},
		{"empty inbox: first column with cards", newDraft(nil, nil, []string{"t"}), 2, "t"},
		{"nothing anywhere: the inbox", newDraft(), 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newTestBoard(tt.d, 120, 20)
			if b.Focused() != tt.col {
				t.Fatalf("focused column %d, want %d", b.Focused(), tt.col)
			}
			got := ""
			if it := b.Selected(); it != nil {
				got = it.ID
			}
			if got != tt.current {
				t.Fatalf("selected %q, want %q", got, tt.current)
			}
		})
	}
}

func TestQuickSend(t *testing.T) {
	d := newDraft([]string{"a", "b", "c"}, []string{"n"})
	b := newTestBoard(d, 120, 20)
	press(b, "2")
	if got, want := tuitest.Cols(d), "b c | n | a"; got != want {
		t.Fatalf("after 2: %q, want %q", got, want)
	}
	if b.Selected().ID != "b" {
		t.Fatalf("selection went to %q; it must stay in place, on the card that took a's", b.Selected().ID)
	}
	if n := b.TakeNote(); !strings.Contains(n.Text, "Tools") || n.Err {
		t.Fatalf("note %+v does not say where the card went", n)
	}
	press(b, "down", "1")
	if got, want := tuitest.Cols(d), "b | n c | a"; got != want {
		t.Fatalf("after down 1: %q, want %q", got, want)
	}
	if b.Selected().ID != "b" {
		t.Fatalf("selection on %q after sending the last card, want the one before it", b.Selected().ID)
	}
	press(b, "tab", "tab", "0")
	if got, want := tuitest.Cols(d), "b a | n c | "; got != want {
		t.Fatalf("after 0 from Tools: %q, want %q", got, want)
	}
	press(b, "shift+tab", "1")
	if n := b.TakeNote(); !strings.Contains(n.Text, "already in News") {
		t.Fatalf("sending a card to its own column: note %+v", n)
	}
	press(b, "5")
	if n := b.TakeNote(); !n.Err || !strings.Contains(n.Text, "no section 5") {
		t.Fatalf("sending to a missing section: note %+v", n)
	}
	if got, want := tuitest.Cols(d), "b a | n c | "; got != want {
		t.Fatalf("refused sends changed the draft: %q", got)
	}
}

func TestCarry(t *testing.T) {
	d := newDraft([]string{"a", "b", "c"}, []string{"n"})
	b := newTestBoard(d, 120, 20)
	rev := revOf(b)
	press(b, "space", "right")
	if got := tuitest.Cols(d); got != "a b c | n | " {
		t.Fatalf("carrying changed the draft before the card was put down: %q", got)
	}
	if revOf(b) != rev {
		t.Fatal("carrying bumped the revision before the card was put down")
	}
	view := screen(b)
	inbox, news := columnText(view, 0), columnText(view, 1)
	if strings.Contains(inbox, "» a") || !strings.Contains(news, "» a") {
		t.Fatalf("the carried card must be drawn where it would land, in News:\n%s", view)
	}
	if !strings.Contains(inbox, "Inbox · 2") || !strings.Contains(news, "News · 2") {
		t.Fatalf("column counts show the card where it would land:\n%s", view)
	}
	if !strings.Contains(b.CarryStatus(), "News, 1 of 2") {
		t.Fatalf("carry status %q does not say where the card would land", b.CarryStatus())
	}
	press(b, "down", "space")
	if got, want := tuitest.Cols(d), "b c | n a | "; got != want {
		t.Fatalf("after putting down: %q, want %q", got, want)
	}
	if b.Focused() != 1 || b.Selected().ID != "a" {
		t.Fatalf("focus should follow the card: column %d, card %q", b.Focused(), b.Selected().ID)
	}

	// esc puts it back, and nothing changes.
	rev = revOf(b)
	press(b, "space", "left", "l", "h", "up", "esc")
	if got, want := tuitest.Cols(d), "b c | n a | "; got != want || revOf(b) != rev {
		t.Fatalf("esc must put the card back: %q (rev %d→%d)", got, rev, revOf(b))
	}
	if b.Selected().ID != "a" {
		t.Fatalf("after esc the put-back card is selected, not %q", b.Selected().ID)
	}

	// Reordering within a column with j and k.
	press(b, "space", "k", "space")
	if got, want := tuitest.Cols(d), "b c | a n | "; got != want {
		t.Fatalf("after carrying up: %q, want %q", got, want)
	}
	// Carrying off either end stops there.
	press(b, "space", "h", "h", "h", "k", "k", "space")
	if got, want := tuitest.Cols(d), "a b c | n | "; got != want {
		t.Fatalf("after carrying far left and up: %q, want %q", got, want)
	}
}

// columnText returns column c's lines of a 3-column view 120 cells wide.
func columnText(view string, c int) string {
	var out []string
	for _, l := range strings.Split(view, "\n") {
		r := []rune(l)
		if len(r) >= 40*(c+1) {
			out = append(out, string(r[40*c:40*(c+1)]))
		}
	}
	return strings.Join(out, "\n")
}

func TestDeleteUndoRedo(t *testing.T) {
	d := newDraft([]string{"a", "b", "c"}, []string{"n"})
	b := newTestBoard(d, 120, 20)
	press(b, "down", "x")
	if got, want := tuitest.Cols(d), "a c | n | "; got != want {
		t.Fatalf("after x: %q, want %q", got, want)
	}
	if b.Selected().ID != "c" {
		t.Fatalf("after x the card that took its place is selected, not %q", b.Selected().ID)
	}
	press(b, "2", "space", "right", "space") // a quick send and a carry
	if got, want := tuitest.Cols(d), " | a n | c"; got != want {
		t.Fatalf("after 2 and a carry: %q, want %q", got, want)
	}
	press(b, "u", "u")
	if got, want := tuitest.Cols(d), "a c | n | "; got != want {
		t.Fatalf("after two undos: %q, want %q", got, want)
	}
	press(b, "u")
	if got, want := tuitest.Cols(d), "a b c | n | "; got != want {
		t.Fatalf("undo of x: %q, want %q", got, want)
	}
	if b.Focused() != 0 || b.Selected().ID != "b" {
		t.Fatalf("undo selects the card it brought back, not %d/%v", b.Focused(), b.Selected())
	}
	press(b, "ctrl+r")
	if got, want := tuitest.Cols(d), "a c | n | "; got != want {
		t.Fatalf("redo of x: %q, want %q", got, want)
	}
	press(b, "u", "u", "u", "u", "u")
	if n := b.TakeNote(); !n.Err || !strings.Contains(n.Text, "nothing to undo") {
		t.Fatalf("undo past the start: note %+v", n)
	}
	if got, want := tuitest.Cols(d), "a b c | n | "; got != want {
		t.Fatalf("after undoing everything: %q, want %q", got, want)
	}
}

func TestEmptyColumnRefusesCardActions(t *testing.T) {
	d := newDraft(nil, nil, []string{"t"})
	b := newTestBoard(d, 120, 20)
	press(b, "tab") // to the inbox, which is empty
	for _, k := range []string{"x", "space", "1"} {
		press(b, k)
		if n := b.TakeNote(); !n.Err || !strings.Contains(n.Text, "Inbox is empty") {
			t.Fatalf("%s on an empty column: note %+v", k, n)
		}
	}
	if b.Carrying() {
		t.Fatal("picked up a card from an empty column")
	}
}

func TestSearchEveryColumn(t *testing.T) {
	t.Parallel()
	d := newDraft([]string{"alpha", "beta", "gamma"}, []string{"delta"}, []string{"alphabet"})
	d.Sections[0].Items[0].Description = "An ALPINE story"
	d.Inbox[1].URLs = append(d.Inbox[1].URLs, "https://example.org/alpine")
	b := newTestBoard(d, 120, 20)
	press(b, "/", "a", "l", "p")
	if !b.Capturing() {
		t.Fatal("/ must open the search line")
	}
	// alpha (blurb), beta (second link), delta (description), alphabet.
	if got := b.SearchStatus(); !strings.Contains(got, "4 matches") {
		t.Fatalf("typing shows the count of matches: %q", got)
	}
	if !strings.Contains(screen(b), "gamma") {
		t.Fatal("search must not hide cards the way the old filter did")
	}
	press(b, "i")
	if got := b.SearchStatus(); !strings.Contains(got, "2 matches") {
		t.Fatalf("alpi matches beta's link and delta's description: %q", got)
	}
	press(b, "enter")
	if b.Capturing() || b.Selected().ID != "beta" {
		t.Fatalf("enter jumps to the first match: selected %q", b.Selected().ID)
	}
	press(b, "n")
	if b.Focused() != 1 || b.Selected().ID != "delta" {
		t.Fatalf("n goes to the next match in another column: col %d %q", b.Focused(), b.Selected().ID)
	}
	if got := b.SearchStatus(); !strings.Contains(got, "2 of 2") {
		t.Fatalf("the status says which match is selected: %q", got)
	}
	press(b, "n")
	if b.Selected().ID != "beta" {
		t.Fatalf("n goes round after the last match: %q", b.Selected().ID)
	}
	press(b, "N")
	if b.Selected().ID != "delta" {
		t.Fatalf("N goes round before the first match: %q", b.Selected().ID)
	}
	// A change to the draft is searched again: send delta to the end of
	// the inbox; the last match before the emptied News is now there.
	press(b, "0")
	press(b, "N")
	if p, _, _ := b.SelectedPos(); p.Col != draft.Inbox || b.Selected().ID != "delta" {
		t.Fatalf("after a move the match is found where it went: %+v %q", p, b.Selected().ID)
	}
	press(b, "esc")
	if b.Searching() || b.SearchStatus() != "" {
		t.Fatal("esc clears the search")
	}
	press(b, "/", "z", "z")
	if got := b.SearchStatus(); !strings.Contains(got, "no card matches") {
		t.Fatalf("a search without matches says so: %q", got)
	}
	press(b, "q")
	if !b.Capturing() || !strings.Contains(b.SearchStatus(), "zzq") {
		t.Fatal("while the search is typed the board takes every key")
	}
}

func TestMouseDrag(t *testing.T) {
	d := newDraft([]string{"a", "b", "c"}, []string{"n", "m"})
	b := newTestBoard(d, 120, 20)
	// Columns are 40 cells wide; card k of a column is on rows 1+2k and 2+2k.
	update(b, tea.MouseClickMsg(mouse(5, 3)))
	if b.Selected().ID != "b" {
		t.Fatalf("a click selects the card under it, got %q", b.Selected().ID)
	}
	update(b, tea.MouseMotionMsg(mouse(45, 3)))
	if !b.Carrying() {
		t.Fatal("dragging a card picks it up")
	}
	// Over the lower half of m, the last card of News: b lands after it.
	update(b, tea.MouseMotionMsg(mouse(45, 4)))
	update(b, tea.MouseMotionMsg(mouse(45, 6)))
	view := screen(b)
	if !strings.Contains(columnText(view, 1), "» b") {
		t.Fatalf("the dragged card is drawn where it would land:\n%s", view)
	}
	update(b, tea.MouseReleaseMsg(mouse(45, 6)))
	if got, want := tuitest.Cols(d), "a c | n m b | "; got != want {
		t.Fatalf("after the drag: %q, want %q", got, want)
	}
	// Between two cards: over the upper half of m.
	update(b, tea.MouseClickMsg(mouse(5, 1)))
	update(b, tea.MouseMotionMsg(mouse(50, 3)))
	update(b, tea.MouseReleaseMsg(mouse(50, 3)))
	if got, want := tuitest.Cols(d), "c | n a m b | "; got != want {
		t.Fatalf("dropping on the upper half of m: %q, want %q", got, want)
	}
	// Released outside the board: put back.
	update(b, tea.MouseClickMsg(mouse(5, 1)))
	update(b, tea.MouseMotionMsg(mouse(85, 1)))
	update(b, tea.MouseReleaseMsg(mouse(85, 40)))
	if got, want := tuitest.Cols(d), "c | n a m b | "; got != want || b.Carrying() {
		t.Fatalf("a release outside the board puts the card back: %q", got)
	}
	// Into an empty column, anywhere in it.
	update(b, tea.MouseClickMsg(mouse(5, 1)))
	update(b, tea.MouseMotionMsg(mouse(100, 15)))
	update(b, tea.MouseReleaseMsg(mouse(100, 15)))
	if got, want := tuitest.Cols(d), " | n a m b | c"; got != want {
		t.Fatalf("dropping in empty Tools: %q, want %q", got, want)
	}
	press(b, "u")
	if got, want := tuitest.Cols(d), "c | n a m b | "; got != want {
		t.Fatalf("a mouse move undoes like any other: %q, want %q", got, want)
	}
	// A click without a drag moves nothing.
	update(b, tea.MouseClickMsg(mouse(45, 5)))
	update(b, tea.MouseReleaseMsg(mouse(45, 5)))
	if got := tuitest.Cols(d); got != "c | n a m b | " || b.Selected().ID != "m" || b.Focused() != 1 {
		t.Fatalf("a click only selects: %q, selected %v", got, b.Selected())
	}
}

func TestScrolling(t *testing.T) {
	var names []string
	for i := range 50 {
		names = append(names, fmt.Sprintf("c%02d", i))
	}
	d := newDraft(names)
	b := newTestBoard(d, 40, 9) // 7 rows inside: 3 cards
	if v := screen(b); !strings.Contains(v, "1/50 ↓") || strings.Contains(v, "c03") {
		t.Fatalf("the first screen shows 3 cards and says there are more:\n%s", v)
	}
	for range 20 {
		press(b, "j")
	}
	v := screen(b)
	if !strings.Contains(v, "↑ 21/50 ↓") || !strings.Contains(v, "c20") || strings.Contains(v, "c17") {
		t.Fatalf("after 20 down the selection is on screen with its position:\n%s", v)
	}
	press(b, "G")
	if v := screen(b); !strings.Contains(v, "↑ 50/50 ") || !strings.Contains(v, "c49") {
		t.Fatalf("G goes to the last card:\n%s", v)
	}
	update(b, tea.MouseWheelMsg(tea.Mouse{X: 5, Y: 3, Button: tea.MouseWheelUp}))
	if v := screen(b); !strings.Contains(v, "c46") || strings.Contains(v, "c49") {
		t.Fatalf("the wheel scrolls the column:\n%s", v)
	}
	if b.Selected().ID != "c48" {
		t.Fatalf("scrolling keeps the selection on screen: %q", b.Selected().ID)
	}
}

func TestColumnsScrollSideways(t *testing.T) {
	d := newDraft([]string{"a"}, []string{"n"}, []string{"t"})
	b := newTestBoard(d, 40, 12)
	v := screen(b)
	if !strings.Contains(v, "[0] Inbox") || strings.Contains(v, "News") || !strings.Contains(v, "▸") {
		t.Fatalf("at 40 cells one column shows, with a mark for more on the right:\n%s", v)
	}
	press(b, "tab")
	v = screen(b)
	if !strings.Contains(v, "[1] News") || !strings.Contains(v, "◂") || !strings.Contains(v, "▸") {
		t.Fatalf("tab shows the next column, marked on both sides:\n%s", v)
	}
	press(b, "tab", "tab")
	if v := screen(b); !strings.Contains(v, "[0] Inbox") {
		t.Fatalf("tab from the last column wraps to the inbox:\n%s", v)
	}
	press(b, "space", "l", "l", "l")
	if v := screen(b); !strings.Contains(v, "[2] Tools") || !strings.Contains(v, "» a") {
		t.Fatalf("carrying right scrolls the columns along:\n%s", v)
	}
}

func TestEverySizeDrawsWhole(t *testing.T) {
	var names []string
	for i := range 30 {
		names = append(names, fmt.Sprintf("card-with-a-long-name-%d", i))
	}
	d := newDraft(names, []string{"n"}, nil)
	d.Inbox[3].Blurb = "Emoji ❤️ and 👨‍👩‍👧 and CJK 漢字 in a blurb\nwith a newline\tand a tab"
	b := newTestBoard(d, 1, 1)
	press(b, "down", "down", "down")
	for w := 0; w <= 130; w += 1 {
		for _, h := range []int{0, 1, 2, 3, 4, 5, 8, 12, 32} {
			b.SetSize(w, h)
			tuitest.CheckFrame(t, b.View(), w, h)
			press(b, "space", "right")
			tuitest.CheckFrame(t, b.View(), w, h)
			press(b, "esc")
		}
	}
}

func TestMarks(t *testing.T) {
	d := newDraft([]string{"a", "b"}, []string{"n"})
	d.Inbox[0].Blurb = ""
	d.Inbox[0].Title = "A fetched title"
	d.Sections[0].Items[0].URLs = []string{"https://www.B.example.com/?utm_source=x"}
	b := newTestBoard(d, 120, 12)
	v := screen(b)
	if !strings.Contains(v, "A fetched title") || !strings.Contains(v, "no blurb") {
		t.Fatalf("a card without blurb shows its title and the no-blurb mark:\n%s", v)
	}
	if strings.Count(v, "repeat") != 2 {
		t.Fatalf("b and n have the same link once normalised; both are marked:\n%s", v)
	}
	press(b, "tab", "x")
	if v := screen(b); strings.Contains(v, "repeat") {
		t.Fatalf("with n deleted, b is no longer a repeat:\n%s", v)
	}
	press(b, "u")
	if v := screen(b); strings.Count(v, "repeat") != 2 {
		t.Fatalf("undo brings the repeat back:\n%s", v)
	}
}

// A card whose link an earlier issue carried is marked sent (↺), in words
// or as the symbol like the other marks, unless it repeats it on purpose
// or sits in the sponsor's section.
func TestSentMark(t *testing.T) {
	d := newDraft([]string{"a", "b", "c"}, []string{"n"}, []string{"s"})
	d.Sections[1].Sponsor = true
	d.Inbox[1].RepeatOK = true
	d.Sections[1].Items[0].URLs = []string{"https://a.example.com/"}
	b := newTestBoard(d, 120, 12)
	if v := screen(b); strings.Contains(v, "sent") || strings.Contains(v, "↺") {
		t.Fatalf("no archive, no mark:\n%s", v)
	}
	sent := map[string]bool{"https://a.example.com/": true, "https://b.example.com/": true, "https://n.example.com/": true}
	b.SetSent(func(urls []string) bool { return slices.ContainsFunc(urls, func(u string) bool { return sent[u] }) })
	v := screen(b)
	if strings.Count(v, "sent") != 2 {
		t.Fatalf("a and n were sent before; b is a repeat on purpose, s the sponsor's:\n%s", v)
	}
	b.SetSize(60, 12)
	if v := screen(b); strings.Count(v, "↺") != 2 || strings.Contains(v, "sent") {
		t.Fatalf("narrow columns mark it ↺:\n%s", v)
	}
}

func TestFetchedAndPlaced(t *testing.T) {
	d := newDraft([]string{"a"}, nil)
	d.Inbox[0].Blurb = ""
	b := newTestBoard(d, 120, 12)
	if !strings.Contains(screen(b), "https://a.example.com/") {
		t.Fatalf("a card with no blurb and no title shows its URL:\n%s", screen(b))
	}
	rev := revOf(b)
	b.SetFetching("a", true)
	b.SetSpinner("⠋")
	if !strings.Contains(screen(b), "⠋") {
		t.Fatalf("a card being fetched shows the spinner:\n%s", screen(b))
	}
	b.SetFetching("a", false)
	c, ok := b.doc.Fetched("web", "a", "Title \x1b[31mred\x1b[0m", "desc")
	if !ok {
		t.Fatal("Fetched did not find the card")
	}
	b.Changed(c)
	if d.Inbox[0].Title != "Title red" || revOf(b) == rev {
		t.Fatalf("fetched title %q must be stored sanitised and count as a change", d.Inbox[0].Title)
	}
	if _, ok := b.doc.Fetched("web", "gone", "x", ""); ok {
		t.Fatal("Fetched found a card that is not there")
	}
	// Links queued by weekly add: counted, not undoable.
	c, err := b.doc.Outside("weekly add", draft.Op{Kind: draft.OpInsert, To: draft.Pos{Col: 1}, Item: card("q")})
	if err != nil {
		t.Fatal(err)
	}
	b.Changed(c)
	if placed, inbox, _ := b.Counts(); placed != 1 || inbox != 1 {
		t.Fatalf("counts after a placed card: %d placed, %d inbox", placed, inbox)
	}
	press(b, "u")
	if got := tuitest.Cols(d); got != "a | q | " {
		t.Fatalf("undo must not take back links added by another command: %q", got)
	}
}

// TestFiguresStayTrue checks the figures kept op by op against a count from
// scratch, after a long run of moves, deletes, undos and redos.
func TestFiguresStayTrue(t *testing.T) {
	var names []string
	for i := range 40 {
		names = append(names, fmt.Sprintf("c%d", i))
	}
	d := newDraft(names, []string{"n1", "n2"}, []string{"t1"})
	for i := range d.Inbox {
		if i%3 == 0 {
			d.Inbox[i].Blurb = ""
			d.Inbox[i].Title = "a title of five words"
		}
		if i%7 == 0 {
			d.Inbox[i].URLs = []string{"https://n1.example.com/"}
		}
	}
	b := newTestBoard(d, 120, 20)
	keys := []string{"2", "j", "1", "x", "tab", "space", "j", "l", "space", "u", "0", "ctrl+r", "k", "x", "u", "u", "shift+tab"}
	for step := range 300 {
		press(b, keys[(step*7)%len(keys)])
		_, _, words := b.Counts()
		if want := d.Words(); words != want {
			t.Fatalf("step %d: kept word count %d, counted %d", step, words, want)
		}
	}
	seen := map[string]int{}
	d.Items(func(_ draft.Pos, it *draft.Item) { seen[it.URL()]++ })
	d.Items(func(_ draft.Pos, it *draft.Item) {
		if got, want := b.Repeated(it.ID), seen[it.URL()] > 1; got != want {
			t.Fatalf("card %s: repeated %v, want %v", it.ID, got, want)
		}
	})
}

// TestJoinAndUndo joins a card with the one below (vim's J): one item with
// both links and both blurbs, and u restores both cards exactly.
func TestJoinAndUndo(t *testing.T) {
	d := newDraft([]string{"a", "b", "c"}, []string{"n"})
	d.Inbox[0].Title, d.Inbox[1].Title = "A title", "B title"
	was := d.Clone()
	b := newTestBoard(d, 120, 20)
	press(b, "J")
	if got := tuitest.Cols(d); got != "a c | n | " {
		t.Fatalf("after J: %q", got)
	}
	a := d.Inbox[0]
	if a.Title != "A title" || a.Blurb != "a\n\nb" || strings.Join(a.URLs, " ") != "https://a.example.com/ https://b.example.com/" {
		t.Fatalf("joined item %+v", a)
	}
	if n := b.TakeNote(); !strings.Contains(n.Text, "Joined “a” and “b”: one item, 2 links") {
		t.Fatalf("note %q", n.Text)
	}
	press(b, "u")
	if !reflect.DeepEqual(d, was) {
		t.Fatalf("u must restore both cards exactly:\n%+v\n%+v", d, was)
	}
	if b.Selected().ID != "a" {
		t.Fatalf("after u the first card is selected, not %s", b.Selected().ID)
	}
	press(b, "G", "J")
	if n := b.TakeNote(); !n.Err || !strings.Contains(n.Text, "last card of Inbox") {
		t.Fatalf("J on the last card: %+v", n)
	}
}

// TestManyEditorsLeaveRoom: fifty editors on one card, or in one empty
// column, leave the card its link and the column its name, and say how
// many they are ("+47"); a few are named in full.
func TestManyEditorsLeaveRoom(t *testing.T) {
	t.Parallel()
	b := newTestBoard(newDraft([]string{"alpha", "beta"}), 100, 20)
	var list []Other
	for i := range 50 {
		list = append(list, Other{Who: fmt.Sprintf("editor%d", i), Item: "alpha"})
		list = append(list, Other{Who: fmt.Sprintf("writer%d", i), Col: 2})
	}
	b.SetOthers(list)
	v := ansi.Strip(b.View())
	for _, want := range []string{"alpha.example", "@editor0", "[2] Tools · 0 · @"} {
		if !strings.Contains(v, want) {
			t.Errorf("the board lost %q under 50 editors:\n%s", want, v)
		}
	}
	if !regexp.MustCompile(`@editor0 \+49`).MatchString(v) || !regexp.MustCompile(`@write\S* \+\d+`).MatchString(v) {
		t.Errorf("the board does not say how many more editors there are:\n%s", v)
	}
	b.SetOthers([]Other{{Who: "Ann", Item: "alpha"}, {Who: "Bob", Col: 2}})
	v = ansi.Strip(b.View())
	if !strings.Contains(v, "@Ann") || !strings.Contains(v, "Tools · 0 · @Bob") {
		t.Errorf("a few editors are not named in full:\n%s", v)
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		list []string
		w    int
		want string
	}{
		{[]string{"@Ann", "@Bob"}, 20, "@Ann @Bob"},
		{[]string{"@Ann", "@Bob", "@Cyd"}, 11, "@Ann +2"},
		{[]string{"@Ann", "@Bob", "@Cyd"}, 12, "@Ann @Bob +1"},
		{[]string{"@Annabelle-Lee"}, 8, "@Annabe…"},
		{[]string{"@Annabelle-Lee", "@Bob"}, 8, "@Ann… +1"},
		{[]string{"@Ann", "@Bob"}, 2, "+2"},
		{[]string{"@Ann", "@Bob"}, 1, ""},
	} {
		if got := names(tc.list, tc.w); got != tc.want || width(got) > tc.w {
			t.Errorf("names(%q, %d) = %q, want %q", tc.list, tc.w, got, tc.want)
		}
	}
}
