// Package spell checks the spelling of an issue's text: a Hunspell
// dictionary (en_US, shipped with weekly, or one of the system's), the
// field's common terms, the newsletter's own word list and the names it
// learned from earlier issues.
//
// The shipped dictionary is a set of every word its affixes make, built
// ahead of time (enus.go; `go generate ./internal/spell` remakes it from
// dict/en_US.aff and .dic): it loads at once and holds next to nothing on
// the heap. A dictionary of the system's is read with gospell, which works
// out forms as they are looked up: nothing is loaded until such a Checker
// is first used, as that takes a quarter of a second or more and tens of
// megabytes.
package spell

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "embed" // the dictionary and word lists ship inside weekly

	"github.com/client9/gospell"
)

// The shipped dictionary: Hunspell en_US from SCOWL (see dict/LICENSE),
// whose words are in enUSWords (enus.go); the .aff is read for its REP
// pairs.
var (
	//go:embed dict/en_US.aff
	enUSAff string
	//go:embed dict/terms.txt
	shippedTerms string
	//go:embed dict/common10.txt
	common10 string
	//go:embed dict/common20.txt
	common20 string
)

// Shipped is the name of the dictionary weekly carries.
const Shipped = "en_US"

// Options choose a Checker's dictionary.
type Options struct {
	// Lang names a Hunspell dictionary (en_GB for en_GB.aff and en_GB.dic)
	// looked for in Dirs; empty means the shipped en_US.
	Lang string
	// Dirs are the folders Lang is looked for in; nil means SearchPaths.
	Dirs []string
}

// SearchPaths returns the folders a named dictionary is looked for in:
// those of $DICPATH, then /usr/share/hunspell and /usr/local/share/hunspell.
func SearchPaths() []string { return gospell.SearchPaths() }

// Miss is a word of a text that is not spelt right.
type Miss struct {
	Word       string
	Start, End int // byte offsets in the text
}

// Checker checks words against a dictionary and the words it is told to
// allow. It is safe for concurrent use, and loads its dictionary on first
// use.
type Checker struct {
	d *dictionary

	mu      sync.Mutex          // guards what follows; taken before d.mu
	allowed map[string]string   // lower case -> as first given
	sugs    map[string][]string // suggestions already made
}

// dictionary is a loaded Hunspell dictionary, shared by the Checkers made
// from one another with With.
type dictionary struct {
	opts Options
	once sync.Once
	err  error

	mu    sync.Mutex        // gospell looks words up lazily, writing as it reads
	words *wordSet          // the shipped dictionary; or
	gs    *gospell.GoSpell  // another one. The rest is set once by load
	reps  [][2]string       // the dictionary's REP pairs, for suggestions
	tier  map[string]int8   // shippedLists', shared: read only
	terms map[string]string // shippedLists', shared: read only
	seen  map[string]bool   // words looked up in gs, and whether it knew them
}

// New returns a Checker that will use the dictionary opts name. Nothing is
// read until it is used.
func New(opts Options) *Checker {
	return &Checker{d: &dictionary{opts: opts}, allowed: map[string]string{}, sugs: map[string][]string{}}
}

// With returns a Checker that shares c's dictionary (loaded once for both)
// and allows c's words and words.
func (c *Checker) With(words ...string) *Checker {
	c.mu.Lock()
	n := &Checker{d: c.d, allowed: make(map[string]string, len(c.allowed)+len(words)), sugs: map[string][]string{}}
	for k, w := range c.allowed {
		n.allowed[k] = w
	}
	c.mu.Unlock()
	n.allow(words)
	return n
}

// Lang returns the dictionary's name.
func (c *Checker) Lang() string {
	if c.d.opts.Lang == "" {
		return Shipped
	}
	return c.d.opts.Lang
}

// Allow adds words that are never flagged, compared without case: the
// newsletter's word list, names learned from the archive. It loads
// nothing.
func (c *Checker) Allow(words ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.allow(words)
	clear(c.sugs)
}

func (c *Checker) allow(words []string) {
	for _, w := range words {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		k := fold(w)
		if _, ok := c.allowed[k]; !ok {
			c.allowed[k] = w
		}
	}
}

// Load reads the dictionary now, if it was not read yet; use it to take
// the cost at a time of one's choosing (in a tea.Cmd, say). Every later use
// returns the same error.
func (c *Checker) Load() error {
	d := c.d
	d.once.Do(func() { d.err = d.load() })
	return d.err
}

// Loaded reports whether the dictionary has been read (or failed to be).
func (c *Checker) Loaded() bool {
	c.d.mu.Lock()
	defer c.d.mu.Unlock()
	return c.d.words != nil || c.d.gs != nil || c.d.err != nil
}

func (d *dictionary) load() error {
	aff, dic, shipped, err := d.files()
	if err != nil {
		return err
	}
	var (
		words *wordSet
		gs    *gospell.GoSpell
	)
	if shipped {
		words, err = loadWordSet()
	} else {
		gs, err = newGoSpell(d.name(), aff, dic)
	}
	if err != nil {
		return err
	}
	ls := shippedLists()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.words, d.gs, d.reps, d.tier, d.terms = words, gs, repPairs(aff), ls.tier, ls.terms
	if gs != nil {
		d.seen = map[string]bool{}
	}
	return nil
}

// lists are the shipped word lists every dictionary uses, made once for
// all and never changed: in a served process, the boards of many issues
// share them.
type lists struct {
	tier  map[string]int8   // common words: 0 most common, 1 common
	terms map[string]string // the field's common terms: lower case -> as written
}

var shippedLists = sync.OnceValue(func() lists {
	tier := make(map[string]int8, 12500)
	for t, list := range []string{common10, common20} {
		for _, w := range strings.Split(list, "\n") {
			if w = strings.TrimSpace(w); w != "" {
				if _, ok := tier[w]; !ok {
					tier[w] = int8(t)
				}
			}
		}
	}
	terms := map[string]string{}
	for _, w := range ParseWords(shippedTerms) {
		terms[fold(w)] = w
	}
	return lists{tier, terms}
})

// newGoSpell reads the dictionary name from its .aff and .dic text.
func newGoSpell(name, aff, dic string) (*gospell.GoSpell, error) {
	gs, err := gospell.NewGoSpellReader(strings.NewReader(noJoins(aff)), strings.NewReader(dic))
	if err != nil {
		return nil, fmt.Errorf("spelling dictionary %s: %w", name, err)
	}
	// The package's suggester falls back to a scan of the dictionary that
	// takes up to a second and a half for a name it has never seen; ours
	// (suggest.go) stays with one edit and the word lists.
	if err := gs.SetSuggester(nil); err != nil {
		return nil, err
	}
	return gs, nil
}

func (d *dictionary) name() string {
	if d.opts.Lang == "" {
		return Shipped
	}
	return d.opts.Lang
}

// files returns the .aff and .dic text of the dictionary to use, or the
// shipped .aff and shipped true for the shipped dictionary (whose words
// are in enUSWords).
func (d *dictionary) files() (aff, dic string, shipped bool, err error) {
	if d.opts.Lang == "" {
		return enUSAff, "", true, nil
	}
	name := d.opts.Lang
	if strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return "", "", false, fmt.Errorf("spelling dictionary %q: a name such as en_GB, not a path", name)
	}
	dirs := d.opts.Dirs
	if dirs == nil {
		dirs = SearchPaths()
	}
	for _, d := range dirs {
		a, errA := os.ReadFile(filepath.Join(d, name+".aff"))
		b, errB := os.ReadFile(filepath.Join(d, name+".dic"))
		if errA == nil && errB == nil {
			return string(a), string(b), false, nil
		}
		for _, e := range []error{errA, errB} {
			if e != nil && !errors.Is(e, os.ErrNotExist) {
				return "", "", false, fmt.Errorf("spelling dictionary %s: %w", name, e)
			}
		}
	}
	if name == Shipped {
		return enUSAff, "", true, nil // the system has none: the same words ship with weekly
	}
	return "", "", false, fmt.Errorf("spelling dictionary %s: no %s.aff and %s.dic in %s; install it (Debian: apt-get install hunspell-%s) or name another",
		name, name, name, strings.Join(dirs, ", "), strings.ToLower(strings.ReplaceAll(name, "_", "-")))
}

// noJoins returns the .aff text of a dictionary that joins no words
// (en_US and en_GB join only digits, by COMPOUNDRULE) with a COMPOUNDMIN
// no word reaches. gospell v0.9.2 otherwise lets any prefixed form begin,
// and any suffixed form end, a compound of two words, so that "proxdying"
// and "inforcs" would be spelt right. Dictionaries that do join words
// (COMPOUNDFLAG and its kin: German, Dutch) are left as they are.
func noJoins(aff string) string {
	sc := bufio.NewScanner(strings.NewReader(aff))
	for sc.Scan() {
		switch f := strings.Fields(sc.Text()); {
		case len(f) == 0:
		case f[0] == "COMPOUNDFLAG", f[0] == "COMPOUNDBEGIN", f[0] == "COMPOUNDMIDDLE", f[0] == "COMPOUNDLAST", f[0] == "COMPOUNDEND", f[0] == "COMPOUNDPERMITFLAG":
			return aff
		}
	}
	return aff + "\nCOMPOUNDMIN 1000\n"
}

// repPairs returns the REP lines of a .aff file: common misspellings
// ("REP ei ie"), which suggestions try first.
func repPairs(aff string) [][2]string {
	var out [][2]string
	sc := bufio.NewScanner(strings.NewReader(aff))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "REP" {
			out = append(out, [2]string{strings.ReplaceAll(f[1], "_", " "), strings.ReplaceAll(f[2], "_", " ")})
		}
	}
	return out
}

// Correct reports whether word is spelt right: an allowed word, or a word
// of the dictionary.
func (c *Checker) Correct(word string) (bool, error) {
	if err := c.Load(); err != nil {
		return false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.d.mu.Lock()
	defer c.d.mu.Unlock()
	return c.correct(word, nil), nil
}

// correct is Correct with c.mu and c.d.mu held; also holds more allowed
// words, in lower case.
func (c *Checker) correct(word string, also map[string]bool) bool {
	word = strings.ReplaceAll(word, "’", "'")
	k := fold(word)
	if _, ok := c.allowed[k]; ok || also[k] {
		return true
	}
	if _, ok := c.d.terms[k]; ok {
		return true
	}
	if c.d.spell(word) {
		return true
	}
	// A possessive of a name the dictionary lacks: Vitess's.
	if stem, ok := strings.CutSuffix(word, "'s"); ok && stem != "" {
		return c.correct(stem, also)
	}
	return false
}

// seenMax bounds the words a dictionary remembers looking up.
const seenMax = 200_000

// spell looks word up in the dictionary. gospell's answers are
// remembered: a map look-up is a twentieth of gospell's, and a blurb is
// checked again on every keystroke. d.mu is held.
func (d *dictionary) spell(word string) bool {
	if d.words != nil {
		return d.words.spell(word)
	}
	if ok, seen := d.seen[word]; seen {
		return ok
	}
	ok := d.gs.Spell(word)
	if len(d.seen) >= seenMax {
		clear(d.seen)
	}
	d.seen[word] = ok
	return ok
}

// known is spell without remembering the answer, for the many words a
// suggestion tries. d.mu is held.
func (d *dictionary) known(word string) bool {
	if d.words != nil {
		return d.words.spell(word)
	}
	return d.gs.Spell(word)
}

// Check returns the words of text (Markdown) that are not spelt right, in
// order. also are more words allowed in this text alone, such as those of
// its item's links (see URLWords).
func (c *Checker) Check(text string, also ...string) ([]Miss, error) {
	if err := c.Load(); err != nil {
		return nil, err
	}
	var extra map[string]bool
	if len(also) > 0 {
		extra = make(map[string]bool, len(also))
		for _, w := range also {
			extra[fold(w)] = true
		}
	}
	spans := Words(text)
	var out []Miss
	c.mu.Lock()
	defer c.mu.Unlock()
	c.d.mu.Lock()
	defer c.d.mu.Unlock()
	for _, s := range spans {
		w := text[s.Start:s.End]
		if s.End < len(text) && text[s.End] == '-' && isPrefix(fold(w)) {
			continue // pre-deployment, multi-cloud
		}
		if !c.correct(w, extra) {
			out = append(out, Miss{Word: w, Start: s.Start, End: s.End})
		}
	}
	return out, nil
}

// isPrefix reports whether w is a prefix written with a hyphen before a
// word (pre-deployment), which the dictionary does not hold alone.
func isPrefix(w string) bool {
	switch w {
	case "anti", "co", "cross", "de", "inter", "intra", "micro", "mid", "multi", "non", "post", "pre", "pseudo", "re", "semi", "sub", "super", "un":
		return true
	}
	return false
}

// fold returns the form words are compared in: lower case, with a
// typographic apostrophe as a plain one.
func fold(w string) string {
	return strings.ToLower(strings.ReplaceAll(w, "’", "'"))
}
