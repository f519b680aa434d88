package serve

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/live"
	"github.com/weekly-dev/weekly/internal/store"
	"github.com/weekly-dev/weekly/internal/tui"
)

// fakeClock is a server's time that only the test moves.
type fakeClock struct {
	mu      sync.Mutex
	changed *sync.Cond
	now     time.Time
	waits   []fakeWait
}

type fakeWait struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	c := &fakeClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	c.changed = sync.NewCond(&c.mu)
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waits = append(c.waits, fakeWait{c.now.Add(d), ch})
	c.changed.Broadcast()
	return ch
}

// advance moves the clock on by d, ending the waits due by then.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waits[:0]
	for _, w := range c.waits {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waits = kept
}

// waitUntil waits until someone waits on the clock for the time at.
func (c *fakeClock) waitUntil(t *testing.T, at time.Time) {
	t.Helper()
	stop := time.AfterFunc(10*time.Second, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.changed.Broadcast()
	})
	defer stop.Stop()
	deadline := time.Now().Add(10 * time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for _, w := range c.waits {
			if w.at.Equal(at) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("nobody waits until %s; waits: %v", at, c.waits)
		}
		c.changed.Wait()
	}
}

// shared is a factory of real boards on one draft, as weekly serve's: the
// first session opens the draft, every session has a seat at it, the last
// one out saves and closes it. wrap, when set, stands around an editor's
// board.
type shared struct {
	path string
	wrap func(editor string, m tea.Model) tea.Model

	mu  sync.Mutex
	hub *live.Hub
}

func (sh *shared) factory(s Session) (Program, error) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.hub == nil {
		h, err := live.Open(sh.path, "test serve", live.Config{})
		if err != nil {
			return Program{}, err
		}
		sh.hub = h
	}
	hub := sh.hub
	seat, err := hub.Join(s.Editor)
	if err != nil {
		return Program{}, err
	}
	noFetch := func(context.Context, string) (string, string, error) { return "", "", errors.New("offline") }
	var m tea.Model = tui.New(seat, noFetch, tui.Served(), tui.WithGetenv(func(string) string { return "" }))
	if sh.wrap != nil {
		m = sh.wrap(s.Editor, m)
	}
	return Program{Model: m, Stop: tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}, Done: func() error {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		if seat.Leave() > 0 {
			return nil
		}
		if sh.hub == hub {
			sh.hub = nil
		}
		return hub.Close()
	}}, nil
}

// fuse is a board with a bug: ctrl+g panics in its Update.
type fuse struct{ tea.Model }

func (f *fuse) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+g" {
		panic("a bug in the board")
	}
	m, cmd := f.Model.Update(msg)
	f.Model = m
	return f, cmd
}

// TestPanicEndsOneSession: Bob's board panics. His session ends with a
// note to him and the panic in the log with its stack; what he did before
// is in the draft; Ann, on the same draft, goes on editing and sees it;
// the server goes on serving.
func TestPanicEndsOneSession(t *testing.T) {
	t.Parallel()
	ann, bob := newSigner(t), newSigner(t)
	var sh *shared
	f := start(t, keyLine(ann, "ann")+keyLine(bob, "bob"), func(c *Config) {
		sh = &shared{path: filepath.Join(c.Dir, "9.json"), wrap: func(editor string, m tea.Model) tea.Model {
			if editor == "bob" {
				return &fuse{m}
			}
			return m
		}}
		c.Factory = sh.factory
	})
	a, b := connect(t, f.addr, ann), connect(t, f.addr, bob)
	a.waitFor(t, "A known card")
	b.waitFor(t, "A known card")
	b.send(t, "i")
	b.waitFor(t, "Intro")
	b.send(t, "Bob wrote this")
	b.waitFor(t, "Bob wrote this")
	b.send(t, "\x1b") // esc: the intro is his
	b.waitFor(t, "Intro changed")
	b.send(t, "\x07") // ctrl+g: the bug
	select {
	case <-b.ended:
	case <-time.After(10 * time.Second):
		t.Fatalf("Bob's board panicked and his session went on:\n%s", f.log.String())
	}
	waitText(t, b.errs.String, "your board stopped on an error")
	log := f.log.String()
	if !strings.Contains(log, "the board of bob panicked and was closed (the other boards go on): a bug in the board") || !strings.Contains(log, "hostile_test.go") {
		t.Errorf("the log does not have the panic with its stack:\n%s", log)
	}
	if strings.ContainsAny(log, "\x1b\x07\r") {
		t.Errorf("the log holds control characters: %q", log)
	}

	// Ann goes on: she writes a blurb, and opens the intro Bob wrote.
	a.send(t, "\r")
	a.send(t, " and more")
	a.waitFor(t, "A known card and more")
	a.send(t, "\x1b")
	a.waitFor(t, "enter edit blurb")
	a.send(t, "i")
	a.waitFor(t, "Bob wrote this")
	a.send(t, "\x1b")
	a.waitFor(t, "Intro unchanged")
	c := connect(t, f.addr, bob) // the server still serves Bob
	c.waitFor(t, "A known card and more")
	for _, term := range []*terminal{a, c} {
		term.send(t, "q")
		select {
		case <-term.ended:
		case <-time.After(10 * time.Second):
			t.Fatalf("q did not end the session:\n%s", term.screen())
		}
	}
	waitText(t, f.log.String, "disconnected: ann")
	deadline := time.Now().Add(10 * time.Second)
	for {
		sh.mu.Lock()
		open := sh.hub != nil
		sh.mu.Unlock()
		if !open {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the draft was never closed")
		}
		time.Sleep(10 * time.Millisecond) // the sessions' ends run after the clients see them
	}
	d, err := store.Load(f.path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Intro != "Bob wrote this" || len(d.Inbox) != 1 || d.Inbox[0].Blurb != "A known card and more" {
		t.Errorf("the draft has intro %q and inbox %+v; want Bob's intro and Ann's blurb", d.Intro, d.Inbox)
	}
}

// TestIdleSavedAndDisconnected moves the server's clock: a key resets the
// idle time; once the editor has sent none for the idle time, what she was
// writing is saved, she is told why, and her session ends.
func TestIdleSavedAndDisconnected(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	clk := newFakeClock()
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.clock, c.Idle = clk, 2*time.Hour })
	t0 := clk.Now()
	term := connect(t, f.addr, ann)
	term.waitFor(t, "A known card")
	clk.waitUntil(t, t0.Add(2*time.Hour)) // the idle watch is on

	clk.advance(time.Hour)
	term.send(t, "i")
	term.waitFor(t, "Intro")
	term.send(t, "Half a thought")
	term.waitFor(t, "Half a thought") // her last key, at 1h

	clk.advance(90 * time.Minute)         // 2h30: 1h30 since her key
	clk.waitUntil(t, t0.Add(3*time.Hour)) // looked, and waits on
	select {
	case err := <-term.ended:
		t.Fatalf("the session ended 1h30 after a key (%v):\n%s", err, f.log.String())
	default:
	}
	if strings.Contains(f.log.String(), "idle:") {
		t.Fatalf("an editor who typed 1h30 ago was taken as idle:\n%s", f.log.String())
	}

	clk.advance(30 * time.Minute) // 3h: 2h since her key
	select {
	case <-term.ended:
	case <-time.After(10 * time.Second):
		t.Fatalf("an idle session was not ended:\n%s", f.log.String())
	}
	waitText(t, term.errs.String, "weekly serve: disconnected after 2h0m0s without a key; your work is saved.")
	waitLog(t, f, "idle: ann from 127.0.0.1:")
	waitLog(t, f, "disconnected: ann")
	d, err := store.Load(f.path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Intro != "Half a thought" {
		t.Errorf("intro after the idle end = %q, want what she was writing", d.Intro)
	}
}

// windowChange is the payload of a window-change request.
func windowChange(w, h int) []byte {
	b := make([]byte, 16)
	binary.BigEndian.PutUint32(b[0:], uint32(w))
	binary.BigEndian.PutUint32(b[4:], uint32(h))
	return b
}

// TestResizeStormOneSizeAFrame: a client sends 500 window changes at once;
// the board is given one size, the latest, when the next frame interval
// comes, not 500.
func TestResizeStormOneSizeAFrame(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	clk := newFakeClock()
	b := newBoard()
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.clock, c.Factory = clk, b.factory })
	client, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess := shell(t, client, 80, 24, nil)
	defer sess.Close()
	if got := b.size(t); got.Width != 80 || got.Height != 24 {
		t.Fatalf("first size %dx%d, want 80x24", got.Width, got.Height)
	}
	for i := range 500 {
		// The last asks for a reply: once it comes, the server has read
		// them all.
		ok, err := sess.SendRequest("window-change", i == 499, windowChange(81+i%100, 25+i%50))
		if err != nil || (i == 499 && !ok) {
			t.Fatalf("window change %d: %v, %v", i, ok, err)
		}
	}
	// The first change is given at once; the rest wait for the next frame
	// interval, and only the latest of them is given then.
	clk.waitUntil(t, clk.Now().Add(resizeEvery))
	b.size(t)
	select {
	case s := <-b.sizes:
		t.Fatalf("a second size (%dx%d) in one frame interval", s.Width, s.Height)
	default:
	}
	clk.advance(resizeEvery)
	if got := b.size(t); got.Width != 81+499%100 || got.Height != 25+499%50 {
		t.Errorf("size after the storm %dx%d, want the latest, %dx%d", got.Width, got.Height, 81+499%100, 25+499%50)
	}
	clk.waitUntil(t, clk.Now().Add(resizeEvery)) // and waits for the next interval
	select {
	case s := <-b.sizes:
		t.Errorf("a third size (%dx%d) for one storm", s.Width, s.Height)
	default:
	}
	// A size the board has already costs nothing.
	if ok, err := sess.SendRequest("window-change", true, windowChange(81+499%100, 25+499%50)); err != nil || !ok {
		t.Fatalf("window change: %v, %v", ok, err)
	}
	clk.advance(resizeEvery)
	select {
	case s := <-b.sizes:
		t.Errorf("the same size (%dx%d) given again", s.Width, s.Height)
	default:
	}
}

// flood is a board that draws fast: 64 KB of text a millisecond, as a
// busy board's redraws add up to for a client that takes none of them.
type flood struct{ n int }

type floodTick struct{}

func floodNext() tea.Cmd {
	return tea.Tick(time.Millisecond, func(time.Time) tea.Msg { return floodTick{} })
}

func (m *flood) Init() tea.Cmd { return floodNext() }

func (m *flood) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(floodTick); ok {
		m.n++
		page := "\x1b[H" + strings.Repeat(string(rune('a'+m.n%26)), 64<<10)
		return m, tea.Batch(tea.Raw(page), floodNext())
	}
	return m, nil
}

func (m *flood) View() tea.View { return tea.NewView("flood") }

// TestClientThatNeverReadsDropped: a client whose board is drawn but who
// never reads it is dropped once its board's unsent output passes
// MaxUnsent, with a log line; the server does not queue without bound, and
// the editor beside it goes on.
func TestClientThatNeverReadsDropped(t *testing.T) {
	t.Parallel()
	ann, eve := newSigner(t), newSigner(t)
	var sh *shared
	f := start(t, keyLine(ann, "ann")+keyLine(eve, "eve"), func(c *Config) {
		sh = &shared{path: filepath.Join(c.Dir, "9.json")}
		c.Factory = func(s Session) (Program, error) {
			if s.Editor == "eve" {
				return Program{Model: &flood{}}, nil
			}
			return sh.factory(s)
		}
	})
	a := connect(t, f.addr, ann)
	a.waitFor(t, "A known card")
	client, err := dial(f.addr, eve)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", MaxHeight, MaxWidth, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.StdoutPipe(); err != nil { // never read
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	waitLog(t, f, "dropped: eve from 127.0.0.1:")
	log := f.log.String()
	if !strings.Contains(log, "stopped reading its board") || !strings.Contains(log, "more than the 2097152 a board may queue") {
		t.Errorf("the log does not say why eve was dropped:\n%s", log)
	}
	waitLog(t, f, "disconnected: eve")
	ended(t, sess) // its channel is closed
	a.send(t, "\r")
	a.send(t, " and more")
	a.waitFor(t, "A known card and more")
}

// stall is a client that takes nothing: its writes wait until released.
// stall is a client that takes nothing: a write to it waits until
// release, then fails. in is closed when the first write begins.
type stall struct {
	release, in chan struct{}
	once        *sync.Once
}

func (s stall) Write(p []byte) (int, error) {
	s.once.Do(func() { close(s.in) })
	<-s.release
	return 0, io.ErrClosedPipe
}

// TestOutboxBounded: a board's output to a client that takes nothing is
// kept up to the bound, then let go: the client is reported once, every
// later write fails at once, and what is held stays under the bound.
func TestOutboxBounded(t *testing.T) {
	t.Parallel()
	w := stall{release: make(chan struct{}), in: make(chan struct{}), once: new(sync.Once)}
	var full []int
	var mu sync.Mutex
	o := newOutbox(w, 1<<20, func(unsent int) {
		mu.Lock()
		full = append(full, unsent)
		mu.Unlock()
	})
	frame := make([]byte, 100<<10)
	var failed int
	for i := range 100 { // 10 MB drawn
		if i == 1 {
			<-w.in // the sender is in its first write, as over a full window
		}
		if _, err := o.Write(frame); err != nil {
			if !errors.Is(err, errUnread) {
				t.Fatalf("write failed with %v, want errUnread", err)
			}
			failed++
		}
		if n := o.Unsent(); n > 1<<20 {
			t.Fatalf("%d bytes held for the client, more than the bound", n)
		}
	}
	mu.Lock()
	if len(full) != 1 || full[0] <= 1<<20 {
		t.Errorf("reported %v, want once, past the bound", full)
	}
	mu.Unlock()
	if failed < 89 {
		t.Errorf("%d writes failed, want every one past the bound", failed)
	}
	if o.close(10 * time.Millisecond) {
		t.Error("close said the output reached a client that took nothing")
	}
	if !o.stuck() {
		t.Error("the sender is not in its write")
	}
	close(w.release)
	<-o.sent
	if o.Unsent() != 0 {
		t.Errorf("%d bytes still held after the sender ended", o.Unsent())
	}
}

// TestHandshakeTimeout: a connection that never logs in (it sends its
// version, then nothing) is closed by the server.
func TestHandshakeTimeout(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.handshake = 200 * time.Millisecond })
	conn, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "SSH-2.0-stalled\r\n"); err != nil {
		t.Fatal(err)
	}
	if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the server kept a connection that never logged in")
	}
}

// TestInputIsReadAtAPersonsPace: a client sending without end is read no
// faster than inputRate once inputBurst is spent, so that its board, whose
// every key takes the draft's turn, cannot keep the others waiting; a
// paste up to inputBurst is read at once.
func TestInputIsReadAtAPersonsPace(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	r := &running{}
	k := newKeys(strings.NewReader(strings.Repeat("x", inputBurst+10*inputRate)), r, clk)
	buf := make([]byte, 1<<20)
	got := 0
	for got < inputBurst {
		n, err := k.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got += n
	}
	if got != inputBurst || r.last.Load() == 0 {
		t.Fatalf("read %d bytes at once, want the burst, %d (and the time of the last key)", got, inputBurst)
	}
	read := make(chan int)
	go func() {
		n, _ := k.Read(buf)
		read <- n
	}()
	clk.waitUntil(t, clk.Now().Add(time.Second/inputRate)) // waits for a byte's worth of time
	select {
	case n := <-read:
		t.Fatalf("read %d more bytes with the burst spent and no time gone", n)
	default:
	}
	clk.advance(time.Second)
	if n := <-read; n != inputRate {
		t.Fatalf("read %d bytes a second later, want %d", n, inputRate)
	}
}
