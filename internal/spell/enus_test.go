package spell

import (
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
	"github.com/client9/gospell"
)

var full = flag.Bool("full", false, "compare the shipped word set with gospell on every word and every affix's form (about 20 s)")

// reference is gospell on the shipped .aff and .dic, as weekly read them
// before the word set (and as it reads any other dictionary): what the
// set must answer. gospell writes as it reads: hold refMu to use it.
var (
	reference = sync.OnceValues(func() (*gospell.GoSpell, error) {
		dic, err := os.ReadFile("dict/en_US.dic")
		if err != nil {
			return nil, err
		}
		return newGoSpell(Shipped, enUSAff, string(dic))
	})
	refMu sync.Mutex
)

// sample returns every how many words to compare: 1 with -full, short
// with -short or -race (gospell under the race detector is slow), normal
// otherwise.
func sample(normal, short int) int {
	switch {
	case *full:
		return 1
	case testing.Short() || raceOn:
		return short
	}
	return normal
}

// agree compares the word set with gospell on each word, failing the test
// with every word they disagree on (up to 20).
func agree(t testing.TB, words []string) {
	t.Helper()
	gs, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	ws, err := loadWordSet()
	if err != nil {
		t.Fatal(err)
	}
	refMu.Lock()
	defer refMu.Unlock()
	bad := 0
	for _, w := range words {
		if want, got := gs.Spell(w), ws.spell(w); got != want {
			if bad++; bad <= 20 {
				t.Errorf("%q: the word set says %v, gospell %v", w, got, want)
			}
		}
	}
	if bad > 20 {
		t.Errorf("and %d more", bad-20)
	}
}

// setWords returns the words of the shipped set and whether each is
// refused alone.
func setWords(t testing.TB) (words []string, refused map[string]bool) {
	t.Helper()
	fst, err := vellum.Load(enUSWords)
	if err != nil {
		t.Fatal(err)
	}
	refused = map[string]bool{}
	it, err := fst.Iterator(nil, nil)
	for err == nil {
		k, v := it.Current()
		words = append(words, string(k))
		if v == refusedAlone {
			refused[string(k)] = true
		}
		err = it.Next()
	}
	if err != vellum.ErrIteratorDone {
		t.Fatal(err)
	}
	return words, refused
}

// variants returns what a writer may make of w: its cases, a possessive,
// a full stop, hyphens, and a few typos drawn from rng.
func variants(w, next string, rng *rand.Rand) []string {
	out := []string{w, strings.ToLower(w), strings.ToUpper(w), toTitle(strings.ToLower(w)), w + ".", w + "'s", w + "’s",
		strings.ToUpper(w) + "'S", strings.ToUpper(w) + "'s", w + "-" + next, "-" + w, w + "-", w + "s", "un" + w}
	rs := []rune(w)
	if len(rs) > 1 {
		i := rng.IntN(len(rs))
		out = append(out, string(rs[:i])+string(rs[i+1:])) // a letter left out
		j := rng.IntN(len(rs) - 1)
		sw := append([]rune(nil), rs...)
		sw[j], sw[j+1] = sw[j+1], sw[j]
		out = append(out, string(sw)) // two swapped
	}
	letters := []rune("abcdefghijklmnopqrstuvwxyzé'’-.ABZ")
	k := rng.IntN(len(rs) + 1)
	out = append(out, string(rs[:k])+string(letters[rng.IntN(len(letters))])+string(rs[k:])) // one added
	if len(rs) > 0 {
		k = rng.IntN(len(rs))
		out = append(out, string(rs[:k])+string(letters[rng.IntN(len(letters))])+string(rs[k+1:])) // one changed
	}
	return out
}

// TestShippedWordsAgree: for the words of the set and what a writer makes
// of them (cases, possessives, typos, hyphens), the word set answers as
// gospell did. A sample in the usual run; every word with -full.
func TestShippedWordsAgree(t *testing.T) {
	t.Parallel()
	words, refused := setWords(t)
	if len(words) < 160000 || len(refused) != 3 {
		t.Fatalf("the set has %d words, %d refused alone: want about 167,000 and 3 (1th, 2th, 3th)", len(words), len(refused))
	}
	step := sample(41, 401)
	rng := rand.New(rand.NewPCG(23, 519))
	var probe []string
	for i := 0; i < len(words); i += step {
		probe = append(probe, variants(words[i], words[(i+7)%len(words)], rng)...)
	}
	for w := range refused {
		probe = append(probe, w, strings.ToUpper(w), w+".", "1"+w, "2"+w, "-"+w)
	}
	agree(t, probe)
}

// TestWordListsAgree: the words weekly ranks suggestions by and the
// field's terms, in several cases, get the same answers from both.
func TestWordListsAgree(t *testing.T) {
	t.Parallel()
	step := sample(7, 53)
	var probe []string
	for _, list := range []string{common10, common20, shippedTerms} {
		for i, w := range ParseWords(list) {
			if i%step == 0 || list == shippedTerms {
				probe = append(probe, w, strings.ToLower(w), strings.ToUpper(w), toTitle(w), w+"’s", w+".")
			}
		}
	}
	agree(t, probe)
}

// TestNumbersAgree: numbers and ordinals (en_US's COMPOUNDRULEs), which
// the set holds in code.
func TestNumbersAgree(t *testing.T) {
	t.Parallel()
	var probe []string
	for n := range 1200 {
		s := strconv.Itoa(n)
		for _, end := range []string{"", "st", "nd", "rd", "th", "TH", "St", "s", "'s", ".", "th.", "-", "x"} {
			probe = append(probe, s+end, "0"+s+end)
		}
	}
	probe = append(probe, "1,000", "3.14", "1.000.000", "2024-05-06", "1,", "1..2", ",1", "١٢٣", "١٢٣th", "12-13th",
		"11th-12th", "21st-century", "1st.", "21ST", "21St", "111th", "1011th", "1001st", "0th", "00th", "1th", "11TH", "-1th")
	agree(t, probe)
}

// TestOddWordsAgree: words the scanner does not make but a caller may
// give: spaces, apostrophes, full stops, hyphens, other scripts, broken
// UTF-8.
func TestOddWordsAgree(t *testing.T) {
	t.Parallel()
	agree(t, []string{
		"", " ", "the cat", " the ", "the  cat", "the cta", "'", "’", "''", "'s", "don't", "don’t", "DON'T", "Don't", "don'T",
		"O'Neil", "O’Neil", "O'NEIL", "O'neil", "o'neil", "D'Annunzio", "D'ANNUNZIO", "McDonald", "MCDONALD", "Mcdonald",
		"mcdonald", "MCDONALD'S", "McDonald's", "BigQuery", "BIGQUERY", "bigquery", "iPod", "IPOD", "Ipod", "e.g.", "etc.",
		"etc..", "Mr.", "MR.", "U.S.", "a.m.", "well-known", "Well-Known", "WELL-KNOWN", "well--known", "-well-", "---", "-",
		"a-b-c-d", "café", "CAFÉ", "Café", "naïve", "İmply", "İMPLY", "ǅemal", "ß", "STRASSE", "\xff", "the\xff", "\xffthe",
		"Ünited", "1st-class", "x-ray", "X-Ray", "X-ray", "twenty-one", "3D", "3d", "mp3", "Kubernetes", "kubernetes",
		"ÅNGSTRÖM", "Ångström", "ångström", "ANGSTROM", "NASA", "Nasa", "nasa", "NASA's", "NASA'S", "Nasa's", "AA", "Aa", "aa",
	})
}

// TestAffixFormsAgree: every suffix and prefix of the .aff put on every
// root whose flags allow it, whether or not its condition holds and the
// suffix combines with prefixes (scotchs, unloosest): the set holds the
// forms gospell makes, no fewer and no more. A sample of roots in the usual run; all with -full.
func TestAffixFormsAgree(t *testing.T) {
	t.Parallel()
	dic, err := os.ReadFile("dict/en_US.dic")
	if err != nil {
		t.Fatal(err)
	}
	type rule struct{ strip, add string }
	rules, prefix := map[byte][]rule{}, map[byte]bool{}
	for _, l := range strings.Split(enUSAff, "\n") {
		f := strings.Fields(l)
		if len(f) < 4 || (f[0] != "PFX" && f[0] != "SFX") {
			continue
		}
		flag := f[1][0]
		if len(f) == 4 {
			prefix[flag] = f[0] == "PFX"
			continue
		}
		r := rule{strings.TrimPrefix(f[2], "0"), strings.TrimPrefix(f[3], "0")}
		rules[flag] = append(rules[flag], r)
	}
	step := sample(37, 397)
	var probe []string
	for i, l := range strings.Split(string(dic), "\n")[1:] {
		root, flags, _ := strings.Cut(l, "/")
		if root == "" || i%step != 0 {
			continue
		}
		probe = append(probe, root)
		forms := []string{root}
		for j := range len(flags) {
			if prefix[flags[j]] {
				continue
			}
			for _, r := range rules[flags[j]] {
				if stem, ok := strings.CutSuffix(root, r.strip); ok {
					forms = append(forms, stem+r.add)
				}
			}
		}
		probe = append(probe, forms...)
		for j := range len(flags) {
			if !prefix[flags[j]] {
				continue
			}
			for _, r := range rules[flags[j]] {
				for _, w := range forms {
					if stem, ok := strings.CutPrefix(w, r.strip); ok {
						probe = append(probe, r.add+stem)
					}
				}
			}
		}
	}
	agree(t, probe)
}

// TestGeneratedIsCurrent (with -full, and unmunch installed): the
// embedded word set is what go generate makes of dict/en_US.aff and .dic,
// so that the two cannot drift apart unseen.
func TestGeneratedIsCurrent(t *testing.T) {
	if !*full {
		t.Skip("with -full: it runs the generator (a few seconds)")
	}
	if _, err := exec.LookPath("unmunch"); err != nil {
		t.Skip("no unmunch: apt-get install hunspell-tools")
	}
	out := filepath.Join(t.TempDir(), "en_US.fst")
	if msg, err := exec.Command("go", "run", "./gen", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, msg)
	}
	made, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(made) != string(enUSWords) {
		t.Errorf("dict/en_US.fst is not what go generate makes of dict/en_US.aff and .dic (%d bytes, made %d): run go generate ./internal/spell", len(enUSWords), len(made))
	}
}

// FuzzSpellAgrees: on any word, the word set answers as gospell does.
func FuzzSpellAgrees(f *testing.F) {
	gs, err := reference()
	if err != nil {
		f.Fatal(err)
	}
	ws, err := loadWordSet()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, word string) {
		// Both split hyphenated words every way they can, which takes
		// time exponential in the hyphens; the scanner gives neither
		// long words nor hyphens.
		if len(word) > 64 || strings.Count(word, "-") > 6 || !utf8.ValidString(word) && len(word) > 16 {
			t.Skip()
		}
		refMu.Lock()
		defer refMu.Unlock()
		if want, got := gs.Spell(word), ws.spell(word); got != want {
			t.Errorf("%q: the word set says %v, gospell %v", word, got, want)
		}
	})
}

// TestSuggestionsAgree: suggestions, which try hundreds of words each,
// are the ones gospell's answers made.
func TestSuggestionsAgree(t *testing.T) {
	t.Parallel()
	gs, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	ours := New(Options{})
	theirs := New(Options{})
	if err := theirs.Load(); err != nil {
		t.Fatal(err)
	}
	theirs.d.words, theirs.d.gs, theirs.d.seen = nil, gs, map[string]bool{}
	words := []string{"ver", "familar", "recieve", "teh", "Teh", "Kubernetse", "optimised", "pinneddeployments", "dont", "Dont", "mcdonald", "thier", "wich", "untill", "seperate"}
	rng := rand.New(rand.NewPCG(5, 6))
	common := ParseWords(common20)
	for range 60 / sample(1, 4) {
		w := []rune(common[rng.IntN(len(common))])
		k := rng.IntN(len(w))
		w[k] = rune('a' + rng.IntN(26))
		words = append(words, string(w))
	}
	refMu.Lock()
	defer refMu.Unlock()
	for _, w := range words {
		want, err := theirs.Suggest(w, 5)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ours.Suggest(w, 5)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Suggest(%q) = %q, with gospell %q", w, got, want)
		}
	}
}
