package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// atxHeading and setextLine are the two ways Markdown writes a heading.
var (
	atxHeading = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?m)^ {0,3}#{1,6}[ \t]+\S`)
	})
	setextLine = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?m)^\S.*\n {0,3}(=+|-{2,})[ \t]*$`)
	})
	mdLink = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\[[^\]\n]+\]\(\s*<?https?://`)
	})
)

// IsIssue reports whether src looks like a Markdown issue: front matter, or
// headings with text that is not only a list of URLs and comments, or links
// written the Markdown way. Feeds, bookmark files and web pages (which start
// with "<") and plain lists of URLs are not.
func IsIssue(src string) bool {
	src = strings.TrimPrefix(strings.TrimSpace(src), "\uFEFF")
	if src == "" || strings.HasPrefix(src, "<") {
		return false
	}
	if HasFrontMatter(src) {
		return true
	}
	prose := false
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
			prose = true
			break
		}
	}
	return prose && (atxHeading().MatchString(src) || setextLine().MatchString(src) || mdLink().MatchString(src))
}

// HasFrontMatter reports whether src starts with front matter that says
// something about an issue: its title, date or number.
func HasFrontMatter(src string) bool {
	m, _, off := frontMatter(strings.TrimPrefix(src, "\uFEFF"))
	return off > 0 && (m.title != "" || m.date != "" || m.number != "")
}

// Parse reads a Markdown issue: front matter with its title, date or
// number; a first heading naming the issue; the intro; a section per
// heading (ATX or setext, any level), sponsor sections by their heading;
// and items, each a list entry or a paragraph with its links, or blurb
// paragraphs followed by a paragraph of bare URLs. Text that carries no
// link and is not followed by one is an item of text only, where it stood.
// Items at the end that repeat an earlier section (a sponsor's text) are
// the closing, and a rule after the last section sets off the footer.
func Parse(src string) (*draft.Draft, error) {
	src = strings.TrimPrefix(sanitize.Markdown(src), "\uFEFF")
	m, body, _ := frontMatter(src)
	if strings.TrimSpace(body) == "" && m.title == "" {
		return nil, errors.New("no Markdown content: the file is empty")
	}
	if err := checkDepth(body); err != nil {
		return nil, err
	}
	r := &reader{src: []byte(body), d: draft.New("", 0, "", nil)}
	r.meta(m)
	if r.err != nil {
		return nil, r.err
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.Linkify, extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithAttribute()),
	)
	doc := md.Parser().Parse(gtext.NewReader(r.src))
	r.document(doc)
	if r.err != nil {
		return nil, r.err
	}
	if len(r.d.Sections) == 0 && r.d.Intro == "" {
		return nil, errors.New("no Markdown content: no headings, paragraphs or lists")
	}
	return r.d, nil
}

// reader holds the state of one Parse.
type reader struct {
	err      error // what made the issue unreadable, such as its number
	src      []byte
	d        *draft.Draft
	sec      *draft.Section // the current section; nil in the intro
	content  bool           // a block of the issue's content has been seen
	header   bool           // the first heading named the issue
	pending  []string       // paragraphs without links, waiting for them
	lastLink bool           // the last block was an item made of a paragraph
	fmTitle  string         // the front matter's title
}

// meta applies the front matter.
func (r *reader) meta(m meta) {
	if m.number != "" {
		n, err := draft.ParseNumber(m.number)
		if err != nil {
			r.err = fmt.Errorf("front matter: %w", err)
		}
		r.d.Number = n
	}
	if t, err := draft.ParseLongDate(m.date); err == nil {
		r.d.Date = t.Format(time.DateOnly)
	}
	if m.title != "" && !r.issueName(m.title, len(issueTitle())) {
		r.d.Title = sanitize.Line(m.title)
	}
	r.fmTitle = sanitize.Line(m.title)
}

// issueTitle patterns read a title that names the issue: "Issue 90 - 23rd
// September 2012", "This Week In React #180: Transitions...", and, in front
// matter only, "098: Open Source..." and "This Week in Rust 96".
var issueTitle = sync.OnceValue(func() []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(`(?i)^(.*?)\bissue\s*(?:no\.?)?\s*#?\s*(\d+)\b[\s\-–—:,|]*(.*)$`),
		regexp.MustCompile(`^(.*?)#\s*(\d+)\b[\s\-–—:,|]*(.*)$`),
		regexp.MustCompile(`^()(\d+)\s*[:.\-–—]\s*(.*)$`),
		regexp.MustCompile(`^(.*\D)\s+(\d+)()$`),
	}
})

// headingPatterns is how many of issueTitle a first heading may match to
// name the issue; the looser ones are for front matter titles only.
const headingPatterns = 2

// issueName reads a title or first heading that names the issue, using
// the first n patterns: the newsletter, the number, a date, and the rest as
// the issue's title. It reports whether the text named the issue.
func (r *reader) issueName(s string, n int) bool {
	s = sanitize.Line(s)
	for _, re := range issueTitle()[:n] {
		m := re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		if r.d.Newsletter == "" {
			r.d.Newsletter = strings.Trim(m[1], " -–—:|,")
		}
		if n, err := draft.ParseNumber(m[2]); err != nil && r.err == nil {
			r.err = err
		} else if r.d.Number == 0 {
			r.d.Number = n
		}
		rest := strings.TrimSpace(m[3])
		if t, err := draft.ParseLongDate(rest); err == nil {
			if r.d.Date == "" {
				r.d.Date = t.Format(time.DateOnly)
			}
		} else if rest != "" && !looksLikeDate(rest) && r.d.Title == "" {
			r.d.Title = rest
		}
		return true
	}
	return false
}

// looksLikeDate matches a date without a year, as "7th August".
var looksLikeDateRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\d{1,2}(st|nd|rd|th)?\s+[a-z]+$|^[a-z]+\s+\d{1,2}(st|nd|rd|th)?$`)
})

func looksLikeDate(s string) bool { return looksLikeDateRe().MatchString(s) }

// document walks the top-level blocks.
func (r *reader) document(doc ast.Node) {
	var blocks []ast.Node
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		blocks = append(blocks, n)
	}
	starts := make([]int, len(blocks)+1)
	for i, n := range blocks {
		starts[i] = r.lineStart(n)
	}
	starts[len(blocks)] = len(r.src)
	footer := footerStart(blocks)
	introStart, introEnd := -1, -1
	for i, n := range blocks {
		raw := strings.TrimSpace(string(r.src[starts[i]:starts[i+1]]))
		if i == footer {
			r.flush()
			r.d.Footer = strings.TrimSpace(string(r.src[starts[i+1]:]))
			break
		}
		if h, ok := n.(*ast.Heading); ok {
			name := r.plain(h)
			if !r.content && !r.header && (r.issueName(name, headingPatterns) || (name != "" && name == r.fmTitle)) {
				r.header = true
				continue
			}
			r.flush()
			r.content = true
			r.d.Sections = append(r.d.Sections, draft.Section{Name: name, Sponsor: draft.IsSponsorHeading(name), Items: []draft.Item{}})
			r.sec = &r.d.Sections[len(r.d.Sections)-1]
			r.lastLink = false
			continue
		}
		if r.sec == nil {
			if r.header && !r.content && r.headerLine(n) {
				continue
			}
			r.content = true
			if introStart < 0 {
				introStart = starts[i]
			}
			introEnd = starts[i+1]
			r.d.Intro = strings.TrimSpace(string(r.src[introStart:introEnd]))
			continue
		}
		if l, ok := n.(*ast.List); ok {
			r.flush()
			r.list(l, starts[i+1])
			r.lastLink = false
			continue
		}
		r.block(n, raw)
	}
	r.flush()
	r.closing()
}

// closing takes off the end of the last section the items that repeat an
// earlier section or item (the sponsor's text, repeated before the footer)
// and keeps them as the issue's closing text.
func (r *reader) closing() {
	n := len(r.d.Sections)
	if n < 2 {
		return
	}
	last := &r.d.Sections[n-1]
	key := func(items []draft.Item) string {
		var b strings.Builder
		for _, it := range items {
			b.WriteString(strings.Join(strings.Fields(it.Blurb), " "))
			b.WriteString(" " + strings.Join(it.URLs, " ") + " ")
		}
		return b.String()
	}
	for k := min(len(last.Items)-1, 4); k >= 1; k-- {
		tail := last.Items[len(last.Items)-k:]
		want := key(tail)
		for i := range n - 1 {
			items := r.d.Sections[i].Items
			match := key(items) == want
			for j := range items {
				match = match || key(items[j:j+1]) == want
			}
			if !match {
				continue
			}
			parts := make([]string, len(tail))
			for j, it := range tail {
				parts[j] = Item(it)
			}
			r.d.Closing = strings.Join(parts, "\n\n")
			r.d.Sections[i].Sponsor = true
			last.Items = last.Items[:len(last.Items)-k]
			return
		}
	}
}

// footerStart returns the index of a rule after the last heading that
// sets off a footer, or -1.
func footerStart(blocks []ast.Node) int {
	rule, heading := -1, -1
	for i, n := range blocks {
		switch n.(type) {
		case *ast.ThematicBreak:
			rule = i
		case *ast.Heading:
			heading = i
		}
	}
	if rule > heading && heading >= 0 && rule < len(blocks)-1 {
		return rule
	}
	return -1
}

// headerLine takes the date and title lines that follow a first heading
// naming the issue, as Format writes them: "*6th December 2020*" and
// "**The title**".
func (r *reader) headerLine(n ast.Node) bool {
	p, ok := n.(*ast.Paragraph)
	if !ok || p.ChildCount() != 1 {
		return false
	}
	e, ok := p.FirstChild().(*ast.Emphasis)
	if !ok {
		return false
	}
	s := r.plain(e)
	if e.Level == 1 {
		t, err := draft.ParseLongDate(s)
		if err != nil {
			return false
		}
		if r.d.Date == "" {
			r.d.Date = t.Format(time.DateOnly)
		}
		return true
	}
	if r.d.Title == "" || r.d.Title == s {
		r.d.Title = s
		return true
	}
	return false
}

// block turns one block of a section into items.
func (r *reader) block(n ast.Node, raw string) {
	switch n.(type) {
	case *ast.ThematicBreak:
		r.flush()
		r.lastLink = false
		return
	case *ast.LinkReferenceDefinition:
		// It stays with the item whose link uses it, which already has
		// the URL it defines.
		if k := len(r.sec.Items); k > 0 && len(r.pending) == 0 {
			r.sec.Items[k-1].Blurb += "\n\n" + raw
			return
		}
	}
	urls := r.links(n, raw)
	switch {
	case r.bare(n) && len(urls) > 0:
		if len(r.pending) == 0 && r.lastLink {
			it := &r.sec.Items[len(r.sec.Items)-1]
			for _, u := range urls {
				if !slices.Contains(it.URLs, u) {
					it.URLs = append(it.URLs, u)
				}
			}
			r.lastLink = false
			return
		}
		r.add(strings.Join(r.pending, "\n\n"), urls, "")
		r.lastLink = false
	case len(urls) > 0:
		r.add(strings.Join(append(r.pending, raw), "\n\n"), urls, r.firstLinkText(n))
		r.lastLink = true
	default:
		r.pending = append(r.pending, raw)
		r.lastLink = false
	}
}

// list makes an item of each entry; end is where the list's part of the
// source ends.
func (r *reader) list(l *ast.List, end int) {
	var items []ast.Node
	for n := l.FirstChild(); n != nil; n = n.NextSibling() {
		items = append(items, n)
	}
	for i, n := range items {
		from := r.lineStart(n)
		to := end
		if i+1 < len(items) {
			to = r.lineStart(items[i+1])
		}
		raw := entryText(string(r.src[from:to]), n.(*ast.ListItem).Offset)
		r.add(raw, r.links(n, raw), r.firstLinkText(n))
	}
}

// listMarker is the bullet or number that starts a list entry.
var listMarker = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]?`)
})

// entryText is a list entry without its marker and the indentation of its
// continuation lines.
func entryText(s string, offset int) string {
	lines := strings.Split(strings.TrimRight(s, " \t\n"), "\n")
	lines[0] = listMarker().ReplaceAllString(lines[0], "")
	pad := strings.Repeat(" ", offset)
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.TrimPrefix(lines[i], pad)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// add appends an item to the current section; the paragraphs waiting for
// a link are part of its blurb.
func (r *reader) add(blurb string, urls []string, title string) {
	it := draft.Item{ID: draft.NewID(), Blurb: strings.TrimSpace(blurb), URLs: urls, Title: title}
	if len(urls) > 0 {
		it.Site = link.Site(urls[0])
	}
	r.sec.Items = append(r.sec.Items, it)
	r.pending = nil
}

// flush makes the paragraphs still waiting for a link an item of text
// only, where they stood.
func (r *reader) flush() {
	if len(r.pending) > 0 && r.sec != nil {
		r.add(strings.Join(r.pending, "\n\n"), nil, "")
	}
	r.pending = nil
}

// links returns the http and https links of a block in order: Markdown
// links, autolinks and bare URLs; in raw HTML, the URLs written in it.
func (r *reader) links(n ast.Node, raw string) []string {
	switch n.(type) {
	case *ast.HTMLBlock:
		return link.Find(raw)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return nil
	}
	var urls []string
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var u string
		switch c := c.(type) {
		case *ast.Link:
			u = string(c.Destination)
		case *ast.AutoLink:
			if c.AutoLinkType == ast.AutoLinkURL && isHTTP(string(c.Label(r.src))) {
				u = string(c.URL(r.src))
			}
		case *ast.CodeSpan, *ast.Image:
			return ast.WalkSkipChildren, nil
		}
		if isHTTP(u) {
			if _, err := link.Check(u); err == nil {
				if !slices.Contains(urls, u) {
					urls = append(urls, u)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return urls
}

func isHTTP(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// bare reports whether a paragraph is only links written as URLs (bare, or
// autolinks, or links whose text is their URL), one or more.
func (r *reader) bare(n ast.Node) bool {
	p, ok := n.(*ast.Paragraph)
	if !ok {
		return false
	}
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.AutoLink:
		case *ast.Link:
			if strings.TrimSpace(r.plain(c)) != string(c.Destination) {
				return false
			}
		case *ast.Text:
			if t := strings.TrimSpace(string(c.Value(r.src))); t != "" && t != `\` {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// firstLinkText returns the text of the link a block starts with, which
// is the linked page's title in "[title](url): comment" entries.
func (r *reader) firstLinkText(n ast.Node) string {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		switch c := c.(type) {
		case *ast.Link:
			if _, img := c.FirstChild().(*ast.Image); img {
				return ""
			}
			return sanitize.Line(r.plain(c))
		case *ast.Paragraph, *ast.TextBlock, *ast.Emphasis:
			continue
		}
		return ""
	}
	return ""
}

// plain returns the text of a node without its markup.
func (r *reader) plain(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(r.src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(r.src))
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if s, ok := t.(*ast.Text); ok {
					b.Write(s.Value(r.src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// lineStart returns where the line of a block's start begins. A fenced
// code block starts at its opening fence, the line before its first one.
func (r *reader) lineStart(n ast.Node) int {
	p := n.Pos()
	if p < 0 {
		if l := n.Lines(); l != nil && l.Len() > 0 {
			p = l.At(0).Start
		} else {
			p = 0
		}
	}
	p = min(p, len(r.src))
	return bytes.LastIndexByte(r.src[:p], '\n') + 1
}

// maxDepth bounds how deeply lists and quotes may nest and how far a line
// may be indented. goldmark's work on a line grows with the blocks open
// around it, so a list nested thousands of levels deep takes minutes; no
// newsletter nests more than a few levels.
const maxDepth = 64

// checkDepth refuses, in one pass over the text, a line nested or indented
// deeper than maxDepth levels, naming the line.
func checkDepth(src string) error {
	n := 0
	for line := range strings.Lines(src) {
		n++
		indent, depth := 0, 0
		i := 0
	scan:
		for i < len(line) {
			switch c := line[i]; {
			case c == ' ':
				indent++
			case c == '\t':
				indent += 4
			case c == '>' || ((c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t')):
				depth++
			case c >= '0' && c <= '9':
				j := i
				for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
					j++
				}
				if j+1 >= len(line) || (line[j] != '.' && line[j] != ')') || (line[j+1] != ' ' && line[j+1] != '\t') {
					break scan
				}
				depth++
				i = j
			default:
				break scan
			}
			i++
		}
		if depth > maxDepth || indent > 4*maxDepth {
			return fmt.Errorf("line %d: lists or quotes nested more than %d levels deep; no newsletter nests that far, so this is not read as an issue", n, maxDepth)
		}
	}
	return nil
}
