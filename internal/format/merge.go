package format

import (
	"strings"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
)

// Merged counts what Merge did.
type Merged struct{ Added, Skipped, Sections int }

// Merge adds the issue in to the draft d without replacing anything in d:
// empty fields are filled in, items join the sections of the same name
// (a new section goes after the one it followed in the issue, or first),
// and items whose links, or whose text when they have none, d already has
// are skipped.
func Merge(d, in *draft.Draft) Merged {
	fill := func(dst *string, src string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = src
		}
	}
	if d.Number == 0 {
		d.Number = in.Number
	}
	fill(&d.Date, in.Date)
	fill(&d.Title, in.Title)
	fill(&d.Intro, in.Intro)
	fill(&d.Closing, in.Closing)
	fill(&d.Footer, in.Footer)
	if d.Header == "" && d.Number == in.Number && d.Date == in.Date {
		d.Header = in.Header
	}
	have := map[string]bool{}
	d.Items(func(_ draft.Pos, it *draft.Item) {
		for _, k := range itemKeys(*it) {
			have[k] = true
		}
	})
	var r Merged
	prev := -1 // where the previous section of the issue is in d
	for _, s := range in.Sections {
		i := d.SectionIndex(s.Name)
		if i < 0 {
			i = prev + 1
			d.Sections = append(d.Sections, draft.Section{})
			copy(d.Sections[i+1:], d.Sections[i:])
			d.Sections[i] = draft.Section{Name: s.Name, Sponsor: s.Sponsor, Items: []draft.Item{}}
			r.Sections++
		}
		prev = i
		for _, it := range s.Items {
			keys := itemKeys(it)
			dup := len(keys) > 0
			for _, k := range keys {
				dup = dup && have[k]
				have[k] = true
			}
			if dup {
				r.Skipped++
				continue
			}
			d.Sections[i].Items = append(d.Sections[i].Items, it)
			r.Added++
		}
	}
	return r
}

// itemKeys are what makes two items the same: their normalised links, or
// their text when they have none.
func itemKeys(it draft.Item) []string {
	if len(it.URLs) == 0 {
		if t := strings.Join(strings.Fields(it.Blurb), " "); t != "" {
			return []string{"text:" + t}
		}
		return nil
	}
	keys := make([]string, len(it.URLs))
	for i, u := range it.URLs {
		keys[i] = link.Normalize(u)
	}
	return keys
}
