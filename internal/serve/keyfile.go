package serve

import (
	"os"
	"sync"
	"time"
)

// keyFile is a file of keys in authorized_keys format (the editors'
// authorized_keys, the contributors file) that is read again when it
// changes, so that a key can be added or removed without a restart.
type keyFile struct {
	path string
	who  string // "editor", "contributor": for the log
	load func(path string) ([]Editor, error)

	mu   sync.Mutex
	keys []Editor
	at   keysStamp // the file as keys was read from it
}

// newKeyFile reads a file of keys for the first time: an error stops the
// server from starting.
func newKeyFile(path, who string, load func(string) ([]Editor, error)) (*keyFile, error) {
	f := &keyFile{path: path, who: who, load: load, at: stampOf(path)}
	var err error
	f.keys, err = load(path)
	return f, err
}

// current returns the keys, reading the file again when it has changed
// since it was last read. A file that no longer reads, or that others can
// write (any of the key files of dir), is logged, and the keys read before
// stay.
func (f *keyFile) current(dir string, logf func(format string, args ...any)) []Editor {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now := stampOf(f.path); now != f.at {
		f.at = now
		var keys []Editor
		err := keyModes(dir) // what others could write is not read
		if err == nil {
			keys, err = f.load(f.path)
		}
		if err != nil {
			logf("keeping the %d %s(s) read before: %v", len(f.keys), f.who, err)
		} else {
			f.keys = keys
			logf("read %s again: %d %s(s)", f.path, len(keys), f.who)
		}
	}
	return f.keys
}

// keysStamp tells whether a file has changed: its size, time and mode.
type keysStamp struct {
	size int64
	mod  time.Time
	mode os.FileMode
}

func stampOf(path string) keysStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return keysStamp{size: -1}
	}
	return keysStamp{fi.Size(), fi.ModTime(), fi.Mode()}
}
