package check

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/cputime"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/spell"
)

// bigIssue returns a draft of 10,000 items in ten sections, each blurb 30
// words drawn from the 12,000 commonest English words (as a year of
// issues would use), with a different misspelling in every 50th: 200
// misspellings.
func bigIssue(b *testing.B) *draft.Draft {
	data, err := os.ReadFile("../spell/dict/common20.txt")
	if err != nil {
		b.Fatal(err)
	}
	more, err := os.ReadFile("../spell/dict/common10.txt")
	if err != nil {
		b.Fatal(err)
	}
	sp := spell.New(spell.Options{})
	var vocab []string
	for _, w := range strings.Fields(string(data) + string(more)) {
		if ok, err := sp.Correct(w); err != nil {
			b.Fatal(err)
		} else if ok && !strings.ContainsRune(w, '\'') {
			vocab = append(vocab, w)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	d := draft.New("Big Weekly", 1, "2030-01-06", []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"})
	for i := range 10000 {
		words := make([]string, 30)
		for j := range words {
			words[j] = vocab[rng.IntN(len(vocab))]
		}
		if i%50 == 0 {
			words[7] = fmt.Sprintf("familar%c%c", 'a'+i/50%26, 'a'+i/1300%26)
		}
		blurb := strings.Join(words, " ") + "."
		s := &d.Sections[i%10]
		s.Items = append(s.Items, draft.Item{ID: fmt.Sprint(i), Blurb: blurb, URLs: []string{fmt.Sprintf("https://site%d.example/post-%d", i%97, i)}})
	}
	return d
}

// BenchmarkSpelling10000Items checks the spelling of a 10,000-item issue:
// "first" on a dictionary just loaded (every word's first look-up, and the
// suggestions for 200 misspellings), "again" on one that has seen the
// words (as a second check, or the board checking as one types). The
// dictionary's load is not counted (see spell's BenchmarkLoad).
func BenchmarkSpelling10000Items(b *testing.B) {
	d := bigIssue(b)
	b.Run("first", func(b *testing.B) {
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			sp := spell.New(spell.Options{})
			if err := sp.Load(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start := cputime.Used()
			fs, err := Spelling(d, sp)
			cpu += cputime.Used() - start
			if err != nil || len(fs) != 200 {
				b.Fatalf("%d findings, %v; want 200", len(fs), err)
			}
		}
		b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	})
	b.Run("again", func(b *testing.B) {
		sp := spell.New(spell.Options{})
		if _, err := Spelling(d, sp); err != nil {
			b.Fatal(err)
		}
		start := cputime.Used()
		for b.Loop() {
			if _, err := Spelling(d, sp.With()); err != nil {
				b.Fatal(err)
			}
		}
		cputime.Report(b, start)
	})
}
