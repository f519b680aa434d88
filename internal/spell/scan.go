package spell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a word of a text, by its byte offsets.
type Span struct{ Start, End int }

// Words returns the words of a Markdown text that a spell checker should
// look at. Left out: code spans and fenced code, link destinations and
// autolinks, URLs, host names, paths, addresses and file names (anything
// with "://", "/", "@", "_" or a dot between letters), words with digits,
// acronyms in capitals, names with a capital inside (GitHub), hashtags and
// single letters. A hyphenated word is two words; an apostrophe belongs to
// its word.
func Words(text string) []Span {
	var out []Span
	fence := ""
	for i := 0; i < len(text); {
		if lineStart(text, i) {
			if f := fenceOf(text[i:]); f != "" && (fence == "" || strings.HasPrefix(f, fence)) {
				if fence == "" {
					fence = f
				} else {
					fence = ""
				}
				i = lineEnd(text, i)
				continue
			}
			if fence != "" {
				i = lineEnd(text, i)
				continue
			}
		}
		switch c := text[i]; {
		case c == '`':
			i = skipCode(text, i)
		case c == ']' && strings.HasPrefix(text[i:], "]("):
			i = skipDestination(text, i+2)
		case c == '<':
			i = skipAngle(text, i)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		default:
			j := max(chunkEnd(text, i), i+1) // always forward
			out = appendChunk(out, text, i, j)
			i = j
		}
	}
	return out
}

// lineStart reports whether i starts a line.
func lineStart(text string, i int) bool { return i == 0 || text[i-1] == '\n' }

// lineEnd returns the index after the line that holds i.
func lineEnd(text string, i int) int {
	if k := strings.IndexByte(text[i:], '\n'); k >= 0 {
		return i + k + 1
	}
	return len(text)
}

// fenceOf returns the fence (``` or ~~~, as long as written) that opens
// or closes a code block on this line, after up to three spaces, or "".
func fenceOf(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return t[:n]
}

// skipCode skips a code span starting at i: a run of backticks up to the
// next run just as long. A run without its match is skipped alone.
func skipCode(text string, i int) int {
	n := 0
	for i+n < len(text) && text[i+n] == '`' {
		n++
	}
	run := text[i : i+n]
	for k := i + n; k < len(text); {
		j := strings.Index(text[k:], run)
		if j < 0 {
			break
		}
		j += k
		end := j + n
		if end < len(text) && text[end] == '`' {
			for end < len(text) && text[end] == '`' {
				end++
			}
			k = end
			continue
		}
		return end
	}
	return i + n
}

// skipDestination skips a link's destination from i (after "](") to its
// closing parenthesis, counting nested ones.
func skipDestination(text string, i int) int {
	depth := 1
	for ; i < len(text); i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '\n':
			return i
		}
	}
	return i
}

// skipAngle skips an autolink or an HTML tag (<...> without white space).
func skipAngle(text string, i int) int {
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '>':
			return j + 1
		case ' ', '\t', '\n', '\r', '<':
			return i + 1
		}
	}
	return i + 1
}

// chunkEnd returns the end of the run of text from i up to white space,
// a backtick, a link's "](" or a "<".
func chunkEnd(text string, i int) int {
	for j := i; j < len(text); j++ {
		switch text[j] {
		case ' ', '\t', '\n', '\r', '`', '<':
			return j
		case ']':
			if strings.HasPrefix(text[j:], "](") {
				return max(j, i+1)
			}
		}
	}
	return len(text)
}

// appendChunk adds the words of text[i:j], a run without white space.
func appendChunk(out []Span, text string, i, j int) []Span {
	s, e := i, j
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if isAlnum(r) {
			break
		}
		if r == '#' || r == '@' || r == '$' || r == '~' || r == '\\' {
			return out // a hashtag, a handle, a variable, a path
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if isAlnum(r) {
			break
		}
		e -= n
	}
	if s == e {
		return out
	}
	chunk := text[s:e]
	if strings.Contains(chunk, "://") || strings.HasPrefix(chunk, "www.") || strings.ContainsAny(chunk, "/@_=\\#&%+|") || innerDot(chunk) {
		return out
	}
	// Words are runs of letters and apostrophes; anything else (a hyphen,
	// a dash, a bracket) separates them.
	for k := s; k < e; {
		r, n := utf8.DecodeRuneInString(text[k:e])
		if !isWordRune(r) && !unicode.IsDigit(r) {
			k += n
			continue
		}
		w := k
		for w < e {
			r, n := utf8.DecodeRuneInString(text[w:e])
			if !isWordRune(r) && !unicode.IsDigit(r) {
				break
			}
			w += n
		}
		ws, we := trimApostrophes(text, k, w)
		if checkable(text[ws:we]) {
			out = append(out, Span{ws, we})
		}
		k = w
	}
	return out
}

// isWordRune reports whether r belongs in a word: a letter, a combining
// mark or an apostrophe.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == '\'' || r == '’'
}

// isAlnum reports whether r is a letter, a combining mark or a digit.
func isAlnum(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.IsDigit(r)
}

// innerDot reports whether s has a dot between two letters or digits, as
// host names, file names and versions do (but "e.g." does too).
func innerDot(s string) bool {
	for k := 1; k < len(s)-1; k++ {
		if s[k] == '.' && isAlnumByte(s[k-1]) && isAlnumByte(s[k+1]) {
			return true
		}
	}
	return false
}

func isAlnumByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// trimApostrophes narrows text[s:e] to leave out apostrophes at its ends
// (quotes, or a plural possessive).
func trimApostrophes(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if r != '\'' && r != '’' {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if r != '\'' && r != '’' {
			break
		}
		e -= n
	}
	return s, e
}

// checkable reports whether a word is one to look up: at least two
// letters, no digits, and no capital after its first letter (acronyms in
// capitals, APIs, and names such as GitHub or iOS are left alone).
func checkable(w string) bool {
	letters := 0
	for k, r := range w {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsUpper(r) && k > 0:
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 2
}
