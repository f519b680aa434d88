package board

import "strings"

// A text matches a query when its lower case (strings.ToLower) contains
// the query, which is in lower case. For an ASCII query that is looked for
// in the text itself, byte by byte and without allocating: only ASCII
// letters and two characters lower to ASCII, İ (U+0130) to i and the
// Kelvin sign (U+212A) to k.
const (
	dotI   = "\u0130"
	kelvin = "\u212A"
)

// needle is a query made ready for looking: in lower case, whether it is
// all ASCII, and for an ASCII one the place of its anchor (see anchor) and
// the bytes a text may have there.
type needle struct {
	q     string
	ascii bool
	k     int     // the anchor's place in q
	bytes [3]byte // the bytes s may have where q has its anchor
	n     int     // how many of bytes there are
}

// newNeedle returns the needle of q, which is in lower case.
func newNeedle(q string) needle {
	n := needle{q: q, ascii: true}
	for i := range len(q) {
		if q[i] >= 0x80 {
			n.ascii = false
			return n
		}
	}
	if q == "" {
		return n
	}
	n.k = anchor(q)
	c := q[n.k]
	n.bytes[0] = c
	n.n = 1
	if 'a' <= c && c <= 'z' {
		n.bytes[n.n] = c - ('a' - 'A')
		n.n++
	}
	switch c {
	case 'i':
		n.bytes[n.n] = dotI[0]
		n.n++
	case 'k':
		n.bytes[n.n] = kelvin[0]
		n.n++
	}
	return n
}

// index returns where in s the needle is first found at or after from, or
// -1. A needle that is not ASCII is looked for in s's lower case, whose
// offsets are not s's: it is found at 0 when s holds it anywhere.
func (nd needle) index(s string, from int) int {
	if !nd.ascii {
		if strings.Contains(strings.ToLower(s), nd.q) {
			return 0
		}
		return -1
	}
	return nd.indexFold(s, from)
}

// indexFold returns the first offset at or after from where s begins with
// text whose lower case is the needle's (ASCII, not empty), or -1. A
// match at from itself is tried first: a growing query is looked for from
// where the shorter one was found. Other matches are looked for by the
// query's rarest byte (see anchor), found with strings.IndexByte in both
// its cases, each looked for once from where the last look left off.
func (nd needle) indexFold(s string, from int) int {
	q, k, bytes, n := nd.q, nd.k, &nd.bytes, nd.n
	if from+len(q) > len(s) {
		return -1
	}
	if hasFoldPrefix(s[from:], q) {
		return from
	}
	next := [3]int{-2, -2, -2} // where bytes[j] is next, -1 nowhere, -2 not looked for yet
	for from++; from+len(q) <= len(s); {
		p := -1 // the next place of the anchor for a match at or after from
		for j := range n {
			if next[j] == -2 || next[j] >= 0 && next[j] < from+k {
				next[j] = indexFrom(s, bytes[j], from+k)
			}
			if next[j] >= 0 && (p < 0 || next[j] < p) {
				p = next[j]
			}
		}
		if p < 0 {
			return -1
		}
		if hasFoldPrefix(s[p-k:], q) {
			return p - k
		}
		from = p - k + 1
	}
	return -1
}

// common is ASCII in about the order of how often it is met in titles,
// blurbs and links, the most often first; what is missing is rarer.
const common = " etaoinsrhldcumfpgwybv./:-,kxjqz"

// anchor returns the place in q of its rarest byte, looked for first: a
// digit rather than a letter, a z rather than an e. It is a place whose
// offset in a match is fixed: before it q has no i or k, which s may hold
// as İ or K, longer than one byte.
func anchor(q string) int {
	best, rank := 0, -1
	for k := range len(q) {
		c := q[k]
		r := strings.IndexByte(common, c)
		if r < 0 {
			r = len(common)
		}
		if r > rank {
			best, rank = k, r
		}
		if c == 'i' || c == 'k' {
			break
		}
	}
	return best
}

// indexFrom is the index of byte c in s at or after from, or -1.
func indexFrom(s string, c byte, from int) int {
	if i := strings.IndexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return -1
}

// hasFoldPrefix reports whether s begins with text whose lower case is q
// (ASCII, lower case).
func hasFoldPrefix(s, q string) bool {
	j := 0
	for k := range len(q) {
		c := q[k]
		if j < len(s) {
			b := s[j]
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			if b == c {
				j++
				continue
			}
		}
		switch {
		case c == 'i' && strings.HasPrefix(s[j:], dotI):
			j += len(dotI)
		case c == 'k' && strings.HasPrefix(s[j:], kelvin):
			j += len(kelvin)
		default:
			return false
		}
	}
	return true
}
