package check

import (
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

func TestOfflineReportsBadDatesAndIDs(t *testing.T) {
	t.Parallel()
	d := draft.New("W", 1, "2024-13-45", []string{"News"})
	d.Sections[0].Items = []draft.Item{
		{ID: "same", URLs: []string{"https://a.example/"}, Blurb: "A."},
		{ID: "same", URLs: []string{"https://b.example/"}, Blurb: "B."},
		{ID: "", URLs: []string{"https://c.example/"}, Blurb: "C."},
		{ID: "big", URLs: []string{"https://d.example/"}, Blurb: strings.Repeat("x", 2<<20)},
	}
	var all []string
	for _, f := range Offline(d) {
		all = append(all, f.String())
	}
	got := strings.Join(all, "\n")
	for _, want := range []string{`date: "2024-13-45" is not a date`, `News, item 2: the item's id "same" is the id of News, item 1 too`, "News, item 3: the item has no id", "News, item 4: the blurb is 2.0 MiB, more than the 1 MiB"} {
		if !strings.Contains(got, want) {
			t.Errorf("check does not report %q; it said:\n%s", want, got)
		}
	}
}
