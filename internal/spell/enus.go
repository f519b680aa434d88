package spell

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	_ "embed" // the shipped dictionary's words

	"github.com/blevesearch/vellum"
)

// enUSWords are the shipped en_US dictionary's words, every form its
// affixes make of dict/en_US.dic (79,013 roots give 166,788 words), as a
// finite-state transducer (vellum): 564 KB in the binary and next to
// nothing on the heap, where gospell's maps of the same words take 43 MB
// and a third of a second to build. The value of a word is 0, or
// refusedAlone. gen/main.go writes the file from dict/en_US.aff and .dic:
//
//	go generate ./internal/spell   # needs unmunch: apt-get install hunspell-tools
//
//go:generate go run ./gen
//go:embed dict/en_US.fst
var enUSWords []byte

// refusedAlone is the value of a form the dictionary holds but does not
// take as a word alone: 1th, 2th and 3th, which only end ordinals (11th).
const refusedAlone = 1

// wordSet is the shipped dictionary, answering as gospell v0.9.2 answers
// on the same .aff and .dic (with noJoins): the differential tests in
// enus_test.go hold the two to the same answers. What gospell works out
// from the .aff at run time, wordSet has in the set (the affixes' forms)
// or in code (the case rules, numbers, ordinals, hyphens); gen/main.go
// refuses a .aff with directives this code does not follow.
//
// It is not safe for concurrent use: callers hold dictionary.mu.
type wordSet struct {
	r   *vellum.Reader
	key []byte // a look-up's key, reused
}

func loadWordSet() (*wordSet, error) {
	fst, err := vellum.Load(enUSWords)
	if err != nil {
		return nil, fmt.Errorf("spelling dictionary %s: %w", Shipped, err)
	}
	r, err := fst.Reader()
	if err != nil {
		return nil, fmt.Errorf("spelling dictionary %s: %w", Shipped, err)
	}
	return &wordSet{r: r}, nil
}

// spell reports whether word is spelt right; gospell's GoSpell.Spell.
func (s *wordSet) spell(word string) bool {
	// ICONV ’ ': as gospell converts, an invalid byte becomes U+FFFD.
	return s.converted(strings.Map(func(r rune) rune {
		if r == '’' {
			return '\''
		}
		return r
	}, word))
}

// converted is gospell's spellConverted for en_US, which forbids no word.
func (s *wordSet) converted(word string) bool {
	if strings.ContainsRune(word, ' ') {
		parts := strings.Fields(word)
		for _, p := range parts {
			if !s.converted(p) {
				return false
			}
		}
		return len(parts) > 0
	}
	if s.exact(word) {
		return true
	}
	// The case rules of Hunspell: Title and ALLCAPS words may be a lower
	// case word; ALLCAPS may be a Title one or end in a lower case
	// possessive. lower case words and mIxed case ones have no fallback.
	switch caseStyle(word) {
	case titleCase:
		lower := strings.ToLower(word)
		r, size := utf8.DecodeRuneInString(lower)
		if string(unicode.ToUpper(r))+lower[size:] == word && s.exact(lower) {
			return true
		}
	case allUpper:
		lower := strings.ToLower(word)
		if strings.ToUpper(lower) == word && s.exact(lower) {
			return true
		}
		if idx := strings.LastIndexByte(word, '\''); idx > 0 && idx+1 < len(word) {
			possessive := word[:idx] + strings.ToLower(word[idx:])
			if possessive != word && s.exact(possessive) {
				return true
			}
			if rest := strings.ToLower(word[idx+1:]); rest != "" {
				r, size := utf8.DecodeRuneInString(rest)
				prefixed := word[:idx+1] + string(unicode.ToUpper(r)) + rest[size:]
				if prefixed != word && s.exact(prefixed) {
					return true
				}
			}
		}
		if _, size := utf8.DecodeRuneInString(word); size > 0 {
			if s.exact(word[:size] + strings.ToLower(word[size:])) {
				return true
			}
		}
	}
	// An abbreviation's full stop.
	if strings.HasSuffix(word, ".") {
		return s.converted(strings.TrimSuffix(word, "."))
	}
	return false
}

var (
	// numeric is gospell's numericTokenRegexp: 42, 1,000, 3.14, 2024-05.
	numeric = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([\p{Nd}]+[.,-]?)+$`) })
	// ordinal is en_US's two COMPOUNDRULEs as gospell compiles them from
	// the roots their flags name: n*1t (11th, 112th) and n*mp (21st, 100th).
	ordinal = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[0-9]*(1[0-9]th|[02-9]([04-9]th|1st|2nd|3rd))$`)
	})
)

// exact is gospell's spellExact: the word as written, without case rules.
func (s *wordSet) exact(word string) bool {
	s.key = append(s.key[:0], word...)
	v, found, err := s.r.Get(s.key)
	if err == nil && found {
		return v != refusedAlone
	}
	if numeric().MatchString(word) || ordinal().MatchString(word) {
		return true
	}
	return s.broken(word, 0)
}

// broken is gospell's spellBreak with Hunspell's default BREAK patterns
// (en_US names none): words joined by hyphens (well-known), and a word
// with a hyphen before or after it.
func (s *wordSet) broken(word string, depth int) bool {
	if depth > 10 {
		return false
	}
	for offset := 0; offset < len(word); {
		idx := strings.IndexByte(word[offset:], '-')
		if idx < 0 {
			break
		}
		at := offset + idx
		if at > 0 && at+1 < len(word) {
			left, right := word[:at], word[at+1:]
			if (s.exact(left) || s.broken(left, depth+1)) && (s.exact(right) || s.broken(right, depth+1)) {
				return true
			}
		}
		offset = at + 1
	}
	if len(word) > 1 && word[0] == '-' {
		if rest := word[1:]; s.exact(rest) || s.broken(rest, depth+1) {
			return true
		}
	}
	if len(word) > 1 && word[len(word)-1] == '-' {
		if rest := word[:len(word)-1]; s.exact(rest) || s.broken(rest, depth+1) {
			return true
		}
	}
	return false
}

type wordCase int8

const (
	allLower wordCase = iota
	allUpper
	titleCase
	mixedCase
)

// caseStyle is gospell's: apostrophes and digits do not count, any other
// rune that is not a letter makes a word mixed case unless all else is
// lower case.
func caseStyle(word string) wordCase {
	title, upper, lower, n := false, 0, 0, 0
	for _, r := range word {
		if r == '\'' || unicode.IsDigit(r) {
			continue
		}
		n++
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r):
			if n == 1 {
				title = true
			}
			upper++
		}
	}
	switch {
	case n == lower:
		return allLower
	case n == upper:
		return allUpper
	case title && n-1 == lower:
		return titleCase
	}
	return mixedCase
}
