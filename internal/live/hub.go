// Package live holds an open draft for the boards on it: weekly edit's one
// board and weekly serve's many run the same code. A Hub owns the draft's
// Document and is the only code that saves it (atomic and locked, through
// store.Editor), guards it against changes made on disk behind its back,
// and takes in what other commands queued for it (weekly add, set, section,
// sponsor). Each board sits at the hub in a Seat, through which it hears
// of every change it did not make itself, where the others are, and how
// saving goes.
//
// Boards run in their own goroutines. A board reads the draft only while it
// holds the hub's turn (Seat.Lock), and every change of the draft is made
// while the turn is held, so that no board reads a draft being changed.
package live

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

const (
	// SaveDelay is how long after a change the draft is saved, so that
	// changes made together are saved together.
	SaveDelay = 300 * time.Millisecond
	// RetryDelay is how long after a failed save it is tried again.
	RetryDelay = 3 * time.Second
	// PollEvery is how often the queue is read where it cannot be watched.
	PollEvery = 500 * time.Millisecond
)

// Storage is where the hub keeps its draft: *store.Editor, or a test's
// stand-in around one.
type Storage interface {
	// Save writes the draft; a *store.RenameError says it was saved but
	// kept its old name.
	Save(d *draft.Draft) error
	// SaveLast writes the draft a last time and refuses every save after.
	SaveLast(d *draft.Draft) error
	// Take returns the queue's lines not taken yet.
	Take() ([]store.Incoming, error)
	// File is where the draft is now (it follows a new issue number).
	File() string
	// Close lets go of the draft's edit lock.
	Close()
}

// Config is how a hub waits. The zero Config waits in real time and
// watches the queue file.
type Config struct {
	// After starts a wait (the save delay, a retry, a poll); time.After
	// when nil. Tests give a clock they move themselves.
	After func(d time.Duration) <-chan time.Time
	// Storage, when set, stands between the hub and the draft's files: a
	// test makes saves fail with it.
	Storage func(Storage) Storage
}

// Hub owns one open draft for every board on it.
type Hub struct {
	doc    *doc.Document
	ed     Storage
	after  func(time.Duration) <-chan time.Time
	turn   sync.Mutex
	cancel func()

	// sum and saved belong to the keeping goroutine: the draft file's
	// hash as last loaded or saved, and the revision last saved.
	sum   [32]byte
	saved uint64
	// state is the save state as boards draw it.
	state struct {
		rev, saved atomic.Uint64
		failed     atomic.Bool
	}

	mu     sync.Mutex
	seats  map[*Seat]bool
	claims map[string]*Seat // what is being written (an item ID, "intro") → by whom
	path   string           // where the draft was last saved
	halted *keptError       // the file changed behind our back: no more saves over it
	closed bool

	dirty chan struct{}
	do    chan func()
	stop  chan struct{}
	done  chan struct{}
}

// Open takes the draft at path for editing (its edit lock, for purpose,
// such as "weekly edit"), loads it and starts saving it and taking in its
// queue.
func Open(path, purpose string, cfg Config) (*Hub, error) {
	ed, err := store.OpenEditor(path, purpose)
	if err != nil {
		return nil, err
	}
	// Watched from before it is read: no change to the draft or its queue
	// goes unseen. Where it cannot be watched (no inotify left, a network
	// disk), the queue is read now and then instead.
	w, werr := watch(filepath.Dir(path))
	d, err := store.Load(path)
	if err != nil {
		if w != nil {
			w.Close()
		}
		ed.Close()
		return nil, err
	}
	sum, err := fileSum(path)
	if err != nil {
		if w != nil {
			w.Close()
		}
		ed.Close()
		return nil, err
	}
	if werr != nil {
		w = nil
	}
	var st Storage = ed
	if cfg.Storage != nil {
		st = cfg.Storage(ed)
	}
	h := &Hub{
		doc: doc.New(d), ed: st, after: cfg.After, sum: sum, path: path,
		seats: map[*Seat]bool{}, claims: map[string]*Seat{},
		dirty: make(chan struct{}, 1), do: make(chan func()), stop: make(chan struct{}), done: make(chan struct{}),
	}
	if h.after == nil {
		h.after = time.After
	}
	h.saved = h.doc.Rev()
	h.state.rev.Store(h.saved)
	h.state.saved.Store(h.saved)
	h.cancel = h.doc.Subscribe(h.changed)
	go h.keep(w)
	return h, nil
}

// Document returns the open document.
func (h *Hub) Document() *doc.Document { return h.doc }

// Path returns where the draft is saved (it follows a new issue number).
func (h *Hub) Path() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.path
}

// Seats returns how many boards sit at the hub.
func (h *Hub) Seats() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.seats)
}

// changed hears every change of the document: every seat but its maker's
// is told, and the draft is to be saved.
func (h *Hub) changed(c doc.Change) {
	h.state.rev.Store(c.Rev)
	h.mu.Lock()
	for s := range h.seats {
		s.add(c)
	}
	h.mu.Unlock()
	select {
	case h.dirty <- struct{}{}:
	default:
	}
}

// ringAll wakes every seat, to draw again.
func (h *Hub) ringAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.seats {
		s.poke()
	}
}

// tell gives every seat a note.
func (h *Hub) tell(n Note) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.seats {
		s.note(n)
	}
}

// keep saves the draft soon after it changes, takes in the queue when it
// grows and notices a draft file changed behind the hub's back, all in one
// goroutine, since they touch the same files.
func (h *Hub) keep(w *fsnotify.Watcher) {
	defer close(h.done)
	var events <-chan fsnotify.Event
	var poll <-chan time.Time
	if w != nil {
		defer w.Close()
		events = w.Events
		go drain(w.Errors)
	} else {
		poll = h.after(PollEvery)
	}
	h.take() // what waited before the draft was opened
	var save <-chan time.Time
	for {
		select {
		case <-h.stop:
			return
		case <-h.dirty:
			if save == nil {
				save = h.after(SaveDelay)
			}
		case <-save:
			save = nil
			if err := h.save(); err != nil && !h.isHalted() {
				h.tell(Note{Text: fmt.Sprintf("Not saved: %v. Your changes are kept here; trying again", err), Err: true})
				save = h.after(RetryDelay)
			}
		case fn := <-h.do:
			// A change made before the call is the hub's to know of first.
			select {
			case <-h.dirty:
				if save == nil {
					save = h.after(SaveDelay)
				}
			default:
			}
			fn()
		case ev := <-events:
			switch filepath.Base(ev.Name) {
			case filepath.Base(store.IncomingPath(h.ed.File())):
				if ev.Has(fsnotify.Write) || ev.Has(fsnotify.Create) {
					h.take()
				}
			case filepath.Base(h.ed.File()):
				h.checkDisk()
			}
		case <-poll:
			h.take()
			poll = h.after(PollEvery)
		}
	}
}

// watch watches dir, where the draft and its queue are.
func watch(dir string) (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// drain reads a watcher's errors (an overflow of its queue) until it is
// closed: the queue is read in full at the next event, so none is lost.
func drain(errs <-chan error) {
	for range errs {
	}
}

// run has fn done by the keeping goroutine and waits for it; it reports
// false when the hub is closed.
func (h *Hub) run(fn func()) bool {
	done := make(chan struct{})
	select {
	case h.do <- func() { fn(); close(done) }:
		<-done
		return true
	case <-h.done:
		return false
	}
}

var errClosed = errors.New("the draft is closed")

// ErrKept is in the error of a save that did not write over the draft
// file, changed on disk behind weekly's back, and kept the board's copy
// beside it instead: nothing is lost by quitting.
var ErrKept = errors.New("the board's copy is kept beside the draft")

// Save saves the draft now, when it changed since the last save, and
// returns how that went.
func (h *Hub) Save() error {
	var err error
	if !h.run(func() { err = h.save() }) {
		return errClosed
	}
	return err
}

// Take takes in now what other commands queued, as a change to the queue
// file does.
func (h *Hub) Take() {
	h.run(h.take)
}

// Sync returns once the hub has done what it was woken for before the call
// (a save whose wait is over, a change of the queue it was told of).
func (h *Hub) Sync() {
	h.run(func() {})
}

func (h *Hub) isHalted() bool { return h.haltedErr() != nil }

func (h *Hub) haltedErr() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.halted == nil {
		return nil
	}
	return h.halted
}

// save writes the draft as it is now, unless it has not changed since the
// last save, or the file was changed by someone else since: then the
// draft is written next to it instead, and the boards are told. Only the
// keeping goroutine calls it (and Close, once that has ended).
func (h *Hub) save() error {
	return h.write(h.ed.Save)
}

func (h *Hub) write(save func(*draft.Draft) error) error {
	d, rev := h.doc.Snapshot()
	halted := h.haltedErr()
	if rev == h.saved && halted == nil {
		return nil
	}
	if halted == nil {
		if sum, err := fileSum(h.ed.File()); err != nil || sum != h.sum {
			halted = h.halt(err)
		}
	}
	if halted != nil {
		if err := store.Save(keptPath(h.ed.File()), d); err != nil {
			h.state.failed.Store(true)
			return fmt.Errorf("%w (and could not keep the board's copy: %v)", halted, err)
		}
		h.saved = rev
		return halted
	}
	err := save(d)
	var re *store.RenameError
	if errors.As(err, &re) {
		// Saved under its old name: the next save tries the rename again.
		h.tell(Note{Text: re.Error(), Err: true})
		err = nil
	}
	h.state.failed.Store(err != nil)
	defer h.ringAll() // the boards draw the save state
	if err != nil {
		return err
	}
	sum, err := fileSum(h.ed.File())
	if err != nil {
		return err
	}
	h.sum, h.saved = sum, rev
	h.state.saved.Store(rev)
	h.mu.Lock()
	h.path = h.ed.File()
	h.mu.Unlock()
	return nil
}

// checkDisk looks at the draft file after a change to it: one the hub did
// not write stops the saves over it at once, and the boards are told.
func (h *Hub) checkDisk() {
	if h.isHalted() {
		return
	}
	if sum, err := fileSum(h.ed.File()); err != nil || sum != h.sum {
		h.halt(err)
		h.ringAll()
	}
}

// halt stops the saves over the draft file, which was changed or removed
// behind the hub's back (err says how it could not be read), and tells the
// boards.
func (h *Hub) halt(err error) *keptError {
	path := h.ed.File()
	what := "changed on disk behind weekly"
	switch {
	case errors.Is(err, os.ErrNotExist):
		what = "removed from disk behind weekly"
	case err != nil:
		what = fmt.Sprintf("unreadable (%v)", err)
	}
	halted := &keptError{
		msg: fmt.Sprintf("%s %s: not saved over; the board's copy is in %s: compare the two and keep one", path, what, keptPath(path)),
		// The status line is one line: the file's name first, whole.
		note: fmt.Sprintf("%s %s: not saved over it; your copy is %s", filepath.Base(path), what, filepath.Base(keptPath(path))),
	}
	h.state.failed.Store(true)
	h.mu.Lock()
	h.halted = halted
	for s := range h.seats {
		s.note(Note{Text: halted.note, Err: true})
	}
	h.mu.Unlock()
	return halted
}

// rescue writes the draft as it stands where it can when the last save
// failed: beside the draft first, else in the user's cache folder, and
// returns where.
func (h *Hub) rescue() (string, error) {
	d, _ := h.doc.Snapshot()
	path := h.ed.File()
	stamp := time.Now().Format("20060102-150405")
	base := filepath.Base(path)
	// Beside the draft under a name no command takes for a draft; in the
	// cache folder as a draft file, to open with weekly edit PATH.
	tries := []string{path + ".unsaved-" + stamp}
	if cache, err := os.UserCacheDir(); err == nil {
		tries = append(tries, filepath.Join(cache, "weekly", strings.TrimSuffix(base, ".json")+"-"+stamp+".json"))
	}
	var errs []error
	for _, to := range tries {
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := store.Save(to, d); err != nil {
			errs = append(errs, err)
			continue
		}
		return to, nil
	}
	return "", errors.Join(errs...)
}

// keptError says the draft file changed behind weekly's back and where the
// board's copy is; it is ErrKept.
type keptError struct{ msg, note string }

func (e *keptError) Error() string        { return e.msg }
func (e *keptError) Is(target error) bool { return target == ErrKept }

// keptPath is where the board's copy of a draft goes when its file was
// changed behind weekly's back.
func keptPath(path string) string {
	return filepath.Join(filepath.Dir(path), filepath.Base(path)+".kept")
}

// fileSum returns the hash of a file's bytes.
func fileSum(path string) ([32]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(data), nil
}

// take does what other commands queued while the draft is open, each line
// as one step that whoever is at the board may undo, with the turn held.
func (h *Hub) take() {
	if h.isHalted() {
		return
	}
	in, err := h.ed.Take()
	if err != nil {
		h.tell(Note{Text: fmt.Sprintf("Could not take in what other commands queued: %v", err), Err: true})
		return
	}
	if len(in) == 0 {
		return
	}
	h.turn.Lock()
	defer h.turn.Unlock()
	links := 0
	var notes []Note
	for _, x := range in {
		var ops draft.Change
		h.doc.Read(func(d *draft.Draft, _ *doc.Counts) { ops = store.Pending(d, x) })
		who := sanitizeWho(x.Who)
		if len(ops) == 0 {
			continue // taken in before, and the queue not cleared then
		}
		if x.Record() {
			// A sending of the issue happened: recorded, never undone.
			if _, err := h.doc.Outside(who, ops...); err != nil {
				notes = append(notes, Note{Text: fmt.Sprintf("Could not record the send of %s: %v", who, err), Err: true})
				continue
			}
			notes = append(notes, Note{Text: "Sent by " + who + ", and recorded"})
			continue
		}
		if _, err := h.doc.Queued(who, ops...); err != nil {
			notes = append(notes, Note{Text: fmt.Sprintf("Could not apply the change of %s: %v", who, err), Err: true})
			continue
		}
		if x.Links() {
			links += len(ops)
			continue
		}
		notes = append(notes, Note{Text: "Changed by " + who, Undoable: true})
	}
	if links > 0 {
		notes = append(notes, Note{Text: draft.Plural(links, "link") + " added by another command", Undoable: true})
	}
	for _, n := range notes {
		h.tell(n) // the last says most; a failure is never hidden behind a success
		if n.Err {
			break
		}
	}
}

// Join seats a board of the editor called name. Two boards of one name
// get distinct authors ("Ann", "Ann 2"), each undoing only its own.
func (h *Hub) Join(name string) (*Seat, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, errors.New("the draft is being closed; try again in a moment")
	}
	who := name
	for i := 2; h.taken(who); i++ {
		who = fmt.Sprintf("%s %d", name, i)
	}
	s := &Seat{hub: h, who: who, wake: make(chan struct{}, 1), gone: make(chan struct{}), here: Place{Who: who, Col: -1}}
	if h.halted != nil {
		s.note(Note{Text: h.halted.note, Err: true})
	}
	h.seats[s] = true
	h.moved(nil)
	return s, nil
}

func (h *Hub) taken(who string) bool {
	for s := range h.seats {
		if s.who == who {
			return true
		}
	}
	return false
}

// Close saves the draft a last time, lets go of it and tells why a save
// failed. Boards still seated hear nothing more.
func (h *Hub) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	seats := make([]*Seat, 0, len(h.seats))
	for s := range h.seats {
		seats = append(seats, s)
	}
	h.mu.Unlock()
	close(h.stop)
	<-h.done
	h.cancel()
	err := h.write(h.ed.SaveLast)
	if err != nil && !errors.Is(err, ErrKept) {
		// The last save failed (a full disk): nothing the editors wrote is
		// lost, it goes where it can be written, and the error says where.
		if where, rerr := h.rescue(); rerr == nil {
			err = fmt.Errorf("%w; everything as it was on the board is in %s", err, where)
		} else {
			err = fmt.Errorf("%w (and no copy could be written anywhere: %v)", err, rerr)
		}
	}
	h.ed.Close()
	for _, s := range seats {
		s.Leave()
	}
	return err
}
