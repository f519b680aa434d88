package draft

import (
	"fmt"
	"slices"
	"strings"
)

// The section ops and OpLinks, as Op values:
//
//   - OpSectionAdd puts an empty section called Section, a sponsor section
//     when Sponsor, at column To.Col (1 to Columns()). When Items are given
//     (undoing a removal) they are taken out of the inbox into it, so that
//     the board is exactly as before the removal.
//   - OpSectionRemove takes off the section called Section (From.Col is a
//     hint); its items go to the end of the inbox. Done, it carries the
//     section's place, kind and items, for its inverse.
//   - OpSectionRename renames the section called Before to After.
//   - OpSectionMove puts the section called Section at column To.Col.
//   - OpSectionKind makes the section called Section a sponsor section
//     (After "sponsor") or a plain one (After "plain"), or one whose items
//     go on to the next issue (After "recurring") or not (After "once").
//   - OpLinks gives the item Item.ID (From is a hint) the links Links; done,
//     Was holds the links it had.
//
// Sections are found by name rather than by column, so that an op written
// against one state of the draft (a queued command, another editor) still
// finds its section after others moved.

// Section kinds as OpSectionKind writes them.
const (
	KindSponsor   = "sponsor"
	KindPlain     = "plain"
	KindRecurring = "recurring"
	KindOnce      = "once"
)

// inverseSection returns the op that undoes a section op or an OpLinks.
func (op Op) inverseSection() Op {
	switch op.Kind {
	case OpSectionAdd:
		return Op{Kind: OpSectionRemove, From: op.To, Section: op.Section}
	case OpSectionRemove:
		return Op{Kind: OpSectionAdd, To: op.From, Section: op.Section, Sponsor: op.Sponsor, Items: op.Items}
	case OpSectionRename:
		return Op{Kind: OpSectionRename, From: op.From, Section: op.After, Before: op.After, After: op.Before}
	case OpSectionMove:
		return Op{Kind: OpSectionMove, From: op.To, To: op.From, Section: op.Section}
	case OpSectionKind:
		return Op{Kind: OpSectionKind, From: op.From, Section: op.Section, Before: op.After, After: op.Before}
	default: // OpLinks
		return Op{Kind: OpLinks, From: op.From, Item: op.Item, Links: op.Was, Was: op.Links}
	}
}

// findSection returns the column of the section called name, trying hint
// first.
func (d *Draft) findSection(hint int, name string) (int, error) {
	if hint >= 1 && hint < d.Columns() && strings.EqualFold(d.Sections[hint-1].Name, strings.TrimSpace(name)) {
		return hint, nil
	}
	i, err := d.Section(name)
	return i + 1, err
}

func kindOf(sponsor bool) string {
	if sponsor {
		return KindSponsor
	}
	return KindPlain
}

// doSection does a section op or an OpLinks and returns it as done.
func (d *Draft) doSection(op Op) (Op, error) {
	switch op.Kind {
	case OpSectionAdd:
		col := op.To.Col
		if col == 0 {
			col = d.Columns()
		}
		if err := d.AddSection(op.Section, col, op.Sponsor); err != nil {
			return op, err
		}
		done := Op{Kind: OpSectionAdd, To: Pos{Col: col}, Section: d.Sections[col-1].Name, Sponsor: op.Sponsor}
		if len(op.Items) > 0 {
			d.Sections[col-1].Items = d.takeFromInbox(op.Items)
			done.Items = slices.Clone(d.Sections[col-1].Items)
		}
		return done, nil
	case OpSectionRemove:
		col, err := d.findSection(op.From.Col, op.Section)
		if err != nil {
			return op, err
		}
		s := d.Sections[col-1]
		if _, err := d.RemoveSection(s.Name); err != nil {
			return op, err
		}
		return Op{Kind: OpSectionRemove, From: Pos{Col: col}, Section: s.Name, Sponsor: s.Sponsor, Items: slices.Clone(s.Items)}, nil
	case OpSectionRename:
		name := op.Section
		if name == "" {
			name = op.Before
		}
		col, err := d.findSection(op.From.Col, name)
		if err != nil {
			return op, err
		}
		before := d.Sections[col-1].Name
		if err := d.RenameSection(before, op.After); err != nil {
			return op, err
		}
		after := d.Sections[col-1].Name
		return Op{Kind: OpSectionRename, From: Pos{Col: col}, Section: before, Before: before, After: after}, nil
	case OpSectionMove:
		col, err := d.findSection(op.From.Col, op.Section)
		if err != nil {
			return op, err
		}
		name := d.Sections[col-1].Name
		if err := d.MoveSection(name, op.To.Col); err != nil {
			return op, err
		}
		return Op{Kind: OpSectionMove, From: Pos{Col: col}, To: Pos{Col: op.To.Col}, Section: name}, nil
	case OpSectionKind:
		col, err := d.findSection(op.From.Col, op.Section)
		if err != nil {
			return op, err
		}
		s := &d.Sections[col-1]
		done := Op{Kind: OpSectionKind, From: Pos{Col: col}, Section: s.Name, After: op.After}
		switch op.After {
		case KindSponsor, KindPlain:
			done.Before = kindOf(s.Sponsor)
			s.Sponsor = op.After == KindSponsor
		case KindRecurring, KindOnce:
			done.Before = KindOnce
			if s.Recurring {
				done.Before = KindRecurring
			}
			s.Recurring = op.After == KindRecurring
		default:
			return op, fmt.Errorf("section kind %q: use %q, %q, %q or %q", op.After, KindSponsor, KindPlain, KindRecurring, KindOnce)
		}
		return done, nil
	default: // OpLinks
		from, err := d.locate(op.From, op.Item.ID)
		if err != nil {
			return op, err
		}
		it := d.At(from)
		done := Op{Kind: OpLinks, From: from, Item: Item{ID: it.ID}, Was: it.URLs, Links: slices.Clone(op.Links)}
		it.URLs = slices.Clone(op.Links)
		return done, nil
	}
}

// takeFromInbox takes the items with the ids of want out of the inbox and
// returns them in want's order, as they are now in the inbox (with what was
// learned of them since, such as a fetched title). An item that is no
// longer in the inbox is put back as want has it.
func (d *Draft) takeFromInbox(want []Item) []Item {
	ids := make(map[string]int, len(want))
	for i, it := range want {
		ids[it.ID] = i
	}
	out := slices.Clone(want)
	kept := d.Inbox[:0:0]
	for _, it := range d.Inbox {
		if i, ok := ids[it.ID]; ok {
			out[i] = it
			continue
		}
		kept = append(kept, it)
	}
	d.Inbox = kept
	return out
}

// JoinOps returns the change that joins the item at second onto the item at
// first, as vim joins lines: the second's links are appended to the first's,
// the blurbs are kept (joined by a blank line when both have one), the
// first's title is kept, and the second item goes. Undone, both items are
// back exactly as they were.
func (d *Draft) JoinOps(first, second Pos) (Change, error) {
	a, b := d.At(first), d.At(second)
	if a == nil || b == nil || first == second {
		return nil, fmt.Errorf("join needs two cards")
	}
	links := append(slices.Clone(a.URLs), b.URLs...)
	blurb := strings.TrimSpace(a.Blurb)
	if bb := strings.TrimSpace(b.Blurb); bb != "" {
		if blurb != "" {
			blurb += "\n\n"
		}
		blurb += bb
	}
	c := Change{{Kind: OpLinks, From: first, Item: Item{ID: a.ID}, Links: links}}
	if blurb != a.Blurb {
		c = append(c, Op{Kind: OpEdit, Field: FieldBlurb, From: first, Item: Item{ID: a.ID}, Before: a.Blurb, After: blurb})
	}
	return append(c, Op{Kind: OpDelete, From: second, Item: Item{ID: b.ID}}), nil
}

// RemoveSectionAt returns the op that removes section column col.
func (d *Draft) RemoveSectionAt(col int) (Op, error) {
	if col < 1 || col >= d.Columns() {
		return Op{}, fmt.Errorf("no section %d: the draft has %d", col, len(d.Sections))
	}
	return Op{Kind: OpSectionRemove, From: Pos{Col: col}, Section: d.Sections[col-1].Name}, nil
}
