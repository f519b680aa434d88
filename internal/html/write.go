// Package html renders an issue as HTML, by way of its Markdown, for pasting
// into an email tool or a web page.
package html

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
	"golang.org/x/sync/errgroup"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Write writes the draft as a complete HTML document. Raw HTML in blurbs is
// left out and dangerous link schemes are dropped (goldmark's safe default),
// so nothing in a draft can inject markup or script.
func Write(w io.Writer, d *draft.Draft) error {
	body, err := RenderBlocks(markdown.Texts(markdown.Blocks(d)))
	if err != nil {
		return err
	}
	title := sanitize.Line(d.Newsletter) + " #" + strconv.Itoa(d.Number)
	_, err = fmt.Fprintf(w, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n<body>\n%s</body>\n</html>\n",
		stdhtml.EscapeString(title), body)
	return err
}

// Render converts CommonMark to an HTML fragment. Bare URLs in blurbs (a
// sponsor's link inside a sentence) become links, as GitHub and email tools
// show them.
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
// its safe mode, which drops javascript: and other dangerous link targets.
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
	return goldmark.New(goldmark.WithParser(p), goldmark.WithExtensions(extension.Linkify))
}

// refDef matches a link reference definition, which may be used anywhere in
// a document and so ties its blocks together.
var refDef = regexp.MustCompile(`(?m)^ {0,3}\[[^\]]+\]:`)

// RenderBlocks renders the blocks that markdown.Blocks returns into the same
// HTML as rendering them joined, but splits them into chunks rendered in
// parallel: a 10,000-item issue is more than goldmark renders in 50 ms on
// one core. A chunk starts only where no block can continue into the next:
// at a heading, or after a block that ends with a line of links.
func RenderBlocks(blocks []string) ([]byte, error) {
	return renderBlocks(blocks, runtime.GOMAXPROCS(0))
}

func renderBlocks(blocks []string, workers int) ([]byte, error) {
	joined := strings.Join(blocks, "\n\n") + "\n"
	if workers < 2 || len(joined) < 64<<10 || (strings.Contains(joined, "]:") && refDef.MatchString(joined)) {
		return Render(joined)
	}
	chunks := split(blocks, len(joined)/(workers*4)+1)
	out := make([][]byte, len(chunks))
	var g errgroup.Group
	g.SetLimit(workers)
	for i, c := range chunks {
		g.Go(func() error {
			var buf bytes.Buffer
			if err := converter().Convert([]byte(c), &buf); err != nil {
				return fmt.Errorf("render HTML: %w", err)
			}
			out[i] = buf.Bytes()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return bytes.Join(out, nil), nil
}

// split groups blocks into chunks of about size bytes, cutting only at safe
// boundaries.
func split(blocks []string, size int) []string {
	var chunks []string
	var cur strings.Builder
	for i, b := range blocks {
		if cur.Len() >= size && safeCut(blocks[i-1], b) {
			chunks = append(chunks, cur.String()+"\n")
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteString("\n\n")
		}
		cur.WriteString(b)
	}
	return append(chunks, cur.String()+"\n")
}

// safeCut reports whether a document may be cut between prev and next
// without changing how either renders.
func safeCut(prev, next string) bool {
	if strings.HasPrefix(next, "## ") {
		return true
	}
	last := prev[strings.LastIndexByte(prev, '\n')+1:]
	return strings.HasPrefix(last, "<http") && strings.HasSuffix(last, ">")
}
