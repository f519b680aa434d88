package html

import (
	stdhtml "html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// maxPreheader caps the preheader: mail clients show 40 to 140 characters
// of it beside the subject, and an intro with no full stop is not all of
// it.
const maxPreheader = 300

// preheaderPad follows the preheader, hidden with it: without it a mail
// client shows, after the sentence, the first words of the body ("View this
// issue in your browser", the newsletter's name). Each pair is a
// no-break space and a zero-width non-joiner, which clients show as blank.
const preheaderPad = "&nbsp;&zwnj;"

// blockEnds are the closing tags of the blocks goldmark writes; the first
// of them ends an intro's first block.
var blockEnds = []string{"</p>", "</h1>", "</h2>", "</h3>", "</h4>", "</h5>", "</h6>", "</li>", "</pre>"}

// firstBlockText returns the text of the first block of goldmark's HTML
// (a paragraph, heading, list item or code block): its tags dropped, its
// character references decoded, its white space made single spaces.
// goldmark escapes every "<" of the text, so every "<" opens a tag.
func firstBlockText(h string) string {
	end := len(h)
	for _, tag := range blockEnds {
		if i := strings.Index(h[:end], tag); i >= 0 {
			end = i
		}
	}
	h = h[:end]
	var b strings.Builder
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		if strings.HasPrefix(h[i:], "<br") {
			b.WriteByte(' ')
		}
		h = h[i+j+1:]
	}
	return strings.Join(strings.Fields(stdhtml.UnescapeString(b.String())), " ")
}

// firstSentence returns the first sentence of text, its white space made
// single spaces, cut short (sanitize.Clip) past maxPreheader characters.
// A sentence ends at "!" or "?", or at "." or "…" before a word that
// starts with a capital or a digit, unless the word before the full stop is
// an initial ("J. Smith") or a title ("Dr. Smith"); "e.g." and "i.e." end
// none. The preheader is made of it: most intros' first sentence says what
// the issue holds.
func firstSentence(text string) string {
	words := strings.Fields(sanitize.Line(text))
	n := len(words)
	for i, w := range words[:max(n-1, 0)] {
		if ends(w, words[i+1]) {
			n = i + 1
			break
		}
	}
	return sanitize.Clip(strings.Join(words[:n], " "), maxPreheader)
}

// titles are the abbreviations that stand before a name, and
// neverLast those that never end a sentence.
var (
	titles    = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "prof": true, "no": true}
	neverLast = map[string]bool{"e.g": true, "i.e": true, "cf": true, "vs": true, "approx": true}
)

// ends reports whether a sentence ends with word w, next being the word
// after it.
func ends(w, next string) bool {
	w = strings.TrimRight(w, `"')]’”»`)
	last, _ := utf8.DecodeLastRuneInString(w)
	switch last {
	case '!', '?':
		return true
	case '.', '…':
	default:
		return false
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(next, `"'([‘“«`))
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	stem := strings.ToLower(strings.TrimRight(strings.TrimLeft(w, `"'([‘“«`), ".…"))
	if r, n := utf8.DecodeRuneInString(stem); n == len(stem) && !unicode.IsDigit(r) {
		return false // an initial, or nothing but the stop
	}
	return !titles[stem] && !neverLast[stem]
}
