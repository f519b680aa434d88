package check

import (
	"fmt"
	"strings"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
)

// Archived returns a finding for each link of the draft that an earlier
// issue in the archive already carried, naming the newest such issue with
// its date and then every other one by number; the inbox is
// checked too, so that a repeat is caught while triaging. Items marked as
// a deliberate repeat, sponsor sections (whose links come back by design)
// and the archived copy of this very issue are left out.
func Archived(d *draft.Draft, a *archive.Archive) []Finding {
	var out []Finding
	d.Items(func(p draft.Pos, it *draft.Item) {
		if it.RepeatOK || (p.Col != draft.Inbox && d.Sections[p.Col-1].Sponsor) {
			return
		}
		for _, u := range it.URLs {
			var earlier []archive.Use
			for _, use := range a.Find(u) {
				if use.Issue.Is(d.Newsletter, d.Number) {
					continue
				}
				earlier = append(earlier, use)
			}
			if len(earlier) == 0 {
				continue
			}
			problem := "used before in " + earlier[0].Issue.Label()
			if len(earlier) > 1 {
				also := make([]string, len(earlier)-1)
				for i, use := range earlier[1:] {
					also[i] = fmt.Sprintf("#%d", use.Issue.Number)
				}
				problem += ", also in " + strings.Join(also, ", ")
			}
			out = append(out, Finding{Where: Where(d, p), URL: u, Problem: problem})
		}
	})
	return out
}
