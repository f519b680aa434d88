package serve

import (
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long authorized_keys must be left alone before it is read
// again: an editor writes it in several steps.
const settle = 100 * time.Millisecond

// watch reads authorized_keys and the contributors file again (through
// Editors and Contributors, which log what they find: a bad line, the
// count of keys) as soon as one has changed and settled, rather than at
// the next login. It returns the function that
// stops watching. Without a watcher the file is still read again at each
// login.
func (s *Server) watch() (stop func()) {
	folder := filepath.Join(s.cfg.Dir, Folder)
	w, err := fsnotify.NewWatcher()
	if err == nil {
		// The folder, not the file: an editor may replace the file.
		if err = w.Add(folder); err != nil {
			_ = w.Close()
		}
	}
	if err != nil {
		s.logf("not watching %s (%v); it is read again at each login", folder, err)
		return func() {}
	}
	s.Editors() // a change made before the watch began
	s.Contributors()
	quit, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		var settled <-chan time.Time
		for {
			select {
			case <-quit:
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				switch filepath.Base(ev.Name) {
				case filepath.Base(KeysPath(s.cfg.Dir)), filepath.Base(ContributorsPath(s.cfg.Dir)):
					settled = time.After(settle)
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				s.logf("watching %s: %v", folder, err)
			case <-settled:
				settled = nil
				s.Editors()
				s.Contributors()
			}
		}
	}()
	return func() {
		close(quit)
		<-ended
		_ = w.Close()
	}
}
