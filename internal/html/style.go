package html

import (
	"bytes"
	"html/template"
	"strings"
	"sync"
)

// The palette: dark text on a white card, which mail clients in dark mode
// either show as it is or invert whole; never dark text left on a dark
// background, as happens when only the text colour is set.
const (
	ink    = "#1f2328"
	muted  = "#59636e"
	linkc  = "#0a58ca"
	rule   = "#d8dee4"
	canvas = "#f3f4f6"
	card   = "#ffffff"
	tint   = "#f6f8fa"
	fonts  = `-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif`
	mono   = `ui-monospace,SFMono-Regular,Menlo,Consolas,monospace`
)

// styles are the template's inline styles, by name.
var styles = map[string]template.CSS{
	"body":    "margin:0;padding:0;background-color:" + canvas + ";",
	"outer":   "padding:24px 12px;",
	"card":    "max-width:640px;background-color:" + card + ";border:1px solid " + rule + ";border-radius:6px;",
	"main":    "padding:28px 28px 8px;font-family:" + fonts + ";font-size:16px;line-height:1.6;color:" + ink + ";text-align:left;",
	"h1":      "margin:0;font-size:26px;line-height:1.25;font-weight:700;color:" + ink + ";",
	"number":  "color:" + muted + ";font-weight:400;",
	"date":    "margin:4px 0 24px;font-size:14px;color:" + muted + ";",
	"title":   "margin:0 0 16px;font-size:18px;font-weight:600;color:" + ink + ";",
	"h2":      "margin:32px 0 16px;padding-bottom:6px;border-bottom:2px solid " + rule + ";font-size:20px;line-height:1.3;font-weight:700;color:" + ink + ";",
	"item":    "margin:0 0 22px;",
	"sponsor": "margin:0 0 22px;padding:12px 16px 2px;background-color:" + tint + ";border-left:4px solid " + rule + ";",
	"links":   "margin:6px 0 0;font-size:14px;line-height:1.5;",
	"link":    "color:" + linkc + ";text-decoration:underline;word-break:break-word;overflow-wrap:anywhere;",
	// preheader hides the preheader in every client: display:none for
	// most, mso-hide for Outlook, a zero size and the canvas's colour for
	// those that show it anyway.
	"preheader": "display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;color:" + canvas + ";",
	"view":      "margin:0 0 12px;font-family:" + fonts + ";font-size:12px;line-height:1.5;color:" + muted + ";text-align:center;",
	"viewlink":  "color:" + muted + ";text-decoration:underline;",
	"footer":    "padding:16px 28px 24px;border-top:1px solid " + rule + ";font-family:" + fonts + ";font-size:12px;line-height:1.5;color:" + muted + ";text-align:left;",
}

// tagStyles returns a styler that gives goldmark's tags their inline
// styles. Text and attribute values in goldmark's output are escaped, so
// "<p>" there is always goldmark's own tag.
func tagStyles(p, a string) *styler {
	st := func(tag, css string) string { return "<" + tag + ` style="` + css + `"` }
	return newStyler(
		"<p>", st("p", p)+">",
		`<a href="`, st("a", a)+` href="`,
		"<h1>", st("h1", "margin:24px 0 12px;font-size:22px;line-height:1.3;")+">",
		"<h2>", st("h2", "margin:24px 0 12px;font-size:20px;line-height:1.3;")+">",
		"<h3>", st("h3", "margin:20px 0 10px;font-size:18px;line-height:1.3;")+">",
		"<h4>", st("h4", "margin:16px 0 8px;font-size:16px;")+">",
		"<h5>", st("h5", "margin:16px 0 8px;font-size:15px;")+">",
		"<h6>", st("h6", "margin:16px 0 8px;font-size:14px;")+">",
		"<ul>", st("ul", "margin:0 0 12px;padding-left:24px;")+">",
		"<ol>", st("ol", "margin:0 0 12px;padding-left:24px;")+">",
		"<ol start=", st("ol", "margin:0 0 12px;padding-left:24px;")+" start=",
		"<li>", st("li", "margin:0 0 4px;")+">",
		"<blockquote>", st("blockquote", "margin:0 0 12px;padding:0 0 0 12px;border-left:3px solid "+rule+";color:"+muted+";")+">",
		"<pre>", st("pre", "margin:0 0 12px;padding:10px 12px;background-color:"+tint+";border-radius:4px;white-space:pre-wrap;word-break:break-word;font-size:13px;line-height:1.45;")+">",
		"<code>", st("code", "font-family:"+mono+";font-size:0.9em;background-color:"+tint+";padding:1px 3px;border-radius:3px;")+">",
		"<hr>", st("hr", "border:0;border-top:1px solid "+rule+";margin:20px 0;")+">",
	)
}

// styler replaces tags with their styled form, as a strings.Replacer of
// the same pairs would, but on bytes and only where a tag starts: every
// tag it knows starts with "<" and none is the start of another, so at a
// "<" at most one matches, and nothing else is looked at.
type styler struct{ old, new []string }

// newStyler returns a styler of old, new pairs, each old starting with "<".
func newStyler(pairs ...string) *styler {
	s := &styler{}
	for i := 0; i < len(pairs); i += 2 {
		if !strings.HasPrefix(pairs[i], "<") {
			panic("styler: " + pairs[i] + " does not start with <")
		}
		s.old, s.new = append(s.old, pairs[i]), append(s.new, pairs[i+1])
	}
	return s
}

// write appends p to b with its tags styled.
func (s *styler) write(b *bytes.Buffer, p []byte) {
	for {
		i := bytes.IndexByte(p, '<')
		if i < 0 {
			b.Write(p)
			return
		}
		b.Write(p[:i])
		p = p[i:]
		k := 0
		for j, old := range s.old {
			if len(p) >= len(old) && string(p[:len(old)]) == old {
				b.WriteString(s.new[j])
				k = len(old)
				break
			}
		}
		if k == 0 {
			b.WriteByte('<')
			k = 1
		}
		p = p[k:]
	}
}

// writeString appends text to b with its tags styled, as write does. Its
// callers (an intro, a costly text written as typed) are one a page.
func (s *styler) writeString(b *bytes.Buffer, text string) { s.write(b, []byte(text)) }

// bodyStyle styles the issue's own Markdown (intro, blurbs, closing) and
// footerStyle the footer's, smaller and muted.
var (
	bodyStyle   = tagStyles("margin:0 0 12px;", string(styles["link"]))
	footerStyle = tagStyles("margin:0 0 8px;font-size:12px;line-height:1.5;color:"+muted+";", "color:"+muted+";text-decoration:underline;word-break:break-word;overflow-wrap:anywhere;")
)

// The page is laid out as tables, which every mail client (Outlook's Word
// engine among them) sizes alike; max-width keeps lines readable on a
// desktop and the column fills a phone's screen. It is written in three
// templates, so that the items between them are streamed (see Write):
// head up to the intro, section for each section's heading, before its
// items, and tail from the closing on. They are parsed when the first page
// is written.
type templates struct{ head, section, tail *template.Template }

var pageTemplates = sync.OnceValue(func() templates {
	return templates{
		head: template.Must(template.New("head").Funcs(template.FuncMap{
			"pad": func() template.HTML { return template.HTML(strings.Repeat(preheaderPad, 60)) }, // #nosec: a constant
		}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>{{.TitleOf}}</title>
</head>
<body style="{{.S.body}}">
{{if .Preheader}}<div style="{{.S.preheader}}">{{.Preheader}}{{pad}}</div>
{{end}}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="` + canvas + `" style="background-color:` + canvas + `;">
<tr><td align="center" style="{{.S.outer}}">
{{if .PageURL}}<p style="{{.S.view}}"><a style="{{.S.viewlink}}" href="{{.PageURL}}">View this issue in your browser</a></p>
{{end}}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="` + card + `" style="{{.S.card}}">
<tr><td style="{{.S.main}}">
<h1 style="{{.S.h1}}">{{.Newsletter}} <span style="{{.S.number}}">#{{.Number}}</span></h1>
<p style="{{.S.date}}">{{.Date}}</p>
{{if .Title}}<p style="{{.S.title}}">{{.Title}}</p>
{{end}}{{.Intro}}
`)),
		section: template.Must(template.New("section").Parse(`<h2 style="{{.S.h2}}">{{.Name}}</h2>
`)),
		tail: template.Must(template.New("tail").Parse(`{{.Closing}}
</td></tr>
{{if .Footer}}<tr><td style="{{.S.footer}}">
{{.Footer}}
</td></tr>
{{end}}</table>
</td></tr>
</table>
</body>
</html>
`)),
	}
})
