package publish_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// void are the HTML5 elements that have no end tag.
var void = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true, atom.Img: true,
	atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// checkHTML checks that page is an HTML5 document that a parser reads
// without recovering from anything: the doctype first, every element that
// is opened closed in order, no end tag of a void element, one html, head,
// body and title, and the language and character set declared.
func checkHTML(t testing.TB, page []byte) {
	t.Helper()
	if !bytes.HasPrefix(page, []byte("<!DOCTYPE html>\n")) {
		t.Errorf("no HTML5 doctype: %.40q", page)
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	var open []string
	count := map[atom.Atom]int{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken:
			count[tok.DataAtom]++
			if !void[tok.DataAtom] {
				open = append(open, tok.Data)
			}
			seen := map[string]bool{}
			for _, a := range tok.Attr {
				if seen[a.Key] {
					t.Errorf("<%s> has two %s attributes", tok.Data, a.Key)
				}
				seen[a.Key] = true
			}
		case html.SelfClosingTagToken:
			if !void[tok.DataAtom] {
				t.Errorf("<%s/> is not a void element", tok.Data)
			}
		case html.EndTagToken:
			if void[tok.DataAtom] {
				t.Errorf("an end tag of the void element %s", tok.Data)
				continue
			}
			if len(open) == 0 || open[len(open)-1] != tok.Data {
				t.Errorf("</%s> closes %v", tok.Data, open)
				return
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		t.Errorf("never closed: %v", open)
	}
	for _, a := range []atom.Atom{atom.Html, atom.Head, atom.Body, atom.Title} {
		if count[a] != 1 {
			t.Errorf("%d <%s> elements", count[a], a)
		}
	}
	if !bytes.Contains(page, []byte(`<html lang="en">`)) || !bytes.Contains(page, []byte(`<meta charset="utf-8">`)) {
		t.Errorf("no language or character set")
	}
}

func parse(t testing.TB, page []byte) *html.Node {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// all returns the elements of kind a under n (every element for 0).
func all(n *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	if n.Type == html.ElementNode && (a == 0 || n.DataAtom == a) {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, all(c, a)...)
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

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

// relHref returns the href of the link with rel, or "".
func relHref(root *html.Node, rel string) string {
	for _, a := range all(root, atom.A) {
		if attr(a, "rel") == rel {
			return attr(a, "href")
		}
	}
	return ""
}
