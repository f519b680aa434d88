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
}

// Blocks returns the draft's Markdown as Format writes it, block by block.
func Blocks(d *draft.Draft) []Block {
	blocks := []Block{{Text: Header(d)}}
	if t := block(d.Intro); t != "" {
		blocks = append(blocks, Block{Text: t})
	}
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		blocks = append(blocks, Block{Text: "## " + heading(s.Name)})
		for _, it := range s.Items {
			blocks = append(blocks, Block{Item: it.ID, Text: Item(it)})
		}
	}
	if t := block(d.Closing); t != "" {
		blocks = append(blocks, Block{Text: t})
	}
	if t := block(d.Footer); t != "" {
		blocks = append(blocks, Block{Text: "---"}, Block{Text: t})
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
// blurb as a link on a line of its own.
func Item(it draft.Item) string {
	text := block(it.Blurb)
	if text == "" {
		text = sanitize.MarkdownText(it.Title)
	}
	var links []string
	for _, u := range it.URLs {
		if !link.InText(text, u) {
			links = append(links, Autolink(u))
		}
	}
	// A backslash at the end of a line is a hard line break, so that each
	// link stands on its own line when rendered.
	urls := strings.Join(links, "\\\n")
	switch {
	case text == "":
		return urls
	case urls == "":
		return text
	}
	return text + "\n\n" + urls
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

// block returns author-written Markdown with control characters removed and
// surrounding blank lines trimmed.
func block(s string) string {
	s = sanitize.Markdown(s)
	if !strings.Contains(s, " \n") && !strings.Contains(s, "\t") && !strings.HasSuffix(s, " ") && !strings.HasPrefix(s, "\n") && !strings.HasSuffix(s, "\n") {
		return s // nothing to trim: the common case, without copying
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}
