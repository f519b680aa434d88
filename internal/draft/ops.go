package draft

import (
	"fmt"
	"strconv"
)

// OpKind says what an Op does to the board.
type OpKind int

const (
	// OpMove takes an item from one place and puts it at another.
	OpMove OpKind = iota
	// OpDelete takes an item off the board.
	OpDelete
	// OpInsert puts an item on the board.
	OpInsert
	// OpEdit changes a text: an item's blurb or a field of the issue.
	OpEdit
	// OpSectionAdd puts a new section at a column (see sections.go's ops).
	OpSectionAdd
	// OpSectionRemove takes a section off; its items go to the inbox.
	OpSectionRemove
	// OpSectionRename gives a section another name.
	OpSectionRename
	// OpSectionMove puts a section at another column.
	OpSectionMove
	// OpSectionKind makes a section the sponsor's or a plain one.
	OpSectionKind
	// OpLinks changes an item's links: added, removed or reordered.
	OpLinks
	// OpSend records a sending of the issue (Sent) in the draft.
	OpSend
	// OpUnsend takes back the record OpSend made; it is only ever the
	// inverse of one, when a change it was part of fails.
	OpUnsend
)

// Field names the text an OpEdit changes.
type Field int

const (
	// FieldBlurb is an item's blurb (a sponsor's text, in a sponsor section).
	FieldBlurb Field = iota
	// FieldIntro is the intro.
	FieldIntro
	// FieldTitle is the title.
	FieldTitle
	// FieldDate is the date, YYYY-MM-DD.
	FieldDate
	// FieldNumber is the number, in decimal.
	FieldNumber
	// FieldHeader is the imported header (see Draft.Header), which an edit of
	// the number or date clears.
	FieldHeader
	// FieldNewsletter is the newsletter's name.
	FieldNewsletter
	// FieldFooter is the footer, several lines.
	FieldFooter
	// FieldClosing is the free text between the last section and the footer.
	FieldClosing
	// FieldRepeatOK marks an item ("true") as a deliberate repeat, or not ("").
	FieldRepeatOK
)

// String returns the field's name as messages use it.
func (f Field) String() string {
	switch f {
	case FieldBlurb:
		return "blurb"
	case FieldIntro:
		return "intro"
	case FieldTitle:
		return "title"
	case FieldDate:
		return "date"
	case FieldNumber:
		return "number"
	case FieldHeader:
		return "header"
	case FieldNewsletter:
		return "newsletter"
	case FieldFooter:
		return "footer"
	case FieldClosing:
		return "closing"
	case FieldRepeatOK:
		return "repeat-ok mark"
	}
	return fmt.Sprintf("field %d", int(f))
}

// Op is one change of an item's place on the board. Undo keeps ops rather
// than copies of the draft, so that its cost does not grow with the draft.
//
// For OpMove, From is where the item was and To where it went, To.Index
// counting in the column as it is after the item left (as Draft.Move takes
// it). For OpDelete, From is where the item was; for OpInsert, To is where it
// goes, or, when Section names one, To.Index in the section of that name as
// it is when the op is done (the inbox when there is none by then). Item is the whole item for OpDelete and OpInsert (so that undo can
// put it back) and only its ID matters for OpMove.
//
// For OpEdit, Field says which text changes from Before to After. For
// FieldBlurb, Item.ID says whose blurb and From where the item is (a hint:
// the item is found by its ID when it moved). Edits keep both texts rather
// than a copy of the item, so an edit costs the length of the text.
//
// The section ops and OpLinks are described in sections.go. Ops are
// JSON values so that they can wait in a queue file or travel to another
// editor.
type Op struct {
	Kind   OpKind `json:"kind"`
	From   Pos    `json:"from,omitzero"`
	To     Pos    `json:"to,omitzero"`
	Item   Item   `json:"item,omitzero"`
	Field  Field  `json:"field,omitzero"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Section names the section a section op acts on.
	Section string `json:"section,omitempty"`
	// Sponsor is the kind of a section added (or put back).
	Sponsor bool `json:"sponsor,omitzero"`
	// Items are a removed section's items, which undoing the removal takes
	// back from the inbox.
	Items []Item `json:"items,omitempty"`
	// Links and Was are an item's links after and before an OpLinks.
	Links []string `json:"links,omitempty"`
	Was   []string `json:"was,omitempty"`
	// Sent is the sending an OpSend records.
	Sent *Send `json:"sent,omitempty"`
}

// Inverse returns the op that undoes op.
func (op Op) Inverse() Op {
	switch op.Kind {
	case OpMove:
		return Op{Kind: OpMove, From: op.To, To: op.From, Item: op.Item}
	case OpDelete:
		return Op{Kind: OpInsert, To: op.From, Item: op.Item}
	case OpEdit:
		return Op{Kind: OpEdit, Field: op.Field, From: op.From, Item: op.Item, Before: op.After, After: op.Before}
	case OpSectionAdd, OpSectionRemove, OpSectionRename, OpSectionMove, OpSectionKind, OpLinks:
		return op.inverseSection()
	case OpSend:
		return Op{Kind: OpUnsend, Sent: op.Sent}
	case OpUnsend:
		return Op{Kind: OpSend, Sent: op.Sent}
	default:
		return Op{Kind: OpDelete, From: op.To, Item: op.Item}
	}
}

// locate returns where the item with id is, trying p first so that the
// usual case costs nothing; the draft is searched only when something else
// (such as links queued by weekly add) shifted the item.
func (d *Draft) locate(p Pos, id string) (Pos, error) {
	if it := d.At(p); it != nil && it.ID == id {
		return p, nil
	}
	if q, ok := d.Find(id); ok {
		return q, nil
	}
	return p, fmt.Errorf("item %s is no longer on the board", id)
}

// Do applies op and returns it as done: with the item's real place, and with
// the item as it was taken off the board, so that its inverse restores it
// exactly.
func (d *Draft) Do(op Op) (Op, error) {
	switch op.Kind {
	case OpMove:
		from, err := d.locate(op.From, op.Item.ID)
		if err != nil {
			return op, err
		}
		item := *d.At(from)
		to, err := d.Move(from, op.To)
		if err != nil {
			return op, err
		}
		return Op{Kind: OpMove, From: from, To: to, Item: Item{ID: item.ID}}, nil
	case OpDelete:
		from, err := d.locate(op.From, op.Item.ID)
		if err != nil {
			return op, err
		}
		item, err := d.Remove(from)
		if err != nil {
			return op, err
		}
		return Op{Kind: OpDelete, From: from, Item: item}, nil
	case OpInsert:
		col := op.To.Col
		if op.Section != "" {
			// Meant for a section by name (queued by another command): the
			// column it is in now, or the inbox when it is gone.
			col = Inbox
			if i := d.SectionIndex(op.Section); i >= 0 {
				col = i + 1
			}
		}
		if err := d.checkCol(col); err != nil {
			return op, err
		}
		to := Pos{Col: col, Index: min(max(op.To.Index, 0), len(d.Column(col)))}
		if err := d.Insert(to, op.Item); err != nil {
			return op, err
		}
		return Op{Kind: OpInsert, To: to, Item: op.Item}, nil
	case OpEdit:
		return d.edit(op)
	case OpSectionAdd, OpSectionRemove, OpSectionRename, OpSectionMove, OpSectionKind, OpLinks:
		return d.doSection(op)
	case OpSend:
		if op.Sent == nil {
			return op, fmt.Errorf("a send to record names no send")
		}
		d.Sends = append(d.Sends, *op.Sent)
		return op, nil
	case OpUnsend:
		if n := len(d.Sends); op.Sent != nil && n > 0 && d.Sends[n-1].same(*op.Sent) {
			d.Sends = d.Sends[:n-1]
			return op, nil
		}
		return op, fmt.Errorf("the send to take back is not the last one recorded")
	}
	return op, fmt.Errorf("unknown op kind %d", op.Kind)
}

// edit does an OpEdit. The op it returns has in Before the text as it was,
// whatever op.Before said, so that its inverse restores exactly that. It
// checks only what the draft cannot hold (a number that is not one); what
// makes a good value (a date that parses) is the caller's to check, so that
// undo can always put back what was there.
func (d *Draft) edit(op Op) (Op, error) {
	done := Op{Kind: OpEdit, Field: op.Field, After: op.After}
	switch op.Field {
	case FieldBlurb:
		from, err := d.locate(op.From, op.Item.ID)
		if err != nil {
			return op, err
		}
		it := d.At(from)
		done.From, done.Item, done.Before = from, Item{ID: it.ID}, it.Blurb
		if op.After != it.Blurb {
			it.Conflict = nil // writing the blurb settles a merge conflict on it
			it.Carried = 0    // and makes a carried item this issue's own
		}
		it.Blurb = op.After
	case FieldIntro:
		done.Before, d.Intro = d.Intro, op.After
	case FieldTitle:
		done.Before, d.Title = d.Title, op.After
	case FieldDate:
		done.Before, d.Date = d.Date, op.After
	case FieldHeader:
		done.Before, d.Header = d.Header, op.After
	case FieldNewsletter:
		done.Before, d.Newsletter = d.Newsletter, op.After
	case FieldFooter:
		done.Before, d.Footer = d.Footer, op.After
	case FieldClosing:
		done.Before, d.Closing = d.Closing, op.After
	case FieldRepeatOK:
		from, err := d.locate(op.From, op.Item.ID)
		if err != nil {
			return op, err
		}
		it := d.At(from)
		done.From, done.Item = from, Item{ID: it.ID}
		if it.RepeatOK {
			done.Before = "true"
		}
		it.RepeatOK = op.After == "true"
	case FieldNumber:
		n, err := strconv.Atoi(op.After)
		if err != nil || n < 1 {
			return op, fmt.Errorf("issue number %q: write a whole number from 1 up", op.After)
		}
		done.Before, d.Number = strconv.Itoa(d.Number), n
	default:
		return op, fmt.Errorf("unknown field %d", op.Field)
	}
	if op.Field != FieldBlurb && done.Before != op.After {
		d.Settle(op.Field.String())
	}
	return done, nil
}

// Change is what one user action did: one or more ops, done in order.
type Change []Op

// Inverse returns the change that undoes c: the inverse of each op, in
// reverse order.
func (c Change) Inverse() Change {
	inv := make(Change, len(c))
	for i := range c {
		inv[len(c)-1-i] = c[i].Inverse()
	}
	return inv
}

// DoAll does every op of c in order; when one fails it undoes those done, so
// the draft is left as it was.
func (d *Draft) DoAll(c Change) (Change, error) {
	did := make(Change, 0, len(c))
	for _, op := range c {
		done, err := d.Do(op)
		if err != nil {
			for i := len(did) - 1; i >= 0; i-- {
				_, _ = d.Do(did[i].Inverse())
			}
			return nil, err
		}
		did = append(did, done)
	}
	return did, nil
}
