package index

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/weekly-dev/weekly/internal/archive/query"
)

// Marker finds the words of a text that a query matched, as the index
// matched them: the same stem ("deployments" marks "deploy"), or, for a
// word of fuzzyFrom letters or more, a stem one typo away.
type Marker struct {
	an     analysis.Analyzer
	exact  map[string]bool
	fuzzy  []string
	prefix string // the word being typed: the words it begins are marked
}

// marker returns the marker of q's words.
func (x *Index) marker(q query.Query) Marker {
	mk := Marker{an: x.an, exact: map[string]bool{}}
	for _, c := range q.Clauses {
		if c.Not || c.Field != query.Text && c.Field != query.Title && c.Field != query.Blurb {
			continue
		}
		fuzzy := !c.Phrase && utf8.RuneCountInString(c.Value) >= fuzzyFrom
		for _, t := range mk.an.Analyze([]byte(c.Value)) {
			mk.exact[string(t.Term)] = true
			if fuzzy {
				mk.fuzzy = append(mk.fuzzy, string(t.Term))
			}
		}
	}
	return mk
}

// Spans returns the byte ranges [start, end) of the words of text that
// the query matched, in order.
func (mk Marker) Spans(text string) [][2]int {
	if mk.an == nil || len(mk.exact) == 0 && mk.prefix == "" {
		return nil
	}
	var out [][2]int
	for _, t := range mk.an.Analyze([]byte(text)) {
		term := string(t.Term)
		ok := mk.exact[term] || mk.prefix != "" && strings.HasPrefix(strings.ToLower(text[max(t.Start, 0):min(t.End, len(text))]), mk.prefix)
		for _, f := range mk.fuzzy {
			if ok {
				break
			}
			ok = oneEdit(term, f)
		}
		if ok && t.Start >= 0 && t.End <= len(text) && t.Start < t.End {
			out = append(out, [2]int{t.Start, t.End})
		}
	}
	return out
}

// Mark returns text with each matched word between open and close.
func (mk Marker) Mark(text, open, close string) string {
	spans := mk.Spans(text)
	if len(spans) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, s := range spans {
		if s[0] < last {
			continue
		}
		b.WriteString(text[last:s[0]])
		b.WriteString(open)
		b.WriteString(text[s[0]:s[1]])
		b.WriteString(close)
		last = s[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// oneEdit reports whether a and b are at most one edit apart: a letter
// added, dropped or changed (as bleve's fuzziness 1 counts them).
func oneEdit(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i+1:]) == string(rb[i:])
}
