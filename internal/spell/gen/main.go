// Command gen writes internal/spell/dict/en_US.fst, the words of the
// shipped en_US dictionary as a set (see internal/spell/enus.go), from
// dict/en_US.aff and dict/en_US.dic. Run it after changing either:
//
//	go generate ./internal/spell
//
// It needs Hunspell's unmunch (Debian: apt-get install hunspell-tools),
// which writes every form the affixes make of each root. Each form is
// kept as gospell, the checker of other dictionaries, spells it: a word,
// or a form it refuses alone (1th, which only ends ordinals). Added, as
// gospell takes them too: the all-capital form of a root in mixed case
// (McDonald: MCDONALD), and a prefix on a form whose suffix Hunspell does
// not combine with prefixes (unloosest, which unmunch leaves out). The
// output is the same for the same input.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/vellum"
	"github.com/client9/gospell"
)

// refusedAlone is spell.refusedAlone.
const refusedAlone = 1

func main() {
	out := flag.String("o", "dict/en_US.fst", "the file to write")
	flag.Parse()
	if err := run("dict/en_US.aff", "dict/en_US.dic", *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(affPath, dicPath, out string) error {
	aff, err := os.ReadFile(affPath)
	if err != nil {
		return err
	}
	dic, err := os.ReadFile(dicPath)
	if err != nil {
		return err
	}
	if err := followed(string(aff)); err != nil {
		return fmt.Errorf("%s: %w", affPath, err)
	}
	if _, err := exec.LookPath("unmunch"); err != nil {
		return errors.New("unmunch is not installed: apt-get install hunspell-tools (Debian), or your system's hunspell tools")
	}
	var stderr bytes.Buffer
	cmd := exec.Command("unmunch", dicPath, affPath)
	cmd.Stderr = &stderr
	forms, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("unmunch %s %s: %w: %s", dicPath, affPath, err, stderr.Bytes())
	}
	// As spell.noJoins makes it for en_US, which joins only digits.
	gs, err := gospell.NewGoSpellReader(strings.NewReader(string(aff)+"\nCOMPOUNDMIN 1000\n"), bytes.NewReader(dic))
	if err != nil {
		return fmt.Errorf("gospell: %w", err)
	}
	words := map[string]uint64{}
	refused := 0
	for _, w := range strings.Split(string(forms), "\n") {
		if w = strings.TrimSpace(w); w == "" {
			continue
		}
		if gs.Spell(w) {
			words[w] = 0
		} else {
			words[w] = refusedAlone
			refused++
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(dic))
	sc.Scan() // the count of roots
	for sc.Scan() {
		root, _, _ := strings.Cut(strings.TrimSpace(sc.Text()), "/")
		if root == "" || caseOf(root) != mixed {
			continue
		}
		if up := strings.ToUpper(root); gs.Spell(up) {
			if _, ok := words[up]; !ok {
				words[up] = 0
			}
		}
	}
	added := 0
	for _, w := range prefixed(string(aff), string(dic)) {
		if _, ok := words[w]; !ok && gs.Spell(w) {
			words[w] = 0
			added++
		}
	}
	keys := make([]string, 0, len(words))
	for w := range words {
		keys = append(keys, w)
	}
	slices.Sort(keys)
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Insert([]byte(k), words[k]); err != nil {
			return err
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %d words (%d refused alone, %d prefixed beyond unmunch's), %d bytes\n", out, len(keys), refused, added, buf.Len())
	return nil
}

// prefixed returns a prefix of each root's on the root and on every form
// of its suffixes, whether or not the suffix combines with prefixes and
// its condition holds: more than gospell takes, for it to choose from.
// Each is all lower case or mixed case (unNASA), which gospell takes
// only as written, never by its case rules: when it spells one, the set
// may hold it as written.
func prefixed(aff, dic string) []string {
	type rule struct{ strip, add string }
	rules, prefix := map[string][]rule{}, map[string]bool{}
	for _, l := range strings.Split(aff, "\n") {
		f := strings.Fields(l)
		if len(f) < 4 || (f[0] != "PFX" && f[0] != "SFX") {
			continue
		}
		if len(f) == 4 {
			prefix[f[1]] = f[0] == "PFX"
			continue
		}
		rules[f[1]] = append(rules[f[1]], rule{strings.TrimPrefix(f[2], "0"), strings.TrimPrefix(f[3], "0")})
	}
	var out []string
	for _, l := range strings.Split(dic, "\n")[1:] {
		root, flags, _ := strings.Cut(strings.TrimSpace(l), "/")
		forms := []string{root}
		for _, fl := range flags {
			for _, r := range rules[string(fl)] {
				if stem, ok := strings.CutSuffix(root, r.strip); ok && !prefix[string(fl)] {
					forms = append(forms, stem+r.add)
				}
			}
		}
		for _, fl := range flags {
			for _, r := range rules[string(fl)] {
				if !prefix[string(fl)] {
					continue
				}
				for _, w := range forms {
					if stem, ok := strings.CutPrefix(w, r.strip); ok {
						if w := r.add + stem; caseOf(w) == allLower || caseOf(w) == mixed {
							out = append(out, w)
						}
					}
				}
			}
		}
	}
	return out
}

// followed returns an error when the .aff has a directive that
// internal/spell/enus.go does not follow as gospell does: enus.go holds
// the affixes' forms in the set, but the case rules, ICONV, the ordinals'
// COMPOUNDRULEs and Hunspell's default BREAK patterns in code.
func followed(aff string) error {
	var rules, iconv []string
	sc := bufio.NewScanner(strings.NewReader(aff))
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "SET", "TRY", "NOSUGGEST", "WORDCHARS", "REP", "PFX", "SFX", "COMPOUNDMIN":
		case "ONLYINCOMPOUND": // the forms refused alone
		case "COMPOUNDRULE":
			rules = append(rules, strings.Join(f[1:], " "))
		case "ICONV":
			iconv = append(iconv, strings.Join(f[1:], " "))
		default:
			return fmt.Errorf("line %d: %s: internal/spell/enus.go does not follow it; teach it, or load this dictionary with gospell", n, f[0])
		}
	}
	if !slices.Equal(rules, []string{"2", "n*1t", "n*mp"}) {
		return fmt.Errorf("COMPOUNDRULE %q: internal/spell/enus.go's ordinal pattern is n*1t and n*mp", rules)
	}
	if !slices.Equal(iconv, []string{"1", "’ '"}) {
		return fmt.Errorf("ICONV %q: internal/spell/enus.go converts only ’ to '", iconv)
	}
	return nil
}

const (
	allLower = iota
	allUpper
	title
	mixed
)

// caseOf is gospell's caseStyle (spell.caseStyle): apostrophes and digits
// do not count.
func caseOf(w string) int {
	first, upper, lower, n := false, 0, 0, 0
	for _, r := range w {
		if r == '\'' || unicode.IsDigit(r) {
			continue
		}
		n++
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r):
			if n == 1 {
				first = true
			}
			upper++
		}
	}
	switch {
	case n == lower:
		return allLower
	case n == upper:
		return allUpper
	case first && n-1 == lower:
		return title
	}
	return mixed
}
