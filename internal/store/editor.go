package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"

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

// File returns where the draft is now: a draft named by its number follows
// a new number to a new name when saved.
func (e *Editor) File() string { return e.Path }

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
