package sanitize

import "strings"

// What a text the editor wrote (a blurb, the intro, the closing, the
// footer) may hold and still be parsed as Markdown; see Costly.
//
// goldmark, which every writer and glamour parse with, has work that grows
// with the square of a count: an emphasis mark that closes nothing is
// compared with every mark open before it ("*a_" repeated), and each "]("
// scans the rest of its line for the link's end ("[a](" repeated); lists
// and quotes cost per level on every line they nest. glamour then spends
// about 0.2 ms on every block, more the deeper it is nested, and 10 ms or
// more on a code block it colours. The real issues' blurbs are a few
// hundred bytes holding a handful of each; the limits are far above that,
// and keep any one text's parse and render to a small fraction of a second.
const (
	// MaxMarkdown is the most bytes, white space at line ends aside.
	MaxMarkdown = 16 << 10
	// maxBlocks caps the lines that are not blank, counting each list or
	// quote mark at a line's start as two more (a list and its item).
	maxBlocks = 256
	// maxMarks caps the runs of * _ ~ and ` (emphasis, strikethrough and
	// code) and the [ and < that may open a link, an image, an autolink or
	// raw HTML.
	maxMarks = 1024
	// maxDepth caps how deeply a line nests in lists and quotes: the marks
	// at its start, plus one for every two spaces of indent before them.
	maxDepth = 8
	// maxCode caps the code fence lines and indented code blocks.
	maxCode = 16
)

// Costly reports whether s, text the editor wrote, holds more Markdown than
// weekly parses (see MaxMarkdown and the limits beside it): a draft from
// someone else can hold text made to make a Markdown parser take quadratic
// time. Every writer and the preview ask it, of the same text, so a costly
// text shows the same everywhere: as the characters it is made of, with
// its line breaks (Literal for Markdown, the text as typed for the
// plain-text email, escaped for HTML). It takes time linear in s, and
// gives the same answer for s with Windows line endings, white space at
// line ends or blank lines around it.
func Costly(s string) bool {
	t := Text(s)
	size, blocks, marks, code := 0, 0, 0, 0
	codeBefore := false // the line before is indented as code
	for line := range strings.Lines(t) {
		line = strings.TrimRight(line, " \n")
		if size += len(line); size > MaxMarkdown {
			return true
		}
		if strings.TrimLeft(line, " ") == "" {
			codeBefore = false
			continue
		}
		// The list and quote marks at the start of the line.
		i, indent, depth, first := 0, 0, 0, 0
	lead:
		for i < len(line) {
			switch c := line[i]; {
			case c == ' ':
				indent++
				i++
				continue
			case c == '>':
			case (c == '-' || c == '+' || c == '*') && (i+1 == len(line) || line[i+1] == ' '):
			case c >= '0' && c <= '9':
				j := i
				for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
					j++
				}
				if j == len(line) || (line[j] != '.' && line[j] != ')') || (j+1 < len(line) && line[j+1] != ' ') {
					break lead
				}
				i = j
			default:
				break lead
			}
			if depth == 0 {
				first = indent
			}
			depth++
			indent = 0
			i++
		}
		if depth > 0 && depth+first/2 > maxDepth {
			return true
		}
		if blocks += 1 + 2*depth; blocks > maxBlocks {
			return true
		}
		rest := line[i:]
		isCode := indent >= 4 && depth == 0 || indent >= 5
		if isCode && !codeBefore || strings.HasPrefix(rest, "```") || strings.HasPrefix(rest, "~~~") {
			if code++; code > maxCode {
				return true
			}
		}
		codeBefore = isCode
		for j := 0; j < len(rest); j++ {
			switch c := rest[j]; c {
			case '\\':
				j++ // an escaped character is text
			case '*', '_', '~', '`':
				marks++
				for j+1 < len(rest) && rest[j+1] == c {
					j++
				}
			case '[', '<':
				marks++
			}
		}
		if marks > maxMarks {
			return true
		}
	}
	return false
}

// Literal returns text as Markdown that shows exactly its characters, in
// one paragraph whose lines break where the text's do (a blank line as
// a line of its own), white space around each line and blank lines around
// the text dropped. Nothing in it is Markdown but the escapes and the line
// breaks, so any parser reads it in linear time. It is what a costly text
// (see Costly) is written as.
func Literal(s string) string {
	lines := strings.Split(Text(s), "\n")
	for len(lines) > 0 && strings.Trim(lines[0], " ") == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.Trim(lines[len(lines)-1], " ") == "" {
		lines = lines[:len(lines)-1]
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\\\n") // a hard line break
		}
		l = markdownEscaper.Replace(strings.Trim(l, " "))
		switch {
		case strings.HasPrefix(l, "="):
			l = "&#61;" + l[1:] // would underline the paragraph as a heading
		case strings.HasPrefix(l, ":"):
			l = "&#58;" + l[1:] // would make it a definition's term
		}
		b.WriteString(l)
	}
	return b.String()
}
