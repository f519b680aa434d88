// Package board is the terminal UI's board pane: the inbox and one column
// per section, with cards that are picked up, carried and put down, sent to
// a section with one key, deleted, searched for, and every change undoable.
//
// The board never changes the draft: it reads it from the document it is
// given and asks for changes as Intents, which the root takes (TakeIntents),
// applies to the document and hands back (Applied). Changes made elsewhere
// (the queue, an editor, another view) are passed on with Changed, and the
// board keeps its selection, scroll and carried card across them.
package board

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// cardHeight is the rows a card takes: its text, then its site and marks.
const cardHeight = 2

// minColWidth is the narrowest a column gets before columns scroll sideways.
const minColWidth = 28

// Note is what the board has to tell the editor in the status line.
type Note struct {
	Text string
	Err  bool
	// Link, when set, is an http or https URL drawn after Text as a
	// hyperlink (OSC 8) that the editor's terminal can open.
	Link string
}

// carry is a card on its way: it is still at from in the draft, and is drawn
// at to, whose index counts in the column without the card.
type carry struct {
	id       string
	from, to draft.Pos
	mouse    bool // carried by a mouse drag rather than keys
}

// press is a mouse button held down on a card that has not moved yet.
type pressed struct {
	x, y int
}

// stats reads the document's counts for the cards' marks.
type stats struct{ c *doc.Counts }

func (s stats) repeated(id string) bool { return s.c.Repeated(id) }

// Board is the board pane.
type Board struct {
	// doc is the document the board shows, read only: from the goroutine
	// that applies this board's changes, holding its seat's turn. stats are
	// its counts.
	doc   *doc.Document
	keys  KeyMap
	look  look
	stats stats

	width, height int
	focused       bool

	col  int   // the focused column
	sel  []int // per column: the selected card, as shown
	top  []int // per column: the first card shown
	left int   // the first column shown

	carry  *carry
	press  *pressed
	search search
	input  textinput.Model
	typing bool // the search is being typed

	fetching map[string]bool
	spinner  string
	others   others // where the other editors of a shared draft are
	// sent reports whether an earlier issue carried one of a card's links
	// (see SetSent); nil until the archive is read.
	sent func(urls []string) bool

	note    Note
	intents []Intent
	rev     uint64 // counts the changes seen, for a search to know its matches are stale
	selID   string // the focused column's selected card, kept across outside changes
}

// New returns a board over the document's draft, with the inbox focused on
// its first card, or the first column that has cards when the inbox is
// empty.
func New(dc *doc.Document, st styles.Styles, keys KeyMap) *Board {
	b := &Board{doc: dc, keys: keys, fetching: map[string]bool{}, focused: true}
	dc.Read(func(_ *draft.Draft, c *doc.Counts) { b.stats = stats{c} })
	b.input = textinput.New()
	b.input.Prompt = "/"
	b.input.Placeholder = "title, blurb, link, description, sender or note"
	b.SetStyles(st)
	b.Reset()
	return b
}

// current is the draft as it stands.
func (b *Board) current() *draft.Draft { return b.doc.Draft() }

// Fit brings what the board keeps of the draft's shape (its columns, the
// focused one, the carried card) in line with a draft another editor
// changed before the board heard of it: the news is on its way, and the
// selection follows then. Call it before handling a message.
func (b *Board) Fit() {
	d := b.current()
	if len(b.sel) != d.Columns() {
		b.reshape()
	}
	if k := b.carry; k != nil {
		if it := d.At(k.from); it == nil || it.ID != k.id {
			if p, ok := d.Find(k.id); ok {
				k.from = p
			} else {
				b.carry = nil
				b.errorf("The carried card was taken off the board elsewhere")
				b.syncKeys()
				return
			}
		}
		k.to.Col = min(k.to.Col, d.Columns()-1)
		k.to.Index = min(k.to.Index, b.baseLen(k.to.Col))
	}
}

// Reset recounts the draft and puts the selection where a freshly opened
// board has it. Call it when the draft's columns changed behind the board.
func (b *Board) Reset() {
	n := b.current().Columns()
	b.sel, b.top = make([]int, n), make([]int, n)
	b.carry, b.press, b.typing, b.left, b.search = nil, nil, false, 0, search{}
	b.col = draft.Inbox
	if len(b.current().Inbox) == 0 {
		for c := range n {
			if len(b.current().Column(c)) > 0 {
				b.col = c
				break
			}
		}
	}
	b.syncKeys()
	b.ensureVisible()
}

// SetStyles changes the colours.
func (b *Board) SetStyles(st styles.Styles) {
	b.look = newLook(st)
	input := textinput.DefaultStyles(st.IsDark)
	input.Cursor.Blink = false // as the root's prompts: no frame every half second
	b.input.SetStyles(input)
}

// SetSize gives the board its width and height in cells.
func (b *Board) SetSize(w, h int) tea.Cmd {
	b.width, b.height = max(w, 0), max(h, 0)
	b.input.SetWidth(max(min(w/2, 40), 1))
	b.ensureVisible()
	return nil
}

// Help returns the board's keys that apply now, for the help bar.
func (b *Board) Help() []key.Binding {
	k := b.keys
	return []key.Binding{k.NextMatch, k.PrevMatch, k.ClearSearch, k.PutDown, k.PutBack, k.Carry,
		k.Undo, k.Search, k.PickUp, k.Send, k.Delete, k.Join, k.Next}
}

// Focus gives the board the keyboard.
func (b *Board) Focus() { b.focused = true }

// Blur takes the keyboard away, as when a prompt opens over the board.
func (b *Board) Blur() { b.focused = false }

// TakeNote returns what the board has to say since it was last asked, and
// forgets it.
func (b *Board) TakeNote() Note {
	n := b.note
	b.note = Note{}
	return n
}

// Keys returns the key map with the bindings that apply now enabled.
func (b *Board) Keys() KeyMap { return b.keys }

// Capturing reports whether the board is taking typed text (a search), so
// that the root passes it every key.
func (b *Board) Capturing() bool { return b.typing }

// Carrying reports whether a card is being carried.
func (b *Board) Carrying() bool { return b.carry != nil }

// Focused returns the focused column.
func (b *Board) Focused() int { return min(b.col, b.current().Columns()-1) }

// Selected returns the selected card of the focused column, or nil.
func (b *Board) Selected() *draft.Item {
	it, _ := b.shown(b.col, b.selected(b.col))
	return it
}

// Counts returns the items placed in sections, the items in the inbox and
// the words of the issue, from figures kept up to date: no card is walked.
// A carried card counts where it would be put down, as the columns show it.
func (b *Board) Counts() (placed, inbox, words int) {
	for c := 1; c < b.current().Columns(); c++ {
		placed += b.length(c)
	}
	return placed, b.length(draft.Inbox), b.stats.c.Words(b.current())
}

// Repeated reports whether a link of the item with id is elsewhere in the draft.
func (b *Board) Repeated(id string) bool { return b.stats.repeated(id) }

// SetFetching marks the item with id as having its title fetched, or not.
func (b *Board) SetFetching(id string, on bool) {
	if on {
		b.fetching[id] = true
	} else {
		delete(b.fetching, id)
	}
}

// SetSent tells the board how to know a card whose link an earlier issue
// of the archive carried: sent, called as cards are drawn, only reads.
// Such a card is marked "sent" (↺).
func (b *Board) SetSent(sent func(urls []string) bool) { b.sent = sent }

// SetSpinner sets the frame drawn on cards whose title is being fetched.
func (b *Board) SetSpinner(frame string) { b.spinner = frame }

func (b *Board) notef(format string, args ...any) {
	b.note = Note{Text: fmt.Sprintf(format, args...)}
}

func (b *Board) errorf(format string, args ...any) {
	b.note = Note{Text: fmt.Sprintf(format, args...), Err: true}
}

// length returns how many cards column c shows: without
// the carried card where it was and with it where it would land.
func (b *Board) length(c int) int {
	n := len(b.current().Column(c))
	if k := b.carry; k != nil {
		if c == k.from.Col {
			n--
		}
		if c == k.to.Col {
			n++
		}
	}
	return n
}

// baseLen returns the cards of column c other than the carried one.
func (b *Board) baseLen(c int) int {
	n := len(b.current().Column(c))
	if k := b.carry; k != nil && c == k.from.Col {
		n--
	}
	return n
}

// shown returns the card shown at i in column c, and whether it is the one
// being carried.
func (b *Board) shown(c, i int) (*draft.Item, bool) {
	k := b.carry
	if k == nil {
		return b.current().At(draft.Pos{Col: c, Index: i}), false
	}
	if c == k.to.Col {
		if i == k.to.Index {
			return b.current().At(k.from), true
		}
		if i > k.to.Index {
			i--
		}
	}
	if c == k.from.Col && i >= k.from.Index {
		i++
	}
	return b.current().At(draft.Pos{Col: c, Index: i}), false
}

// selected returns the selected card of column c as shown.
func (b *Board) selected(c int) int {
	if k := b.carry; k != nil && c == k.to.Col {
		return k.to.Index
	}
	if c >= len(b.sel) {
		return 0 // a column added elsewhere, not heard of yet
	}
	return b.sel[c]
}

// visibleCols returns how many columns fit side by side.
func (b *Board) visibleCols() int {
	return min(max(b.width/minColWidth, 1), b.current().Columns())
}

// colWidthFor returns the width of column c when it is shown.
func (b *Board) colWidthFor(c int) int {
	n := b.visibleCols()
	w := b.width / n
	if c-b.left == n-1 {
		w = b.width - w*(n-1)
	}
	return w
}

// capacity returns how many cards column c has room for.
func (b *Board) capacity(c int) int {
	return max(b.height-2, 0) / cardHeight
}

// clampTop returns column c's first shown card, kept within its cards.
func (b *Board) clampTop(c int) int {
	top := 0
	if c < len(b.top) {
		top = b.top[c]
	}
	return min(max(top, 0), max(b.length(c)-b.capacity(c), 0))
}

// ensureVisible scrolls so that the focused column and its selected card
// are on screen, and keeps every selection within its column.
func (b *Board) ensureVisible() {
	for c := range b.sel {
		b.sel[c] = min(max(b.sel[c], 0), max(b.length(c)-1, 0))
		b.top[c] = b.clampTop(c)
	}
	c := b.col
	if cp := b.capacity(c); cp > 0 {
		i := b.selected(c)
		if i < b.top[c] {
			b.top[c] = i
		}
		if i >= b.top[c]+cp {
			b.top[c] = i - cp + 1
		}
		b.top[c] = b.clampTop(c)
	}
	b.selID = ""
	if it, carried := b.shown(c, b.selected(c)); it != nil && !carried {
		b.selID = it.ID
	}
	n := b.visibleCols()
	if c < b.left {
		b.left = c
	}
	if c >= b.left+n {
		b.left = c - n + 1
	}
	b.left = min(max(b.left, 0), b.current().Columns()-n)
}

func (b *Board) syncKeys() {
	b.keys.setState(b.carry != nil, b.typing, b.typing || b.search.query != "")
}

// Other is where another editor of a shared draft is: the card selected
// (Item), else the column, and whether they are writing that card's blurb.
type Other struct {
	Who     string
	Col     int
	Item    string
	Writing bool
}

// others is where the other editors are, as the board draws them.
type others struct {
	cards map[string][]string // item ID → names, "✎Name" for the writer
	cols  map[int][]string    // column → names of those on no card
}

// SetOthers tells the board where the other editors are: their names are
// drawn on the card or column they have selected, and the one writing a
// card's blurb is marked ✎.
func (b *Board) SetOthers(list []Other) {
	o := others{cards: map[string][]string{}, cols: map[int][]string{}}
	for _, p := range list {
		name := "@" + sanitize.Line(p.Who)
		if p.Writing {
			name = "✎" + sanitize.Line(p.Who)
		}
		if p.Item != "" {
			o.cards[p.Item] = append(o.cards[p.Item], name)
		} else {
			o.cols[p.Col] = append(o.cols[p.Col], name)
		}
	}
	b.others = o
}

// othersOn returns the names of the editors on the card with id, in at
// most w cells (see names).
func (b *Board) othersOn(id string, w int) string {
	return names(b.others.cards[id], w)
}

// names returns as many of list as fit in w cells, then how many more
// there are: "@Ann @Bob +3". Fifty editors on one card or column leave
// room for its own text, and say how many they are.
func names(list []string, w int) string {
	all := clean(strings.Join(list, " "))
	if width(all) <= w {
		return all
	}
	out, shown := "", 0
	for _, n := range list {
		next := strings.TrimPrefix(out+" "+clean(n), " ")
		if width(next)+width(fmt.Sprintf(" +%d", len(list)-shown-1)) > w {
			break
		}
		out, shown = next, shown+1
	}
	if shown == 0 { // not even one whole: the first, cut
		if len(list) == 1 {
			return fit(clean(list[0]), w)
		}
		out, shown = fit(clean(list[0]), w-width(fmt.Sprintf(" +%d", len(list)-1))), 1
		if out == "" {
			shown = 0
		}
	}
	rest := fmt.Sprintf("+%d", len(list)-shown)
	if out != "" {
		rest = out + " " + rest
	}
	if width(rest) > w {
		return ""
	}
	return rest
}
