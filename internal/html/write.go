// Package html renders an issue as one HTML document that reads well both as
// the HTML part of the email and as a page in a browser: one column of
// readable width, every style inline (mail clients strip <style> blocks), no
// script and nothing loaded from elsewhere.
package html

import (
	"bufio"
	"bytes"
	"fmt"
	stdhtml "html"
	"html/template"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
	"golang.org/x/sync/errgroup"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Options are what the document takes besides the draft.
type Options struct {
	// PageURL is the address of the page in the web archive
	// (link.IssuePage): the document then starts with a "view in browser"
	// link to it. Empty: no link.
	PageURL string
}

// Write writes the draft as a complete HTML document: a preheader (the
// intro's first sentence, hidden, which mail clients show beside the
// subject), a link to the page when opts has one, the header, the
// intro, each non-empty section with its items (the blurb, then the item's
// links one a line, the first showing the item's title when it has one),
// the closing and a small footer. Raw HTML in blurbs shows as text,
// dangerous link schemes are dropped and images become links, so nothing in
// a draft can inject markup, run script or load a resource.
func Write(w io.Writer, d *draft.Draft, opts Options) error {
	doc, err := Document(d, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(doc)
	return err
}

// Document returns the HTML document Write writes.
func Document(d *draft.Draft, opts Options) ([]byte, error) {
	p, err := newPage(d, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	n := 8 << 10
	for _, s := range p.Sections {
		n += len(s.Items) + 512
	}
	buf.Grow(n)
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("render HTML: %w", err)
	}
	return buf.Bytes(), nil
}

// page is what the template sees.
type page struct {
	Newsletter string
	Number     int
	Date       string
	Title      string
	Preheader  string // the intro's first sentence
	PageURL    string // the page in the web archive, or ""
	Intro      template.HTML
	Sections   []section
	Closing    template.HTML
	Footer     template.HTML
	S          map[string]template.CSS

	items []*item // every item, for rendering blurbs in parallel
}

// section is one section of the page: its name and its items' boxes.
type section struct {
	Name  string
	Items template.HTML // the items, each in its box
	items []*item
	box   string // the style of an item's box
}

// item is one item of the page, as Markdown and then as its box.
type item struct {
	md    string
	plain string   // the blurb as typed when it is costly (sanitize.Costly); md is then ""
	urls  []string // those not already linked in the blurb
	title string   // the link text of urls[0], the item's title; "": its URL
	html  string   // the item's box: the blurb, then its links one a line
}

// newPage lays the draft out as the template reads it, its Markdown
// rendered (the items in parallel) and its text sanitised.
func newPage(d *draft.Draft, opts Options) (*page, error) {
	p := &page{Newsletter: sanitize.Line(d.Newsletter), Number: d.Number, Date: sanitize.Line(d.Date),
		Title: sanitize.Line(d.Title), PageURL: opts.PageURL, S: styles}
	if t, err := draft.ParseDate(d.Date); err == nil {
		p.Date = draft.LongDate(t)
	}
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		sec := section{Name: sanitize.Line(s.Name), items: make([]*item, 0, len(s.Items)), box: string(styles["item"])}
		if s.Sponsor {
			sec.box = string(styles["sponsor"])
		}
		for _, it := range s.Items {
			x := &item{}
			carrier := &x.md // what a URL already in the blurb is looked for in
			untold := false  // no blurb: the title stands in for it
			if sanitize.Costly(it.Blurb) {
				x.plain = plain(it.Blurb)
				carrier = &x.plain
			} else if x.md = sanitize.Markdown(it.Blurb); strings.TrimSpace(x.md) == "" {
				x.md, untold = sanitize.MarkdownText(it.Title), true
			}
			for _, u := range it.URLs {
				if !link.InText(*carrier, u) {
					x.urls = append(x.urls, u)
				}
			}
			// The title is the text of the item's own link (its first URL,
			// the one it was fetched from) when that link is drawn below
			// the blurb; the title is then not said twice.
			if t := sanitize.Line(it.Title); t != "" && len(x.urls) > 0 && x.urls[0] == it.URLs[0] && webURL(x.urls[0]) {
				x.title = t
				if untold {
					x.md = ""
				}
			}
			sec.items = append(sec.items, x)
			p.items = append(p.items, x)
		}
		p.Sections = append(p.Sections, sec)
	}
	f := newFragments()
	var err error
	if p.Intro, p.Preheader, err = f.intro(d.Intro); err != nil {
		return nil, err
	}
	if p.Closing, err = f.fragment(d.Closing, bodyStyle); err != nil {
		return nil, err
	}
	if p.Footer, err = f.fragment(d.Footer, footerStyle); err != nil {
		return nil, err
	}
	if err := renderItems(p.items, runtime.GOMAXPROCS(0)); err != nil {
		return nil, err
	}
	for i := range p.Sections {
		sec := &p.Sections[i]
		var b strings.Builder
		n := 0
		for _, it := range sec.items {
			n += len(it.html) + len(sec.box) + 24
		}
		b.Grow(n)
		for _, it := range sec.items {
			b.WriteString(`<div style="`)
			b.WriteString(sec.box)
			b.WriteString("\">\n")
			b.WriteString(it.html)
			b.WriteString("</div>\n")
		}
		sec.Items = template.HTML(b.String()) // #nosec: built of escaped parts
	}
	return p, nil
}

// renderItems renders the blurbs, split among workers: a 10,000-item issue
// is more than goldmark renders in 50 ms on one core.
func renderItems(items []*item, workers int) error {
	if workers < 2 || len(items) < 256 {
		workers = 1
	}
	var g errgroup.Group
	per := (len(items) + workers - 1) / workers
	for start := 0; start < len(items); start += per {
		chunk := items[start:min(start+per, len(items))]
		g.Go(func() error {
			f := newFragments() // one each: a converter is not shared between goroutines
			var b strings.Builder
			for _, it := range chunk {
				b.Reset()
				if it.plain != "" {
					if err := literal(&b, it.plain, bodyStyle); err != nil {
						return err
					}
				} else if err := f.write(&b, it.md, bodyStyle); err != nil {
					return err
				}
				links(&b, it.urls, it.title)
				it.html = b.String()
			}
			return nil
		})
	}
	return g.Wait()
}

// links writes an item's links one a line, each showing its URL as the
// text email does, but the first, which shows title when there is one.
// Only http and https URLs are drawn as links.
func links(b *strings.Builder, urls []string, title string) {
	if len(urls) == 0 {
		return
	}
	b.WriteString(`<p style="`)
	b.WriteString(string(styles["links"]))
	b.WriteString(`">`)
	for i, u := range urls {
		if i > 0 {
			b.WriteString("<br>\n")
		}
		e := stdhtml.EscapeString(u)
		if !webURL(u) {
			b.WriteString(e)
			continue
		}
		b.WriteString(`<a style="`)
		b.WriteString(string(styles["link"]))
		b.WriteString(`" href="`)
		b.WriteString(e)
		b.WriteString(`">`)
		if i == 0 && title != "" {
			b.WriteString(stdhtml.EscapeString(title))
		} else {
			b.WriteString(e)
		}
		b.WriteString("</a>")
	}
	b.WriteString("</p>\n")
}

// webURL reports whether u is an http or https URL.
func webURL(u string) bool {
	return len(u) > 8 && (strings.EqualFold(u[:7], "http://") || strings.EqualFold(u[:8], "https://"))
}

// fragments renders Markdown pieces one after another with one converter
// and one buffer: goldmark would otherwise take a new 4 KB writer for each.
type fragments struct {
	md  goldmark.Markdown
	buf bytes.Buffer
	w   *bufio.Writer
}

// newFragments returns fragments with its converter and buffer.
func newFragments() *fragments {
	f := &fragments{md: converter()}
	f.w = bufio.NewWriter(&f.buf)
	return f
}

// write renders sanitised Markdown onto b with inline styles. goldmark
// escapes all text and its raw HTML parsers are off, so the only tags in its
// output are its own, which the styler can then match as text.
func (f *fragments) write(b *strings.Builder, md string, style *strings.Replacer) error {
	if strings.TrimSpace(md) == "" {
		return nil
	}
	if err := f.convert(md); err != nil {
		return err
	}
	_, err := style.WriteString(b, f.buf.String())
	return err
}

// convert renders sanitised Markdown into f.buf, without styles.
func (f *fragments) convert(md string) error {
	f.buf.Reset()
	if err := f.md.Convert([]byte(md), f.w); err != nil {
		return fmt.Errorf("render HTML: %w", err)
	}
	if err := f.w.Flush(); err != nil {
		return fmt.Errorf("render HTML: %w", err)
	}
	return nil
}

// intro renders the intro as fragment does, and returns its first
// sentence as well, for the preheader.
func (f *fragments) intro(md string) (template.HTML, string, error) {
	if sanitize.Costly(md) {
		text := plain(md)
		var b strings.Builder
		err := literal(&b, text, bodyStyle)
		return template.HTML(strings.TrimSuffix(b.String(), "\n")), firstSentence(text), err // #nosec: escaped text
	}
	md = sanitize.Markdown(md)
	if strings.TrimSpace(md) == "" {
		return "", "", nil
	}
	if err := f.convert(md); err != nil {
		return "", "", err
	}
	out := f.buf.String()
	var b strings.Builder
	if _, err := bodyStyle.WriteString(&b, out); err != nil {
		return "", "", err
	}
	return template.HTML(strings.TrimSuffix(b.String(), "\n")), firstSentence(firstBlockText(out)), nil // #nosec: goldmark output, raw HTML off
}

// fragment renders one piece of author-written Markdown, or writes it as
// typed when it is costly (sanitize.Costly).
func (f *fragments) fragment(md string, style *strings.Replacer) (template.HTML, error) {
	var b strings.Builder
	var err error
	if sanitize.Costly(md) {
		err = literal(&b, plain(md), style)
	} else {
		err = f.write(&b, sanitize.Markdown(md), style)
	}
	return template.HTML(strings.TrimSuffix(b.String(), "\n")), err // #nosec: goldmark output, raw HTML off, or escaped text
}

// plain returns a costly text (sanitize.Costly) as it is shown: as typed,
// without the blank lines and white space around it.
func plain(s string) string {
	return strings.TrimSpace(sanitize.Text(s))
}

// literal writes text as typed, escaped, in one paragraph whose lines
// break where the text's do: the HTML of what the Markdown export writes as
// sanitize.Literal, without parsing anything.
func literal(b *strings.Builder, text string, style *strings.Replacer) error {
	if text == "" {
		return nil
	}
	_, err := style.WriteString(b, "<p>"+strings.ReplaceAll(stdhtml.EscapeString(text), "\n", "<br>\n")+"</p>\n")
	return err
}

// converter returns goldmark without its raw HTML parsers: HTML in a blurb
// shows as the text it is instead of being dropped, and no line of links
// (which start with "<") pays for the HTML block test. The renderer stays in
// its safe mode, which drops javascript: and other dangerous link targets,
// and draws images as links so that opening the email loads nothing.
func converter() goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(
			util.Prioritized(parser.NewSetextHeadingParser(), 100),
			util.Prioritized(parser.NewThematicBreakParser(), 200),
			util.Prioritized(parser.NewListParser(), 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewATXHeadingParser(), 600),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(parser.NewBlockquoteParser(), 800),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(
			util.Prioritized(parser.NewCodeSpanParser(), 100),
			util.Prioritized(parser.NewLinkParser(), 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewEmphasisParser(), 500),
		),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	return goldmark.New(goldmark.WithParser(p), goldmark.WithExtensions(extension.Linkify),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(imageLinks{}, 100))))
}

// imageLinks renders an image as a link to it, its alt text as the link's
// text: an <img> in an email is a request to a server each time it is read.
type imageLinks struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (imageLinks) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindImage, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		img := n.(*ast.Image)
		if entering {
			_, _ = w.WriteString("<a href=\"")
			if !gmhtml.IsDangerousURL(img.Destination) {
				_, _ = w.Write(util.EscapeHTML(util.URLEscape(img.Destination, true)))
			}
			_, _ = w.WriteString("\">")
			if img.ChildCount() == 0 {
				_, _ = w.Write(util.EscapeHTML(img.Destination))
			}
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	})
}

// TitleOf is the document's title: "Devops Weekly #519".
func (p *page) TitleOf() string { return p.Newsletter + " #" + strconv.Itoa(p.Number) }
