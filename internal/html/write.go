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
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

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
//
// The document is streamed: the items are rendered in batches, in parallel,
// and each batch is written to w as soon as those before it are, so that
// memory follows a few batches, not the whole document. w gets whole
// pieces (a tag and its text, an item's box), never half a character.
func Write(w io.Writer, d *draft.Draft, opts Options) error {
	p, err := newPage(d, opts)
	if err != nil {
		return err
	}
	if err := pageTemplates().head.Execute(w, p); err != nil {
		return fmt.Errorf("render HTML: %w", err)
	}
	sec, left := -1, 0 // the section being written, and how many of its items are still to come
	emit := func(box []byte) error {
		for left == 0 {
			sec++
			left = len(p.Sections[sec].items)
			if err := pageTemplates().section.Execute(w, struct {
				S    map[string]template.CSS
				Name string
			}{p.S, p.Sections[sec].Name}); err != nil {
				return fmt.Errorf("render HTML: %w", err)
			}
		}
		left--
		_, err := w.Write(box)
		return err
	}
	if err := renderItems(len(p.entries), runtime.GOMAXPROCS(0), p.prepare, emit); err != nil {
		return err
	}
	if err := pageTemplates().tail.Execute(w, p); err != nil {
		return fmt.Errorf("render HTML: %w", err)
	}
	return nil
}

// Document returns the HTML document Write writes.
func Document(d *draft.Draft, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, d, opts); err != nil {
		return nil, err
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

	entries []entry // every item, in order, for rendering blurbs in parallel
}

// section is one section of the page: its name and its items.
type section struct {
	Name  string
	items []draft.Item
}

// entry is an item of the draft, as it is to be laid out.
type entry struct {
	src     *draft.Item
	sponsor bool
}

// item is one item of the page, as Markdown, to be rendered as its box
// (see prepare).
type item struct {
	md    string
	plain string   // the blurb as typed when it is costly (sanitize.Costly); md is then ""
	urls  []string // those not already linked in the blurb
	title string   // the link text of urls[0], the item's title; "": its URL
	box   string   // the style of its box
}

// newPage lays the draft out as the templates read it, its intro, closing
// and footer rendered and its text sanitised; the items are laid out and
// rendered as they are written (renderItems, prepare).
func newPage(d *draft.Draft, opts Options) (*page, error) {
	p := &page{Newsletter: sanitize.Line(d.Newsletter), Number: d.Number, Date: sanitize.Line(d.Date),
		Title: sanitize.Line(d.Title), PageURL: opts.PageURL, S: styles}
	if t, err := draft.ParseDate(d.Date); err == nil {
		p.Date = draft.LongDate(t)
	}
	n := 0
	for _, s := range d.Sections {
		n += len(s.Items)
	}
	p.entries = make([]entry, 0, n)
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		p.Sections = append(p.Sections, section{Name: sanitize.Line(s.Name), items: s.Items})
		for i := range s.Items {
			p.entries = append(p.entries, entry{src: &s.Items[i], sponsor: s.Sponsor})
		}
	}
	f := getFragments()
	defer putFragments(f)
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
	return p, nil
}

// prepare lays out the i-th item of the page into x, reusing x's list of
// URLs: the blurb as Markdown (or as typed when it is costly), the URLs it
// does not already link, and the title its first link shows.
func (p *page) prepare(i int, x *item) {
	it, box := p.entries[i].src, string(styles["item"])
	if p.entries[i].sponsor {
		box = string(styles["sponsor"])
	}
	*x = item{box: box, urls: x.urls[:0]}
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
	// The title is the text of the item's own link (its first URL, the one
	// it was fetched from) when that link is drawn below the blurb; the
	// title is then not said twice.
	if t := sanitize.Line(it.Title); t != "" && len(x.urls) > 0 && x.urls[0] == it.URLs[0] && webURL(x.urls[0]) {
		x.title = t
		if untold {
			x.md = ""
		}
	}
}

// batchSize is how many items a worker renders at a time: enough that
// handing out work costs little, few enough that the batches waiting to be
// written hold little.
const batchSize = 64

// renderItems renders the boxes of n items, the i-th laid out by
// prepare(i, x), and hands them to emit in order, each as soon as it and
// those before it are rendered; a box is emit's only until it returns. Up
// to workers goroutines lay out and render batches at once (a 10,000-item
// issue is more than goldmark renders in 50 ms on one core), into a buffer
// a batch, at most two batches a worker ahead of emit; the buffers are
// used again by later batches, so that memory stays bounded however long
// the issue and the garbage collector has little to do. The first error,
// of a render or of emit, stops the rest.
func renderItems(n, workers int, prepare func(i int, x *item), emit func(box []byte) error) error {
	if workers < 2 || n <= 2*batchSize {
		f := getFragments()
		defer putFragments(f)
		var b bytes.Buffer
		var x item
		for i := range n {
			b.Reset()
			prepare(i, &x)
			if err := f.item(&b, &x); err != nil {
				return err
			}
			if err := emit(b.Bytes()); err != nil {
				return err
			}
		}
		return nil
	}
	type batch struct {
		start, end int
		out        bytes.Buffer // the boxes, one after another
		ends       []int        // where each ends in out
		done       chan error
	}
	stop := make(chan struct{})
	defer close(stop)
	queue := make(chan *batch, 2*workers) // in order, for emit: bounds the work ahead
	jobs := make(chan *batch)
	free := make(chan *batch, 2*workers+2) // written batches, for the next ones
	go func() {
		defer close(queue)
		defer close(jobs)
		for start := 0; start < n; start += batchSize {
			var b *batch
			select {
			case b = <-free:
				b.out.Reset()
				b.ends = b.ends[:0]
			default:
				b = &batch{done: make(chan error, 1)}
			}
			b.start, b.end = start, min(start+batchSize, n)
			select {
			case queue <- b:
			case <-stop:
				return
			}
			select {
			case jobs <- b:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		go func() {
			f := getFragments() // one each: a converter is not shared between goroutines
			defer putFragments(f)
			var x item
			for b := range jobs {
				var err error
				for i := b.start; i < b.end; i++ {
					prepare(i, &x)
					if err = f.item(&b.out, &x); err != nil {
						break
					}
					b.ends = append(b.ends, b.out.Len())
				}
				b.done <- err
			}
		}()
	}
	for b := range queue {
		if err := <-b.done; err != nil {
			return err
		}
		out, start := b.out.Bytes(), 0
		for _, end := range b.ends {
			if err := emit(out[start:end]); err != nil {
				return err
			}
			start = end
		}
		select {
		case free <- b:
		default:
		}
	}
	return nil
}

// item appends the box of it to b: the blurb, then its links one a line.
func (f *fragments) item(b *bytes.Buffer, it *item) error {
	b.WriteString(`<div style="`)
	b.WriteString(it.box)
	b.WriteString("\">\n")
	if it.plain != "" {
		if err := literal(b, it.plain, bodyStyle); err != nil {
			return err
		}
	} else if err := f.write(b, it.md, bodyStyle); err != nil {
		return err
	}
	links(b, it.urls, it.title)
	b.WriteString("</div>\n")
	return nil
}

// links writes an item's links one a line, each showing its URL as the
// text email does, but the first, which shows title when there is one.
// Only http and https URLs are drawn as links.
func links(b *bytes.Buffer, urls []string, title string) {
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

// fragmentsPool keeps converters for the next export: goldmark's parser
// and renderer are built once for each goroutine that renders at a time,
// not once an export.
var fragmentsPool = sync.Pool{New: func() any {
	f := &fragments{md: converter()}
	f.w = bufio.NewWriter(&f.buf)
	return f
}}

// getFragments returns fragments with a converter and an empty buffer, to
// be given back with putFragments.
func getFragments() *fragments { return fragmentsPool.Get().(*fragments) }

// putFragments gives f back for the next export, unless its buffer grew
// large on a long piece of text.
func putFragments(f *fragments) {
	if f.buf.Cap() > 1<<20 {
		return
	}
	f.buf.Reset()
	fragmentsPool.Put(f)
}

// write renders sanitised Markdown onto b with inline styles. goldmark
// escapes all text and its raw HTML parsers are off, so the only tags in its
// output are its own, which the styler can then match as text.
func (f *fragments) write(b *bytes.Buffer, md string, style *styler) error {
	if strings.TrimSpace(md) == "" {
		return nil
	}
	if err := f.convert(md); err != nil {
		return err
	}
	style.write(b, f.buf.Bytes())
	return nil
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
		var b bytes.Buffer
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
	var b bytes.Buffer
	bodyStyle.writeString(&b, out)
	return template.HTML(strings.TrimSuffix(b.String(), "\n")), firstSentence(firstBlockText(out)), nil // #nosec: goldmark output, raw HTML off
}

// fragment renders one piece of author-written Markdown, or writes it as
// typed when it is costly (sanitize.Costly).
func (f *fragments) fragment(md string, style *styler) (template.HTML, error) {
	var b bytes.Buffer
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
func literal(b *bytes.Buffer, text string, style *styler) error {
	if text == "" {
		return nil
	}
	style.writeString(b, "<p>"+strings.ReplaceAll(stdhtml.EscapeString(text), "\n", "<br>\n")+"</p>\n")
	return nil
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
// It renders links as goldmark does, but tells a dangerous link target
// without goldmark's two lowered copies of the target for each of five
// schemes (a tenth of an export's allocations).
type imageLinks struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (imageLinks) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindImage, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		img := n.(*ast.Image)
		if entering {
			_, _ = w.WriteString("<a href=\"")
			if !dangerousURL(img.Destination) {
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
	// As goldmark's renderer/html renderLink, in its safe mode.
	r.Register(ast.KindLink, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ast.Link)
		if !entering {
			_, _ = w.WriteString("</a>")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("<a href=\"")
		dest := util.URLEscape(n.Destination, true)
		if !dangerousURL(dest) {
			_, _ = w.Write(util.EscapeHTML(dest))
		}
		_ = w.WriteByte('"')
		if n.Title != nil {
			_, _ = w.WriteString(` title="`)
			gmhtml.DefaultWriter.Write(w, n.Title)
			_ = w.WriteByte('"')
		}
		if n.Attributes() != nil {
			gmhtml.RenderAttributes(w, n, gmhtml.LinkAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	})
}

// dangerousURL is goldmark's html.IsDangerousURL without its copies: a
// javascript:, vbscript:, file: or data: target, but for data: images in
// PNG, GIF, JPEG or WebP, each scheme in any case. goldmark lowers the
// first bytes of the URL with bytes.ToLower, which makes of any byte
// outside ASCII something other than an ASCII letter, so a scheme matches
// exactly when those bytes are ASCII and equal but for case.
func dangerousURL(url []byte) bool {
	if prefixFold(url, "data:image/") {
		v := url[len("data:image/"):]
		return !(prefixFold(v, "png;") || prefixFold(v, "gif;") || prefixFold(v, "jpeg;") || prefixFold(v, "webp;"))
	}
	return prefixFold(url, "javascript:") || prefixFold(url, "vbscript:") || prefixFold(url, "file:") || prefixFold(url, "data:")
}

// prefixFold reports whether s starts with the lower-case ASCII prefix,
// in any case.
func prefixFold(s []byte, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := range len(prefix) {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// TitleOf is the document's title: "Devops Weekly #519".
func (p *page) TitleOf() string { return p.Newsletter + " #" + strconv.Itoa(p.Number) }
