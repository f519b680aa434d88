package board

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/weekly-dev/weekly/internal/draft"
)

// pieces are what the texts of cards and the typed queries are made of:
// letters in both cases, the two characters that lower to ASCII (İ and the
// Kelvin sign), others that do not, spaces and bytes that are not UTF-8.
var pieces = []string{"a", "b", "k", "K", "i", "I", "İ", "\u212A", "ö", "Ö", "ß", " ", "ab", "ka", "\xff", "\xc4", "x y", "-"}

// want is the search by its definition, over every card: the cards one of
// whose texts has a lower case that contains q, in board order.
func want(d *draft.Draft, q string) []draft.Pos {
	var hits []draft.Pos
	if q == "" {
		return nil
	}
	d.Items(func(p draft.Pos, it *draft.Item) {
		texts := append([]string{it.Title, it.Blurb, it.Description, it.Site, it.Via, it.Note}, it.URLs...)
		if slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(strings.ToLower(s), q) }) {
			hits = append(hits, p)
		}
	})
	return hits
}

// searchScript drives a board's search line with choices from next (which
// returns a number below its argument): typing, deleting, pasting, moving
// the cursor, leaving and reopening the search, and changes to the draft.
// After every step the board's matches must be the search by definition.
func searchScript(t *testing.T, next func(int) int, steps int) {
	text := func() string {
		var sb strings.Builder
		for range next(6) {
			sb.WriteString(pieces[next(len(pieces))])
		}
		return sb.String()
	}
	var cols [3][]string
	for i := range 3 + next(12) {
		cols[next(3)] = append(cols[next(3)], string(rune('a'+i%26))+strings.Repeat("z", i/26))
	}
	d := newDraft(cols[0], cols[1], cols[2])
	d.Items(func(_ draft.Pos, it *draft.Item) {
		it.Title, it.Blurb, it.Description, it.Site, it.Via, it.Note = text(), text(), text(), text(), text(), text()
		it.URLs = append(it.URLs, text())
	})
	b := newTestBoard(d, 120, 30)
	press(b, "/")
	var log []string
	for range steps {
		switch k := next(10); {
		case k < 4:
			s := pieces[next(len(pieces))]
			log = append(log, "type "+s)
			for _, r := range s {
				b.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		case k == 4:
			log = append(log, "backspace")
			press(b, "backspace")
		case k == 5:
			s := text()
			log = append(log, "paste "+s)
			b.Update(tea.PasteMsg{Content: s})
		case k == 6:
			key := []string{"left", "right", "ctrl+u"}[next(3)]
			log = append(log, key)
			press(b, key)
		case k == 7:
			key := []string{"esc", "enter"}[next(2)]
			log = append(log, key+" /")
			press(b, key, "/")
		case k == 8:
			it := b.current().At(draft.Pos{Col: next(3), Index: 0})
			if it == nil {
				continue
			}
			s := text()
			log = append(log, "blurb of "+it.ID+" to "+s)
			p, _ := b.current().Find(it.ID)
			if err := apply(b, draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, From: p, Item: draft.Item{ID: it.ID}, Before: it.Blurb, After: s}); err != nil {
				t.Fatal(err)
			}
		default:
			from := draft.Pos{Col: next(3), Index: 0}
			it := b.current().At(from)
			if it == nil {
				continue
			}
			to := draft.Pos{Col: next(3), Index: 0}
			log = append(log, "move "+it.ID)
			if err := apply(b, draft.Op{Kind: draft.OpMove, From: from, To: to, Item: draft.Item{ID: it.ID}}); err != nil {
				t.Fatal(err)
			}
		}
		q := strings.ToLower(strings.TrimSpace(b.input.Value()))
		if got, want := b.freshHits(), want(b.current(), q); !slices.Equal(got, want) {
			t.Fatalf("after %q the query %q matches %v, want %v", tail(log), q, got, want)
		}
		if q != "" && !strings.Contains(b.SearchStatus(), draft.Plural(len(b.search.hits), "match")) && len(b.search.hits) > 0 {
			t.Fatalf("after %q the status does not count %d matches: %q", tail(log), len(b.search.hits), b.SearchStatus())
		}
	}
}

// TestSearchIncremental checks the search that narrows the last matches
// as the query grows against a search of every card afresh, over random
// drafts and random editing of the query.
func TestSearchIncremental(t *testing.T) {
	t.Parallel()
	for seed := range uint64(60) {
		r := rand.New(rand.NewPCG(seed, 22))
		searchScript(t, r.IntN, 150)
	}
}

// FuzzSearchIncremental is TestSearchIncremental with its choices read
// from the fuzzer's bytes.
func FuzzSearchIncremental(f *testing.F) {
	f.Add([]byte("\x05\x01\x02\x03\x00\x07\x00\x04\x09\x00\x01\x05\x06\x07\x00\x02\x00\x01\x08\x00\x03"))
	f.Add([]byte("\x0c\x00\x00\x01\x01\x02\x02\x00\x06\x00\x00\x06\x00\x01\x06\x00\x02\x00\x09\x00\x00\x05"))
	f.Fuzz(func(t *testing.T, script []byte) {
		next := func(n int) int {
			if len(script) == 0 {
				return 0
			}
			c := int(script[0])
			script = script[1:]
			return c % n
		}
		searchScript(t, next, 60)
	})
}

// tail is the last steps of a script, for a failure's message.
func tail(log []string) []string { return log[max(0, len(log)-12):] }

// TestSearchLongQuery types a query longer than the earlier queries a
// search keeps, then deletes it letter by letter, the cursor in the middle
// for part of it: the matches are the search by definition at each step.
func TestSearchLongQuery(t *testing.T) {
	t.Parallel()
	word := strings.Repeat("ab", maxBack) + "k"
	titles := make([]string, 0, 2*len(word))
	for i := range len(word) {
		titles = append(titles, "x "+strings.ToUpper(word[:i+1]), word[i:]+"\u212A")
	}
	d := newDraft(titles[:len(titles)/2], titles[len(titles)/2:], nil)
	d.Items(func(_ draft.Pos, it *draft.Item) { it.Title = it.URLs[0] })
	b := newTestBoard(d, 120, 30)
	press(b, "/")
	check := func(step string) {
		t.Helper()
		q := strings.ToLower(strings.TrimSpace(b.input.Value()))
		if got, want := b.freshHits(), want(b.current(), q); !slices.Equal(got, want) {
			t.Fatalf("after %s the query %q matches %v, want %v", step, q, got, want)
		}
	}
	for _, r := range word {
		b.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		check("typing " + string(r))
	}
	if len(b.search.hits) == 0 || len(b.search.back) != maxBack {
		t.Fatalf("the whole query matches %d cards with %d earlier queries kept, want some and %d", len(b.search.hits), len(b.search.back), maxBack)
	}
	for range 5 {
		press(b, "left")
	}
	for range 10 {
		press(b, "backspace")
		check("backspace in the middle")
	}
	b.Update(tea.KeyPressMsg{Code: tea.KeyEnd})
	if !strings.HasSuffix(b.input.Value(), "k") {
		t.Fatalf("the search line reads %q after end", b.input.Value())
	}
	for b.input.Value() != "" {
		press(b, "backspace")
		check("backspace")
	}
}
