package check

import (
	"fmt"

	"github.com/weekly-dev/weekly/internal/archive"
	"github.com/weekly-dev/weekly/internal/draft"
)

// Archived returns a finding for each link of the draft that an earlier
// issue in the archive already carried, naming that issue; the inbox is
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
			if n := len(earlier) - 1; n == 1 {
				problem += " and 1 other issue"
			} else if n > 1 {
				problem += fmt.Sprintf(" and %d other issues", n)
			}
			out = append(out, Finding{Where: Where(d, p), URL: u, Problem: problem})
		}
	})
	return out
}
