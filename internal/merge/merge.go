// Package merge joins two drafts that were edited apart from one common
// ancestor, item by item and section by section, as git's merge driver for
// drafts does. Nothing either side wrote is lost: where both sides changed
// the same text differently, the result keeps one side's text in place and
// the other's in a draft.Conflict, never text conflict markers.
package merge

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/weekly-dev/weekly/internal/draft"
)

// Result is a merged draft and how many conflicts were marked in it.
type Result struct {
	Draft     *draft.Draft
	Conflicts int
}

// Merge returns the three-way merge of ours and theirs, both edits of base.
// Where both sides changed a text differently, ours stays in place and
// theirs is kept in a conflict mark that names from (the other branch).
//
// The rules: an issue field, a section's kind or an item's field that only
// one side changed takes that change. An item added on either side is kept.
// An item deleted on one side is gone unless the other side edited it, and
// then it is kept as edited. An item one side moved goes where that side put
// it (ours wins when both moved it). Sections are matched by name, without
// regard to case; a section deleted on one side is gone, and items the other
// side still has in it go to the end of the inbox. None of the inputs is
// changed.
func Merge(base, ours, theirs *draft.Draft, from string) Result {
	m := &merger{from: from}
	out := &draft.Draft{
		Schema:     max(base.Schema, ours.Schema, theirs.Schema),
		Newsletter: m.text("newsletter", base.Newsletter, ours.Newsletter, theirs.Newsletter),
		Number:     m.number(base.Number, ours.Number, theirs.Number),
		Date:       m.text("date", base.Date, ours.Date, theirs.Date),
		Title:      m.text("title", base.Title, ours.Title, theirs.Title),
		Header:     m.text("header", base.Header, ours.Header, theirs.Header),
		Intro:      m.text("intro", base.Intro, ours.Intro, theirs.Intro),
		Closing:    m.text("closing", base.Closing, ours.Closing, theirs.Closing),
		Footer:     m.text("footer", base.Footer, ours.Footer, theirs.Footer),
	}
	out.Conflicts = joinConflicts(pick(base.Conflicts, ours.Conflicts, theirs.Conflicts, slices.Equal), m.fields)
	out.Sends = sends(base.Sends, ours.Sends, theirs.Sends)
	out.Sections = m.sections(base, ours, theirs)
	m.items(out, base, ours, theirs)
	return Result{Draft: out, Conflicts: m.count}
}

// Mergeable reports why d cannot be merged item by item: an item ID or a
// section name (without regard to case) that appears twice, as only a hand
// edit makes. Merge would keep only the first of each.
func Mergeable(d *draft.Draft) error {
	ids := map[string]string{}
	var err error
	d.Items(func(p draft.Pos, it *draft.Item) {
		where := fmt.Sprintf("%s, item %d", d.ColumnName(p.Col), p.Index+1)
		if prev, ok := ids[it.ID]; ok && err == nil {
			err = fmt.Errorf("item id %q is both %s and %s; give one of them another id", it.ID, prev, where)
		}
		ids[it.ID] = where
	})
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for _, s := range d.Sections {
		if names[key(s.Name)] {
			return fmt.Errorf("two sections are called %q; rename one", s.Name)
		}
		names[key(s.Name)] = true
	}
	return nil
}

// merger collects the conflicts of one merge.
type merger struct {
	from   string
	fields []draft.Conflict // conflicts in issue fields
	count  int
}

// pick is the three-way rule for one value: a side that did not change it
// takes the other's change; when both changed it, ours.
func pick[T any](base, ours, theirs T, equal func(a, b T) bool) T {
	if equal(ours, base) {
		return theirs
	}
	return ours
}

func eq[T comparable](a, b T) bool { return a == b }

// text merges an issue field, marking a conflict when both sides changed it
// differently.
func (m *merger) text(field, base, ours, theirs string) string {
	if ours != base && theirs != base && ours != theirs {
		m.fields = append(m.fields, draft.Conflict{Field: field, Value: theirs, From: m.from})
		m.count++
	}
	return pick(base, ours, theirs, eq)
}

func (m *merger) number(base, ours, theirs int) int {
	m.text("number", strconv.Itoa(base), strconv.Itoa(ours), strconv.Itoa(theirs))
	return pick(base, ours, theirs, eq)
}

// joinConflicts adds the new field conflicts to those the draft had, a new
// one replacing an older one on the same field.
func joinConflicts(old, added []draft.Conflict) []draft.Conflict {
	var out []draft.Conflict
	for _, c := range old {
		if !slices.ContainsFunc(added, func(a draft.Conflict) bool { return a.Field == c.Field }) {
			out = append(out, c)
		}
	}
	return append(out, added...)
}

// key is how sections are matched across the three drafts.
func key(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// sections merges the list of sections (without their items).
func (m *merger) sections(base, ours, theirs *draft.Draft) []draft.Section {
	names := func(d *draft.Draft) []string {
		out := make([]string, len(d.Sections))
		for i, s := range d.Sections {
			out[i] = key(s.Name)
		}
		return out
	}
	find := func(d *draft.Draft, k string) *draft.Section {
		for i := range d.Sections {
			if key(d.Sections[i].Name) == k {
				return &d.Sections[i]
			}
		}
		return nil
	}
	b, o, t := names(base), names(ours), names(theirs)
	keep := func(k string) bool {
		inB, inO, inT := slices.Contains(b, k), slices.Contains(o, k), slices.Contains(t, k)
		if inB {
			return inO && inT // deleted on either side
		}
		return inO || inT
	}
	order := mergeOrder(b, o, t, keep)
	out := make([]draft.Section, 0, len(order))
	for _, k := range order {
		bs, os, ts := find(base, k), find(ours, k), find(theirs, k)
		var s draft.Section
		switch {
		case os == nil:
			s = *ts
		case ts == nil:
			s = *os
		default:
			s = *os
			if bs != nil {
				s.Name = pick(bs.Name, os.Name, ts.Name, eq)
				s.Sponsor = pick(bs.Sponsor, os.Sponsor, ts.Sponsor, eq)
				s.Recurring = pick(bs.Recurring, os.Recurring, ts.Recurring, eq)
			}
		}
		s.Items = []draft.Item{}
		out = append(out, s)
	}
	return out
}

// mergeOrder merges one ordered list of distinct keys. The keys kept are
// those keep accepts. Ours' order stands, except for the keys that only
// theirs placed (added, or moved relative to base): each of those goes
// after the key that precedes it in theirs.
func mergeOrder(base, ours, theirs []string, keep func(string) bool) []string {
	movedO, movedT := moved(base, ours), moved(base, theirs)
	inO := make(map[string]bool, len(ours))
	for _, k := range ours {
		inO[k] = true
	}
	byTheirs := func(k string) bool { return !inO[k] || (movedT[k] && !movedO[k]) }
	var kept []string
	for _, k := range ours {
		if keep(k) && !byTheirs(k) {
			kept = append(kept, k)
		}
	}
	var placed []string
	for _, k := range theirs {
		if keep(k) && byTheirs(k) {
			placed = append(placed, k)
		}
	}
	return weave(kept, theirs, placed, movedO)
}

// weave puts each of placed (in theirs' order) into kept after the nearest
// anchor that precedes it in theirs, or first when there is none. Anchors
// are the keys both sides agree on (kept and not placed anew by ours) and
// the keys already placed. What ours placed right after an anchor stays
// right after it, before theirs' keys: ours first.
func weave(kept, theirs, placed []string, movedO map[string]bool) []string {
	if len(placed) == 0 {
		return kept
	}
	anchor := make(map[string]bool, len(kept)+len(placed))
	for _, k := range kept {
		anchor[k] = !movedO[k]
	}
	isPlaced := make(map[string]bool, len(placed))
	for _, k := range placed {
		isPlaced[k] = true
	}
	after := map[string][]string{} // "" is the start
	prev := ""
	for _, k := range theirs {
		if isPlaced[k] {
			after[prev] = append(after[prev], k)
			anchor[k] = true
		}
		if anchor[k] {
			prev = k
		}
	}
	out := make([]string, 0, len(kept)+len(placed))
	var flush func(k string)
	flush = func(k string) {
		for _, x := range after[k] {
			out = append(out, x)
			flush(x)
		}
	}
	pending := ""
	for _, k := range kept {
		if anchor[k] {
			flush(pending)
			pending = k
		}
		out = append(out, k)
	}
	flush(pending)
	return out
}

// moved returns the keys of side that it placed anew relative to base: keys
// base does not have, and keys outside a longest run that keeps base's
// order (so that moving one key marks that key, not its neighbours).
func moved(base, side []string) map[string]bool {
	at := make(map[string]int, len(base))
	for i, k := range base {
		at[k] = i
	}
	out := map[string]bool{}
	var seq []int // base positions of side's keys that base has, in side's order
	var keys []string
	for _, k := range side {
		if i, ok := at[k]; ok {
			seq = append(seq, i)
			keys = append(keys, k)
		} else {
			out[k] = true
		}
	}
	inRun := longestIncreasing(seq)
	for i, k := range keys {
		if !inRun[i] {
			out[k] = true
		}
	}
	return out
}

// longestIncreasing marks the elements of one longest strictly increasing
// subsequence of seq, in O(n log n).
func longestIncreasing(seq []int) []bool {
	tails := []int{} // index in seq of the last element of the best run of each length
	prev := make([]int, len(seq))
	for i, v := range seq {
		n, _ := slices.BinarySearchFunc(tails, v, func(t, v int) int { return seq[t] - v })
		if n > 0 {
			prev[i] = tails[n-1]
		} else {
			prev[i] = -1
		}
		if n == len(tails) {
			tails = append(tails, i)
		} else {
			tails[n] = i
		}
	}
	out := make([]bool, len(seq))
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			out[i] = true
		}
	}
	return out
}

// sends merges the records of sending: every send either side recorded
// happened, so all are kept, once each, in the order they were made.
func sends(lists ...[]draft.Send) []draft.Send {
	var out []draft.Send
	for _, l := range lists {
		for _, s := range l {
			if !slices.ContainsFunc(out, func(o draft.Send) bool {
				return o.To == s.To && o.List == s.List && o.At.Equal(s.At) && o.MessageID == s.MessageID
			}) {
				out = append(out, s)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b draft.Send) int { return a.At.Compare(b.At) })
	return out
}
