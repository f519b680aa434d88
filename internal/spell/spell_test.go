package spell

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/weekly-dev/weekly/internal/archive"
)

// shipped is one loaded checker of the shipped dictionary; tests take
// their own with With, sharing the dictionary.
var shipped = sync.OnceValue(func() *Checker {
	c := New(Options{})
	if err := c.Load(); err != nil {
		panic(err)
	}
	return c
})

// misses returns the words c flags in text.
func misses(t *testing.T, c *Checker, text string, also ...string) []string {
	t.Helper()
	ms, err := c.Check(text, also...)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		if text[m.Start:m.End] != m.Word {
			t.Errorf("miss %q at %d:%d is %q in the text", m.Word, m.Start, m.End, text[m.Start:m.End])
		}
		out = append(out, m.Word)
	}
	return out
}

func TestVerIsFlaggedWithVeryFirst(t *testing.T) {
	t.Parallel()
	c := shipped().With()
	text := "This post, from someone ver familiar with its working, looks at what applying hindsight might mean."
	if got := misses(t, c, text); !slices.Equal(got, []string{"ver"}) {
		t.Fatalf("misses = %q, want [ver]", got)
	}
	sugs, err := c.Suggest("ver", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(sugs) == 0 || sugs[0] != "very" {
		t.Errorf("Suggest(ver) = %q, want very first", sugs)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	c := shipped().With("Opstrace")
	for word, want := range map[string]string{
		"recieve":    "receive",
		"teh":        "the",
		"Teh":        "The",
		"familar":    "familiar",
		"Kubernetse": "Kubernetes", // a shipped term
		"Opstrcae":   "Opstrace",   // an allowed word
		"optimised":  "optimized",
	} {
		sugs, err := c.Suggest(word, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(sugs, want) {
			t.Errorf("Suggest(%q) = %q, want %q among them", word, sugs, want)
		}
	}
	if sugs, _ := c.Suggest("xqzvjk", 3); len(sugs) != 0 {
		t.Errorf("Suggest(xqzvjk) = %q, want none", sugs)
	}
}

func TestURLsAndCodeAreNotChecked(t *testing.T) {
	t.Parallel()
	c := shipped().With()
	// The same misspellings outside a URL or code are flagged: the test
	// fails if URLs or code spans are checked.
	if got := misses(t, c, "wrod teh"); len(got) != 2 {
		t.Fatalf("plain misspellings: %q, want both", got)
	}
	for _, text := range []string{
		"see https://exmaple.com/wrod-teh for it",
		"see [it](https://exmaple.com/wrod-teh) now",
		"see <https://exmaple.com/wrod-teh> now",
		"run `wrod teh` now",
		"run\n```\nwrod teh\n```\nnow",
		"on exmaple.com/wrod now",
	} {
		if got := misses(t, c, text); len(got) != 0 {
			t.Errorf("Check(%q) flags %q", text, got)
		}
	}
}

func TestFieldTermsShip(t *testing.T) {
	t.Parallel()
	c := shipped().With()
	text := "Kubernetes, Vitess, microservices and Datadog; kubernetes and prometheus-compatible YAML, a pre-deployment hook."
	if got := misses(t, c, text); len(got) != 0 {
		t.Errorf("flags %q", got)
	}
}

func TestRunTogetherWordsAreFlagged(t *testing.T) {
	t.Parallel()
	// gospell v0.9.2 takes any two words run together as a compound
	// unless the dictionary is told that it joins none (noJoins).
	c := shipped().With()
	if got := misses(t, c, "proxdying inforcs someoneis"); len(got) != 3 {
		t.Errorf("misses = %q, want all three", got)
	}
}

func TestAllowedWords(t *testing.T) {
	t.Parallel()
	text := "Nydus improves over the OCI image format; Nydus's speed."
	c := shipped().With()
	if got := misses(t, c, text); !slices.Equal(got, []string{"Nydus", "Nydus's"}) {
		t.Fatalf("before: %q", got)
	}
	c.Allow("nydus")
	if got := misses(t, c, text); len(got) != 0 {
		t.Errorf("after Allow: %q", got)
	}
	if got := misses(t, shipped(), text); len(got) == 0 {
		t.Error("Allow on a checker made With changed the one it was made from")
	}
	// Words allowed for one text only: those of its links.
	if got := misses(t, shipped().With(), "Opstrace is new", URLWords("https://github.com/opstrace/opstrace")...); len(got) != 0 {
		t.Errorf("with the item's link words: %q", got)
	}
}

func TestLazy(t *testing.T) {
	t.Parallel()
	c := New(Options{Lang: "xx_NOWHERE", Dirs: []string{t.TempDir()}})
	c.Allow("word")
	_ = c.Lang()
	if c.Loaded() {
		t.Fatal("New, Allow and Lang loaded the dictionary")
	}
	if _, err := c.Check("hello"); err == nil {
		t.Fatal("Check with a missing dictionary: no error")
	}
	if !c.Loaded() {
		t.Error("Loaded is false after a use")
	}
}

// writeDict writes a small Hunspell dictionary name to dir.
func writeDict(t *testing.T, dir, name string, words ...string) {
	t.Helper()
	aff := "SET UTF-8\nTRY esiaénrtolcdugmfphbyvkw\n"
	dic := strings.Join(append([]string{strings.Repeat("1", 1)}, words...), "\n") + "\n"
	for file, text := range map[string]string{name + ".aff": aff, name + ".dic": dic} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNamedDictionary(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeDict(t, dir, "en_GB", "colour", "the", "is")
	gb := New(Options{Lang: "en_GB", Dirs: []string{filepath.Join(dir, "none"), dir}})
	if got := misses(t, gb, "the colour is"); len(got) != 0 {
		t.Errorf("en_GB flags %q", got)
	}
	if got := misses(t, gb, "the color is"); !slices.Equal(got, []string{"color"}) {
		t.Errorf("en_GB: %q, want [color]", got)
	}
	if got := misses(t, shipped(), "the colour is"); !slices.Equal(got, []string{"colour"}) {
		t.Errorf("the shipped en_US: %q, want [colour]", got)
	}

	_, err := New(Options{Lang: "de_DE", Dirs: []string{dir}}).Check("x")
	if err == nil || !strings.Contains(err.Error(), "de_DE") || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "hunspell-de-de") {
		t.Errorf("a missing dictionary: %v, want its name, where it was looked for and the package", err)
	}
	if gb.d.gs == nil || gb.d.words != nil {
		t.Error("en_GB is not read with gospell")
	}
	// en_US named but not installed: the shipped one, the same words, in
	// the word set that holds next to nothing on the heap.
	us := New(Options{Lang: "en_US", Dirs: []string{dir}})
	if got := misses(t, us, "someone ver familiar"); !slices.Equal(got, []string{"ver"}) {
		t.Errorf("en_US not installed: %q", got)
	}
	for _, c := range []*Checker{us, shipped()} {
		if c.d.words == nil || c.d.gs != nil {
			t.Errorf("%s (%+v) is not read from the shipped word set", c.Lang(), c.d.opts)
		}
	}
	if _, err := New(Options{Lang: "../en_GB", Dirs: []string{dir}}).Check("x"); err == nil {
		t.Error("a path as the language: no error")
	}
}

func TestLearn(t *testing.T) {
	t.Parallel()
	a := &archive.Archive{Schema: archive.Schema}
	a.Add(archive.Issue{Newsletter: "Devops Weekly", Number: 518, Title: "Opstrace special", Items: []archive.Item{
		{URLs: []string{"https://slack.engineering/scaling-datastores-at-slack-with-vitess/"}, Section: "News"},
		{URLs: []string{"https://github.com/dragonflyoss/nydus"}, Section: "Tools"},
		{URLs: []string{"https://sthwk.com/x"}, Section: "Hawkly sponsors Devops Weekly", Sponsor: true},
	}})
	a.Add(archive.Issue{Newsletter: "Devops Weekly", Number: 519, Items: []archive.Item{
		{URLs: []string{"https://example.com/kubenav"}, Section: "Tools"},
	}})
	learned := New(Options{}).With(Learn(a, nil)...)
	for _, w := range []string{"vitess", "dragonflyoss", "nydus", "hawkly", "opstrace", "kubenav"} {
		if _, ok := learned.allowed[w]; !ok {
			t.Errorf("%q not learned from %v", w, learned.allowed)
		}
	}
	for _, w := range []string{"x", "com", "at"} {
		if _, ok := learned.allowed[w]; ok {
			t.Errorf("%q learned: parts of links shorter than four letters teach nothing", w)
		}
	}
	skip := Learn(a, func(is *archive.Issue) bool { return is.Number == 519 })
	if slices.Contains(skip, "kubenav") {
		t.Error("learned from the issue skip leaves out")
	}

	c := shipped().With(Learn(a, nil)...)
	if got := misses(t, c, "Nydus by Hawkly, with Vitess and Kubenav."); len(got) != 0 {
		t.Errorf("flags %q", got)
	}
	if got := misses(t, shipped().With(), "Nydus by Hawkly, with Vitess and Kubenav."); len(got) != 3 {
		t.Errorf("without learning: %q, want Nydus, Hawkly and Kubenav", got)
	}
}

func TestWordList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := WordsPath(dir)
	if got, err := ReadWords(path); err != nil || got != nil {
		t.Fatalf("ReadWords of no list = %q, %v", got, err)
	}
	for _, w := range []string{"Nydus", "Kubenav", "nydus", " Herzilya "} {
		if err := AddWord(path, w); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, ".weekly", "words"))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "Nydus\nKubenav\nHerzilya\n" {
		t.Errorf("the list is %q", data)
	}
	for _, bad := range []string{"two words", "#x", ""} {
		if err := AddWord(path, bad); err == nil {
			t.Errorf("AddWord(%q): no error", bad)
		}
	}
	if err := os.WriteFile(path, []byte("# ours\nNydus\n\nNo-Newline"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := AddWord(path, "Vitess"); err != nil {
		t.Fatal(err)
	}
	got, err := ReadWords(path)
	if err != nil || !slices.Equal(got, []string{"Nydus", "No-Newline", "Vitess"}) {
		t.Errorf("ReadWords = %q, %v", got, err)
	}
}
