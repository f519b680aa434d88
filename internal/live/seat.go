package live

import (
	"sort"
	"sync"
	"time"

	"github.com/weekly-dev/weekly/internal/doc"
	"github.com/weekly-dev/weekly/internal/sanitize"
)

// Place is where an editor is on the board: the card selected, or the
// column when it is empty, and whether they are writing its blurb.
type Place struct {
	Who     string
	Col     int
	Item    string
	Writing bool
}

// Note is a message of the hub's for the status line: a save that failed,
// a change another command queued.
type Note struct {
	Text string
	// Err says it is a failure.
	Err bool
	// Undoable says the change it tells of is one the board can undo.
	Undoable bool
}

// News is what a seat has not heard yet: the changes others made (another
// board, a queued command, a fetched title), where the others are now, and
// a note of the hub's. An empty News still asks the board to draw again
// (the save state changed).
type News struct {
	Changes []doc.Change
	// Others is where the others are, when that changed; nil otherwise.
	Others []Place
	// Note is the last note; Text is empty when there is none.
	Note Note
}

// Seat is one board at the hub.
type Seat struct {
	hub *Hub
	who string

	mu      sync.Mutex
	changes []doc.Change
	others  bool
	msg     Note
	urgent  bool      // news other than the places: told at once
	told    time.Time // when the places were last told

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
	s.urgent = true
	s.mu.Unlock()
	s.ring()
}

func (s *Seat) note(n Note) {
	s.mu.Lock()
	s.msg = n
	s.urgent = true
	s.mu.Unlock()
	s.ring()
}

// poke asks the board to draw again (the save state changed).
func (s *Seat) poke() {
	s.mu.Lock()
	s.urgent = true
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
	n := News{Changes: s.changes, Note: s.msg}
	others := s.others
	s.changes, s.others, s.msg, s.urgent = nil, false, Note{}, false
	if others {
		s.told = time.Now()
	}
	s.mu.Unlock()
	if others {
		n.Others = s.hub.places(s)
		if n.Others == nil {
			n.Others = []Place{}
		}
	}
	return n
}

// PlacesEvery is the least time between two tellings to one board of
// where the others are, when that is all its news: an editor moving fifty
// times a second redraws every other board ten times a second, not fifty.
// A change of the draft, a note or a save is told at once, with the places.
const PlacesEvery = 100 * time.Millisecond

// Next waits for news and returns it; ok is false once the seat has left.
// A board's program calls it in a command, and hears the news as the
// message the command returns. News heard while the board was busy comes
// in one piece, so that a burst of changes costs a board one frame.
func (s *Seat) Next() (n News, ok bool) {
	select {
	case <-s.gone:
		return News{}, false
	case <-s.wake:
	}
	for {
		wait := s.holdPlaces()
		if wait <= 0 {
			return s.Take(), true
		}
		t := time.NewTimer(wait)
		select {
		case <-s.gone:
			t.Stop()
			return News{}, false
		case <-t.C:
		case <-s.wake: // news that may not wait
			t.Stop()
		}
	}
}

// holdPlaces returns how long the seat's news waits: when it is only where
// the others are, until PlacesEvery after they were last told.
func (s *Seat) holdPlaces() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.urgent || !s.others {
		return 0
	}
	return PlacesEvery - time.Since(s.told)
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
	h.moved(s)
}

// Claim asks to write what is called key (an item's ID for its blurb).
// When another editor is writing it, it returns their name and false.
func (s *Seat) Claim(key string) (holder string, ok bool) {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.left {
		return "", false
	}
	if o := h.claims[key]; o != nil && o != s {
		return o.who, false
	}
	for k, o := range h.claims {
		if o == s {
			delete(h.claims, k)
		}
	}
	h.claims[key] = s
	h.moved(s)
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
			s.hub.moved(s)
		}
	}
}

// Leave takes the seat's board away: what it was writing and its place
// are let go, and Next returns. What it typed is in the document already.
// It reports how many boards are left.
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
	h.moved(s)
	return len(h.seats)
}

// Saved reports whether every change is saved, and whether the last save
// failed (the file was changed behind weekly's back, the disk is full).
func (s *Seat) Saved() (saved, failed bool) {
	st := &s.hub.state
	return st.saved.Load() >= st.rev.Load(), st.failed.Load()
}

// Save saves the draft now (ctrl+s, and q before quitting).
func (s *Seat) Save() error { return s.hub.Save() }

// moved tells every seat but the mover's (nil for none) where everyone is
// now: a board is never shown its own place. Call it with mu held.
func (h *Hub) moved(mover *Seat) {
	for s := range h.seats {
		if s == mover {
			continue
		}
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

// sanitizeWho names the author of a queued change in messages.
func sanitizeWho(who string) string {
	if who = sanitize.Line(who); who == "" {
		return "another command"
	}
	return who
}
