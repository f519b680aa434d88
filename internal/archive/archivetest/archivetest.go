// Package archivetest holds what tests and benchmarks of the archive's
// search share: the real issues of ../shared/corpus, and archives of any
// size generated in their shape.
package archivetest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
	"github.com/weekly-dev/weekly/internal/text"
)

// CorpusDir returns the folder of the real DevOps Weekly issues, beside
// the module's root (../shared/corpus/devops-weekly), and whether it is
// there.
func CorpusDir() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			c := filepath.Join(dir, "..", "shared", "corpus", "devops-weekly")
			_, err := os.Stat(c)
			return c, err == nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", false
		}
		dir = up
	}
}

// Corpus returns the real issues, parsed, in number order; it skips tb
// when they are not there.
func Corpus(tb testing.TB) []*draft.Draft {
	tb.Helper()
	dir, ok := CorpusDir()
	if !ok {
		tb.Skip("the real issues are not here: ../shared/corpus/devops-weekly is absent")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Skipf("no issues in %s", dir)
	}
	var out []*draft.Draft
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		d, err := text.Parse(string(data))
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// Generate returns an archive of n issues shaped like the corpus: as many
// items an issue and sections as the real ones, blurbs as long, written
// from their words (a chain of which word follows which) with a long tail
// of names of tools and companies, as a newsletter of years has, and
// links on their hosts or on hosts named like tools, with slugs made of
// the blurb's words. The same seed gives the same archive.
func Generate(corpus []*draft.Draft, n int, seed uint64) *archive.Archive {
	g := newGenerator(corpus, seed)
	a := &archive.Archive{Schema: archive.Schema, Issues: make([]archive.Issue, 0, n)}
	start := time.Date(2010, 1, 3, 0, 0, 0, 0, time.UTC)
	for i := range n {
		shape := g.shapes[g.r.IntN(len(g.shapes))]
		is := archive.Issue{
			Newsletter: "DevOps Weekly",
			Number:     i + 1,
			Date:       start.AddDate(0, 0, 7*i).Format(time.DateOnly),
			Source:     fmt.Sprintf("%d.txt", i+1),
			Items:      make([]archive.Item, 0, len(shape)),
		}
		for _, s := range shape {
			is.Items = append(is.Items, g.item(s))
		}
		a.Issues = append(a.Issues, is)
	}
	return a
}

// itemShape is what an item of a real issue looks like: its section and
// the lengths of its blurb and of its list of links.
type itemShape struct {
	section string
	sponsor bool
	words   int
	links   int
}

type generator struct {
	r      *rand.Rand
	shapes [][]itemShape
	next   map[string][]string // word -> the words that follow it
	starts []string
	hosts  []string
	names  []string
	zipf   *rand.Zipf
}

func newGenerator(corpus []*draft.Draft, seed uint64) *generator {
	g := &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), next: map[string][]string{}}
	for _, d := range corpus {
		var shape []itemShape
		for _, s := range d.Sections {
			for _, it := range s.Items {
				words := strings.Fields(it.Blurb)
				shape = append(shape, itemShape{s.Name, s.Sponsor, len(words), max(len(it.URLs), 1)})
				g.learn(words)
				for _, u := range it.URLs {
					g.hosts = append(g.hosts, link.Site(u))
				}
			}
		}
		g.learn(strings.Fields(d.Intro))
		g.shapes = append(g.shapes, shape)
	}
	if len(g.shapes) == 0 {
		g.shapes = [][]itemShape{{{"News", false, 30, 1}}}
		g.learn(strings.Fields("A post on running services at scale with a new tool for monitoring."))
		g.hosts = []string{"example.com"}
	}
	// The long tail: names of tools, companies and people, a few of them
	// very common and most of them rare.
	g.names = make([]string, 20000)
	for i := range g.names {
		g.names[i] = g.name()
	}
	g.zipf = rand.NewZipf(g.r, 1.2, 8, uint64(len(g.names)-1))
	return g
}

func (g *generator) learn(words []string) {
	for i, w := range words {
		if i == 0 {
			g.starts = append(g.starts, w)
		}
		if i+1 < len(words) {
			g.next[w] = append(g.next[w], words[i+1])
		}
	}
}

// name returns a made-up word that reads like a tool's name.
func (g *generator) name() string {
	const c, v = "bcdfghklmnprstvz", "aeiou"
	var b strings.Builder
	for range 2 + g.r.IntN(3) {
		b.WriteByte(c[g.r.IntN(len(c))])
		b.WriteByte(v[g.r.IntN(len(v))])
	}
	if g.r.IntN(2) == 0 {
		b.WriteByte(c[g.r.IntN(len(c))])
	}
	return b.String()
}

// blurb returns about n words in the corpus's voice, one in twelve a name.
func (g *generator) blurb(n int) (string, []string) {
	words := make([]string, 0, n)
	w := g.starts[g.r.IntN(len(g.starts))]
	var names []string
	for len(words) < max(n, 4) {
		if g.r.IntN(12) == 0 {
			name := g.names[g.zipf.Uint64()]
			if g.r.IntN(2) == 0 {
				name = string(unicode.ToUpper(rune(name[0]))) + name[1:]
			}
			names = append(names, strings.ToLower(name))
			words = append(words, name)
		} else {
			words = append(words, w)
		}
		if f := g.next[w]; len(f) > 0 {
			w = f[g.r.IntN(len(f))]
		} else {
			w = g.starts[g.r.IntN(len(g.starts))]
		}
	}
	s := strings.Join(words, " ")
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s, names
}

func (g *generator) item(s itemShape) archive.Item {
	blurb, names := g.blurb(s.words)
	it := archive.Item{Section: s.section, Sponsor: s.sponsor, Blurb: blurb}
	for range s.links {
		var host string
		switch {
		case len(names) > 0 && g.r.IntN(3) == 0:
			host = "github.com/" + names[0] + "/" + names[len(names)-1]
		case len(names) > 0 && g.r.IntN(2) == 0:
			host = names[0] + []string{".io", ".com", ".dev", ".net"}[g.r.IntN(4)]
		default:
			host = g.hosts[g.r.IntN(len(g.hosts))]
		}
		slug := strings.Fields(strings.ToLower(strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return ' '
		}, blurb)))
		slug = slug[:min(len(slug), 3+g.r.IntN(6))]
		it.URLs = append(it.URLs, fmt.Sprintf("https://%s/%d/%s/", host, 2010+g.r.IntN(15), strings.Join(slug, "-")))
	}
	return it
}

// Draft returns an archived issue as the draft it was published from:
// its sections in the order its items first name them, the intro first.
func Draft(is archive.Issue) *draft.Draft {
	d := draft.New(is.Newsletter, is.Number, is.Date, nil)
	d.Title = is.Title
	at := map[string]int{}
	for i, it := range is.Items {
		if it.Section == "" {
			d.Intro = it.Blurb
			continue
		}
		c, ok := at[it.Section]
		if !ok {
			d.Sections = append(d.Sections, draft.Section{Name: it.Section, Sponsor: it.Sponsor, Items: []draft.Item{}})
			c = len(d.Sections)
			at[it.Section] = c
		}
		_ = d.Append(c, draft.Item{ID: fmt.Sprint(i), Title: it.Title, Blurb: it.Blurb, URLs: it.URLs})
	}
	return d
}

// WriteIssues writes the issues of a as published emails (the text
// export), one file each, N.txt in dir, and returns their paths.
func WriteIssues(tb testing.TB, a *archive.Archive, dir string) []string {
	tb.Helper()
	var paths []string
	for _, is := range a.Issues {
		p := filepath.Join(dir, fmt.Sprintf("%d.txt", is.Number))
		if err := os.WriteFile(p, []byte(text.Format(Draft(is))), 0o644); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}
