package publish

import (
	"bytes"
	"errors"
	"fmt"
	stdhtml "html/template"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/format"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Issue is one issue as the site lists it: what its page, the index and
// the feed say of it.
type Issue struct {
	Newsletter string
	Number     int
	Date       string // YYYY-MM-DD, as the draft has it
	Title      string // the issue's own title; often none
	Summary    string // the first words of the intro
	Minutes    int    // the reading time
}

// LongDate is the date as issues print it, "6th December 2020", or as
// stored when it is not a date.
func (is Issue) LongDate() string {
	if t, err := draft.ParseDate(is.Date); err == nil {
		return draft.LongDate(t)
	}
	return is.Date
}

// Label is what the index and the feed call the issue: its title, else the
// first words of its intro, else its name and number.
func (is Issue) Label() string {
	switch {
	case is.Title != "":
		return is.Title
	case is.Summary != "":
		return is.Summary
	}
	return is.Newsletter + " #" + strconv.Itoa(is.Number)
}

// Name is "Devops Weekly #519".
func (is Issue) Name() string { return is.Newsletter + " #" + strconv.Itoa(is.Number) }

// page is an issue rendered as the site's page, before its navigation.
type page struct {
	Issue
	Content stdhtml.HTML // intro, sections and closing: the feed's content too
	Footer  stdhtml.HTML
}

// render lays the draft out as its page. The HTML of the intro, blurbs,
// closing and footer is the HTML export's (internal/html, through the
// format registry, which cleans the draft first), with its inline styles
// taken off: the page takes its look from style.css.
func render(d *draft.Draft) (*page, error) {
	d = format.Clean(d)
	f, _ := format.Named("html")
	var doc bytes.Buffer
	if err := f.Write(&doc, d, format.Options{}); err != nil {
		return nil, err
	}
	parts, err := split(doc.Bytes(), d)
	if err != nil {
		return nil, fmt.Errorf("lay out issue #%d: %w", d.Number, err)
	}
	p := &page{Issue: Issue{
		Newsletter: sanitize.Line(d.Newsletter), Number: d.Number, Date: sanitize.Line(d.Date),
		Title: sanitize.Line(d.Title), Summary: summary(parts.intro), Minutes: draft.ReadingTime(d.Words()),
	}}
	var b strings.Builder
	if len(parts.intro) > 0 {
		b.WriteString("<div class=\"intro\">\n")
		renderNodes(&b, parts.intro)
		b.WriteString("</div>\n")
	}
	for _, s := range parts.sections {
		class := ""
		if s.sponsor {
			class = ` class="sponsor"`
		}
		fmt.Fprintf(&b, "<section%s>\n<h2>%s</h2>\n", class, stdhtml.HTMLEscapeString(s.name))
		for _, it := range s.items {
			b.WriteString("<div class=\"item\">\n")
			renderNodes(&b, it)
			b.WriteString("</div>\n")
		}
		b.WriteString("</section>\n")
	}
	if len(parts.closing) > 0 {
		b.WriteString("<div class=\"closing\">\n")
		renderNodes(&b, parts.closing)
		b.WriteString("</div>\n")
	}
	p.Content = stdhtml.HTML(b.String()) // #nosec: parsed and rendered again by x/net/html
	b.Reset()
	renderNodes(&b, parts.footer)
	p.Footer = stdhtml.HTML(b.String()) // #nosec: as above
	return p, nil
}

// parts are the pieces of the HTML export a page is made of.
type parts struct {
	intro, closing, footer []*html.Node
	sections               []sectionParts
}

// sectionParts are one section's name and its items' nodes.
type sectionParts struct {
	name    string
	sponsor bool
	items   [][]*html.Node
}

// errLayout says the HTML export is not laid out as split expects: the
// writer changed, and split with it.
var errLayout = errors.New("the HTML export is not laid out as publish expects")

// split takes the HTML export of d apart. Its column holds the heading
// (h1), the date, the title when there is one, the intro, then each
// non-empty section as an h2 followed by one div per item, then the
// closing; the footer is the next row of the table.
func split(doc []byte, d *draft.Draft) (*parts, error) {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	h1 := find(root, atom.H1)
	if h1 == nil {
		return nil, fmt.Errorf("%w: no heading", errLayout)
	}
	var els []*html.Node
	for c := h1.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			els = append(els, c)
		}
	}
	header := 1 // the date
	if d.Title != "" {
		header++
	}
	if len(els) < header {
		return nil, fmt.Errorf("%w: no date", errLayout)
	}
	els = els[header:]
	p := &parts{}
	at, first := 0, -1
	for _, s := range d.Sections {
		if len(s.Items) == 0 {
			continue
		}
		for at < len(els) && els[at].DataAtom != atom.Div {
			at++
		}
		if at == 0 || at+len(s.Items) > len(els) || els[at-1].DataAtom != atom.H2 {
			return nil, fmt.Errorf("%w: section %q", errLayout, s.Name)
		}
		if first < 0 {
			first = at - 1
		}
		sp := sectionParts{name: s.Name, sponsor: s.Sponsor}
		for k, div := range els[at : at+len(s.Items)] {
			if div.DataAtom != atom.Div {
				return nil, fmt.Errorf("%w: an item of %q", errLayout, s.Name)
			}
			sp.items = append(sp.items, item(div, sanitize.Line(s.Items[k].Title)))
		}
		p.sections = append(p.sections, sp)
		at += len(s.Items)
	}
	if first < 0 {
		first, at = len(els), len(els)
	}
	p.intro, p.closing = clean(els[:first]), clean(els[at:])
	// The footer is the only cell of the row after the column's.
	if row := ancestor(h1, atom.Tr); row != nil {
		for r := row.NextSibling; r != nil; r = r.NextSibling {
			if r.DataAtom == atom.Tr {
				if td := find(r, atom.Td); td != nil {
					p.footer = clean(children(td))
				}
				break
			}
		}
	}
	return p, nil
}

// item returns the nodes of an item's box, the paragraph of its links
// marked as such; title is the item's, which its first link may show.
func item(div *html.Node, title string) []*html.Node {
	nodes := clean(children(div))
	if n := len(nodes); n > 0 && links(nodes[n-1], title) {
		nodes[n-1].Attr = append(nodes[n-1].Attr, html.Attribute{Key: "class", Val: "links"})
	}
	return nodes
}

// links reports whether n is an item's paragraph of links: nothing but
// links that show their own URL or the item's title, line breaks and bare
// URLs.
func links(n *html.Node, title string) bool {
	if n.DataAtom != atom.P {
		return false
	}
	found := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.TextNode && strings.Contains(c.Data, "://") && !strings.ContainsAny(strings.TrimSpace(c.Data), " \t\n"):
		case c.DataAtom == atom.Br:
		case c.DataAtom == atom.A && (text(c) == attr(c, "href") || title != "" && text(c) == title):
			found = true
		default:
			return false
		}
	}
	return found
}

// kept are the attributes a page keeps of the HTML export's: links and
// list numbers. Styles go (the stylesheet gives the look), and so does
// anything else.
var kept = map[atom.Atom][]string{atom.A: {"href", "title"}, atom.Ol: {"start"}}

// clean detaches nodes from their tree and strips their attributes (and
// their descendants') to those kept, skipping white space between them.
func clean(nodes []*html.Node) []*html.Node {
	out := make([]*html.Node, 0, len(nodes))
	for _, n := range nodes {
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) == "" {
			continue
		}
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
		strip(n)
		out = append(out, n)
	}
	return out
}

func strip(n *html.Node) {
	if n.Type == html.ElementNode {
		attrs := n.Attr[:0]
		for _, a := range n.Attr {
			for _, k := range kept[n.DataAtom] {
				if a.Namespace == "" && a.Key == k {
					attrs = append(attrs, a)
				}
			}
		}
		n.Attr = attrs
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		strip(c)
	}
}

// renderNodes writes nodes as HTML, one top-level node a line.
func renderNodes(b *strings.Builder, nodes []*html.Node) {
	for _, n := range nodes {
		_ = html.Render(b, n) // a strings.Builder does not fail
		b.WriteByte('\n')
	}
}

// summary returns the first words of the intro, at most about 160
// characters, for the index and the page's description.
func summary(intro []*html.Node) string {
	var b strings.Builder
	for _, n := range intro {
		b.WriteString(text(n))
		b.WriteByte(' ')
	}
	const most = 160
	words := strings.Fields(b.String())
	out := ""
	for i, w := range words {
		if i > 0 && len(out)+1+len(w) > most {
			return strings.TrimRight(out, ",;:") + "…"
		}
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}

// find returns the first element of kind a under n, n included.
func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

// ancestor returns the nearest element of kind a above n.
func ancestor(n *html.Node, a atom.Atom) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == a {
			return p
		}
	}
	return nil
}

// children returns n's child nodes.
func children(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

// text returns the text under n.
func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}
