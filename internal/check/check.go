// Package check finds what is wrong with a draft before it goes out.
package check

import (
	"fmt"
	"strings"
	"time"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/link"
)

// Finding is one problem in a draft.
type Finding struct {
	Where   string // "News, item 3", or a section or field
	URL     string // the URL as written, when the finding is about one
	Problem string
}

// String returns the finding as check prints it: one line.
func (f Finding) String() string {
	s := f.Where + ": " + f.Problem
	if f.URL != "" {
		s += ": " + f.URL
	}
	return s
}

// Offline returns the problems that can be found without the network or the
// archive: merge conflicts left to settle, items without a blurb, URLs repeated within the draft, empty
// sections, and URLs that are not http or https links. The inbox is not part
// of the issue, so only its repeats and bad URLs are reported.
func Offline(d *draft.Draft) []Finding {
	var out []Finding
	if d.Date != "" {
		if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
			out = append(out, Finding{Where: "date", Problem: fmt.Sprintf("%q is not a date as YYYY-MM-DD; weekly set DRAFT --date YYYY-MM-DD fixes it", d.Date)})
		}
	}
	first := map[string]string{}
	ids := map[string]string{}
	d.Items(func(p draft.Pos, it *draft.Item) {
		where := Where(d, p)
		switch prev, dup := ids[it.ID]; {
		case it.ID == "":
			out = append(out, Finding{Where: where, Problem: "the item has no id (the next save gives it one)"})
		case dup:
			out = append(out, Finding{Where: where, Problem: fmt.Sprintf("the item's id %q is the id of %s too (the next save gives it a new one)", it.ID, prev)})
		default:
			ids[it.ID] = where
		}
		if err := draft.CheckBlurbSize(int64(len(it.Blurb))); err != nil {
			out = append(out, Finding{Where: where, Problem: err.Error()})
		}
		if c := it.Conflict; c != nil {
			out = append(out, Finding{Where: where, Problem: conflictProblem(*c)})
		}
		if p.Col != draft.Inbox && strings.TrimSpace(it.Blurb) == "" && !d.Sections[p.Col-1].Sponsor {
			out = append(out, Finding{Where: where, URL: it.URL(), Problem: "no blurb"})
		}
		for _, u := range it.URLs {
			if _, err := link.Check(u); err != nil {
				out = append(out, Finding{Where: where, Problem: err.Error()})
				continue
			}
			key := link.Normalize(u)
			if prev, ok := first[key]; ok {
				out = append(out, Finding{Where: where, URL: u, Problem: "repeats the link of " + prev})
				continue
			}
			first[key] = where
		}
	})
	for _, c := range d.Conflicts {
		out = append(out, Finding{Where: c.Field, Problem: conflictProblem(c)})
	}
	for i, s := range d.Sections {
		if len(s.Items) == 0 {
			out = append(out, Finding{Where: fmt.Sprintf("section %d %q", i+1, s.Name), Problem: "empty (it is left out of the export)"})
		}
	}
	return out
}

// conflictProblem says what a merge left to settle and how.
func conflictProblem(c draft.Conflict) string {
	from := "the other side"
	if c.From != "" {
		from = c.From
	}
	how := "edit it (weekly set, or the board) to settle it"
	if c.Field == "blurb" {
		how = "edit the blurb on the board (enter) to settle it"
	}
	return fmt.Sprintf("merge conflict: the %s was changed on both sides; this draft keeps one, %s wrote %q; %s", c.Field, from, c.Value, how)
}

// Where names a position as check reports it: "News, item 3".
func Where(d *draft.Draft, p draft.Pos) string {
	return fmt.Sprintf("%s, item %d", d.ColumnName(p.Col), p.Index+1)
}
