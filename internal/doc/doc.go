// Package doc holds an open draft as a Document: the draft, its undo
// history, its revision and its counts. While a draft is open, a Document is
// the only way it changes: views send it operations (draft.Op values), it
// applies and records them, and it tells every subscriber what changed.
// Several views (one per editor, each in its own goroutine) may share one
// Document.
package doc

import (
	"fmt"
	"sync"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// historyLimit bounds the undo history; each entry is a few ops, not a copy
// of the draft.
const historyLimit = 1000

// Change is what one Apply, Undo, Redo or outside change did.
type Change struct {
	// Rev is the document's revision after the change.
	Rev uint64
	// Who made it.
	Who string
	// Ops are the ops as done, in order.
	Ops draft.Change
	// Items are the IDs of the items touched.
	Items []string
	// Sections says the columns changed: a section added, removed, moved,
	// renamed or of another kind.
	Sections bool
	// Fields says a field of the issue changed (number, date, intro…).
	Fields bool
	// Undo says the change undid or redid one; views select what it touched.
	Undo bool
}

// entry is one recorded change and its author; anyone says any editor of
// the document may undo it (a change another command queued).
type entry struct {
	who    string
	ops    draft.Change
	anyone bool
}

// Document is one open draft and everything that changes with it.
type Document struct {
	mu     sync.RWMutex
	d      *draft.Draft
	rev    uint64
	done   []entry
	undone map[string][]draft.Change
	counts Counts

	subMu sync.Mutex
	subs  map[int]func(Change)
	next  int
}

// New returns a document over d, which from now on changes only through it.
func New(d *draft.Draft) *Document {
	return &Document{d: d, undone: map[string][]draft.Change{}, counts: newCounts(d), subs: map[int]func(Change){}}
}

// Read calls fn with the draft and its counts under a read lock. fn must
// not keep them, nor call the document's other methods.
func (doc *Document) Read(fn func(d *draft.Draft, c *Counts)) {
	doc.mu.RLock()
	defer doc.mu.RUnlock()
	fn(doc.d, &doc.counts)
}

// Draft returns the draft as it stands, for a view that holds its seat's
// turn (live.Seat.Lock) or is the document's only user: read it there and
// then, and never keep it across messages.
func (doc *Document) Draft() *draft.Draft { return doc.d }

// Snapshot returns a copy of the draft and the revision it is at, for saving
// off the lock.
func (doc *Document) Snapshot() (*draft.Draft, uint64) {
	doc.mu.RLock()
	defer doc.mu.RUnlock()
	return doc.d.Clone(), doc.rev
}

// Rev returns the revision, a number that grows with every change.
func (doc *Document) Rev() uint64 {
	doc.mu.RLock()
	defer doc.mu.RUnlock()
	return doc.rev
}

// Subscribe has fn called after every change, outside the lock, in the
// goroutine that made it. It returns a function that ends the subscription.
func (doc *Document) Subscribe(fn func(Change)) (cancel func()) {
	doc.subMu.Lock()
	defer doc.subMu.Unlock()
	id := doc.next
	doc.next++
	doc.subs[id] = fn
	return func() {
		doc.subMu.Lock()
		defer doc.subMu.Unlock()
		delete(doc.subs, id)
	}
}

func (doc *Document) notify(c Change) {
	doc.subMu.Lock()
	fns := make([]func(Change), 0, len(doc.subs))
	for _, fn := range doc.subs {
		fns = append(fns, fn)
	}
	doc.subMu.Unlock()
	for _, fn := range fns {
		fn(c)
	}
}

// Apply does ops in order as one undoable step of who's. When one fails
// none is done.
func (doc *Document) Apply(who string, ops ...draft.Op) (Change, error) {
	return doc.change(who, ops, true, false)
}

// Outside does ops that no one may undo, such as titles learned from the
// web.
func (doc *Document) Outside(who string, ops ...draft.Op) (Change, error) {
	return doc.change(who, ops, false, false)
}

// Queued does ops another command queued while the draft was open (weekly
// add, set, section, sponsor, a captured link) as one step of who's, which
// any editor of the document may undo: whoever is at the board undoes it
// as if it were their own.
func (doc *Document) Queued(who string, ops ...draft.Op) (Change, error) {
	return doc.change(who, ops, true, true)
}

func (doc *Document) change(who string, ops draft.Change, record, anyone bool) (Change, error) {
	doc.mu.Lock()
	did, err := doc.d.DoAll(ops)
	if err != nil {
		doc.mu.Unlock()
		return Change{}, err
	}
	if record {
		doc.push(entry{who: who, ops: did, anyone: anyone})
		delete(doc.undone, who)
	}
	c := doc.changed(who, did)
	doc.mu.Unlock()
	doc.notify(c)
	return c, nil
}

// push records a change.
func (doc *Document) push(e entry) {
	if len(e.ops) == 0 {
		return
	}
	doc.done = append(doc.done, e)
	if len(doc.done) > historyLimit {
		doc.done = append(doc.done[:0:0], doc.done[len(doc.done)-historyLimit:]...)
	}
}

// changed counts ops just done and returns the change they make. Call it
// with the lock held.
func (doc *Document) changed(who string, did draft.Change) Change {
	doc.counts.account(doc.d, did)
	doc.rev++
	c := Change{Rev: doc.rev, Who: who, Ops: did}
	seen := map[string]bool{}
	for _, op := range did {
		switch op.Kind {
		case draft.OpSectionAdd, draft.OpSectionRemove, draft.OpSectionRename, draft.OpSectionMove, draft.OpSectionKind:
			c.Sections = true
		case draft.OpEdit:
			if op.Field != draft.FieldBlurb {
				c.Fields = true
			}
		}
		for _, id := range touched(op) {
			if !seen[id] {
				seen[id] = true
				c.Items = append(c.Items, id)
			}
		}
	}
	return c
}

// touched returns the IDs of the items op changes.
func touched(op draft.Op) []string {
	ids := make([]string, 0, 1+len(op.Items))
	if op.Item.ID != "" {
		ids = append(ids, op.Item.ID)
	}
	for _, it := range op.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// Undo reverts who's last change, or the last change queued by another
// command when that came later. A later change of another author to the
// same cards, or to the sections when the change depends on them, blocks
// it, and the error says so.
func (doc *Document) Undo(who string) (Change, error) {
	doc.mu.Lock()
	i := len(doc.done) - 1
	for i >= 0 && doc.done[i].who != who && !doc.done[i].anyone {
		i--
	}
	if i < 0 {
		doc.mu.Unlock()
		return Change{}, fmt.Errorf("nothing to undo")
	}
	e := doc.done[i]
	for _, later := range doc.done[i+1:] {
		if conflict(e.ops, later.ops) {
			doc.mu.Unlock()
			return Change{}, fmt.Errorf("cannot undo: %s changed the same cards or sections since", sanitize.Line(later.who))
		}
	}
	did, err := doc.d.DoAll(e.ops.Inverse())
	if err != nil {
		doc.mu.Unlock()
		return Change{}, fmt.Errorf("undo: %w", err)
	}
	doc.done = append(doc.done[:i:i], doc.done[i+1:]...)
	doc.undone[who] = append(doc.undone[who], did.Inverse())
	c := doc.changed(who, did)
	c.Undo = true
	doc.mu.Unlock()
	doc.notify(c)
	return c, nil
}

// Redo does again who's last undone change.
func (doc *Document) Redo(who string) (Change, error) {
	doc.mu.Lock()
	st := doc.undone[who]
	if len(st) == 0 {
		doc.mu.Unlock()
		return Change{}, fmt.Errorf("nothing to redo")
	}
	did, err := doc.d.DoAll(st[len(st)-1])
	if err != nil {
		doc.mu.Unlock()
		return Change{}, fmt.Errorf("redo: %w", err)
	}
	doc.undone[who] = st[:len(st)-1]
	doc.push(entry{who: who, ops: did})
	c := doc.changed(who, did)
	c.Undo = true
	doc.mu.Unlock()
	doc.notify(c)
	return c, nil
}

// CanUndo reports whether who has a change to undo.
func (doc *Document) CanUndo(who string) bool {
	doc.mu.RLock()
	defer doc.mu.RUnlock()
	for _, e := range doc.done {
		if e.who == who || e.anyone {
			return true
		}
	}
	return false
}

// Live does an edit while it is being typed: the draft, the counts and the
// revision follow at once, but nothing is recorded; Record the whole edit
// when the editor closes. It returns the op as done, with the item's place
// as it is now, for the next keystroke's op to start from.
func (doc *Document) Live(who string, op draft.Op) (draft.Op, error) {
	doc.mu.Lock()
	did, err := doc.d.Do(op)
	if err != nil {
		doc.mu.Unlock()
		return op, err
	}
	doc.counts.edited(doc.d, did)
	doc.rev++
	c := Change{Rev: doc.rev, Who: who, Ops: draft.Change{did}, Items: touched(did), Fields: did.Field != draft.FieldBlurb}
	doc.mu.Unlock()
	doc.notify(c)
	return did, nil
}

// Record puts an edit that was done live into who's history as one step,
// from the text before the editor opened to the text it closed with. An
// edit that changed nothing is not recorded.
func (doc *Document) Record(who string, op draft.Op) {
	if op.Kind != draft.OpEdit || op.Before == op.After {
		return
	}
	doc.mu.Lock()
	defer doc.mu.Unlock()
	if op.Field == draft.FieldBlurb {
		if it := doc.d.At(op.From); it == nil || it.ID != op.Item.ID {
			if p, ok := doc.d.Find(op.Item.ID); ok {
				op.From = p
			}
		}
	}
	doc.push(entry{who: who, ops: draft.Change{op}})
	delete(doc.undone, who)
}

// Fetched gives the item with id the title and description learned from its
// page, unless it has them already. It reports whether the item is still in
// the draft. A fetch is no one's change to undo.
func (doc *Document) Fetched(who, id, title, description string) (Change, bool) {
	doc.mu.Lock()
	p, ok := doc.d.Find(id)
	if !ok {
		doc.mu.Unlock()
		return Change{}, false
	}
	it := doc.d.At(p)
	title, description = sanitize.Line(title), sanitize.Line(description)
	if (it.Title != "" || title == "") && (it.Description != "" || description == "") {
		doc.mu.Unlock()
		return Change{}, true
	}
	before := *it
	if it.Title == "" {
		it.Title = title
	}
	if it.Description == "" {
		it.Description = description
	}
	doc.counts.fetched(p, before, *it)
	doc.rev++
	c := Change{Rev: doc.rev, Who: who, Items: []string{id}}
	doc.mu.Unlock()
	doc.notify(c)
	return c, true
}

// conflict reports whether the later change stands in the way of undoing
// the earlier one: both touched a card, or the later one changed the
// sections while the earlier one depends on where they are.
func conflict(earlier, later draft.Change) bool {
	ids := map[string]bool{}
	columns := false
	for _, op := range earlier {
		for _, id := range touched(op) {
			ids[id] = true
		}
		switch op.Kind {
		case draft.OpMove, draft.OpInsert, draft.OpDelete, draft.OpSectionAdd, draft.OpSectionRemove, draft.OpSectionMove:
			columns = true
		}
	}
	for _, op := range later {
		for _, id := range touched(op) {
			if ids[id] {
				return true
			}
		}
		switch op.Kind {
		case draft.OpSectionAdd, draft.OpSectionRemove, draft.OpSectionMove:
			if columns {
				return true
			}
		}
	}
	return false
}
