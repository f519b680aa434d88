package check

import (
	"strings"
	"testing"

	"github.com/weekly-dev/weekly/internal/draft"
)

// TestOfflineReportsConflicts checks that merge conflicts on a blurb and on
// an issue field are reported with the other side's text.
func TestOfflineReportsConflicts(t *testing.T) {
	t.Parallel()
	d := draft.New("W", 1, "2024-01-01", []string{"News"})
	d.Sections[0].Items = []draft.Item{{ID: "a", Blurb: "Ours.", URLs: []string{"https://example.com/a"}, Conflict: &draft.Conflict{Field: "blurb", Value: "Theirs.", From: "alice"}}}
	d.Conflicts = []draft.Conflict{{Field: "intro", Value: "Their intro"}}
	var got []string
	for _, f := range Offline(d) {
		got = append(got, f.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{`News, item 1: merge conflict: the blurb was changed on both sides; this draft keeps one, alice wrote "Theirs."`, `intro: merge conflict: the intro was changed on both sides; this draft keeps one, the other side wrote "Their intro"`} {
		if !strings.Contains(all, want) {
			t.Errorf("findings:\n%s\nwant a line with\n%s", all, want)
		}
	}
}
