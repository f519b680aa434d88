package spell

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The letters tried in suggestions besides a-z: those the shipped
// dictionary's TRY line adds, and an apostrophe (dont → don't).
const tryExtra = "éóöâôçèîêàïüäñ'"

// candidate is a suggestion with what ranks it.
type candidate struct {
	word  string
	dist  int  // edits away
	tier  int8 // 0 the commonest words, 1 common, 2 other words, 3 two words
	first bool // the edit changes the first letter (seldom mistyped)
	kind  int8 // 0 a known misspelling or swap, 1 a neighbouring key or a letter left out or in, 2 another letter
}

// Suggest returns up to n words the misspelt word may have meant, the
// likeliest first: words one edit away (a letter left out, added,
// swapped or mistyped), the dictionary's known misspellings, two words
// run together, and allowed words up to two edits away. Common words rank
// first, then edits that keep the first letter. A word with no candidate
// gets none.
func (c *Checker) Suggest(word string, n int) ([]string, error) {
	if err := c.Load(); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.sugs[word]; ok {
		return slices.Clone(s[:min(n, len(s))]), nil
	}
	c.d.mu.Lock()
	defer c.d.mu.Unlock()
	all := c.suggest(word)
	if len(c.sugs) > 10000 {
		clear(c.sugs)
	}
	c.sugs[word] = all
	return slices.Clone(all[:min(n, len(all))]), nil
}

// suggest ranks every candidate for word; c.mu and c.d.mu are held.
func (c *Checker) suggest(word string) []string {
	word = strings.ReplaceAll(word, "’", "'")
	title := isTitle(word)
	base := word
	if title {
		base = strings.ToLower(word)
	}
	best := map[string]candidate{}
	add := func(w string, cd candidate) {
		if w == base || w == "" {
			return
		}
		cd.word = w
		if old, ok := best[w]; ok && !better(cd, old) {
			return
		}
		best[w] = cd
	}
	known := func(w string) bool { return c.d.known(w) && !strings.ContainsAny(w, "-.") }

	for _, rep := range c.d.reps {
		for k := 0; ; {
			j := strings.Index(base[k:], rep[0])
			if j < 0 {
				break
			}
			j += k
			w := base[:j] + rep[1] + base[j+len(rep[0]):]
			if !strings.Contains(w, " ") && known(w) {
				add(w, candidate{dist: 1, tier: c.tierOf(w), first: j == 0})
			}
			k = j + 1
		}
	}
	edits(base, func(w string, kind int8, first bool) {
		if known(w) {
			add(w, candidate{dist: 1, tier: c.tierOf(w), first: first, kind: kind})
		}
	})
	for k := 1; k < len(base); k++ {
		if !utf8.RuneStart(base[k]) {
			continue
		}
		l, r := base[:k], base[k:]
		// Only common words: two rare ones make nonsense (Dob son).
		if len(l) >= 2 && len(r) >= 2 && c.tierOf(l) < 2 && c.tierOf(r) < 2 {
			add(l+" "+r, candidate{dist: 1, tier: 3, kind: 2})
		}
	}
	lb := strings.ToLower(base)
	near := func(k, w string) {
		if d := osa(lb, k, 2); d <= 2 && k != lb && (d == 1 || utf8.RuneCountInString(lb) >= 6) {
			add(w, candidate{dist: d, tier: 2, first: k[0] != lb[0], kind: 1})
		}
	}
	for k, w := range c.allowed {
		near(k, w)
	}
	for k, w := range c.d.terms {
		near(k, w)
	}

	list := make([]candidate, 0, len(best))
	for _, cd := range best {
		list = append(list, cd)
	}
	sort.Slice(list, func(i, j int) bool { return better(list[i], list[j]) })
	out := make([]string, 0, len(list))
	seen := map[string]bool{}
	for _, cd := range list {
		w := cd.word
		if title && !hasUpper(w) {
			w = toTitle(w)
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// better orders candidates: fewer edits, then commoner, then keeping the
// first letter, then the kind of edit, then alphabetically.
func better(a, b candidate) bool {
	switch {
	case a.dist != b.dist:
		return a.dist < b.dist
	case a.tier != b.tier:
		return a.tier < b.tier
	case a.first != b.first:
		return !a.first
	case a.kind != b.kind:
		return a.kind < b.kind
	}
	return a.word < b.word
}

// tierOf says how common a word is: 0 among the commonest English words,
// 1 common, 2 otherwise.
func (c *Checker) tierOf(w string) int8 {
	if t, ok := c.d.tier[w]; ok {
		return t
	}
	return 2
}

// edits calls fn with every string one edit from w: a letter deleted,
// two neighbours swapped, a letter replaced or one inserted; kind and
// first are as in candidate.
func edits(w string, fn func(s string, kind int8, first bool)) {
	rs := []rune(w)
	letters := []rune("abcdefghijklmnopqrstuvwxyz" + tryExtra)
	var b strings.Builder
	str := func(parts ...[]rune) string {
		b.Reset()
		for _, p := range parts {
			for _, r := range p {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	for i := range rs {
		fn(str(rs[:i], rs[i+1:]), 1, i == 0)
		if i+1 < len(rs) && rs[i] != rs[i+1] {
			fn(str(rs[:i], []rune{rs[i+1], rs[i]}, rs[i+2:]), 0, i == 0)
		}
		for _, l := range letters {
			if l == rs[i] {
				continue
			}
			kind := int8(2)
			if neighbours(rs[i], l) {
				kind = 1
			}
			fn(str(rs[:i], []rune{l}, rs[i+1:]), kind, i == 0)
		}
	}
	for i := 0; i <= len(rs); i++ {
		for _, l := range letters {
			fn(str(rs[:i], []rune{l}, rs[i:]), 1, i == 0)
		}
	}
}

// neighbours reports whether two letters are next to each other on a
// QWERTY keyboard.
func neighbours(a, b rune) bool {
	rows := [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	ra, ca, rb, cb := -1, 0, -1, 0
	for r, row := range rows {
		if i := strings.IndexRune(row, unicode.ToLower(a)); i >= 0 {
			ra, ca = r, i
		}
		if i := strings.IndexRune(row, unicode.ToLower(b)); i >= 0 {
			rb, cb = r, i
		}
	}
	if ra < 0 || rb < 0 {
		return false
	}
	dr, dc := ra-rb, ca-cb
	return (dr != 0 || dc != 0) && dr*dr <= 1 && dc*dc <= 1
}

// osa returns the optimal string alignment distance between a and b (the
// edits of Suggest), or limit+1 when it is more than limit.
func osa(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// isTitle reports whether w is capitalised and otherwise lower case.
func isTitle(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && !hasUpper(w[n:])
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func toTitle(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}
