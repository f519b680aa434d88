package board

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// paint is an SGR sequence that colours the text it is put on. The board
// writes its few styles as raw sequences, built once: a frame then costs
// string concatenation, not a lipgloss render per card.
type paint string

func (p paint) on(s string) string {
	if p == "" || s == "" {
		return s
	}
	return string(p) + s + ansi.ResetStyle
}

func mk(st ansi.Style) paint { return paint(st.String()) }

// cardLook is how the parts of a card look in one state.
type cardLook struct {
	gutter, text, muted, warn, who paint
	mark                           string // the gutter character
}

// look is the board's styles, built from the colour tokens.
type look struct {
	border, focus, carryFrame, title, muted paint
	normal, selected, carried               cardLook
}

func newLook(st styles.Styles) look {
	fg := func(c ansi.Color) ansi.Style { return ansi.Style{}.ForegroundColor(c) }
	card := func(bg ansi.Color, gutter ansi.Color, mark string, bold bool) cardLook {
		with := func(s ansi.Style) paint {
			if bg != nil {
				s = s.BackgroundColor(bg)
			}
			return mk(s)
		}
		text := fg(st.Text)
		if bold {
			text = text.Bold()
		}
		return cardLook{
			gutter: with(fg(gutter).Bold()),
			text:   with(text),
			muted:  with(fg(st.Muted)),
			warn:   with(fg(st.Warn)),
			who:    with(fg(st.Accent).Bold()),
			mark:   mark,
		}
	}
	return look{
		border:     mk(fg(st.Border)),
		focus:      mk(fg(st.Accent).Bold()),
		carryFrame: mk(fg(st.Carry).Bold()),
		title:      mk(fg(st.Text).Bold()),
		muted:      mk(fg(st.Muted)),
		normal:     card(nil, st.Border, " ", false),
		selected:   card(st.SelectedBg, st.Accent, "▌", false),
		carried:    card(st.CarryBg, st.Carry, "»", true),
	}
}

// frame is the characters of a column's border.
type frame struct{ tl, tr, bl, br, h, v string }

var (
	roundFrame = frame{"╭", "╮", "╰", "╯", "─", "│"}
	heavyFrame = frame{"┏", "┓", "┗", "┛", "━", "┃"}
)

// View draws the board: exactly its height in lines, each its width wide.
// Only the cards on screen are drawn.
func (b *Board) View() string {
	if b.width <= 0 || b.height <= 0 {
		return ""
	}
	n := b.visibleCols()
	all := b.current().Columns()
	left := min(max(b.left, 0), all-n) // the draft may have lost columns since the board last heard
	cols := make([][]string, n)
	for i := range n {
		cols[i] = b.column(left+i, i == 0 && left > 0, i == n-1 && left+n < all)
	}
	var sb strings.Builder
	for y := range b.height {
		if y > 0 {
			sb.WriteByte('\n')
		}
		for i := range n {
			sb.WriteString(cols[i][y])
		}
	}
	return sb.String()
}

// column draws column c as lines of its width; moreLeft and moreRight ask
// for the marks that say columns are hidden on that side.
func (b *Board) column(c int, moreLeft, moreRight bool) []string {
	w, h := b.colWidthFor(c), b.height
	lines := make([]string, 0, h)
	if w < 4 {
		for range h {
			lines = append(lines, strings.Repeat(" ", max(w, 0)))
		}
		return lines
	}
	fr, fp := roundFrame, b.look.border
	if c == b.col {
		fr, fp = heavyFrame, b.look.focus
		switch {
		case b.carry != nil:
			fp = b.look.carryFrame
		case !b.focused:
			fr, fp = roundFrame, b.look.border // another pane has the keys: its border shows it
		}
	}
	inner := w - 2
	lines = append(lines, b.topLine(c, fr, fp, inner, moreLeft, moreRight))
	if h == 1 {
		return lines
	}
	rows := h - 2
	top, length, sel := b.clampTop(c), b.length(c), b.selected(c)
	cp := rows / cardHeight
	for i := 0; i < rows; i++ {
		k := top + i/cardHeight
		var body string
		switch {
		case i/cardHeight < cp && k < length:
			it, carried := b.shown(c, k)
			body = b.cardLine(it, c, i%cardHeight, inner, carried, c == b.col && k == sel && b.carry == nil)
		case i == 0 && length == 0:
			body = pad(b.look.muted.on(fit("  empty", inner)), inner)
		default:
			body = strings.Repeat(" ", inner)
		}
		lines = append(lines, fp.on(fr.v)+body+fp.on(fr.v))
	}
	lines = append(lines, b.bottomLine(c, fr, fp, inner, top, cp, length, sel))
	return lines
}

func (b *Board) topLine(c int, fr frame, fp paint, inner int, moreLeft, moreRight bool) string {
	left, right := fr.h, fr.h
	if moreLeft {
		left = "◂"
	}
	if moreRight {
		right = "▸"
	}
	n := len(b.current().Column(c))
	if b.carry != nil {
		n = b.length(c) // as it would be with the card put down here
	}
	// The name is cut, never the key, the sponsor mark, the count or the
	// other editors' marks.
	head := fmt.Sprintf(" [%d] ", c)
	marks := ""
	if c > 0 && b.current().Sections[c-1].Sponsor {
		marks += " " + sponsorMark
	}
	if c > 0 && b.current().Sections[c-1].Recurring {
		marks += " " + recurringMark
	}
	count := fmt.Sprintf(" · %d", n)
	name := clean(ansi.Strip(lead(b.current().ColumnName(c))))
	others := ""
	if list := b.others.cols[c]; len(list) > 0 {
		// The others' names leave the column's name a few letters.
		room := inner - 2 - width(head) - width(marks+count) - 1 - min(width(name), 8) - len(" · ")
		if who := names(list, room); who != "" {
			others = " · " + who
		}
	}
	// The words the column adds, when the name keeps room for a few letters.
	tail := marks + count + others + " "
	if n := b.stats.c.ColumnWords(c); c > 0 && n > 0 && inner-2-width(head)-width(tail)-width(fmt.Sprintf(" · %d w", n)) >= min(width(name), 12) {
		words := fmt.Sprintf(" · %d w", n)
		tail = marks + count + words + others + " "
	}
	title := head + fit(name, inner-2-width(head)-width(tail)) + tail
	if width(title) > inner-2 {
		title = fit(title, inner-2)
	}
	fill := inner - 2 - width(title)
	return fp.on(fr.tl+left) + b.look.title.on(title) + fp.on(strings.Repeat(fr.h, max(fill, 0))+right+fr.tr)
}

func (b *Board) bottomLine(c int, fr frame, fp paint, inner, top, cp, length, sel int) string {
	pos := ""
	if length > 0 {
		pos = fmt.Sprintf("%d/%d", min(sel, length-1)+1, length)
		if top > 0 {
			pos = "↑ " + pos
		}
		if top+cp < length {
			pos += " ↓"
		}
		pos = " " + pos + " "
	}
	if width(pos) > inner-2 {
		pos = ""
	}
	fill := inner - 1 - width(pos)
	return fp.on(fr.bl+strings.Repeat(fr.h, fill)) + b.look.muted.on(pos) + fp.on(fr.h+fr.br)
}

// cardLine draws line i of the card for it, in column c, inner cells
// wide.
func (b *Board) cardLine(it *draft.Item, c, i, inner int, carried, selected bool) string {
	lk := b.look.normal
	switch {
	case carried:
		lk = b.look.carried
	case selected:
		lk = b.look.selected
	}
	if it == nil || inner < 3 {
		return strings.Repeat(" ", max(inner, 0))
	}
	cw := inner - 2
	head := lk.gutter.on(lk.mark) + lk.text.on(" ")
	if i == 0 {
		text, p := it.Blurb, lk.text
		switch {
		case strings.TrimSpace(text) != "":
			text = unescape(lead(text))
		case it.Title != "":
			text, p = it.Title, lk.muted
		case it.URL() != "":
			text, p = it.URL(), lk.muted
		default:
			text, p = "(no text and no link)", lk.muted
		}
		text = fit(clean(text), cw)
		return head + p.on(text) + lk.text.on(strings.Repeat(" ", cw-width(text)))
	}
	marks := b.marks(it, c, cw)
	who := b.othersOn(it.ID, cw/2)
	site := it.Site
	if site == "" {
		site = link.Site(it.URL())
	}
	if len(it.URLs) > 1 {
		site += fmt.Sprintf(" +%d", len(it.URLs)-1)
	}
	if len(it.URLs) == 0 {
		site = "no link"
	}
	if who != "" && width(who)+1+width(marks) > cw {
		marks = ""
	}
	room := cw - width(marks) - width(who)
	if marks != "" {
		room--
	}
	if who != "" {
		room--
	}
	site = withVia(clean(site), it.Via, max(room, 0))
	gap := cw - width(site) - width(marks) - width(who)
	if who != "" && marks != "" {
		who += " "
		gap--
	}
	return head + lk.muted.on(site) + lk.text.on(strings.Repeat(" ", max(gap, 0))) + lk.who.on(who) + lk.warn.on(marks)
}

// maxVia is the most cells a sender's name takes on a card.
const maxVia = 16

// withVia fits a card's site into room cells, followed by who sent the
// card ("example.com · via Ann") when it came from weekly capture. The name
// takes at most maxVia cells and what the site leaves beyond minSite; when
// not even a few letters of it fit, the card shows the site alone.
func withVia(site, via string, room int) string {
	if via == "" {
		return fit(site, room)
	}
	name := clean(via)
	nameW := min(width(name), maxVia, room-len(" · via ")-min(width(site), minSite))
	if nameW < min(width(name), 4) {
		return fit(site, room)
	}
	v := "via " + fit(name, nameW)
	return fit(site, room-width(v)-len(" · ")) + " · " + v
}

// sponsorMark follows the name of the sponsor section on its column, and
// recurringMark that of a section whose cards go on to the next issue.
const (
	sponsorMark   = "★"
	recurringMark = "↻"
)

// longMarks is how wide the marks usually get in words; a column whose
// cards have room for it writes every card's marks in words, else every
// card's as symbols, so that cards side by side say the same thing the
// same way. A card that has every mark ("· sent" too) squeezes its site.
var longMarks = width("⠋ · no blurb · repeat")

// minSite is the cells a card keeps for its site beside marks in words.
const minSite = 10

// marks returns the card's warning marks, in words when the column's
// cards have room for them all. c is the column the card is drawn in.
func (b *Board) marks(it *draft.Item, c, cw int) string {
	var long, short []string
	if b.fetching[it.ID] && b.spinner != "" {
		long, short = append(long, b.spinner), append(short, b.spinner)
	}
	if it.Conflict != nil {
		long, short = append(long, "conflict"), append(short, "⚡")
	}
	if strings.TrimSpace(it.Blurb) == "" {
		long, short = append(long, "no blurb"), append(short, "✎")
	}
	if b.stats.repeated(it.ID) {
		long, short = append(long, "repeat"), append(short, "⧉")
	}
	if it.Carried != 0 {
		long, short = append(long, fmt.Sprintf("from #%d", it.Carried)), append(short, "↻")
	}
	// A link an earlier issue carried, unless repeated on purpose or in
	// the sponsor's section (whose links come back by design), as weekly
	// check reports them.
	if b.sent != nil && !it.RepeatOK && (c == draft.Inbox || !b.current().Sections[c-1].Sponsor) && b.sent(it.URLs) {
		long, short = append(long, "sent"), append(short, "↺")
	}
	if cw-longMarks >= minSite {
		return strings.Join(long, " · ")
	}
	s := strings.Join(short, " ")
	if width(s) > cw {
		return ""
	}
	return s
}

// fit truncates s to w cells with an ellipsis.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if len(s) <= w && isASCII(s) {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// pad fills a styled line out to w cells.
func pad(s string, w int) string {
	if n := w - width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// width is the cells s takes, without the grapheme walk for plain ASCII.
func width(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// lineBytes is as much of a text as a card's line is drawn from: more than
// any line shows, even of characters carrying sanitize.MaxMarks marks, and
// little enough that a blurb of a megabyte costs a frame nothing.
const lineBytes = 4 << 10

// lead returns the first lineBytes of s, cut between characters.
func lead(s string) string {
	if len(s) <= lineBytes {
		return s
	}
	i := lineBytes
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// unescape takes Markdown's backslash escapes off a blurb's text, so that
// a card reads as the email does: a blurb imported from a plain-text email
// is stored as "A \*profitable\* post" and shows "A *profitable* post".
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(punct, s[i+1]) >= 0 {
			i++
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

// punct is the ASCII punctuation CommonMark lets a backslash escape.
const punct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// clean makes text fit for one line of a card, from its start (see lead):
// white space and controls become single spaces, and the characters that
// terminals and lipgloss measure differently (emoji presentation
// selectors, zero-width joiners, skin tones) are dropped so that borders
// stay straight.
func clean(s string) string {
	s = lead(s)
	if isASCII(s) {
		return s
	}
	s = sanitize.Line(s) // escape sequences, bidi and invisible characters go whole
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\uFE0F' || r == '\u200D' || (r >= 0x1F3FB && r <= 0x1F3FF):
			continue
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			if !space {
				sb.WriteByte(' ')
			}
			space = true
			continue
		}
		space = r == ' '
		sb.WriteRune(r)
	}
	return sb.String()
}
