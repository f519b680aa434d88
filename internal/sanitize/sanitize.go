// Package sanitize makes text from outside (page titles, feed entries,
// imported issues) safe to store, show in a terminal and write as Markdown.
package sanitize

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Line returns s as one line of plain text: valid UTF-8, no escape
// sequences, no control, bidi or invisible characters, white space folded to
// single spaces and trimmed.
func Line(s string) string {
	s = Text(s)
	if oneLine(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// oneLine reports whether s is already trimmed with single spaces only.
func oneLine(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\t', '\r', '\v', '\f':
			return false
		case ' ':
			if i+1 < len(s) && s[i+1] == ' ' {
				return false
			}
		}
	}
	return true
}

// Text returns s with escape sequences and control, bidi and invisible
// characters removed. Newlines are kept (Windows line endings folded), tabs
// become spaces; everything else printable stays as written.
func Text(s string) string {
	if plain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if hasEscape(s) {
		s = ansi.Strip(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r), invisible(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plain reports whether s is printable ASCII and newlines only, which
// needs no cleaning: the common case, checked without allocating.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\n') || c >= 0x7f {
			return false
		}
	}
	return true
}

// hasEscape reports whether s holds an ESC or a C1 introducer that
// ansi.Strip would act on.
func hasEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 0x1b || c == 0x9b || c == 0x9d || c == 0x90 || c == 0x9f || c == 0x9e || c == 0x98 {
			return true
		}
	}
	return false
}

// invisible reports bidi controls and zero-width characters that can make
// text read differently from what it is. ZWJ and ZWNJ stay: emoji sequences
// and several scripts need them.
func invisible(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200B, r == 0x200E, r == 0x200F, r == 0x2060, r == 0xFEFF:
		return true
	case r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	case r >= 0x2061 && r <= 0x2064: // invisible operators
		return true
	}
	return false
}

// markdownEscaper escapes exactly the characters glamour unescapes (all
// valid CommonMark escapes), so that text shows the same in the preview and
// in any Markdown engine; & and ~ become references so that neither a
// character reference nor strikethrough can form.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `{`, `\{`, `}`, `\}`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `(`, `\(`, `)`, `\)`, `#`, `\#`, `+`, `\+`, `-`, `\-`, `.`, `\.`,
	`!`, `\!`, `|`, `\|`, `&`, `&amp;`, `~`, `&#126;`,
)

// MarkdownText returns untrusted one-line text as Markdown that renders as
// exactly that text and can never become markup.
func MarkdownText(s string) string {
	return markdownEscaper.Replace(Line(s))
}

// controlRef matches numeric character references to C0 and C1 controls
// and DEL, such as &#27; or &#x1b;, which a Markdown renderer would decode
// into real control characters.
var controlRef = regexp.MustCompile(`(?i)&#(x0*(?:[0-9a-f]|1[0-9a-f]|7f|[89][0-9a-f])|0*(?:[0-9]|[12][0-9]|3[01]|12[7-9]|1[3-5][0-9]));`)

// Markdown returns author-written Markdown (a blurb, an intro) with control
// characters removed and references to control characters defused; the
// Markdown itself is kept, since the author meant it.
func Markdown(s string) string {
	s = Text(s)
	if !strings.Contains(s, "&#") {
		return s
	}
	return controlRef.ReplaceAllStringFunc(s, func(ref string) string {
		return "&amp;" + ref[1:]
	})
}
