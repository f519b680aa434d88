package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/weekly-dev/weekly/internal/draft"
)

// While a draft is open (weekly edit, weekly serve), other commands do not
// write it: they append their change to the draft's queue, one JSON line
// each, and the open draft's hub takes the lines in. Change is the one
// writer of the queue and Incoming its one line shape; parseIncoming is its
// one reader and Pending says what of a line is still to be done.

// end puts an inserted item at the end of its column.
const end = 1 << 30

// IncomingPath returns the file where the changes made while the draft is
// open wait for it to take them in.
func IncomingPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".incoming")
}

// Incoming is one line of a draft's queue: the ops of one command run while
// the draft was open (links added by weekly add, a field set by weekly
// set…), done as one step, and who ran it.
type Incoming struct {
	Ops draft.Change `json:"ops"`
	Who string       `json:"who,omitempty"`
}

// Items returns the items the line puts on the board.
func (in Incoming) Items() []draft.Item {
	var out []draft.Item
	for _, op := range in.Ops {
		if op.Kind == draft.OpInsert {
			out = append(out, op.Item)
		}
	}
	return out
}

// Links reports whether the line only puts items on the board.
func (in Incoming) Links() bool {
	for _, op := range in.Ops {
		if op.Kind != draft.OpInsert {
			return false
		}
	}
	return len(in.Ops) > 0
}

// Record reports whether the line only records something that happened
// (the issue was sent), which no one undoes.
func (in Incoming) Record() bool {
	for _, op := range in.Ops {
		if op.Kind != draft.OpSend {
			return false
		}
	}
	return len(in.Ops) > 0
}

// line is a queue line as read: an Incoming, or the shape weekly add wrote
// before every change was ops (one item and the section it was meant for).
type line struct {
	Incoming
	Section string     `json:"section,omitempty"`
	Item    draft.Item `json:"item,omitzero"`
}

// Pending returns what of in is still to be done on d: an item d has
// already (a line replayed after a crash, taken in before the queue was
// cleared) is not put on the board twice.
func Pending(d *draft.Draft, in Incoming) draft.Change {
	out := make(draft.Change, 0, len(in.Ops))
	seen := map[string]bool{}
	for _, op := range in.Ops {
		if op.Kind == draft.OpInsert && op.Item.ID != "" {
			if _, ok := d.Find(op.Item.ID); ok || seen[op.Item.ID] {
				continue
			}
			seen[op.Item.ID] = true
		}
		out = append(out, op)
	}
	return out
}

// Apply does on d what the lines in ask, each line whole or not at all (a
// line that no longer applies is dropped), and returns where the items put
// on the board went.
func Apply(d *draft.Draft, in []Incoming) []draft.Pos {
	var placed []draft.Pos
	for _, x := range in {
		did, err := d.DoAll(Pending(d, x))
		if err != nil {
			continue
		}
		for _, op := range did {
			if op.Kind == draft.OpInsert {
				placed = append(placed, op.To)
			}
		}
	}
	return placed
}

// Change makes the ops fn returns to the draft at path. fn sees the draft as
// it stands (queued lines included) and may refuse with an error. When the
// draft is open, the ops are queued for it instead, as purpose's, and queued
// is true: the open draft does them as one step, which its editor can undo.
func Change(path, purpose string, fn func(d *draft.Draft) (draft.Change, error)) (queued bool, err error) {
	err = Update(path, purpose, func(d *draft.Draft) error {
		ops, err := fn(d)
		if err != nil {
			return err
		}
		_, err = d.DoAll(ops)
		return err
	})
	if !errors.Is(err, ErrOpen) {
		return false, err
	}
	lock, err := Acquire(path, purpose)
	if err != nil {
		return false, err
	}
	defer lock.Release()
	d, err := LoadQueued(path)
	if err != nil {
		return false, err
	}
	ops, err := fn(d)
	if err != nil {
		return false, err
	}
	if len(ops) == 0 {
		return true, nil
	}
	// Check the ops on this copy, so that a refusal is the command's to say.
	if _, err := d.DoAll(ops); err != nil {
		return false, err
	}
	data, err := json.Marshal(Incoming{Ops: ops, Who: purpose}, jsontext.EscapeForHTML(false))
	if err != nil {
		return false, err
	}
	if err := appendQueue(IncomingPath(path), append(data, '\n')); err != nil {
		return false, fmt.Errorf("queue for %s: %w", path, err)
	}
	return true, nil
}

// AddItems adds items to the end of section (the inbox when section is "")
// through Change. If filter is given, it sees the draft as it stands
// (queued lines included) and returns the items to add; it may refuse with
// an error, or leave out what the draft has already.
func AddItems(path, purpose, section string, items []draft.Item, filter func(d *draft.Draft, items []draft.Item) ([]draft.Item, error)) (queued bool, err error) {
	return Change(path, purpose, func(d *draft.Draft) (draft.Change, error) {
		if filter != nil {
			var err error
			if items, err = filter(d, items); err != nil {
				return nil, err
			}
		}
		return InsertOps(d, section, items)
	})
}

// InsertOps returns the ops that put items at the end of the section named
// section of d (the inbox when it is ""). The ops name the section, so that
// a queued line finds it wherever it is by the time it is taken in.
func InsertOps(d *draft.Draft, section string, items []draft.Item) (draft.Change, error) {
	to := draft.Pos{Col: draft.Inbox, Index: end}
	name := ""
	if section != "" {
		i, err := d.Section(section)
		if err != nil {
			return nil, err
		}
		to.Col, name = i+1, d.Sections[i].Name
	}
	ops := make(draft.Change, len(items))
	for i, it := range items {
		ops[i] = draft.Op{Kind: draft.OpInsert, To: to, Section: name, Item: it}
	}
	return ops, nil
}

// parseIncoming reads whole JSON lines and returns them with the number of
// bytes they took; a line cut off by a crash is left for later and skipped
// once a newer line follows it.
func parseIncoming(data []byte) ([]Incoming, int64) {
	var out []Incoming
	var used int64
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break // an unfinished line: leave it
		}
		raw := data[:i]
		data = data[i+1:]
		used += int64(i + 1)
		var l line
		if err := json.Unmarshal(raw, &l); err != nil {
			continue
		}
		in := l.Incoming
		if len(in.Ops) == 0 && l.Item.ID != "" {
			in.Ops = draft.Change{{Kind: draft.OpInsert, To: draft.Pos{Col: draft.Inbox, Index: end}, Section: l.Section, Item: l.Item}}
		}
		if len(in.Ops) == 0 {
			continue
		}
		out = append(out, in)
	}
	return out, used
}

// readIncoming returns every complete line waiting in the queue.
func readIncoming(path string) ([]Incoming, error) {
	data, err := os.ReadFile(IncomingPath(path))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	in, _ := parseIncoming(data)
	return in, nil
}

// appendQueue adds whole lines to a queue file, in one write, under the
// draft's write lock. A line cut off by a writer that was killed (the file
// does not end with a newline) is dropped first: it was never reported as
// added, and the new lines must not be glued to it.
func appendQueue(file string, lines []byte) error {
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	if end > 0 {
		keep, err := wholeLines(f, end)
		if err != nil {
			return err
		}
		if keep != end {
			if err := f.Truncate(keep); err != nil {
				return err
			}
			end = keep
		}
	}
	if _, err := f.WriteAt(lines, end); err != nil {
		return err
	}
	return f.Sync()
}

// wholeLines returns the length of f up to and including its last newline.
func wholeLines(f *os.File, size int64) (int64, error) {
	buf := make([]byte, 4096)
	for end := size; end > 0; {
		start := max(end-int64(len(buf)), 0)
		n, err := f.ReadAt(buf[:end-start], start)
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			return start + int64(i) + 1, nil
		}
		end = start
	}
	return 0, nil
}
