package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/weekly-dev/weekly/internal/draft"
)

// RenameError says a draft was saved but could not follow its new number
// to a new name: nothing is lost, the draft keeps its old name.
type RenameError struct{ Err error }

// Error returns the reason.
func (e *RenameError) Error() string { return e.Err.Error() }

// Unwrap returns the reason.
func (e *RenameError) Unwrap() error { return e.Err }

// numberName returns the number a draft file is named by ("519.json"), or
// false when its name is not a number.
func numberName(path string) (int, bool) {
	base, ok := strings.CutSuffix(filepath.Base(path), ".json")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(base)
	return n, err == nil && strconv.Itoa(n) == base
}

// follow renames the open draft to its issue number when it is named by a
// number that is no longer its own, so that weekly export 520 finds the
// draft renumbered to 520 on the board. Its queue and lock files follow it;
// the edit lock is taken on the new name before the old one is let go, so
// that no other editor opens either meanwhile. A draft of that number there
// already is not replaced.
func (e *Editor) follow(d *draft.Draft) error {
	if err := e.rename(d); err != nil {
		return &RenameError{Err: err}
	}
	return nil
}

func (e *Editor) rename(d *draft.Draft) error {
	n, ok := numberName(e.Path)
	if !ok || n == d.Number {
		return nil
	}
	to := filepath.Join(filepath.Dir(e.Path), strconv.Itoa(d.Number)+".json")
	edit, err := acquireEdit(to, "weekly edit", true)
	if err != nil {
		return fmt.Errorf("saved as %s, not renamed to %s: %w", e.Path, to, err)
	}
	lock, err := Acquire(to, "weekly edit")
	if err != nil {
		edit.Release()
		return fmt.Errorf("saved as %s, not renamed to %s: %w", e.Path, to, err)
	}
	defer lock.Release()
	if _, err := os.Stat(to); err == nil {
		edit.Release()
		return fmt.Errorf("saved as %s, not renamed to %s: a draft of that name is there already; give the issue another number or rename that draft", e.Path, to)
	}
	if err := os.Rename(e.Path, to); err != nil {
		edit.Release()
		return fmt.Errorf("saved as %s, not renamed: %w", e.Path, err)
	}
	if err := os.Rename(IncomingPath(e.Path), IncomingPath(to)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		// The queue stays under the old name: commands run now find the
		// draft by its new name only, so say so rather than lose it.
		return fmt.Errorf("renamed %s to %s, but its queue %s was not moved: %w", e.Path, to, IncomingPath(e.Path), err)
	}
	if f, err := os.Open(filepath.Dir(to)); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
	old := e.Path
	e.lock.Release()
	_ = os.Remove(EditLockPath(old))
	_ = os.Remove(LockPath(old))
	e.Path, e.lock = to, edit
	return nil
}
