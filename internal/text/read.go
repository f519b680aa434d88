package text

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// issueLine matches "ISSUE #519 - 6th December 2020" and its variants:
// any case, spaces around the parts, "No." for "#", other dashes or none,
// and the newsletter's name before it on the same line. Markup (an ATX
// heading, a tag) before it is not an email's header.
var issueLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^([^<>\[\]()#]*?)\bissue\s*(?:no\.?|number)?\s*#?\s*(-?\d+)\b\s*[-–—:,|]*\s*(.*?)\s*$`)
})

// underline is the line under a heading: "=" repeated, at any length.
var underline = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*=+\s*$`)
})

// headerLines is how many non-blank lines at the top may come before the
// issue line (the newsletter's name, a pre-header).
const headerLines = 6

// IsIssue reports whether src looks like an issue in the email layout: it
// has an "ISSUE #N" line among its first lines.
func IsIssue(src string) bool {
	_, ok := findHeader(splitLines(src))
	return ok
}

// Parse reads a published issue in the email layout: the header, the intro,
// each section under its "="-underlined heading with its items (a blurb,
// then URL lines), the sponsor text repeated without a heading before the
// footer, and the footer. Text that is not in the plain "blurb, blank line,
// URLs" shape is kept whole as the item's blurb, with the URLs found in it,
// so that Format gives the issue back.
func Parse(src string) (*draft.Draft, error) {
	lines := splitLines(cleanText(src))
	h, ok := findHeader(lines)
	if !ok {
		return nil, errors.New(`no "ISSUE #N - DATE" line among the first lines: not an issue in the plain-text email layout`)
	}
	if h.err != nil {
		return nil, h.err
	}
	d := draft.New(h.name, h.number, h.date, nil)
	if canonical := strings.ToUpper(d.Newsletter) + "\n" + IssueLine(d); h.raw != canonical {
		d.Header = h.raw
	}
	parts := splitParts(lines[h.end:])
	last := &parts[len(parts)-1]
	last.blocks, d.Footer = cutFooter(last.blocks)
	d.Footer = Literal(d.Footer)
	d.Intro = Literal(joinBlocks(parts[0].blocks))

	sections := parts[1:]
	groups := make([][][]block, len(sections))
	for i, p := range sections {
		groups[i] = groupItems(splitAfterLinks(p.blocks))
	}
	repeated := -1
	if n := len(groups); n > 0 {
		headings := make([]string, n-1)
		for i := range headings {
			headings[i] = sections[i].heading
		}
		groups[n-1], d.Closing, repeated = cutClosing(groups[n-1], groups[:n-1], headings)
		d.Closing = Literal(d.Closing)
	}
	for i, p := range sections {
		s := draft.Section{Name: p.heading, Items: []draft.Item{}}
		for _, g := range groups[i] {
			s.Items = append(s.Items, makeItem(g))
		}
		s.Sponsor = i == repeated || isSponsor(s)
		d.Sections = append(d.Sections, s)
	}
	return d, nil
}

// header is the top of an issue.
type header struct {
	name   string
	number int
	date   string // YYYY-MM-DD, or "" when the issue line's date does not parse
	raw    string // the lines as printed, from the first to the issue line
	end    int    // index of the first line after the issue line
	err    error  // what is wrong with an issue line that cannot be read
}

// findHeader finds the issue line among the first non-blank lines; the
// non-blank line before it is the newsletter's name.
func findHeader(lines []string) (header, bool) {
	first, seen := -1, 0
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if first < 0 {
			first = i
		}
		if m := issueLine().FindStringSubmatch(l); m != nil {
			n, err := draft.ParseNumber(m[2])
			if err != nil {
				return header{err: fmt.Errorf("line %d: %w", i+1, err)}, true
			}
			h := header{number: n, raw: strings.Join(lines[first:i+1], "\n"), end: i + 1}
			h.name = strings.Trim(m[1], " -–—:|,")
			for j := i - 1; j >= first && h.name == ""; j-- {
				h.name = strings.TrimSpace(lines[j])
			}
			date := m[3]
			// The date on a line of its own, right under the issue line.
			if next := i + 1; date == "" && next < len(lines) {
				if _, err := draft.ParseLongDate(lines[next]); err == nil {
					date, h.end = lines[next], next+1
					h.raw += "\n" + lines[next]
				}
			}
			if t, err := draft.ParseLongDate(date); err == nil {
				h.date = t.Format(time.DateOnly)
			}
			return h, true
		}
		if seen++; seen >= headerLines {
			break
		}
	}
	return header{}, false
}

// cleanText is sanitize.Text keeping tabs, which an email's text may
// hold (an indented line, a table) and its export must give back.
func cleanText(src string) string {
	if !strings.Contains(src, "\t") {
		return sanitize.Text(src)
	}
	parts := strings.Split(src, "\t")
	for i, p := range parts {
		parts[i] = sanitize.Text(p)
	}
	return strings.Join(parts, "\t")
}

// splitLines folds line endings and trims trailing white space.
func splitLines(src string) []string {
	src = strings.TrimPrefix(strings.ReplaceAll(src, "\r\n", "\n"), "\uFEFF")
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return lines
}

// block is a run of non-blank lines.
type block struct {
	lines []string
	gap   int // blank lines before it
	// after says the block was cut from the one before, whose last line
	// is a link: text right under an item's links, with links of its own
	// below it, is the next item (see splitAfterLinks).
	after bool
}

func (b block) text() string { return strings.Join(b.lines, "\n") }

// urlOnly reports whether every line of the block is a link.
func (b block) urlOnly() bool {
	for _, l := range b.lines {
		if !isURLLine(l) {
			return false
		}
	}
	return true
}

// endsWithURL reports whether the block's last line is a link: such a
// block closes an item.
func (b block) endsWithURL() bool { return isURLLine(b.lines[len(b.lines)-1]) }

// isURLLine reports whether a line starts with a link.
func isURLLine(l string) bool {
	l = strings.TrimLeft(strings.TrimSpace(l), "<")
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// part is the intro (no heading) or one section: its heading and blocks.
type part struct {
	heading string
	blocks  []block
}

// splitParts cuts the body into the intro and one part per heading.
func splitParts(lines []string) []part {
	parts := []part{{}}
	gap, inBlock := 0, false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		blank := strings.TrimSpace(l) == ""
		if !blank && i+1 < len(lines) && underline().MatchString(lines[i+1]) && !underline().MatchString(l) {
			parts = append(parts, part{heading: strings.TrimSpace(l)})
			i++
			gap, inBlock = 0, false
			continue
		}
		if blank {
			gap++
			inBlock = false
			continue
		}
		p := &parts[len(parts)-1]
		if !inBlock {
			p.blocks = append(p.blocks, block{gap: gap})
			gap, inBlock = 0, true
		}
		b := &p.blocks[len(p.blocks)-1]
		b.lines = append(b.lines, l)
	}
	return parts
}

// footerText matches the standing paragraph at the end of an email.
var footerText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)received this (e-?mail|newsletter|issue)|forwarded (this|the) (e-?mail|newsletter)|unsubscribe|you('| a)re (already )?(signed up|subscribed)`)
})

// cutFooter takes the footer off the end of the last part: the earliest
// block that reads like a footer among the trailing blocks with no link
// lines, and everything after it.
func cutFooter(blocks []block) ([]block, string) {
	start := len(blocks)
	for start > 0 && !hasURLLine(blocks[start-1]) {
		start--
	}
	for k := start; k < len(blocks); k++ {
		if footerText().MatchString(blocks[k].text()) {
			return blocks[:k], joinBlocks(blocks[k:])
		}
	}
	// The footer right under the last link line, without a blank line.
	if start > 0 {
		b := blocks[start-1]
		k := len(b.lines)
		for k > 0 && !isURLLine(b.lines[k-1]) {
			k--
		}
		if k < len(b.lines) && footerText().MatchString(strings.Join(b.lines[k:], "\n")) {
			head := block{lines: b.lines[:k], gap: b.gap, after: b.after}
			rest := append([]block{{lines: b.lines[k:]}}, blocks[start:]...)
			return append(blocks[:start-1:start-1], head), joinBlocks(rest)
		}
	}
	return blocks, ""
}

// splitAfterLinks cuts a block where a line of text comes right after a
// link line and has links of its own below it, in the block or in the
// paragraphs that follow one blank line apart: that text is the next item,
// printed without a blank line before it. Text right under the links
// without links of its own (a sponsor's "About us") stays with them.
func splitAfterLinks(blocks []block) []block {
	var out []block
	below := linksBelow(blocks)
	for i, b := range blocks {
		for {
			k := 1
			for k < len(b.lines) && (!isURLLine(b.lines[k-1]) || isURLLine(b.lines[k])) {
				k++
			}
			if k >= len(b.lines) {
				break
			}
			rest := block{lines: b.lines[k:], after: true}
			if !hasURLLine(rest) && !below[i+1] {
				break
			}
			out = append(out, block{lines: b.lines[:k], gap: b.gap, after: b.after})
			b = rest
		}
		out = append(out, b)
	}
	return out
}

func hasURLLine(b block) bool {
	for _, l := range b.lines {
		if isURLLine(l) {
			return true
		}
	}
	return false
}

// groupItems cuts a section's blocks into items. An item is one or more
// paragraphs of blurb closed by link lines. Items are separated by two
// blank lines, paragraphs of one item by one, but real issues are not
// always regular: a paragraph right after an item's links belongs to it
// (a sponsor's "About us") unless links follow it, which makes it the next
// item; a paragraph two blank lines after text without links starts a new
// item, and the text before it is an item of its own.
func groupItems(blocks []block) [][]block {
	var items [][]block
	var cur []block
	closed := false
	follow := linksFollow(blocks)
	for i, b := range blocks {
		next := false
		switch {
		case len(cur) == 0:
		case b.after:
			next = true
		case closed:
			switch {
			case b.urlOnly() && b.gap <= 1:
			case !b.endsWithURL() && b.gap <= 1 && !follow[i+1]:
			default:
				next = true
			}
		default:
			next = b.gap >= 2 && !b.urlOnly()
		}
		if next {
			items = append(items, cur)
			cur, closed = nil, false
		}
		cur = append(cur, b)
		closed = closed || b.endsWithURL()
	}
	if len(cur) > 0 {
		items = append(items, cur)
	}
	return items
}

// linksFollow reports, for each i, whether the paragraphs from blocks[i]
// on, one blank line apart, end with link lines. One pass from the end.
func linksFollow(blocks []block) []bool {
	follow := make([]bool, len(blocks)+1)
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		switch {
		case b.gap >= 2:
			follow[i] = false
		case b.endsWithURL():
			follow[i] = true
		default:
			follow[i] = follow[i+1]
		}
	}
	return follow
}

// linksBelow reports, for each i, whether the paragraphs from blocks[i]
// on, following text without links, end with link lines as groupItems
// reads them: a block of links after any number of blank lines (or the
// link lines that open a paragraph which splitAfterLinks cuts after them),
// or a paragraph one blank line apart that ends with links. One pass from
// the end, so that an issue of many paragraphs is read in linear time.
func linksBelow(blocks []block) []bool {
	below := make([]bool, len(blocks)+1)
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		lead := 0
		for lead < len(b.lines) && isURLLine(b.lines[lead]) {
			lead++
		}
		switch {
		case lead == len(b.lines):
			below[i] = true
		case lead > 0 && (below[i+1] || hasURLLine(block{lines: b.lines[lead:]})):
			below[i] = true // cut after its links, as splitAfterLinks does
		case b.gap >= 2:
			below[i] = false
		case b.endsWithURL():
			below[i] = true
		default:
			below[i] = below[i+1]
		}
	}
	return below
}

// cutClosing finds, at the end of the last section, the sponsor text
// repeated without a heading before the footer: the last items when their
// text is that of an earlier section or item, or of all the sections
// headed as sponsors'. It returns the remaining
// items, the closing text and the index of the section repeated, or -1.
func cutClosing(last [][]block, earlier [][][]block, headings []string) ([][]block, string, int) {
	// All the sponsor blocks, repeated together.
	var sponsors []string
	for i, items := range earlier {
		if draft.IsSponsorHeading(headings[i]) {
			for _, g := range items {
				sponsors = append(sponsors, fold(joinBlocks(g)))
			}
		}
	}
	for n := min(len(last)-1, 4); n >= 1; n-- {
		tail := last[len(last)-n:]
		var parts []string
		for _, g := range tail {
			parts = append(parts, joinBlocks(g))
		}
		raw := strings.Join(parts, "\n\n")
		want := fold(raw)
		for i, items := range earlier {
			var all []string
			for _, g := range items {
				t := fold(joinBlocks(g))
				all = append(all, t)
				if t == want {
					return last[:len(last)-n], raw, i
				}
			}
			if strings.Join(all, " ") == want {
				return last[:len(last)-n], raw, i
			}
		}
		if len(sponsors) > 1 && strings.Join(sponsors, " ") == want {
			return last[:len(last)-n], raw, -1
		}
	}
	// A repeat that was reworded: the last item, well apart from the one
	// before it, in sponsor words.
	if n := len(last); n >= 2 && last[n-1][0].gap >= 3 && sponsorWords().MatchString(joinBlocks(last[n-1])) {
		return last[:n-1], joinBlocks(last[n-1]), -1
	}
	return last, "", -1
}

// sponsorWords matches text that says it is a sponsor's.
var sponsorWords = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\bsponsor(s|ed)?\b`) })

// fold reduces text to its words, for comparing two copies of it.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// joinBlocks joins blocks as the email prints them: one blank line apart.
func joinBlocks(blocks []block) string {
	texts := make([]string, len(blocks))
	for i, b := range blocks {
		texts[i] = b.text()
	}
	return strings.Join(texts, "\n\n")
}

// makeItem turns an item's blocks into a draft item. When they are a blurb
// and a block of link lines, the blurb and the links are kept apart; in
// any other shape (links inside sentences, a paragraph after the links, no
// blank line before them) the whole text is the blurb and the links found
// in it are the item's URLs, which Item does not print twice.
func makeItem(blocks []block) draft.Item {
	raw := joinBlocks(blocks)
	it := draft.Item{ID: draft.NewID()}
	if lb := blocks[len(blocks)-1]; lb.urlOnly() {
		blurb := joinBlocks(blocks[:len(blocks)-1])
		urls := link.Find(blurb)
		plain := true
		for _, l := range lb.lines {
			u := strings.Trim(strings.TrimSpace(l), "<>")
			plain = plain && !strings.ContainsAny(u, " \t")
			// Every URL line is a link of the item, in place, even one
			// printed twice or one the blurb's text carries too: Item
			// prints a URL that the text carries once fewer times.
			urls = append(urls, u)
		}
		cand := draft.Item{ID: it.ID, Blurb: Literal(blurb), URLs: urls}
		if plain && Item(cand) == raw {
			it = cand
		}
	}
	if it.URLs == nil {
		it.Blurb, it.URLs = Literal(raw), link.Find(raw)
	}
	if len(it.URLs) > 0 {
		it.Site = link.Site(it.URLs[0])
	}
	return it
}

// sponsorText matches sponsor wording inside a block's text.
var sponsorText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\bsponsor(s|ed|ing)?\b|\bsign up now\b|\bfree trial\b|\bregister (now|today)\b|\bwebinar\b`)
})

// regular are the names of the sections an issue has every week; a
// one-off section with another name may be a sponsor's block.
var regular = map[string]bool{
	"news": true, "tools": true, "events": true, "jobs": true, "videos": true, "podcasts": true,
	"books": true, "articles": true, "talks": true, "slides": true, "links": true, "releases": true,
	"conferences": true, "meetups": true, "community": true, "security": true,
}

// shortLink hosts redirect to a sponsor's page and count its clicks.
var shortLink = map[string]bool{
	"bit.ly": true, "ow.ly": true, "goo.gl": true, "tinyurl.com": true, "buff.ly": true,
	"hubs.ly": true, "hubs.li": true, "lnkd.in": true, "t.co": true, "sthwk.com": true, "clickhubspot.com": true,
}

// isSponsor decides whether a section is a sponsor's block: by its heading,
// or, for a one-item section with a name that is not a regular section,
// by its content (sponsor wording, or only tracked or shortened links).
func isSponsor(s draft.Section) bool {
	if draft.IsSponsorHeading(s.Name) {
		return true
	}
	if len(s.Items) != 1 || regular[strings.ToLower(s.Name)] {
		return false
	}
	it := s.Items[0]
	if sponsorText().MatchString(it.Blurb) {
		return true
	}
	if len(it.URLs) == 0 {
		return false
	}
	for _, u := range it.URLs {
		if !shortLink[link.Site(u)] && !strings.Contains(strings.ToLower(u), "utm_") {
			return false
		}
	}
	return true
}
