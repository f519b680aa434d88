package store

import (
	"errors"
	"fmt"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/weekly-dev/weekly/internal/draft"
)

// Change makes the ops fn returns to the draft at path. fn sees the draft as
// it stands (queued entries included) and may refuse with an error. When the
// draft is open in an editor, the ops are queued for it in the incoming file
// instead, as purpose's, and queued is true: the editor applies them as one
// undoable step.
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
	d, err := Load(path)
	if err != nil {
		return false, err
	}
	waiting, err := readIncoming(path)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", IncomingPath(path), err)
	}
	Apply(d, waiting)
	ops, err := fn(d)
	if err != nil {
		return false, err
	}
	// Check the ops on this copy, so that a refusal is the command's to say.
	if _, err := d.DoAll(ops); err != nil {
		return false, err
	}
	line, err := json.Marshal(Incoming{Ops: ops, Who: purpose}, jsontext.EscapeForHTML(false))
	if err != nil {
		return false, err
	}
	if err := appendQueue(IncomingPath(path), append(line, '\n')); err != nil {
		return false, fmt.Errorf("queue for %s: %w", path, err)
	}
	return true, nil
}
