// Package sanitize makes text from outside (page titles, feed entries,
// imported issues) safe to store, show in a terminal and write as Markdown.
package sanitize

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Line returns s as one line of plain text: valid UTF-8, no escape
// sequences, no control, bidi or invisible characters, white space folded to
// single spaces and trimmed, and no character carrying more than MaxMarks
// combining marks (see CapMarks): the names, titles and URLs it cleans are
// drawn on the board and in its header.
func Line(s string) string {
	if plainLine(s) {
		return s
	}
	return CapMarks(strings.Join(strings.Fields(Text(s)), " "))
}

// Clip cuts s to at most n characters, "…" included, at a space when there
// is one in the last fifth, and marks the cut with "…". Use it to bound
// text from outside (a description stuffed with keywords); it counts
// characters, not terminal cells. An n below 1 means no limit.
func Clip(s string, n int) string {
	if n < 1 || utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, count := 0, 0
	for i := range s {
		if count == n-1 {
			cut = i
			break
		}
		count++
	}
	s = s[:cut]
	if sp := strings.LastIndexByte(s, ' '); sp > len(s)*4/5 {
		s = s[:sp]
	}
	return s + "…"
}

// Text returns s with escape sequences and control, bidi and invisible
// characters removed. Line breaks are kept as "\n" (CRLF, a lone CR, NEL and
// the Unicode line and paragraph separators all become one), tabs, vertical
// tabs and form feeds become spaces; everything else printable stays as
// written.
//
// Escape sequences are removed whole, whichever way they are introduced: ESC,
// a raw 8-bit C1 byte such as 0x9B (CSI), or a C1 character encoded in UTF-8
// such as U+009B. An escape sequence that is never terminated removes the
// rest of the text, as a terminal would swallow it.
func Text(s string) string {
	if plainText(s) {
		return s
	}
	s = sevenBit(s)
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = ansi.Strip(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\r':
			if i+1 >= len(s) || s[i+1] != '\n' {
				b.WriteByte('\n')
			}
		case r == '\t', r == '\v', r == '\f':
			b.WriteByte(' ')
		case r == 0x2028, r == 0x2029:
			b.WriteByte('\n')
		case unicode.IsControl(r), invisible(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Controls returns s with what can act on a terminal or reorder text taken
// out, and everything else kept as written: escape sequences (whole, however
// introduced, as in Text), C0 and C1 controls other than tab and line
// breaks (a CR is kept before an LF), and the bidi controls. Unlike Text it
// keeps zero-width spaces and other invisible characters an author may have
// meant. It is for whole documents shown or written as they are: an export,
// a blurb opened in an editor.
//
// It works line by line, so that an escape sequence never terminated takes
// the rest of its line and not the rest of the document.
func Controls(s string) string {
	if plainText(s) {
		return s
	}
	s = sevenBit(s)
	if strings.IndexByte(s, 0x1b) >= 0 {
		lines := strings.SplitAfter(s, "\n")
		for i, l := range lines {
			if strings.IndexByte(l, 0x1b) >= 0 {
				nl := strings.HasSuffix(l, "\n")
				lines[i] = ansi.Strip(strings.TrimSuffix(l, "\n"))
				if nl {
					lines[i] += "\n"
				}
			}
		}
		s = strings.Join(lines, "")
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\n', r == '\t':
			b.WriteRune(r)
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				b.WriteByte('\r')
			} else {
				b.WriteByte('\n')
			}
		case unicode.IsControl(r), bidiControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bidiControl reports the characters that change the direction of the text
// around them: embeddings, overrides, isolates and the directional marks.
func bidiControl(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// plainText reports whether s is printable ASCII and newlines only, which
// Text returns unchanged.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\n') || c > '~' {
			return false
		}
	}
	return true
}

// plainLine reports whether s is printable ASCII with single spaces between
// words and none at either end, which Line returns unchanged. Most titles
// are, so this saves the work and the copy.
func plainLine(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || (c == ' ' && s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// sevenBit returns s as valid UTF-8 in which every C1 control, whether a raw
// 8-bit byte (0x80-0x9F, invalid in UTF-8) or a UTF-8 encoded character
// (U+0080-U+009F), is written as its 7-bit equivalent: ESC followed by the
// code minus 0x40, so that CSI (0x9B) becomes "ESC [" and OSC (0x9D) becomes
// "ESC ]". ansi.Strip then removes each sequence whole, which it does not do
// for UTF-8 encoded C1 and cannot do once invalid bytes became U+FFFD. NEL
// (U+0085) is a line break. Other invalid bytes become U+FFFD.
func sevenBit(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r <= 0x9f) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c := r
		if r == utf8.RuneError && size == 1 {
			c = rune(s[i])
		}
		switch {
		case c == 0x85:
			b.WriteByte('\n')
		case c >= 0x80 && c <= 0x9f:
			b.WriteByte(0x1b)
			b.WriteByte(byte(c - 0x40))
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// invisible reports the format characters that can make text read
// differently from what it is, or hide text: bidi embeddings, overrides,
// isolates and marks (the "Trojan Source" class), zero-width space, word
// joiner, invisible operators, the byte order mark, interlinear annotation
// controls, the Mongolian vowel separator and the Unicode tag characters.
// ZWJ and ZWNJ are not among them: emoji sequences and several scripts need
// them; nor are variation selectors. Dropping the tags, which can carry
// hidden ASCII, costs subdivision flags such as England's, which then show as
// a plain black flag.
func invisible(r rune) bool {
	switch {
	case r == 0x061C, r == 0x180E, r == 0x200B, r == 0x200E, r == 0x200F, r == 0xFEFF:
		return true
	case r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2060 && r <= 0x2064: // word joiner, invisible operators
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	case r >= 0xFFF9 && r <= 0xFFFB:
		return true
	case r >= 0xE0000 && r <= 0xE007F:
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
var controlRef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)&#(x0*(?:[0-9a-f]|1[0-9a-f]|7f|[89][0-9a-f])|0*(?:[0-9]|[12][0-9]|3[01]|12[7-9]|1[3-5][0-9]));`)
})

// Words returns text the editor wrote (a blurb, an intro, the footer) as
// written, with only what could act on a terminal or reorder the text
// taken out (as Printable does). Zero-width spaces and every other
// printable or format character stay; so does the Markdown, with
// references to control characters defused as Markdown does. Text from
// outside goes through Text or Markdown instead.
func Words(s string) string {
	return defuse(Printable(s))
}

// lineBreaks turns the line endings Controls keeps ("\r\n") and the
// Unicode line and paragraph separators into "\n".
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\u2028", "\n", "\u2029", "\n")

// Printable returns s as Controls does (escape sequences, control
// characters other than newline and tab, and bidi controls taken out;
// zero-width and other format characters kept), with every line ending
// made "\n". It is for text that is printed as it is, and never decoded
// again.
func Printable(s string) string {
	s = Controls(s)
	if strings.ContainsAny(s, "\r\u2028\u2029") {
		s = lineBreaks.Replace(s)
	}
	return s
}

// Markdown returns author-written Markdown (a blurb, an intro) with control
// characters removed and references to control characters defused; the
// Markdown itself is kept, since the author meant it.
func Markdown(s string) string {
	return defuse(Text(s))
}

// defuse turns references to control characters into text.
func defuse(s string) string {
	if !strings.Contains(s, "&#") {
		return s
	}
	return controlRef().ReplaceAllStringFunc(s, func(ref string) string {
		return "&amp;" + ref[1:]
	})
}
