package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// LockWait is how long Acquire waits for another writer to finish before it
// gives up. Commands hold a draft's lock for milliseconds; an open editor
// holds it for as long as it is open.
const LockWait = 3 * time.Second

// ErrLocked is returned, wrapped with who holds the lock, when a draft is
// locked by another process.
var ErrLocked = errors.New("draft is locked")

// Lock is a held lock on one draft.
type Lock struct {
	fl *flock.Flock
}

// LockPath returns the lock file of the draft at path.
func LockPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
}

// Acquire takes the lock on the draft at path for purpose (such as
// "weekly add"), waiting up to LockWait for a holder to let go. Taking the
// lock also clears temporary files left by a save that crashed.
func Acquire(path, purpose string) (*Lock, error) {
	return AcquireWait(path, purpose, LockWait)
}

// AcquireWait is Acquire with its own wait.
func AcquireWait(path, purpose string, wait time.Duration) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	lp := LockPath(path)
	fl := flock.New(lp)
	deadline := time.Now().Add(wait)
	for {
		ok, err := fl.TryLock()
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%w: %s is in use by %s; wait for it to finish or close it, then try again", ErrLocked, path, Holder(path))
		}
		time.Sleep(20 * time.Millisecond)
	}
	info := fmt.Sprintf("%s (pid %d) since %s\n", purpose, os.Getpid(), time.Now().Format("2006-01-02 15:04:05"))
	if f, err := os.OpenFile(lp, os.O_WRONLY|os.O_TRUNC, 0o644); err == nil {
		_, _ = f.WriteString(info)
		_ = f.Close()
	}
	cleanTemp(path)
	return &Lock{fl: fl}, nil
}

// Holder describes who holds the lock on the draft at path, as written in
// its lock file.
func Holder(path string) string {
	data, err := os.ReadFile(LockPath(path))
	s := strings.TrimSpace(string(data))
	if err != nil || s == "" {
		return "another weekly process"
	}
	return s
}

// Release lets go of the lock.
func (l *Lock) Release() {
	if l != nil && l.fl != nil {
		_ = l.fl.Unlock()
	}
}

// cleanTemp removes temporary files of interrupted saves of path. It runs
// only under the draft's lock, when no save of it can be in progress.
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
