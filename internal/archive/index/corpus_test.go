package index_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/archive/archivetest"
	"github.com/weekly-dev/weekly/internal/archive/index"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
)

// The checks the issue names, over the real issues: queries built from
// the blurbs of issues held out (a distinctive phrase, the same words in
// another form, a word with one typo, a field and a word) find the right
// issue among the first three results. Every third real issue is held
// out, as a reviewer keeps back issues the search was not tuned on; the
// archive is the ten real issues among 690 generated from the words of
// the others, so that a query's common words are everywhere and its rare
// ones only where an unseen issue put them. The queries are made by rule
// from each blurb, never picked by hand: the blurb's two rarest words (in
// the real issues) of five letters or more, and the three words around
// the rarest.
func TestHeldOutIssues(t *testing.T) {
	t.Parallel()
	corpus := archivetest.Corpus(t)
	heldOut := func(k int) bool { return k%3 == 1 }
	var seen []*draft.Draft
	for k, d := range corpus {
		if !heldOut(k) {
			seen = append(seen, d)
		}
	}
	a := archivetest.Generate(seen, 700, 7)
	real := map[int]bool{}
	for _, d := range corpus {
		real[d.Number] = true
	}
	start := time.Date(2010, 11, 7, 0, 0, 0, 0, time.UTC)
	filler := a.Issues
	a = &archive.Archive{Schema: archive.Schema}
	for i, is := range filler {
		if real[i+1] {
			continue
		}
		is.Number, is.Date = i+1, start.AddDate(0, 0, 7*i).Format(time.DateOnly)
		a.Add(is)
	}
	for _, d := range corpus {
		a.Add(archive.FromDraft(d, fmt.Sprint(d.Number)))
	}
	x, err := index.Open(setUp(t, a))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()

	// How rare a word is: in how many items of the archive its stem is,
	// as the index sees words.
	en := bleve.NewIndexMapping().AnalyzerNamed("en")
	stems := map[string]string{}
	stem := func(w string) string {
		if s, ok := stems[w]; ok {
			return s
		}
		s := "" // a stop word: never looked for
		if ts := en.Analyze([]byte(w)); len(ts) > 0 {
			s = string(ts[0].Term)
		}
		stems[w] = s
		return s
	}
	counts := map[string]int{}
	for _, is := range a.Issues {
		for _, it := range is.Items {
			seen := map[string]bool{}
			for _, tok := range en.Analyze([]byte(it.Blurb)) {
				if s := string(tok.Term); !seen[s] {
					counts[s]++
					seen[s] = true
				}
			}
		}
	}
	rarity := func(w string) int {
		if s := stem(w); s != "" {
			return counts[s]
		}
		return 1 << 30
	}
	skipped := 0
	kinds := map[string][2]int{}
	for k, d := range corpus {
		if !heldOut(k) {
			continue
		}
		for _, s := range d.Sections {
			for _, it := range s.Items {
				words := wordsOf(it.Blurb)
				var rare []string
				for _, w := range words {
					if !slices.Contains(rare, w) {
						rare = append(rare, w)
					}
				}
				slices.SortStableFunc(rare, func(a, b string) int { return rarity(a) - rarity(b) })
				// An item whose every word is in many others has nothing to
				// look for it by; sponsors' words are not the editor's.
				if len(rare) < 2 || s.Sponsor || rarity(rare[0]) > 3 {
					skipped++
					continue
				}
				w1, w2 := rare[0], rare[1]
				queries := map[string]string{
					"phrase":  `"` + around(it.Blurb, w1) + `"`,
					"form":    otherForm(w1) + " " + otherForm(w2),
					"typo":    typo(w1) + " " + w2,
					"section": "section:" + strings.ToLower(strings.Fields(s.Name)[0]) + " " + w1,
					"year":    "year:" + d.Date[:4] + " " + w1,
					"host":    "host:" + link.Site(it.URL()) + " " + w1,
				}
				for kind, q := range queries {
					res, err := x.Search(context.Background(), q, 3)
					if err != nil {
						t.Fatal(err)
					}
					ok := slices.ContainsFunc(res.Hits, func(h index.Hit) bool { return h.Issue.Number == d.Number })
					c := kinds[kind]
					c[1]++
					if ok {
						c[0]++
					} else {
						t.Errorf("#%d %s: %s: not among the first three: %s", d.Number, kind, q, numbers(res.Hits))
					}
					kinds[kind] = c
				}
			}
		}
	}
	for kind, c := range kinds {
		t.Logf("%-8s %d of %d found among the first three", kind, c[0], c[1])
	}
	t.Logf("%d items of the held-out issues have no word in fewer than four items of the archive, or are a sponsor's", skipped)
}

var letters = regexp.MustCompile(`[A-Za-z'’]+`)

// wordsOf returns the words of five letters or more of s, lower case
// (not a part of "doesn't").
func wordsOf(s string) []string {
	var out []string
	for _, w := range letters.FindAllString(s, -1) {
		if len(w) >= 5 && !strings.ContainsAny(w, "'’") {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// around returns three words of s, the word w among them.
func around(s, w string) string {
	f := strings.Fields(s)
	for i, x := range f {
		if strings.Contains(strings.ToLower(x), w) {
			lo := min(max(i-1, 0), max(len(f)-3, 0))
			return strings.Trim(strings.Join(f[lo:min(lo+3, len(f))], " "), `.,;:!?()"`)
		}
	}
	return w
}

// otherForm writes w as a plural, a singular or with -ing, as an editor
// who remembers the topic and not the words might.
func otherForm(w string) string {
	switch {
	case strings.HasSuffix(w, "ed"):
		return strings.TrimSuffix(w, "ed") + "ing"
	case strings.HasSuffix(w, "y"):
		return strings.TrimSuffix(w, "y") + "ies"
	case strings.HasSuffix(w, "ing"):
		return strings.TrimSuffix(w, "ing") + "s"
	case strings.HasSuffix(w, "ies"):
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "s"):
		return strings.TrimSuffix(w, "s")
	case strings.HasSuffix(w, "e"):
		return strings.TrimSuffix(w, "e") + "ing"
	}
	return w + "s"
}

// typo changes one letter in the middle of w.
func typo(w string) string {
	b := []byte(w)
	i := len(b) / 2
	if b[i] == 'z' {
		b[i] = 'a'
	} else {
		b[i]++
	}
	return string(b)
}

func numbers(hits []index.Hit) string {
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("#%d", h.Issue.Number))
	}
	return strings.Join(out, " ")
}
