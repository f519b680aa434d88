package text

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Literal returns plain text, as a plain-text email holds it, as the
// Markdown a blurb, the intro and the footer are written in: the same
// text, with a backslash before each mark that Markdown would read (the
// asterisks of "*profitable*" and of a "* " list, underscores, backticks,
// a "#" or ">" at a line's start, a "1." that would be renumbered, an
// "&amp;" that would be decoded, a "<tag>" that would be HTML), so that the
// text export (Plain) gives back exactly the text, and the Markdown and
// HTML exports show its characters as the email did. A line whose first
// mark is escaped is kept on a line of its own by a hard line break (a
// backslash at the end of the line before). Links keep their characters:
// one that holds a mark is written as an autolink ("<https://...>"), which
// Plain writes as the bare link. Lines indented as code are left alone
// (Plain writes them as they are, HTML as preformatted text), and so are a
// "- " list and a numbered list whose plain text is the text itself, which
// then render as lists. Text without anything Markdown reads comes back
// unchanged, and so does text that holds more Markdown than weekly parses
// (sanitize.Costly), which every writer shows as typed.
func Literal(s string) string {
	if !maybeMarkdown(s) || sanitize.Costly(s) {
		return s
	}
	want := clean(s)
	for _, lists := range []bool{true, false} {
		e := escape(s, lists)
		if got, links := plainClean(e); got == want && len(links) == 0 {
			return e
		}
	}
	return s // never seen; FuzzRoundTrip looks for it
}

// escape escapes the Markdown in plain text (see Literal). With lists,
// "- " and numbered list items are kept as Markdown lists.
func escape(s string, lists bool) string {
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank, code := true, false // the line before is blank; is indented code
	for _, l := range lines {
		if strings.TrimLeft(l, " \t") == "" {
			out = append(out, l)
			blank = true
			continue
		}
		ws := len(l) - len(strings.TrimLeft(l, " \t"))
		indent := columns(l[:ws])
		if indent >= 4 && (blank || code) {
			out = append(out, l) // indented code, written as it is
			blank, code = false, true
			continue
		}
		afterCode := code
		blank, code = false, false
		var b strings.Builder
		b.Grow(len(l) + 8)
		b.WriteString(l[:ws])
		body := l[ws:]
		mark := 0 // bytes of body taken by a line-start mark, written already
		if indent < 4 {
			var escaped bool
			mark, escaped = lineMark(&b, body, lists)
			// A hard line break keeps the line apart. goldmark reads none
			// after a backslash (an escaped one), so that line keeps a soft
			// break.
			// Nor is one wanted after indented code, which a line that is
			// not indented ends anyway (the backslash would be code).
			if p := len(out) - 1; escaped && !afterCode && p >= 0 && strings.TrimSpace(out[p]) != "" && !strings.HasSuffix(out[p], `\`) {
				out[p] += `\`
			}
		}
		inline(&b, body, mark)
		out = append(out, b.String())
	}
	return strings.Join(out, "\n")
}

// columns returns the width of leading white space, tabs to the next
// multiple of 4 as CommonMark counts them.
func columns(ws string) int {
	n := 0
	for _, c := range ws {
		if c == '\t' {
			n += 4 - n%4
		} else {
			n++
		}
	}
	return n
}

var (
	// atxMark opens a heading: one to six "#" then white space or the end.
	atxMark = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^#{1,6}([ \t]|$)`) })
	// ruleLine is a thematic break, or a setext heading's underline.
	ruleLine = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(-([ \t]*-){2,}|\*([ \t]*\*){2,}|_([ \t]*_){2,}|-+|=+)[ \t]*$`)
	})
	// bulletMark and orderedMark open list items.
	bulletMark  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[-+*]([ \t]|$)`) })
	orderedMark = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{1,9}[.)]([ \t]|$)`) })
	// entity is a character reference, which Markdown decodes.
	entity = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});`)
	})
)

// lineMark writes what opens a block at the start of a line's body
// (after its indent), escaped, and returns how many bytes of body it took
// and whether it escaped one. With lists, a "-" item and a numbered one
// are kept as they are.
func lineMark(b *strings.Builder, body string, lists bool) (int, bool) {
	switch {
	case ruleLine().MatchString(body), atxMark().MatchString(body),
		strings.HasPrefix(body, ">"), strings.HasPrefix(body, "~~~"):
		b.WriteByte('\\')
		b.WriteByte(body[0])
		return 1, true
	case bulletMark().MatchString(body):
		if lists && body[0] == '-' {
			b.WriteString(body[:1])
		} else {
			b.WriteByte('\\')
			b.WriteByte(body[0])
		}
		return 1, !lists || body[0] != '-'
	case orderedMark().MatchString(body):
		n := strings.IndexAny(body, ".)")
		b.WriteString(body[:n])
		if !lists {
			b.WriteByte('\\')
		}
		b.WriteByte(body[n])
		return n + 1, !lists
	}
	return 0, false
}

// inline writes body[from:] with its inline marks escaped, and each link
// as it is (as an autolink when it holds a mark).
func inline(b *strings.Builder, body string, from int) {
	spans := link.Spans(body)
	for len(spans) > 0 && spans[0][0] < from {
		spans = spans[1:] // never: a line's mark is not a link
	}
	for i := from; i < len(body); {
		if len(spans) > 0 && i == spans[0][0] {
			u := body[i:spans[0][1]]
			if needsAutolink(u) {
				u = "<" + u + ">"
			}
			b.WriteString(u)
			i = spans[0][1]
			spans = spans[1:]
			continue
		}
		c := body[i]
		next := byte(' ')
		if i+1 < len(body) {
			next = body[i+1]
		}
		switch c {
		case '\\':
			if i+1 == len(body) || isPunct(next) {
				b.WriteByte('\\')
			}
		case '*', '`':
			b.WriteByte('\\')
		case '_':
			if !intraword(body, i) {
				b.WriteByte('\\')
			}
		case ']':
			if next == '(' || next == '[' || next == ':' {
				b.WriteByte('\\')
			}
		case '<':
			if next != ' ' && next != '\t' {
				b.WriteByte('\\')
			}
		case '&':
			if entity().MatchString(body[i:]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
		i++
	}
}

// needsAutolink reports whether a link written in text holds a mark that
// Markdown would read.
func needsAutolink(u string) bool {
	for i := 0; i < len(u); i++ {
		switch u[i] {
		case '*', '[', ']', '&':
			return true
		case '_':
			if !intraword(u, i) {
				return true
			}
		}
	}
	return false
}

// intraword reports whether the underscore at s[i] has a letter or digit
// on both sides: such an underscore never opens or closes emphasis.
func intraword(s string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+1:])
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return i > 0 && i+1 < len(s) && alnum(before) && alnum(after)
}

// isPunct reports whether c is ASCII punctuation, which a backslash
// escapes.
func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
