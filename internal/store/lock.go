package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	json "github.com/go-json-experiment/json"
	"github.com/gofrs/flock"
)

// A draft has two locks, both flock(2) locks that the kernel drops when
// their process dies, so a crash never leaves a draft locked:
//
//   - the write lock (.NAME.json.lock) guards the draft file and its
//     incoming file during one load-change-save, for milliseconds;
//   - the edit lock (.NAME.json.edit) is held by an editor for as long as
//     the draft is open, and by a command for the length of its change, so
//     that neither changes the draft under the other.
//
// Each lock file records who holds it, for the error the next one sees.

// LockWait is how long a command waits for another command to finish with
// a draft before it gives up.
const LockWait = 3 * time.Second

// ErrLocked is returned, wrapped with who holds the lock, when a draft stays
// locked by another process.
var ErrLocked = errors.New("draft is locked")

// Lock is a held lock on one draft.
type Lock struct {
	fl *flock.Flock
}

// holderInfo is what a lock file records about its holder.
type holderInfo struct {
	Purpose string    `json:"purpose"`
	PID     int       `json:"pid"`
	Since   time.Time `json:"since"`
	Editor  bool      `json:"editor,omitempty"`
}

func (h holderInfo) String() string {
	return fmt.Sprintf("%s (pid %d, since %s)", h.Purpose, h.PID, h.Since.Format("2006-01-02 15:04:05"))
}

func readHolder(lockFile string) (holderInfo, bool) {
	data, err := os.ReadFile(lockFile)
	if err != nil {
		return holderInfo{}, false
	}
	var h holderInfo
	if json.Unmarshal(data, &h) != nil || h.Purpose == "" {
		return holderInfo{}, false
	}
	return h, true
}

func holderName(lockFile string) string {
	if h, ok := readHolder(lockFile); ok {
		return h.String()
	}
	return "another weekly process"
}

// LockPath returns the write lock file of the draft at path.
func LockPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
}

// EditLockPath returns the edit lock file of the draft at path.
func EditLockPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".edit")
}

// take locks lockFile, waiting up to wait for the holder to let go; it
// gives up at once when giveUp says the holder will not let go soon.
func take(lockFile, purpose string, editor bool, wait time.Duration, giveUp func(holderInfo) bool) (*flock.Flock, error) {
	if fi, err := os.Stat(filepath.Dir(lockFile)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("the drafts directory %s does not exist (weekly new creates it; check --dir and $WEEKLY_DIR)", filepath.Dir(lockFile))
	}
	fl := flock.New(lockFile)
	deadline := time.Now().Add(wait)
	for {
		ok, err := fl.TryLock()
		if err != nil {
			return nil, err
		}
		if ok && !sameFile(fl, lockFile) {
			// The holder before removed the file as it let go: this lock is
			// on a file no one else will find. Take the one there is now.
			_ = fl.Unlock()
			fl = flock.New(lockFile)
			continue
		}
		if ok {
			break
		}
		if h, known := readHolder(lockFile); time.Now().After(deadline) || (known && giveUp != nil && giveUp(h)) {
			return nil, ErrLocked
		}
		time.Sleep(20 * time.Millisecond)
	}
	h := holderInfo{Purpose: purpose, PID: os.Getpid(), Since: time.Now().Truncate(time.Second), Editor: editor}
	data, _ := json.Marshal(h)
	if f, err := os.OpenFile(lockFile, os.O_WRONLY|os.O_TRUNC, 0o644); err == nil {
		_, _ = f.Write(data)
		_ = f.Close()
	}
	return fl, nil
}

// Acquire takes the write lock on the draft at path for purpose (such as
// "weekly add"), waiting up to LockWait for a holder to let go. Taking the
// lock also clears temporary files left by a save that crashed.
func Acquire(path, purpose string) (*Lock, error) {
	return AcquireWait(path, purpose, LockWait)
}

// AcquireWait is Acquire with its own wait.
func AcquireWait(path, purpose string, wait time.Duration) (*Lock, error) {
	fl, err := take(LockPath(path), purpose, false, wait, nil)
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("%w: %s is in use by %s; wait for it to finish, then try again", ErrLocked, path, holderName(LockPath(path)))
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	cleanTemp(path)
	return &Lock{fl: fl}, nil
}

// acquireEdit takes the edit lock on the draft at path. It waits for another
// command to finish, but fails at once with ErrOpen when an editor has the
// draft open.
func acquireEdit(path, purpose string, editor bool) (*Lock, error) {
	lp := EditLockPath(path)
	fl, err := take(lp, purpose, editor, LockWait, func(h holderInfo) bool { return h.Editor })
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("%w: %s is open in %s", ErrOpen, path, holderName(lp))
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{fl: fl}, nil
}

// Release lets go of the lock and removes its file, so that no lock file
// is left beside a draft no one holds. Whoever waited on the file removed
// takes the lock anew (see sameFile).
func (l *Lock) Release() {
	if l != nil && l.fl != nil {
		_ = os.Remove(l.fl.Path())
		_ = l.fl.Unlock()
	}
}

// sameFile reports whether the lock fl holds is on the file that is at
// lockFile now.
func sameFile(fl *flock.Flock, lockFile string) bool {
	held, err := fl.Stat()
	if err != nil {
		return false
	}
	now, err := os.Stat(lockFile)
	return err == nil && os.SameFile(held, now)
}

// cleanTemp removes temporary files of interrupted saves of path. It runs
// only under the draft's write lock, when no save of it can be in progress.
func cleanTemp(path string) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	re := regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `[0-9]+$`)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if re.MatchString(e.Name()) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
