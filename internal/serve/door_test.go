package serve

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// TestLivenessDropsWithinThreeIntervals checks that a client is dropped
// three keepalive intervals after it was last heard, not three intervals
// after the first ask it left unanswered: with 15 s intervals, within the
// 45 s the README promises of its freezing (it was 60 s, 53 s measured).
func TestLivenessDropsWithinThreeIntervals(t *testing.T) {
	t.Parallel()
	var l liveness
	if ask, drop := l.tick(); !ask || drop {
		t.Fatalf("first tick: ask %v, drop %v; want an ask", ask, drop)
	}
	l.heard() // it answered; then it froze
	for i, want := range []struct{ ask, drop bool }{{true, false}, {false, false}, {false, true}} {
		if ask, drop := l.tick(); ask != want.ask || drop != want.drop {
			t.Fatalf("tick %d after the answer: ask %v, drop %v; want %v, %v", i+1, ask, drop, want.ask, want.drop)
		}
	}
	// A client that answers each ask is never dropped.
	l = liveness{}
	for i := range 10 {
		ask, drop := l.tick()
		if drop || !ask {
			t.Fatalf("tick %d of a live client: ask %v, drop %v", i, ask, drop)
		}
		l.heard()
	}
}

// TestKeepAliveLoop drives the keepalive loop with ticks: an answer, then
// silence; it asks once at a time, and drops on the third tick after the
// answer, not later.
func TestKeepAliveLoop(t *testing.T) {
	t.Parallel()
	tick := make(chan time.Time)
	asks := make(chan chan<- struct{})
	result := make(chan bool, 1)
	go func() {
		result <- keepAlive(context.Background(), tick, func(answered chan<- struct{}) { asks <- answered })
	}()
	tick <- time.Time{}
	(<-asks) <- struct{}{} // taken by the loop before the next tick
	tick <- time.Time{}    // the first tick since the answer asks again
	<-asks                 // never answered: the client froze
	select {
	case tick <- time.Time{}: // the second
	case <-asks:
		t.Fatal("asked again while an ask was out")
	case <-result:
		t.Fatal("dropped one tick after the answer")
	}
	select {
	case tick <- time.Time{}: // the third
	case <-asks:
		t.Fatal("asked again while an ask was out")
	case <-result:
		t.Fatal("dropped two ticks after the answer")
	}
	select {
	case drop := <-result:
		if !drop {
			t.Fatal("keepAlive ended without a drop")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("keepAlive did not drop a client silent for three ticks")
	}
}

// TestWindowClamped checks that a client's 10000x10000 terminal (the size
// that ran a server out of memory) is drawn at MaxWidth x MaxHeight, from
// the first frame and at every window change, and that the client is told.
func TestWindowClamped(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	b := newBoard()
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = b.factory })
	client, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	errs := &syncBuffer{}
	sess := shell(t, client, 10000, 10000, errs)
	want := tea.WindowSizeMsg{Width: MaxWidth, Height: MaxHeight}
	if got := b.size(t); got != want {
		t.Errorf("the program was given %dx%d, want %dx%d", got.Width, got.Height, want.Width, want.Height)
	}
	for _, win := range [][2]int{{80, 24}, {1 << 31, 30}, {100, 1 << 20}} {
		if err := sess.WindowChange(win[1], win[0]); err != nil {
			t.Fatal(err)
		}
		want := tea.WindowSizeMsg{Width: min(win[0], MaxWidth), Height: min(win[1], MaxHeight)}
		for got := b.size(t); got != want; got = b.size(t) {
			if got.Width > MaxWidth || got.Height > MaxHeight {
				t.Fatalf("after a window change to %dx%d the program was given %dx%d", win[0], win[1], got.Width, got.Height)
			}
		}
	}
	waitLog(t, f, "clamped: ann from 127.0.0.1:")
	if strings.Count(f.log.String(), "clamped:") != 1 {
		t.Errorf("want one line for the session's clamps:\n%s", f.log.String())
	}
	waitText(t, errs.String, "your terminal is 10000x10000; the board is drawn at 320x100 at most")
}

// TestSessionsPerConnection checks that one connection gets at most
// ConnSessions sessions, and that a session's program ends when its
// channel closes though the connection stays, freeing its place.
func TestSessionsPerConnection(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	b := newBoard()
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = b.factory })
	client, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	var open []*gossh.Session
	for range ConnSessions {
		open = append(open, shell(t, client, 80, 24, nil))
		b.size(t)
	}
	_, err = client.NewSession()
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("at most %d sessions on one connection", ConnSessions)) {
		t.Fatalf("session %d on one connection: %v, want it refused", ConnSessions+1, err)
	}
	waitLog(t, f, "refused a session to ann from 127.0.0.1:")
	open[0].Close() // the channel closes; the connection stays
	select {
	case <-b.ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the program of a closed session still runs")
	}
	// Its place is free again once its channel is gone.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		sess, err := client.NewSession()
		if err == nil {
			sess.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no session after one of %d closed: %v", ConnSessions, err)
		}
	}
}

// TestAgentForwardingRefused checks that a client asking to forward its
// agent is told no, and the refusal logged.
func TestAgentForwardingRefused(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = newBoard().factory })
	client, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := agent.RequestAgentForwarding(sess); err == nil {
		t.Fatal("agent forwarding was granted")
	}
	waitLog(t, f, "refused agent forwarding to ann from 127.0.0.1:")
}

// TestMaxSessions checks that a login beyond MaxSessions boards is refused
// with a message, and let in once a board has closed.
func TestMaxSessions(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	b := newBoard()
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = b.factory; c.MaxSessions = 1 })
	first, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	sess := shell(t, first, 80, 24, nil)
	b.size(t)
	second, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	errs := &syncBuffer{}
	refused := shell(t, second, 80, 24, errs)
	if err := ended(t, refused); err == nil {
		t.Error("the session beyond MaxSessions ended well")
	}
	if !strings.Contains(errs.String(), "weekly serve has 1 boards open, the most it gives at once") {
		t.Errorf("the client was told %q", errs.String())
	}
	waitLog(t, f, "refused a board to ann from 127.0.0.1:")
	sess.Close()
	<-b.ended
	again := shell(t, second, 80, 24, nil)
	defer again.Close()
	b.size(t)
}

// TestWindowChangeBeforeShell checks that window changes sent before the
// shell starts neither wedge the session (its request loop used to block
// on them, so that the shell was never answered and a closed channel never
// seen) nor get lost: the program starts at the last.
func TestWindowChangeBeforeShell(t *testing.T) {
	t.Parallel()
	ann := newSigner(t)
	b := newBoard()
	f := start(t, keyLine(ann, "ann"), func(c *Config) { c.Factory = b.factory })
	client, err := dial(f.addr, ann)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{90, 100, 110} {
		if err := sess.WindowChange(30, w); err != nil {
			t.Fatal(err)
		}
	}
	shell := make(chan error, 1)
	go func() { shell <- sess.Shell() }()
	select {
	case err := <-shell:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the shell was never answered")
	}
	for got := b.size(t); got != (tea.WindowSizeMsg{Width: 110, Height: 30}); got = b.size(t) {
	}
	sess.Close()
	select {
	case <-b.ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the program of a closed session still runs")
	}
}
