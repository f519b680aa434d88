// Package html renders an issue as one HTML document that reads well both as
// the HTML part of the email and as a page in a browser: one column of
// readable width, every style inline (mail clients strip <style> blocks), no
// script and nothing loaded from elsewhere.
package html

import (
	"bytes"
	"fmt"
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

// Write writes the draft as a complete HTML document: the header, the intro,
// each non-empty section with its items (the blurb, then the item's links
// one a line), the closing and a small footer. Raw HTML in blurbs shows as
// text, dangerous link schemes are dropped and images become links, so
// nothing in a draft can inject markup, run script or load a resource.
func Write(w io.Writer, d *draft.Draft) error {
	p, err := newPage(d)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.Grow(1024 + 512*len(p.items))
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("render HTML: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// page is what the template sees.
type page struct {
	Newsletter string
	Number     int
	Date       string
	Title      string
	Intro      template.HTML
	Sections   []section
	Closing    template.HTML
	Footer     template.HTML
	S          map[string]template.CSS

	items []*item // every item, for rendering blurbs in parallel
}

type section struct {
	Name    string
	Sponsor bool
	Items   []*item
}

type item struct {
	md    string
	Blurb template.HTML
	URLs  []string // those not already linked in the blurb
}

func newPage(d *draft.Draft) (*page, error) {
	p := &page{Newsletter: sanitize.Line(d.Newsletter), Number: d.Number, Date: sanitize.Line(d.Date),
		Title: sanitize.Line(d.Title), S: styles}
	if t, err := draft.ParseDate(d.Date); err == nil {
		p.Date = draft.LongDate(t)
	}
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		sec := section{Name: sanitize.Line(s.Name), Sponsor: s.Sponsor, Items: make([]*item, 0, len(s.Items))}
		for _, it := range s.Items {
			md := sanitize.Markdown(it.Blurb)
			if strings.TrimSpace(md) == "" {
				md = sanitize.MarkdownText(it.Title)
			}
			x := &item{md: md}
			for _, u := range it.URLs {
				if !link.InText(md, u) {
					x.URLs = append(x.URLs, u)
				}
			}
			sec.Items = append(sec.Items, x)
			p.items = append(p.items, x)
		}
		p.Sections = append(p.Sections, sec)
	}
	c := converter()
	var err error
	if p.Intro, err = render(c, d.Intro, bodyStyle); err != nil {
		return nil, err
	}
	if p.Closing, err = render(c, d.Closing, bodyStyle); err != nil {
		return nil, err
	}
	if p.Footer, err = render(c, d.Footer, footerStyle); err != nil {
		return nil, err
	}
	return p, renderItems(p.items, runtime.GOMAXPROCS(0))
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
			c := converter() // one each: a converter is not shared between goroutines
			for _, it := range chunk {
				h, err := render(c, it.md, bodyStyle)
				if err != nil {
					return err
				}
				it.Blurb = h
			}
			return nil
		})
	}
	return g.Wait()
}

// render converts author-written Markdown to an inline-styled fragment.
// goldmark escapes all text and its raw HTML parsers are off, so the only
// tags in its output are its own, which the styler can then match as text.
func render(c goldmark.Markdown, md string, style *strings.Replacer) (template.HTML, error) {
	md = sanitize.Markdown(md)
	if strings.TrimSpace(md) == "" {
		return "", nil
	}
	var buf bytes.Buffer
	if err := c.Convert([]byte(md), &buf); err != nil {
		return "", fmt.Errorf("render HTML: %w", err)
	}
	return template.HTML(style.Replace(strings.TrimSuffix(buf.String(), "\n"))), nil // #nosec: goldmark output, raw HTML off
}

// Render converts CommonMark to a plain HTML fragment, with no styles. Bare
// URLs in blurbs (a sponsor's link inside a sentence) become links, as GitHub
// and email tools show them.
func Render(md string) ([]byte, error) {
	var buf bytes.Buffer
	if err := converter().Convert([]byte(md), &buf); err != nil {
		return nil, fmt.Errorf("render HTML: %w", err)
	}
	return buf.Bytes(), nil
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
