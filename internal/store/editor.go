package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/weekly-dev/weekly/internal/draft"
)

// An open editor holds a draft's edit lock for as long as it is open, so
// that a second editor is refused. Commands that only add links (weekly add,
// weekly import into the inbox) still work while it is open: they append
// their items to the draft's incoming file, which the editor takes in and
// saves into the draft. Nothing else writes the draft while it is open.

// ErrOpen is returned, wrapped with who holds it, when a draft is open in an
// editor.
var ErrOpen = errors.New("draft is open in an editor")

// IncomingPath returns the file where links added while the draft is open
// wait for the editor.
func IncomingPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".incoming")
}

// Incoming is one item added while the draft was open, with the section it
// was meant for ("" for the inbox), or the ops of a command that changed the
// draft while it was open (weekly set, section, sponsor), with who ran it.
type Incoming struct {
	Section string       `json:"section,omitempty"`
	Item    draft.Item   `json:"item,omitzero"`
	Ops     draft.Change `json:"ops,omitempty"`
	Who     string       `json:"who,omitempty"`
}

// Editor is a draft held open by an editor.
type Editor struct {
	Path     string
	lock     *Lock
	consumed int64 // bytes of the incoming file already taken in

	mu   sync.Mutex // one save at a time, and none after the last
	done bool       // SaveLast has run
}

// errClosed refuses a save that comes after the last one.
var errClosed = errors.New("the draft was closed: its last save has been made")

// OpenEditor takes the edit lock of the draft at path for purpose (such as
// "weekly edit"). It fails, naming the holder, when another editor has the
// draft open.
func OpenEditor(path, purpose string) (*Editor, error) {
	if _, err := Load(path); err != nil {
		return nil, err // not a draft: refused before any lock file is made beside it
	}
	lock, err := acquireEdit(path, purpose, true)
	if err != nil {
		if errors.Is(err, ErrOpen) {
			return nil, fmt.Errorf("%w; close it there first", err)
		}
		return nil, err
	}
	return &Editor{Path: path, lock: lock}, nil
}

// Close lets go of the edit lock.
func (e *Editor) Close() {
	if e != nil {
		e.lock.Release()
	}
}

// Take returns the items added to the draft since the editor last asked. The
// editor puts them on its board; Save then clears them from the incoming
// file.
func (e *Editor) Take() ([]Incoming, error) {
	lock, err := Acquire(e.Path, "weekly edit")
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	data, err := os.ReadFile(IncomingPath(e.Path))
	if errors.Is(err, fs.ErrNotExist) {
		e.consumed = 0
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", IncomingPath(e.Path), err)
	}
	if int64(len(data)) < e.consumed {
		e.consumed = 0
	}
	in, n := parseIncoming(data[e.consumed:])
	e.consumed += n
	return in, nil
}

// Save writes the draft and clears the incoming items the editor has taken.
// A draft named by its issue number follows a change of the number (see
// follow).
func (e *Editor) Save(d *draft.Draft) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.done {
		return errClosed
	}
	if err := e.save(d); err != nil {
		return err
	}
	return e.follow(d)
}

// SaveLast writes the draft as the editor leaves it, after any save still
// running, and refuses every save after it: a save of an older copy that
// was on its way cannot overwrite it. The board calls it on its way out,
// whatever ended it (q, a signal, a lost terminal).
func (e *Editor) SaveLast(d *draft.Draft) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.done = true
	if err := e.save(d); err != nil {
		return err
	}
	return e.follow(d)
}

// Finish refuses every save from now on, after any save still running: the
// editor is done and its draft is saved as it stands.
func (e *Editor) Finish() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.done = true
}

func (e *Editor) save(d *draft.Draft) error {
	lock, err := Acquire(e.Path, "weekly edit")
	if err != nil {
		return err
	}
	defer lock.Release()
	if err := Save(e.Path, d); err != nil {
		return err
	}
	if e.consumed == 0 {
		return nil
	}
	ip := IncomingPath(e.Path)
	data, err := os.ReadFile(ip)
	if err != nil {
		e.consumed = 0
		return nil
	}
	rest := data[min(e.consumed, int64(len(data))):]
	e.consumed = 0
	if len(rest) == 0 {
		return os.Remove(ip)
	}
	return WriteFile(ip, rest)
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
		line := data[:i]
		data = data[i+1:]
		used += int64(i + 1)
		var in Incoming
		if err := json.Unmarshal(line, &in); err != nil || (in.Item.ID == "" && len(in.Ops) == 0) {
			continue
		}
		out = append(out, in)
	}
	return out, used
}

// AddItems adds items to the end of section (or the inbox when section is
// ""). If filter is given, it sees the draft as it stands and returns the
// items to add (it may refuse with an error, or leave out what the draft has
// already). When the draft is open in an editor, the items are queued for it
// instead and queued is true.
func AddItems(path, purpose, section string, items []draft.Item, filter func(d *draft.Draft, items []draft.Item) ([]draft.Item, error)) (queued bool, err error) {
	err = Update(path, purpose, func(d *draft.Draft) error {
		if filter != nil {
			if items, err = filter(d, items); err != nil {
				return err
			}
		}
		return appendItems(d, section, items)
	})
	if !errors.Is(err, ErrOpen) {
		return false, err
	}
	lock, err := Acquire(path, purpose)
	if err != nil {
		return false, err
	}
	defer lock.Release()
	d, err := Load(path)
	if err != nil {
		return false, err
	}
	if filter != nil {
		if items, err = filter(d, items); err != nil {
			return false, err
		}
	}
	if section != "" {
		if _, err := d.Section(section); err != nil {
			return false, err
		}
	}
	if len(items) == 0 {
		return true, nil
	}
	var buf bytes.Buffer
	for _, it := range items {
		line, err := json.Marshal(Incoming{Section: section, Item: it}, jsontext.EscapeForHTML(false))
		if err != nil {
			return false, err
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if err := appendQueue(IncomingPath(path), buf.Bytes()); err != nil {
		return false, fmt.Errorf("queue for %s: %w", path, err)
	}
	return true, nil
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

func appendItems(d *draft.Draft, section string, items []draft.Item) error {
	col := draft.Inbox
	if section != "" {
		i, err := d.Section(section)
		if err != nil {
			return err
		}
		col = i + 1
	}
	for _, it := range items {
		if err := d.Append(col, it); err != nil {
			return err
		}
	}
	return nil
}

// Apply puts incoming items on the draft, skipping any it already has (a
// replay after a crash); an item meant for a section that is gone goes to
// the inbox. It returns the positions of the items it placed.
func Apply(d *draft.Draft, in []Incoming) []draft.Pos {
	var placed []draft.Pos
	for _, x := range in {
		if len(x.Ops) > 0 {
			_, _ = d.DoAll(x.Ops) // all or nothing; one that no longer applies is dropped
			continue
		}
		if _, ok := d.Find(x.Item.ID); ok {
			continue
		}
		col := draft.Inbox
		if x.Section != "" {
			if i := d.SectionIndex(x.Section); i >= 0 {
				col = i + 1
			}
		}
		_ = d.Append(col, x.Item)
		placed = append(placed, draft.Pos{Col: col, Index: len(d.Column(col)) - 1})
	}
	return placed
}

// readIncoming returns every complete item waiting in the incoming file.
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
