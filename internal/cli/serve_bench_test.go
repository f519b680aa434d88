package cli

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/cputime"
	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/serve"
	"github.com/weekly-dev/weekly/internal/tui"
)

// frameSpy is a session's model that tells when it has drawn a frame of
// the document at a revision.
type frameSpy struct {
	tea.Model
	rev   func() uint64
	drawn func(rev uint64)
}

func (f *frameSpy) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := f.Model.Update(msg)
	f.Model = m
	return f, cmd
}

func (f *frameSpy) View() tea.View {
	v := f.Model.View()
	f.drawn(f.rev())
	return v
}

// frames keeps the last revision each session has drawn.
type frames struct {
	mu   sync.Mutex
	cond *sync.Cond
	last map[*frameSpy]uint64
}

func (fr *frames) drawn(s *frameSpy, rev uint64) {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	if r, ok := fr.last[s]; ok && r >= rev {
		return
	}
	fr.last[s] = rev
	fr.cond.Broadcast()
}

// waitAll waits until n sessions have drawn a frame at rev or later.
func (fr *frames) waitAll(rev uint64, n int) {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	for {
		c := 0
		for _, r := range fr.last { // a session that has drawn at all is in last
			if r >= rev {
				c++
			}
		}
		if c >= n {
			return
		}
		fr.cond.Wait()
	}
}

// BenchmarkBroadcast serves one draft to clients SSH sessions (real
// x/crypto clients at 120x32, reading and discarding what they are sent)
// and times one op applied, as one editor's, until every session's board
// has drawn its next frame with it and the frame has reached every client
// (the renderer sends frames at most 60 times a second, so with one client
// the time is mostly that wait; processor time shows the cost). It reports the time per client, the
// processor time per client (server and clients are one process here, so
// it includes the clients' decryption), and the memory each connected
// client costs the process.
func BenchmarkBroadcast(b *testing.B) {
	for _, clients := range []int{1, 20} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			benchBroadcast(b, clients)
		})
	}
}

func benchBroadcast(b *testing.B, clients int) {
	fr := &frames{last: map[*frameSpy]uint64{}}
	fr.cond = sync.NewCond(&fr.mu)
	wrap := func(p serve.Program) serve.Program {
		m := p.Model.(*tui.Model)
		spy := &frameSpy{Model: m, rev: m.Document().Rev}
		spy.drawn = func(rev uint64) { fr.drawn(spy, rev) }
		p.Model = spy
		return p
	}
	f := startServeWith(b, wrap, 0, "Ann")
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	w := &wire{got: make([]int64, clients)}
	w.cond = sync.NewCond(&w.mu)
	conns := make([]*gossh.Client, 0, clients)
	for i := range clients {
		conns = append(conns, dialBoard(b, f.addr, f.signers["Ann"], func(n int) { w.add(i, n) }))
	}
	fr.waitAll(0, clients)
	f.hubs.mu.Lock()
	hub := f.hubs.open[f.path]
	f.hubs.mu.Unlock()
	seat, err := hub.Join("bench")
	if err != nil {
		b.Fatal(err)
	}
	defer seat.Leave()
	// Every board has its size and has drawn the cards before timing.
	time.Sleep(200 * time.Millisecond)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	perClient := float64(int64(after.HeapInuse)-int64(before.HeapInuse)) / float64(clients) / (1 << 20)
	text := "First"
	cpu := cputime.Used()
	b.ResetTimer()
	for i := range b.N {
		next := fmt.Sprintf("Blurb %d", i)
		sent := w.now()
		seat.Lock()
		c, err := seat.Document().Apply(seat.Who(), draft.Op{Kind: draft.OpEdit, Field: draft.FieldBlurb, Item: draft.Item{ID: "a"}, Before: text, After: next})
		seat.Unlock()
		if err != nil {
			b.Fatal(err)
		}
		text = next
		fr.waitAll(c.Rev, clients)
		w.waitPast(sent) // and the frame has reached every client
	}
	b.StopTimer()
	b.ReportMetric(float64((cputime.Used()-cpu).Nanoseconds())/float64(b.N)/float64(clients), "cpu-ns/client")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(clients), "ns/client")
	b.ReportMetric(perClient, "MB/client")
	for _, c := range conns {
		c.Close()
	}
}

// wire counts the bytes each client has received.
type wire struct {
	mu   sync.Mutex
	cond *sync.Cond
	got  []int64
}

func (w *wire) add(i, n int) {
	w.mu.Lock()
	w.got[i] += int64(n)
	w.mu.Unlock()
	w.cond.Broadcast()
}

func (w *wire) now() []int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]int64(nil), w.got...)
}

// waitPast waits until every client has received bytes since then.
func (w *wire) waitPast(then []int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := 0; i < len(then); {
		if w.got[i] > then[i] {
			i++
			continue
		}
		w.cond.Wait()
	}
}

// dialBoard opens a board over SSH at 120x32 whose output is counted and
// dropped.
func dialBoard(b *testing.B, addr string, signer gossh.Signer, got func(n int)) *gossh.Client {
	b.Helper()
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)}, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	sess, err := client.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 32, 120, gossh.TerminalModes{}); err != nil {
		b.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				got(n)
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		b.Fatal(err)
	}
	return client
}
