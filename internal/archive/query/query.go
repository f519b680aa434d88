// Package query reads what an editor types to search the archive: words,
// phrases in double quotes, -word (or -"phrase", -field:value) to leave
// out, and fields: section:tools, host:github.com, issue:519 (or a range,
// issue:500..520), year:2020 (year:2019..2021), title:word and
// blurb:word. Anything can be typed: there is no syntax error, only text
// that is taken as words (an unknown field such as "https:" is a word).
package query

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field is what a clause looks in.
type Field string

// The fields a clause may name; Text is the words of the items (blurb,
// title and the words of their links).
const (
	Text    Field = ""
	Section Field = "section"
	Host    Field = "host"
	Issue   Field = "issue"
	Year    Field = "year"
	Title   Field = "title"
	Blurb   Field = "blurb"
)

var fields = map[string]Field{"section": Section, "host": Host, "issue": Issue, "year": Year, "title": Title, "blurb": Blurb}

// MaxLen is the most of a query that is read, in bytes: far more than
// anyone types, little enough that a pasted page stays quick.
const MaxLen = 1024

// Clause is one part of a query.
type Clause struct {
	Field Field
	// Value is the word, the phrase (without its quotes) or the field's
	// value as typed; for Host, the host in lower case without "www.";
	// for Issue and Year, as typed.
	Value string
	// Phrase says Value was quoted: its words must come in that order.
	Phrase bool
	// Not says the clause leaves out what it matches.
	Not bool
	// Min and Max bound Issue and Year, both included; 0 is open.
	Min, Max int
}

// Query is a parsed query: its clauses in the order typed.
type Query struct {
	Clauses []Clause
}

// Empty reports whether the query asks for nothing.
func (q Query) Empty() bool { return len(q.Clauses) == 0 }

// Parse reads s. It never fails: what is not a field, a phrase or a
// negation is a word, and an empty field (issue:) is left out.
func Parse(s string) Query {
	if len(s) > MaxLen {
		s = s[:MaxLen] // a rune cut in two is a gap, as a byte that is not UTF-8 is
	}
	var q Query
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if gap(r) {
			s = s[n:]
			continue
		}
		var c Clause
		if r == '-' {
			c.Not = true
			s = s[1:]
			if r, _ := utf8.DecodeRuneInString(s); s == "" || gap(r) {
				continue // a lone "-"
			}
		}
		var ok bool
		if s[0] == '"' {
			c.Value, s = quoted(s)
			c.Phrase = true
			ok = strings.TrimSpace(c.Value) != ""
		} else {
			var word string
			word, s = bare(s)
			c, ok = field(c, word, &s)
		}
		if ok {
			q.Clauses = append(q.Clauses, c)
		}
	}
	return q
}

// field makes a clause of word, a field when it names one; a quoted value
// (section:"ops team") is read from rest.
func field(c Clause, word string, rest *string) (Clause, bool) {
	if word == "" {
		return c, false
	}
	name, value, has := strings.Cut(word, ":")
	f, known := fields[strings.ToLower(name)]
	if !has || !known {
		c.Value = word
		return c, true
	}
	c.Field = f
	if value == "" && strings.HasPrefix(*rest, `"`) {
		value, *rest = quoted(*rest)
		c.Phrase = f != Host && f != Issue && f != Year
	}
	value = strings.TrimSpace(value)
	switch f {
	case Issue, Year:
		lo, hi, ok := numbers(value)
		if !ok {
			return c, false
		}
		c.Value, c.Min, c.Max = value, lo, hi
	case Host:
		c.Value = host(value)
	default:
		c.Value = value
	}
	return c, c.Value != ""
}

// quoted reads a phrase at the start of s (which starts with a double
// quote) up to the closing quote, or to the end when there is none.
func quoted(s string) (phrase, rest string) {
	s = s[1:]
	if i := strings.IndexByte(s, '"'); i >= 0 {
		return clean(s[:i]), s[i+1:]
	}
	return clean(s), ""
}

// bare reads a word up to white space, or up to a quote that opens a
// field's value (section:"…").
func bare(s string) (word, rest string) {
	for i, r := range s {
		if gap(r) {
			return s[:i], s[i:]
		}
		if r == '"' && i > 0 && s[i-1] == ':' {
			return s[:i], s[i:]
		}
	}
	return s, ""
}

// clean folds white space and control characters in a phrase to single
// spaces.
func clean(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return gap(r) || r == '"' }), " ")
}

// gap reports whether r separates clauses: white space, a control
// character, or a byte that is not UTF-8.
func gap(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError }

// numbers reads "519", "500..520", "2019-2021", "500.." or "..520".
func numbers(s string) (lo, hi int, ok bool) {
	a, b, isRange := strings.Cut(s, "..")
	if !isRange {
		a, b, isRange = strings.Cut(s, "-")
	}
	num := func(t string) (int, bool) {
		if t == "" {
			return 0, true
		}
		if len(t) > 9 {
			return 0, false
		}
		n, err := strconv.Atoi(t)
		return n, err == nil && n > 0
	}
	lo, okLo := num(a)
	if !isRange {
		return lo, lo, okLo && lo > 0
	}
	hi, okHi := num(b)
	if !okLo || !okHi || lo == 0 && hi == 0 || hi > 0 && hi < lo {
		return 0, 0, false
	}
	return lo, hi, true
}

// host reads a host as the index keeps it: lower case, without scheme,
// "www.", port or path.
func host(s string) string {
	s = strings.ToLower(s)
	if f := strings.Fields(s); len(f) > 0 {
		s = f[0]
	}
	if _, after, ok := strings.Cut(s, "://"); ok {
		s = after
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	// A port, or anything else a host name cannot hold (a colon, a quote):
	// the name ends there, and what is left reads back the same.
	if i := strings.IndexFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '.' && r != '_'
	}); i >= 0 {
		s = s[:i]
	}
	for {
		t := strings.TrimPrefix(strings.Trim(s, "."), "www.")
		if t == s {
			return s
		}
		s = t
	}
}

// String writes the query back in the form Parse reads, one space between
// clauses: Parse(q.String()) is q.
func (q Query) String() string {
	parts := make([]string, len(q.Clauses))
	for i, c := range q.Clauses {
		s := c.Value
		if c.Phrase {
			s = `"` + s + `"`
		}
		if c.Field != Text {
			s = string(c.Field) + ":" + s
		}
		if c.Not {
			s = "-" + s
		}
		parts[i] = s
	}
	return strings.Join(parts, " ")
}

// Words returns the words and phrases the query looks for (not those it
// leaves out, nor fields other than Text, Title and Blurb): what a hit
// marks.
func (q Query) Words() []string {
	var out []string
	for _, c := range q.Clauses {
		if !c.Not && (c.Field == Text || c.Field == Title || c.Field == Blurb) {
			out = append(out, c.Value)
		}
	}
	return out
}
