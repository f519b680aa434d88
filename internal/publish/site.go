package publish

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/weekly-dev/weekly/internal/draft"
)

// generator marks the pages weekly publish writes, so that it never writes
// over a page of someone else's.
const generator = `<meta name="generator" content="weekly">`

// The navigation between issues is the one part of a page that changes
// when another issue is published: it is written between these marks,
// which nothing in an issue can hold (the HTML export writes no raw HTML
// of a draft's), and replaced there.
const (
	navStart = `<nav class="pager" aria-label="Issues">`
	navEnd   = `</nav>`
)

var funcs = template.FuncMap{
	"dateOK": func(s string) bool { _, err := draft.ParseDate(s); return err == nil },
	"nav":    func() template.HTML { return navStart + navEnd },
}

// pageTemplate is an issue's page, DIR/N/index.html. Its navigation is
// empty here and filled in by setNav. Its links are relative, so that the
// site works from any folder of a server and opened as files. It and
// indexTemplate are parsed when a site is first published, not at start,
// which every weekly command pays.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(funcs).Parse(pageHTML))
})

const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
` + generator + `
<title>{{.Name}}{{if .Title}}: {{.Title}}{{end}}</title>
{{if .Summary}}<meta name="description" content="{{.Summary}}">
{{end}}<link rel="stylesheet" href="../style.css">
<link rel="alternate" type="application/atom+xml" title="{{.Newsletter}}" href="../feed.xml">
</head>
<body>
<header class="site"><a href="../index.html">{{.Newsletter}}</a></header>
<main>
<article class="issue" data-newsletter="{{.Newsletter}}" data-number="{{.Number}}" data-date="{{.Date}}" data-minutes="{{.Minutes}}"{{if .Title}} data-title="{{.Title}}"{{end}}>
<header>
<h1>{{.Newsletter}} <span class="number">#{{.Number}}</span></h1>
<p class="meta">{{if dateOK .Date}}<time datetime="{{.Date}}">{{.LongDate}}</time>{{else}}{{.Date}}{{end}} · {{.Minutes}} minute read</p>
{{if .Title}}<p class="title">{{.Title}}</p>
{{end}}</header>
<div class="content">
{{.Content}}</div>
</article>
{{nav}}
</main>
{{if .Footer}}<footer class="issue-footer">
{{.Footer}}</footer>
{{end}}</body>
</html>
`

// indexTemplate is the site's index, DIR/index.html: every issue, newest
// first.
var indexTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("index").Funcs(funcs).Parse(indexHTML))
})

const indexHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
` + generator + `
<title>{{.Newsletter}}</title>
<link rel="stylesheet" href="style.css">
{{if .Feed}}<link rel="alternate" type="application/atom+xml" title="{{.Newsletter}}" href="feed.xml">
{{end}}</head>
<body>
<header class="site">
<h1>{{.Newsletter}}</h1>
<p>{{len .Issues}} {{if eq (len .Issues) 1}}issue{{else}}issues{{end}}{{if .Feed}} · <a href="feed.xml">Atom feed</a>{{end}}</p>
</header>
<main>
<ol class="issues">
{{range .Issues}}<li><a href="{{.Number}}/index.html"><span class="number">#{{.Number}}</span> {{.Label}}</a>
<span class="meta">{{if dateOK .Date}}<time datetime="{{.Date}}">{{.LongDate}}</time>{{else}}{{.Date}}{{end}} · {{.Minutes}} minute read</span></li>
{{end}}</ol>
</main>
</body>
</html>
`

// pageBytes writes an issue's page, its navigation empty.
func pageBytes(p *page) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(p.Content) + len(p.Footer) + 2048)
	if err := pageTemplate().Execute(&b, p); err != nil {
		return nil, fmt.Errorf("write the page of #%d: %w", p.Number, err)
	}
	return b.Bytes(), nil
}

// index writes the index of issues, which are newest first.
func index(newsletter string, issues []Issue, feed bool) ([]byte, error) {
	var b bytes.Buffer
	err := indexTemplate().Execute(&b, struct {
		Newsletter string
		Issues     []Issue
		Feed       bool
	}{newsletter, issues, feed})
	return b.Bytes(), err
}

// navFor is the navigation of an issue's page: the previous issue (0 for
// none), the index, and the next issue.
func navFor(prev, next int) string {
	var b strings.Builder
	b.WriteString(navStart)
	b.WriteByte('\n')
	if prev > 0 {
		fmt.Fprintf(&b, "<a class=\"prev\" rel=\"prev\" href=\"../%d/index.html\">← #%d</a>\n", prev, prev)
	} else {
		b.WriteString("<span class=\"prev\"></span>\n")
	}
	b.WriteString("<a class=\"all\" href=\"../index.html\">All issues</a>\n")
	if next > 0 {
		fmt.Fprintf(&b, "<a class=\"next\" rel=\"next\" href=\"../%d/index.html\">#%d →</a>\n", next, next)
	} else {
		b.WriteString("<span class=\"next\"></span>\n")
	}
	b.WriteString(navEnd)
	return b.String()
}

// errNotOurs says a page was not written by weekly publish.
var errNotOurs = errors.New("not a page weekly publish wrote")

// setNav returns the page with its navigation replaced by nav.
func setNav(page []byte, nav string) ([]byte, error) {
	i := bytes.Index(page, []byte(navStart))
	if i < 0 {
		return nil, errNotOurs
	}
	j := bytes.Index(page[i:], []byte(navEnd))
	if j < 0 {
		return nil, errNotOurs
	}
	j += i + len(navEnd)
	if string(page[i:j]) == nav {
		return page, nil
	}
	out := make([]byte, 0, len(page)-(j-i)+len(nav))
	out = append(out, page[:i]...)
	out = append(out, nav...)
	return append(out, page[j:]...), nil
}

// readIssue reads what the index lists of an issue from its page: the
// article's data and the description, which come before any of the
// issue's own text.
func readIssue(page []byte) (Issue, error) {
	if !bytes.Contains(page, []byte(generator)) {
		return Issue{}, errNotOurs
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	var is Issue
	for {
		switch z.Next() {
		case html.ErrorToken:
			return Issue{}, errNotOurs
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			switch t.DataAtom {
			case atom.Meta:
				if tokenAttr(t, "name") == "description" {
					is.Summary = tokenAttr(t, "content")
				}
			case atom.Article:
				n, err := strconv.Atoi(tokenAttr(t, "data-number"))
				if err != nil || n < 1 {
					return Issue{}, errNotOurs
				}
				is.Number = n
				is.Newsletter = tokenAttr(t, "data-newsletter")
				is.Date = tokenAttr(t, "data-date")
				is.Title = tokenAttr(t, "data-title")
				is.Minutes, _ = strconv.Atoi(tokenAttr(t, "data-minutes"))
				return is, nil
			}
		}
	}
}

func tokenAttr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// content returns the HTML of a page's issue (intro, sections, closing),
// for the feed.
func content(page []byte) (string, error) {
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return "", err
	}
	art := find(root, atom.Article)
	if art == nil {
		return "", errNotOurs
	}
	for c := art.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Div && attr(c, "class") == "content" {
			var b strings.Builder
			for n := c.FirstChild; n != nil; n = n.NextSibling {
				if err := html.Render(&b, n); err != nil {
					return "", err
				}
			}
			return strings.TrimSpace(b.String()), nil
		}
	}
	return "", errNotOurs
}
