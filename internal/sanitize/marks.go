package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxMarks is the most combining marks and other zero-width characters
// CapMarks leaves after one character. No script stacks more than a few
// marks (Vietnamese two, Hebrew with its cantillation four), and the
// longest emoji tag sequence (a subdivision flag) has six; Zalgo text
// stacks thousands.
const MaxMarks = 8

// CapMarks returns s with at most MaxMarks combining marks and other
// zero-width characters (joiners, zero-width spaces, tags) after any one
// character; the rest of a longer stack is dropped. A terminal draws every
// mark it is sent, all in the cell of the character they follow, so a
// blurb of 100,000 marks on one letter would reach the screen whole on
// every frame however narrow the line it is cut to; and the editor's
// textarea takes time that grows with the square of such a stack to lay it
// out. The panes call it on what they draw; escape sequences, being ASCII,
// pass through untouched. s comes back unchanged, without copying, when no
// stack is too high.
func CapMarks(s string) string {
	cut := -1 // where the first character over the cap starts
	run := 0
	for i, r := range s {
		if r < 0x300 || !zeroWidth(r) {
			run = 0
			continue
		}
		if run++; run > MaxMarks {
			cut = i
			break
		}
	}
	if cut < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:cut])
	for _, r := range s[cut:] {
		if !zeroWidth(r) {
			run = 0
		} else if run++; run > MaxMarks {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// zeroWidth reports whether r takes no cell of its own: a combining mark,
// which joins the character before it, or a format character such as a
// joiner or a zero-width space.
func zeroWidth(r rune) bool {
	return r != utf8.RuneError && (unicode.Is(unicode.M, r) || unicode.Is(unicode.Cf, r))
}
