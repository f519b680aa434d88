package check

import (
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

func words(n int) draft.Item {
	return draft.Item{Blurb: strings.TrimSpace(strings.Repeat("word ", n)), URLs: []string{"https://example.com/" + strings.Repeat("a", n%7)}}
}

// TestLongSections warns of a section far longer than the others only
// when the settings give a factor, and leaves the sponsor's section out.
func TestLongSections(t *testing.T) {
	t.Parallel()
	d := &draft.Draft{Sections: []draft.Section{
		{Name: "News", Items: []draft.Item{words(299), words(299)}},
		{Name: "Tools", Items: []draft.Item{words(99)}},
		{Name: "Sponsor", Sponsor: true, Items: []draft.Item{words(9)}},
		{Name: "Events", Items: []draft.Item{words(99)}},
		{Name: "Empty"},
	}}
	if got := LongSections(d, 0); got != nil {
		t.Fatalf("without the setting, nothing is reported: %v", got)
	}
	got := LongSections(d, 2)
	if len(got) != 1 || got[0].Where != `section 1 "News"` || !strings.Contains(got[0].Problem, "600 words") || !strings.Contains(got[0].Problem, "average of 100") {
		t.Fatalf("News (600 words against 100 and 100) is reported alone: %v", got)
	}
	if got := LongSections(d, 7); got != nil {
		t.Fatalf("within the factor, nothing is reported: %v", got)
	}
	one := &draft.Draft{Sections: []draft.Section{{Name: "News", Items: []draft.Item{words(500)}}}}
	if got := LongSections(one, 1.5); got != nil {
		t.Fatalf("one section has nothing to compare with: %v", got)
	}
}
