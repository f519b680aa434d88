package preview

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weekly-dev/weekly/internal/markdown"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// blockInfo is what parsing a block alone tells about it.
type blockInfo struct {
	// kinds are the kinds of the block's top-level elements, in order.
	kinds []ast.NodeKind
	// defines: the block holds link reference definitions, which any other
	// block may use.
	defines bool
	// follows: written after the sentinel paragraph, the block leaves it a
	// paragraph of its own, so it can be rendered after the sentinel. A
	// block starting with ": " would make it a definition term.
	follows bool
}

// group is a run of blocks rendered as one piece of Markdown: one block,
// unless blocks reach into each other.
type group struct {
	text  string
	items []string // IDs of the items in the group
	first bool     // the group opens the document
	// plain is the block as plain text when it holds more Markdown than
	// weekly parses (see markdown.Block.Plain): it is drawn as it is,
	// without glamour, and never merged with another block.
	plain string
	// pseudo: the group stands for the part of the issue a part doc
	// leaves out (see newPartDoc); it has only an estimated height.
	pseudo bool
	est    int
}

// merge returns g followed by next, as one group.
func (g group) merge(next group) group {
	g.text += "\n\n" + next.text
	g.items = append(g.items[:len(g.items):len(g.items)], next.items...)
	return g
}

// grouper parses blocks with the same Markdown dialect as glamour (GFM and
// definition lists) to find where a block reaches into the next.
type grouper struct {
	c  *Cache
	md goldmark.Markdown // made on first use; one per render command
}

// groups splits blocks into independent groups. Markdown blocks usually
// stand alone, and then each block is its own group. Two blocks that do
// not parse together into the elements they parse into apart reach into
// each other (an unclosed code fence swallows what follows, an indented
// block or a second list continues a list, a line starting with ":" makes
// the paragraph before it a definition term), so they are merged into one
// group; so is a block that cannot be rendered after the sentinel, with the
// group before it. Link reference definitions reach everywhere, so an issue
// with one is a single group. Rendering the groups one by one then gives
// what rendering the whole document gives.
func (g *grouper) groups(blocks []markdown.Block) []group {
	out := make([]group, 0, len(blocks))
	defines, plain, size := false, false, 0
	for i, b := range blocks {
		gr := group{text: b.Text, first: i == 0, plain: b.Plain}
		if b.Item != "" {
			gr.items = []string{b.Item}
		}
		size += len(b.Text)
		plain = plain || b.Plain != ""
		if b.Plain == "" && !simple(b.Text) {
			defines = defines || g.info(b.Text).defines
		}
		out = append(out, gr)
		// Settle the last group against the one before it. A group that
		// grew can reach back further than the block it started as (a
		// definition list continues the one before it), so check again
		// after every merge.
		for n := len(out); n > 1; n = len(out) {
			last := out[n-1]
			if simple(last.text) && simple(out[n-2].text) {
				break // paragraphs and headings stand apart
			}
			if !mergeable(out[n-2], last) {
				break
			}
			if g.info(last.text).follows && g.apart(out[n-2].text, last.text) {
				break
			}
			out[n-2] = out[n-2].merge(last)
			out = out[:n-1]
		}
	}
	if defines && len(out) > 1 && !plain && size <= maxGroup {
		all := out[0]
		for _, gr := range out[1:] {
			all = all.merge(gr)
		}
		return []group{all}
	}
	return out
}

// maxGroup is the most Markdown merged into one group, which glamour then
// renders in one piece: past it, blocks that reach into each other are
// rendered apart, and may show a little differently from the whole
// document (a list split in two), so that a draft of many blocks made to
// merge (each a list item continuing the list before) cannot make the
// preview render all of them for every change.
const maxGroup = sanitize.MaxMarkdown

// mergeable reports whether a and b may be merged into one group: neither
// is drawn as plain text or stands for a part left out, and together they
// are not past maxGroup.
func mergeable(a, b group) bool {
	return a.plain == "" && b.plain == "" && !a.pseudo && !b.pseudo && len(a.text)+len(b.text) <= maxGroup
}

// simple reports whether a block is only paragraphs and ATX headings
// that no other block can reach into or be reached from: every line
// starts with a letter, a digit not starting a list item, a heading's #s,
// an emphasis mark or code span opening inline text, an autolink, or a
// link (but not a link reference definition). Such a block parses alone
// as it parses among others, after a blank line, so it needs no parse:
// on a typical issue every block is simple, and grouping costs a scan.
func simple(t string) bool {
	if t == "" {
		return false
	}
	for l := range strings.SplitSeq(t, "\n") {
		if l != "" && !simpleLine(l) {
			return false
		}
	}
	return true
}

// simpleLine reports whether a line of a block is one that simple allows.
func simpleLine(l string) bool {
	r, _ := utf8.DecodeRuneInString(l)
	switch {
	case r == '#':
		h := strings.TrimLeft(l, "#")
		return len(l)-len(h) <= 6 && strings.HasPrefix(h, " ") && strings.TrimSpace(h) != ""
	case r == '*' || r == '_':
		// emphasis, not a list item ("* ") or a rule ("***", "_ _ _")
		rest := strings.TrimLeft(l, string(r))
		if len(l)-len(rest) > 2 || rest == "" {
			return false
		}
		next, _ := utf8.DecodeRuneInString(rest)
		return unicode.IsLetter(next) || unicode.IsDigit(next)
	case r == '`':
		return !strings.HasPrefix(l, "``")
	case r == '<':
		return strings.HasPrefix(l, "<https://") || strings.HasPrefix(l, "<http://")
	case r == '[':
		return strings.Contains(l, "](") && !strings.Contains(l, "]:")
	case r >= '0' && r <= '9':
		// "1." or "1)" starts a list
		rest := strings.TrimLeft(l, "0123456789")
		return rest == "" || rest[0] != '.' && rest[0] != ')'
	}
	return unicode.IsLetter(r)
}

// info parses t alone, or takes what an earlier parse found.
func (g *grouper) info(t string) blockInfo {
	k := entryKey{kind: infoEntry, sum: g.c.hash(t)}
	if in, ok := g.c.get(k); ok {
		return in.(blockInfo)
	}
	var in blockInfo
	doc, refs := g.parse(t)
	in.defines = refs
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		in.kinds = append(in.kinds, n.Kind())
	}
	doc, _ = g.parse(sentinel + "\n\n" + t)
	in.follows = count(doc) == len(in.kinds)+1
	g.c.put(k, in, int64(32+8*len(in.kinds)))
	return in
}

// apart reports whether a and b, written one after the other with a blank
// line between, parse as a's elements followed by b's: the same kinds, in
// the same order, each taking its text from its own block.
func (g *grouper) apart(a, b string) bool {
	k := entryKey{kind: pairEntry, sum: g.c.hash(a), next: g.c.hash(b)}
	if ok, found := g.c.get(k); found {
		return ok.(bool)
	}
	ok := g.parseApart(a, b)
	g.c.put(k, ok, 8)
	return ok
}

// parseApart is apart without the cache: it parses a, b and the two
// together.
func (g *grouper) parseApart(a, b string) bool {
	ka, kb := g.info(a).kinds, g.info(b).kinds
	doc, _ := g.parse(a + "\n\n" + b)
	if count(doc) != len(ka)+len(kb) {
		return false
	}
	i := 0
	for n := doc.FirstChild(); n != nil; n, i = n.NextSibling(), i+1 {
		want, inA := kb[max(i-len(ka), 0)], i < len(ka)
		if inA {
			want = ka[i]
		}
		if n.Kind() != want {
			return false
		}
		lo, hi, ok := extent(n)
		// a's last line ends with the newline at len(a); b starts after
		// the blank line.
		if ok && (inA && hi > len(a)+1 || !inA && lo < len(a)+2) {
			return false
		}
	}
	return true
}

// count returns the number of n's children. (ast.Node.ChildCount can be
// off after goldmark's table extension turned a paragraph into a table.)
func count(n ast.Node) int {
	c := 0
	for n := n.FirstChild(); n != nil; n = n.NextSibling() {
		c++
	}
	return c
}

// extent returns the first and last source offsets that n and its
// descendants take text from; ok is false when they take none (a rule).
func extent(n ast.Node) (lo, hi int, ok bool) {
	lo, hi = math.MaxInt, -1
	add := func(s text.Segment) {
		lo, hi = min(lo, s.Start), max(hi, s.Stop)
	}
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if t, isText := n.(*ast.Text); isText {
			add(t.Segment)
		} else if n.Type() == ast.TypeBlock {
			lines := n.Lines()
			for i := range lines.Len() {
				add(lines.At(i))
			}
		}
		return ast.WalkContinue, nil
	})
	return lo, hi, hi >= 0
}

// parse parses src as glamour does and reports whether it defines link
// references.
func (g *grouper) parse(src string) (doc ast.Node, defines bool) {
	if g.md == nil {
		g.md = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
	}
	pc := parser.NewContext()
	doc = g.md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	return doc, len(pc.References()) > 0
}
