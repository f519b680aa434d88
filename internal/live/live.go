// Package live shares one open draft between several boards, as weekly
// serve does: a Hub owns the draft's Document, saves it (atomic and locked,
// through store.Editor), takes in what other commands queued for it, and
// keeps the registry of where each editor is and which blurb each is
// writing. Each board sits at the hub in a Seat, through which it hears of
// the others' changes and tells its own place.
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
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/sanitize"
	"github.com/weekly-dev/weekly/internal/store"
)

const (
	// saveDelay is how long after a change the draft is saved, so that
	// changes made together are saved together.
	saveDelay = 300 * time.Millisecond
	// retryDelay is how long after a failed save it is tried again.
	retryDelay = 3 * time.Second
	// pollEvery is how often what other commands queued is taken in.
	pollEvery = 500 * time.Millisecond
)

// maxIndex puts an inserted item at the end of its column.
const maxIndex = 1 << 30

// Place is where an editor is on the board: the card selected, or the
// column when it is empty, and whether they are writing its blurb.
type Place struct {
	Who     string
	Col     int
	Item    string
	Writing bool
}

// News is what a seat has not heard yet: the changes others made, where
// they are now, and a message from the hub (a failed save).
type News struct {
	Changes []doc.Change
	// Others is where the others are, when that changed; nil otherwise.
	Others []Place
	// Note is a message for the status line; Err says it is a failure.
	Note string
	Err  bool
}

// Hub owns one open draft for every board on it.
type Hub struct {
	doc    *doc.Document
	ed     *store.Editor
	turn   sync.Mutex
	cancel func()

	// sum and saved belong to the keeping goroutine: the draft file's
	// hash as last loaded or saved, and the revision last saved.
	sum   [32]byte
	saved uint64
	// state is the save state as boards draw it: the revision last changed
	// and last saved, and whether the last save failed.
	state struct {
		rev, saved atomic.Uint64
		failed     atomic.Bool
	}

	mu     sync.Mutex
	seats  map[*Seat]bool
	claims map[string]*Seat // what is being written (an item ID, "intro") → by whom
	path   string           // where the draft was last saved
	halted error            // the file changed behind our back: no more saves
	closed bool

	dirty chan struct{}
	flush chan chan error
	stop  chan struct{}
	done  chan struct{}
}

// Open takes the draft at path for editing (its edit lock, for purpose),
// loads it and starts saving it and taking in its queue.
func Open(path, purpose string) (*Hub, error) {
	ed, err := store.OpenEditor(path, purpose)
	if err != nil {
		return nil, err
	}
	d, err := store.Load(path)
	if err != nil {
		ed.Close()
		return nil, err
	}
	sum, err := fileSum(path)
	if err != nil {
		ed.Close()
		return nil, err
	}
	h := &Hub{
		doc: doc.New(d), ed: ed, sum: sum, path: path,
		seats: map[*Seat]bool{}, claims: map[string]*Seat{},
		dirty: make(chan struct{}, 1), flush: make(chan chan error), stop: make(chan struct{}), done: make(chan struct{}),
	}
	h.saved = h.doc.Rev()
	h.state.rev.Store(h.saved)
	h.state.saved.Store(h.saved)
	h.cancel = h.doc.Subscribe(h.changed)
	go h.keep()
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

// changed hears every change of the document: every seat is told, and the
// draft is to be saved.
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
		s.ring()
	}
}

// tell gives every seat a note.
func (h *Hub) tell(note string, isErr bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.seats {
		s.note(note, isErr)
	}
}

// keep saves the draft soon after it changes and takes in the queue, in
// one goroutine, since both touch the editor's files.
func (h *Hub) keep() {
	defer close(h.done)
	poll := time.NewTicker(pollEvery)
	defer poll.Stop()
	var timer *time.Timer
	var save <-chan time.Time
	wait := func(d time.Duration) {
		if timer == nil {
			timer = time.NewTimer(d)
			save = timer.C
		}
	}
	for {
		select {
		case <-h.stop:
			if timer != nil {
				timer.Stop()
			}
			return
		case <-h.dirty:
			wait(saveDelay)
		case <-save:
			timer, save = nil, nil
			err := h.save()
			h.state.failed.Store(err != nil)
			h.ringAll() // the boards draw the save state
			if err != nil && !h.isHalted() {
				h.tell(fmt.Sprintf("Not saved: %v. The draft is kept on the server; trying again", err), true)
				wait(retryDelay)
			}
		case reply := <-h.flush:
			err := h.save()
			h.state.failed.Store(err != nil)
			reply <- err
		case <-poll.C:
			if !h.isHalted() {
				h.take()
			}
		}
	}
}

func (h *Hub) isHalted() bool { return h.haltedErr() != nil }

func (h *Hub) haltedErr() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.halted
}

// Save saves the draft now, when it changed since the last save, and
// returns how that went.
func (h *Hub) Save() error {
	reply := make(chan error, 1)
	select {
	case h.flush <- reply:
		return <-reply
	case <-h.done:
		return errors.New("the draft is closed")
	}
}

// save writes the draft as it is now, unless it has not changed since the
// last save, or the file was changed by someone else since: then the
// draft is written next to it instead, and the boards are told. Only the
// keeping goroutine calls it (and Close, once that has ended), so the
// file's I/O runs without mu held.
func (h *Hub) save() error {
	d, rev := h.doc.Snapshot()
	halted := h.haltedErr()
	if rev == h.saved && halted == nil {
		return nil
	}
	if halted == nil {
		if sum, err := fileSum(h.ed.Path); err != nil || sum != h.sum {
			halted = h.refuse(err)
			h.mu.Lock()
			h.halted = halted
			for s := range h.seats {
				s.note(halted.Error(), true)
			}
			h.mu.Unlock()
		}
	}
	if halted != nil {
		if err := store.Save(keptPath(h.ed.Path), d); err != nil {
			return fmt.Errorf("%w (and could not keep the boards' copy: %v)", halted, err)
		}
		h.saved = rev
		return halted
	}
	if err := h.ed.Save(d); err != nil {
		return err
	}
	sum, err := fileSum(h.ed.Path)
	if err != nil {
		return err
	}
	h.sum, h.saved = sum, rev
	h.state.saved.Store(rev)
	h.mu.Lock()
	h.path = h.ed.Path
	h.mu.Unlock()
	return nil
}

// refuse says why the draft is no longer saved over its file.
func (h *Hub) refuse(err error) error {
	what := "changed on disk behind the server"
	if errors.Is(err, os.ErrNotExist) {
		what = "removed from disk behind the server"
	} else if err != nil {
		what = fmt.Sprintf("unreadable (%v)", err)
	}
	return fmt.Errorf("%s %s: not saved over; the boards' copy is in %s: compare the two and keep one", h.ed.Path, what, keptPath(h.ed.Path))
}

// keptPath is where the boards' copy of a draft goes when its file was
// changed behind the server's back.
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

// take applies what weekly add, set, section and sponsor queued while the
// draft is open, with the turn held.
func (h *Hub) take() {
	in, err := h.ed.Take()
	if err != nil {
		h.tell(fmt.Sprintf("Could not take in links added meanwhile: %v", err), true)
		return
	}
	if len(in) == 0 {
		return
	}
	h.turn.Lock()
	defer h.turn.Unlock()
	var links draft.Change
	have := map[string]bool{}
	n := 0
	var notes []string
	h.doc.Read(func(d *draft.Draft, _ *doc.Counts) {
		for _, x := range in {
			if len(x.Ops) > 0 {
				continue
			}
			n++
			if _, ok := d.Find(x.Item.ID); ok || have[x.Item.ID] {
				continue // taken in before a crash
			}
			have[x.Item.ID] = true
			col := draft.Inbox
			if i := d.SectionIndex(x.Section); x.Section != "" && i >= 0 {
				col = i + 1
			}
			links = append(links, draft.Op{Kind: draft.OpInsert, To: draft.Pos{Col: col, Index: maxIndex}, Item: x.Item})
		}
	})
	if len(links) > 0 {
		if _, err := h.doc.Outside("another command", links...); err != nil {
			notes = append(notes, fmt.Sprintf("Could not take in links added meanwhile: %v", err))
		}
	}
	for _, x := range in {
		if len(x.Ops) == 0 {
			continue
		}
		who := sanitize.Line(x.Who)
		if who == "" {
			who = "another command"
		}
		if _, err := h.doc.Outside(who, x.Ops...); err != nil {
			notes = append(notes, fmt.Sprintf("Could not apply the change of %s: %v", who, err))
		} else {
			notes = append(notes, "Changed by "+who)
		}
	}
	if n > 0 {
		notes = append(notes, plural(n, "link")+" added by another command")
	}
	failed := false
	for _, s := range notes {
		failed = failed || strings.HasPrefix(s, "Could")
	}
	h.tell(strings.Join(notes, "; "), failed)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
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
		s.note(h.halted.Error(), true)
	}
	h.seats[s] = true
	h.moved()
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

// moved tells every seat where everyone is now. Call it with mu held.
func (h *Hub) moved() {
	for s := range h.seats {
		s.mu.Lock()
		s.others = true
		s.mu.Unlock()
		s.ring()
	}
}

// places returns where the editors other than s are, by name.
func (h *Hub) places(s *Seat) []Place {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Place
	for o := range h.seats {
		if o == s || o.here.Col < 0 {
			continue
		}
		p := o.here
		p.Writing = p.Item != "" && h.claims[p.Item] == o
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Who < out[j].Who })
	return out
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
	h.mu.Unlock()
	close(h.stop)
	<-h.done
	h.cancel()
	err := h.save()
	h.ed.Close()
	return err
}

// Seat is one board at the hub.
type Seat struct {
	hub *Hub
	who string

	mu      sync.Mutex
	changes []doc.Change
	others  bool
	msg     string
	msgErr  bool

	wake chan struct{}
	gone chan struct{}
	left bool

	here Place // guarded by hub.mu
}

// Who returns the author the seat's board applies its changes as.
func (s *Seat) Who() string { return s.who }

// Document returns the shared document.
func (s *Seat) Document() *doc.Document { return s.hub.doc }

// Lock takes the turn: hold it while the board reads or changes the draft
// (its Update and View).
func (s *Seat) Lock() { s.hub.turn.Lock() }

// Unlock gives the turn back.
func (s *Seat) Unlock() { s.hub.turn.Unlock() }

func (s *Seat) add(c doc.Change) {
	if c.Who == s.who {
		return // the board knows its own changes
	}
	s.mu.Lock()
	s.changes = append(s.changes, c)
	s.mu.Unlock()
	s.ring()
}

func (s *Seat) note(text string, isErr bool) {
	s.mu.Lock()
	s.msg, s.msgErr = text, isErr
	s.mu.Unlock()
	s.ring()
}

func (s *Seat) ring() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Take returns the news since the last Take, and forgets it.
func (s *Seat) Take() News {
	s.mu.Lock()
	n := News{Changes: s.changes, Note: s.msg, Err: s.msgErr}
	others := s.others
	s.changes, s.others, s.msg, s.msgErr = nil, false, "", false
	s.mu.Unlock()
	if others {
		n.Others = s.hub.places(s)
		if n.Others == nil {
			n.Others = []Place{}
		}
	}
	return n
}

// Pump calls send each time the seat has news, until the seat is left:
// the board's program hears it as a message (send is tea.Program.Send,
// called here, outside the program's event loop).
func (s *Seat) Pump(send func()) {
	for {
		select {
		case <-s.gone:
			return
		case <-s.wake:
			send()
		}
	}
}

// Here tells the others where the seat's editor is.
func (s *Seat) Here(col int, item string) {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.left || (s.here.Col == col && s.here.Item == item) {
		return
	}
	s.here.Col, s.here.Item = col, item
	h.moved()
}

// Claim asks to write what is called key (an item's ID for its blurb).
// When another editor is writing it, it returns their name and false.
func (s *Seat) Claim(key string) (holder string, ok bool) {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if o := h.claims[key]; o != nil && o != s {
		return o.who, false
	}
	for k, o := range h.claims {
		if o == s {
			delete(h.claims, k)
		}
	}
	h.claims[key] = s
	h.moved()
	return "", true
}

// Release lets go of what the seat was writing.
func (s *Seat) Release() {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	s.release()
}

func (s *Seat) release() {
	for k, o := range s.hub.claims {
		if o == s {
			delete(s.hub.claims, k)
			s.hub.moved()
		}
	}
}

// Leave takes the seat's board away: what it was writing and its place
// are let go. What it typed is in the document already. It reports how
// many boards are left.
func (s *Seat) Leave() int {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.left {
		return len(h.seats)
	}
	s.left = true
	close(s.gone)
	s.release()
	delete(h.seats, s)
	h.moved()
	return len(h.seats)
}

// Saved reports whether every change is saved, and whether the last save
// failed (the file was changed behind the server's back, the disk is full).
func (s *Seat) Saved() (saved, failed bool) {
	st := &s.hub.state
	return st.saved.Load() >= st.rev.Load(), st.failed.Load()
}

// Save saves the draft now (ctrl+s).
func (s *Seat) Save() error { return s.hub.Save() }
