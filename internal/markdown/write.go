// Package markdown is the CommonMark form of an issue, for a website, a
// repository or an email tool: writing a draft in it, and reading a published
// Markdown issue back.
package markdown

import (
	"io"
	"strconv"
	"strings"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Write writes the draft as CommonMark.
func Write(w io.Writer, d *draft.Draft) error {
	_, err := io.WriteString(w, Format(d))
	return err
}

// Format returns the draft as CommonMark: a level-one heading with the
// newsletter and issue number, the date, the intro, a level-two heading per
// non-empty section with its items, and the footer after a rule.
func Format(d *draft.Draft) string {
	return strings.Join(Texts(Blocks(d)), "\n\n") + "\n"
}

// Texts returns the Markdown of each block.
func Texts(blocks []Block) []string {
	texts := make([]string, len(blocks))
	for i, b := range blocks {
		texts[i] = b.Text
	}
	return texts
}

// Block is one top-level piece of an issue's Markdown: the header, the intro,
// a section's heading, an item, the closing, the rule or the footer. Format
// joins the blocks with a blank line between each two, so that a previewer
// can render and cache them one at a time.
type Block struct {
	// Item is the ID of the item the block holds, or "" for other blocks.
	Item string
	// Text is the block's Markdown, with no blank line around it.
	Text string
	// Plain is the block as plain text when the editor's text in it holds
	// more Markdown than weekly parses (sanitize.Costly), which Text then
	// holds escaped (sanitize.Literal): a previewer shows Plain as it is
	// rather than render Text. It is "" for every other block.
	Plain string
}

// Blocks returns the draft's Markdown as Format writes it, block by block.
func Blocks(d *draft.Draft) []Block {
	blocks := []Block{{Text: Header(d)}}
	if t, plain := prose(d.Intro); t != "" {
		blocks = append(blocks, Block{Text: t, Plain: plain})
	}
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		blocks = append(blocks, Block{Text: "## " + heading(s.Name)})
		for _, it := range s.Items {
			t, plain := item(it)
			blocks = append(blocks, Block{Item: it.ID, Text: t, Plain: plain})
		}
	}
	if t, plain := prose(d.Closing); t != "" {
		blocks = append(blocks, Block{Text: t, Plain: plain})
	}
	if t, plain := prose(d.Footer); t != "" {
		blocks = append(blocks, Block{Text: "---"}, Block{Text: t, Plain: plain})
	}
	return blocks
}

// Header returns the heading, date line and title.
func Header(d *draft.Draft) string {
	h := "# " + heading(d.Newsletter) + " #" + strconv.Itoa(d.Number)
	date := d.Date
	if t, err := draft.ParseDate(d.Date); err == nil {
		date = draft.LongDate(t)
	}
	h += "\n\n*" + sanitize.MarkdownText(date) + "*"
	if t := sanitize.Line(d.Title); t != "" {
		h += "\n\n**" + sanitize.MarkdownText(t) + "**"
	}
	return h
}

// Item returns one item: the blurb as the author wrote it (or the fetched
// title, escaped, while there is none), then each URL not already in the
// blurb as a link on a line of its own. A blurb holding more Markdown than
// weekly parses (sanitize.Costly) is written escaped (sanitize.Literal).
func Item(it draft.Item) string {
	text, _ := item(it)
	return text
}

// item returns Item's Markdown and, when the blurb is costly, the item as
// plain text: the blurb as typed, then the URLs not in it one a line.
func item(it draft.Item) (string, string) {
	text, plain := prose(it.Blurb)
	if text == "" {
		text = sanitize.MarkdownText(it.Title)
	}
	carrier := text // what a URL already in the blurb is looked for in
	if plain != "" {
		carrier = plain
	}
	var links, own []string
	for _, u := range it.URLs {
		if !link.InText(carrier, u) {
			links = append(links, Autolink(u))
			own = append(own, u)
		}
	}
	if plain != "" && len(own) > 0 {
		plain += "\n\n" + strings.Join(own, "\n")
	}
	// A backslash at the end of a line is a hard line break, so that each
	// link stands on its own line when rendered.
	urls := strings.Join(links, "\\\n")
	switch {
	case text == "":
		return urls, plain
	case urls == "":
		return text, plain
	}
	return text + "\n\n" + urls, plain
}

// Autolink returns u as a CommonMark autolink.
func Autolink(u string) string {
	return "<" + autolinkEscaper.Replace(u) + ">"
}

// autolinkEscaper percent-encodes what would end an autolink early.
var autolinkEscaper = strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20")

// heading returns text fit for an ATX heading: one line, no trailing #.
func heading(s string) string {
	s = sanitize.Line(s)
	if strings.HasSuffix(s, "#") {
		s = strings.TrimRight(s, "#") + `\#`
	}
	return s
}

// prose returns author-written Markdown (see block) and, when it holds more
// Markdown than weekly parses (sanitize.Costly), the text escaped
// (sanitize.Literal) and as plain text, trimmed as block trims it.
func prose(s string) (md, plain string) {
	if sanitize.Costly(s) {
		return sanitize.Literal(s), trim(sanitize.Text(s))
	}
	return block(s), ""
}

// block returns author-written Markdown with control characters removed and
// surrounding blank lines trimmed.
func block(s string) string {
	return trim(sanitize.Markdown(s))
}

// trim returns s without white space at its lines' ends or blank lines
// around it.
func trim(s string) string {
	if !strings.Contains(s, " \n") && !strings.Contains(s, "\t") && !strings.HasSuffix(s, " ") && !strings.HasPrefix(s, "\n") && !strings.HasSuffix(s, "\n") {
		return s // nothing to trim: the common case, without copying
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}
