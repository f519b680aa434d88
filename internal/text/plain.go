package text

import (
	"bufio"
	"bytes"
	"html"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	gmtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// markdown is plain CommonMark: no linkify, so a bare URL stays text, as it
// is in every issue ever sent.
var markdown = sync.OnceValue(func() parser.Parser { return goldmark.New().Parser() })

// Plain renders Markdown written by the editor (a blurb, the intro, the
// footer) as the plain text of an email, and returns the destinations of
// its links in order. Emphasis and code marks are dropped, a link keeps its
// text, list items become "- " lines (ordered ones keep their numbers),
// line breaks and the blank lines between blocks stay as written, and
// entity references are decoded once. Blocks a plain-text email has no
// other way to write (code blocks, quotes, tables, rules) are kept as
// typed. Text without Markdown comes back unchanged, and so does text that
// holds more Markdown than weekly parses (sanitize.Costly), as every other
// format shows it. Terminal controls are never returned: only "\n" and
// "\t" of the control characters remain.
func Plain(src string) (string, []string) {
	if !maybeMarkdown(src) || sanitize.Costly(src) {
		return sanitize.Printable(src), nil
	}
	source := []byte(src)
	doc := markdown().Parse(gmtext.NewReader(source))
	r := plain{source: source}
	r.blocks(doc, "", len(source))
	out := sanitize.Printable(strings.TrimRight(r.b.String(), "\n"))
	for i, u := range r.links {
		r.links[i] = sanitize.Line(u)
	}
	return out, r.links
}

// plain is one rendering under way.
type plain struct {
	source []byte
	b      strings.Builder
	links  []string
	// lineStart is set at the start of a line of a paragraph at the top
	// level, whose indent the parser drops but a plain-text email keeps.
	lineStart bool
}

// leading writes the spaces before source[at] on its line, and ends the
// line's start.
func (r *plain) leading(at int) {
	r.lineStart = false
	if at < 0 || at > len(r.source) {
		return
	}
	i := at
	for i > 0 && (r.source[i-1] == ' ' || r.source[i-1] == '\t') {
		i--
	}
	if i == 0 || r.source[i-1] == '\n' {
		r.b.Write(r.source[i:at])
	}
}

// blocks writes the children of a container whose source ends at limit,
// each block separated from the one before by as many blank lines as in the
// source. Every line after the first starts with indent (inside a list
// item).
func (r *plain) blocks(parent ast.Node, indent string, limit int) {
	gap := -1 // blank lines after the block written last; -1 before the first
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == ast.KindLinkReferenceDefinition {
			continue // its link carries the destination
		}
		start, end := r.region(n, limit)
		if gap >= 0 {
			r.b.WriteString(strings.Repeat("\n", gap+1))
			r.b.WriteString(indent)
		}
		r.block(n, indent, start, end)
		gap = blankAfter(r.source[start:end])
	}
}

// blankAfter counts the blank lines at the end of a block's source.
func blankAfter(src []byte) int {
	body := bytes.TrimRight(src, " \t\r\n")
	return max(bytes.Count(src[len(body):], []byte("\n"))-1, 0)
}

// region returns where a block's source starts and ends: from its position
// (the start of its line at the top level, so that an indent is kept) to
// where the next block starts, or limit.
func (r *plain) region(n ast.Node, limit int) (int, int) {
	start := n.Pos()
	if start < 0 {
		if lines := n.Lines(); lines != nil && lines.Len() > 0 {
			start = lines.At(0).Start
		} else {
			start = limit
		}
	}
	if n.Parent() != nil && n.Parent().Kind() == ast.KindDocument {
		for start > 0 && r.source[start-1] != '\n' {
			start--
		}
	}
	end := limit
	if next := n.NextSibling(); next != nil && next.Pos() >= start {
		end = next.Pos()
		for end > start && r.source[end-1] != '\n' {
			end--
		}
	}
	return min(start, end), end
}

// block writes one block, whose source is source[start:end].
func (r *plain) block(n ast.Node, indent string, start, end int) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		r.lineStart = indent == ""
		r.inlines(n, indent)
	case *ast.Heading:
		if bytes.HasPrefix(bytes.TrimLeft(r.source[start:end], " "), []byte("#")) {
			r.inlines(n, indent)
			return
		}
		r.raw(start, end) // a heading underlined as plain text writes it
	case *ast.List:
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			istart, iend := r.region(item, end)
			if item != n.FirstChild() {
				r.b.WriteString(indent)
			}
			marker := "- "
			if n.IsOrdered() {
				marker = strconv.Itoa(num) + string(n.Marker) + " "
				num++
			}
			r.b.WriteString(marker)
			r.blocks(item, indent+strings.Repeat(" ", len(marker)), iend)
			if item.NextSibling() != nil {
				r.b.WriteString(strings.Repeat("\n", blankAfter(r.source[istart:iend])+1))
			}
		}
	case *ast.FencedCodeBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			if i > 0 {
				r.b.WriteString(indent)
			}
			seg := lines.At(i)
			r.b.Write(bytes.TrimRight(seg.Value(r.source), "\n"))
			if i < lines.Len()-1 {
				r.b.WriteString("\n")
			}
		}
	default:
		r.raw(start, end)
	}
}

// raw writes source[start:end] as typed, without the blank lines after it.
func (r *plain) raw(start, end int) {
	r.b.Write(bytes.TrimRight(r.source[start:end], " \t\r\n"))
}

// inlines writes the inline content of a block.
func (r *plain) inlines(parent ast.Node, indent string) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		r.inline(n, indent)
	}
}

func (r *plain) inline(n ast.Node, indent string) {
	if _, ok := n.(*ast.Text); !ok && r.lineStart {
		r.leading(n.Pos())
	}
	switch n := n.(type) {
	case *ast.Text:
		if r.lineStart {
			r.leading(n.Segment.Start)
		}
		v := n.Segment.Value(r.source)
		if n.IsRaw() {
			r.b.Write(v)
		} else {
			r.b.WriteString(decode(v))
		}
		if n.SoftLineBreak() || n.HardLineBreak() {
			r.b.WriteString("\n")
			r.b.WriteString(indent)
			r.lineStart = indent == ""
		}
	case *ast.String:
		if n.IsCode() || n.IsRaw() {
			r.b.Write(n.Value)
		} else {
			r.b.WriteString(decode(n.Value))
		}
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				r.b.Write(c.Segment.Value(r.source))
			case *ast.String:
				r.b.Write(c.Value)
			}
		}
	case *ast.Link:
		r.inlines(n, indent)
		r.link(n.Destination)
	case *ast.AutoLink:
		r.b.Write(n.URL(r.source))
	case *ast.Image:
		r.inlines(n, indent) // its alt text
	case *ast.RawHTML:
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			r.b.Write(seg.Value(r.source))
		}
	default:
		r.inlines(n, indent)
	}
}

// link records a link's destination, decoded as goldmark's HTML renderer
// decodes it (backslash escapes and character references), without the
// percent-encoding an href needs.
func (r *plain) link(dest []byte) {
	u := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest))))
	if u != "" {
		r.links = append(r.links, u)
	}
}

// decode resolves the backslash escapes and character references of text
// once: goldmark's HTML writer does both, and the HTML it escapes on the way
// out is unescaped again.
func decode(v []byte) string {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	gmhtml.DefaultWriter.Write(w, v)
	_ = w.Flush()
	return html.UnescapeString(buf.String())
}

// maybeMarkdown reports whether src holds anything Markdown could change:
// an inline mark, an escape or reference, or a line that could open a
// block other than a paragraph. Most blurbs are plain sentences, and skip
// the parser.
func maybeMarkdown(src string) bool {
	if strings.ContainsAny(src, "*_`[]<&\\!") {
		return true
	}
	for line := range strings.Lines(src) {
		if line == "" {
			continue
		}
		switch c := line[0]; {
		case c == ' ', c == '\t', c == '-', c == '+', c == '#', c == '>', c == '~', c == '=', c == '|':
			return true
		case c >= '0' && c <= '9':
			return true
		}
	}
	return false
}
