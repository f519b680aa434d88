package draft

// Next returns the draft of the issue after last, numbered number and
// dated date: last's newsletter, sections (names, order, which is the
// sponsor's, which recur) and footer, so that nothing set in one issue is
// typed again in the next. The items of recurring sections go on (an Events
// or Jobs list that changes a little each week), and so do the sponsor
// section's when repeatSponsor; each is marked Carried from last until its
// blurb is edited. Nothing else goes on: no intro, title or inbox.
func Next(last *Draft, number int, date string, repeatSponsor bool) *Draft {
	d := New(last.Newsletter, number, date, nil)
	d.Footer = last.Footer
	for _, s := range last.Sections {
		next := Section{Name: s.Name, Sponsor: s.Sponsor, Recurring: s.Recurring, Items: []Item{}}
		if s.Recurring || (s.Sponsor && repeatSponsor) {
			for _, it := range s.Items {
				it = cloneItems([]Item{it})[0]
				it.ID = NewID()
				it.Conflict, it.RepeatOK = nil, false
				it.Carried = last.Number
				next.Items = append(next.Items, it)
			}
		}
		d.Sections = append(d.Sections, next)
	}
	return d
}
