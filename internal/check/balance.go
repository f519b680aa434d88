package check

import (
	"fmt"

	"github.com/weekly-dev/weekly/internal/draft"
)

// LongSections returns a finding for each section with more than factor
// times the words of the other sections' average: a News of 900 words
// beside three of 150 is a newsletter leaning one way. Sponsor sections and
// empty ones are left out of both sides; factor 0 (the settings ask for
// nothing) or fewer than two sections to compare finds nothing.
func LongSections(d *draft.Draft, factor float64) []Finding {
	if factor <= 0 {
		return nil
	}
	type count struct {
		i, words int
	}
	var counts []count
	total := 0
	for i, s := range d.Sections {
		if s.Sponsor || len(s.Items) == 0 {
			continue
		}
		n := 0
		for _, it := range s.Items {
			n += draft.ItemWords(it)
		}
		counts = append(counts, count{i, n})
		total += n
	}
	if len(counts) < 2 {
		return nil
	}
	var out []Finding
	for _, c := range counts {
		others := float64(total-c.words) / float64(len(counts)-1)
		if float64(c.words) > factor*others {
			out = append(out, Finding{
				Where:   fmt.Sprintf("section %d %q", c.i+1, d.Sections[c.i].Name),
				Problem: fmt.Sprintf("%d words, more than %g times the others' average of %.0f (\"long_section\" in the settings)", c.words, factor, others),
			})
		}
	}
	return out
}
