package check

import (
	"fmt"
	"strings"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/spell"
)

// Suggestions is how many suggestions a spelling finding offers.
const Suggestions = 3

// Spelling returns a finding for each word of the issue that sp does not
// know: in the title, the intro, section headings, blurbs, the closing and
// the footer, once per word (in any case) and place. The inbox, not part of the issue
// yet, is left out; so are item titles and descriptions, which come from
// the linked pages. A word that is part of an item's own links (Vitess in a
// blurb of …/scaling-datastores-at-slack-with-vitess/) is taken as a name.
// It fails only when the dictionary cannot be loaded.
func Spelling(d *draft.Draft, sp *spell.Checker) ([]Finding, error) {
	var out []Finding
	field := func(where, text string, also []string) error {
		misses, err := sp.Check(text, also...)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, m := range misses {
			k := strings.ToLower(m.Word)
			if seen[k] {
				continue
			}
			seen[k] = true
			sugs, err := sp.Suggest(m.Word, Suggestions)
			if err != nil {
				return err
			}
			out = append(out, Finding{Where: where, Problem: spellingProblem(m.Word, sugs)})
		}
		return nil
	}
	if err := field("title", d.Title, nil); err != nil {
		return nil, err
	}
	if err := field("intro", d.Intro, nil); err != nil {
		return nil, err
	}
	for i, s := range d.Sections {
		if err := field(fmt.Sprintf("section %d %q", i+1, s.Name), s.Name, nil); err != nil {
			return nil, err
		}
		for j, it := range s.Items {
			if err := field(Where(d, draft.Pos{Col: i + 1, Index: j}), it.Blurb, spell.URLWords(it.URLs...)); err != nil {
				return nil, err
			}
		}
	}
	if err := field("closing", d.Closing, nil); err != nil {
		return nil, err
	}
	if err := field("footer", d.Footer, nil); err != nil {
		return nil, err
	}
	return out, nil
}

// spellingProblem says what is wrong with a word: `"ver" — very? verb? vet?`.
func spellingProblem(word string, sugs []string) string {
	if len(sugs) == 0 {
		return fmt.Sprintf("%q — not in the dictionary", word)
	}
	return fmt.Sprintf("%q — %s?", word, strings.Join(sugs, "? "))
}
