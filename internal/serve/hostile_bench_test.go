package serve

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/weekly-dev/weekly/internal/draft"
	"github.com/weekly-dev/weekly/internal/store"
)

// BenchmarkServeHostile serves one draft of 200 cards to 50 sessions (real
// x/crypto SSH clients in this process, each on its own connection), 5 of
// them hostile: one sends garbage (bytes that are no keys, escape
// sequences never ended) after connecting, one claims a 10000x10000
// window, one resizes 500 times a second, one claims a 10000x10000 window
// and resizes 500 times a second between it and another, one never reads
// what it is sent (and moves its cursor 50 times a second); 44 honest
// editors at 120x32 read their boards. Ann, the 50th, writes the intro:
// an op is one key of hers, alternately a character and a backspace, from
// its write to her client until her screen (a terminal emulator) shows it.
// It reports the median and 90th percentile of that time, the process's
// peak heap and peak memory from the Go runtime (sampled every 20 ms while
// the sessions run), and its peak resident size from the kernel
// (VmHWM; clients included, as they are in this process).
//
// HOSTILE, when set, keeps only the hostile drivers it names, to tell their
// costs apart: g garbage, s the resize storm, h the huge window's storm, d
// the cursor of the client that never reads (HOSTILE=x: none; the five
// connect all the same).
func BenchmarkServeHostile(b *testing.B) {
	ann := newSigner(b)
	signers := make([]gossh.Signer, 49)
	keys := keyLine(ann, "ann")
	for i := range signers {
		signers[i] = newSigner(b)
		keys += keyLine(signers[i], "editor"+strconv.Itoa(i))
	}
	var sh *shared
	f := start(b, keys, func(c *Config) {
		c.MaxSessions = 64
		sh = &shared{path: filepath.Join(c.Dir, "9.json")}
		c.Factory = sh.factory
	})
	d := draft.New("Test Weekly", 9, "2024-03-24", []string{"News", "Tools", "Events"})
	for i := range 200 {
		d.Inbox = append(d.Inbox, draft.Item{ID: "c" + strconv.Itoa(i), Blurb: fmt.Sprintf("Card %d, a link worth a look", i), URLs: []string{fmt.Sprintf("https://example.com/%d", i)}})
	}
	if err := store.Save(f.path, d); err != nil {
		b.Fatal(err)
	}

	var peakHeap, peakSys atomic.Uint64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakHeap.Load() {
				peakHeap.Store(ms.HeapInuse)
			}
			if ms.Sys > peakSys.Load() {
				peakSys.Store(ms.Sys)
			}
			select {
			case <-stopSampling:
				return
			case <-tick.C:
			}
		}
	}()
	stop := make(chan struct{})
	var drivers sync.WaitGroup
	every := func(d time.Duration, do func(i int) error) {
		drivers.Add(1)
		go func() {
			defer drivers.Done()
			tick := time.NewTicker(d)
			defer tick.Stop()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				if do(i) != nil {
					return
				}
			}
		}()
	}
	open := func(i, w, h int, read bool) (*gossh.Session, func(string) error) {
		client, err := dial(f.addr, signers[i])
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { client.Close() })
		sess, err := client.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
			b.Fatal(err)
		}
		in, err := sess.StdinPipe()
		if err != nil {
			b.Fatal(err)
		}
		if !read {
			if _, err := sess.StdoutPipe(); err != nil { // never read
				b.Fatal(err)
			}
		}
		if err := sess.Shell(); err != nil {
			b.Fatal(err)
		}
		return sess, func(s string) error { _, err := in.Write([]byte(s)); return err }
	}

	// The hostile five.
	mask := os.Getenv("HOSTILE")
	on := func(k string) bool { return mask == "" || strings.Contains(mask, k) }
	_, garbage := open(0, 80, 24, true)
	rng := rand.New(rand.NewPCG(1, 2))
	every(10*time.Millisecond, func(i int) error {
		var g strings.Builder
		switch i % 3 {
		case 0: // bytes that are no UTF-8 and no key
			for range 4096 {
				g.WriteByte(byte(0x80 + rng.IntN(0x40)))
			}
		case 1: // an operating system command never ended
			g.WriteString("\x1b]11;")
			for range 4096 {
				g.WriteByte(byte('0' + rng.IntN(10)))
			}
		case 2: // a device control string never ended
			g.WriteString("\x1bP1$r")
			for range 4096 {
				g.WriteByte(byte('a' + rng.IntN(26)))
			}
		}
		if !on("g") {
			return nil
		}
		return garbage(g.String())
	})
	open(1, 10000, 10000, true)
	storm, _ := open(2, 120, 32, true)
	every(2*time.Millisecond, func(i int) error {
		if !on("s") {
			return nil
		}
		_, err := storm.SendRequest("window-change", false, windowChange(100+i%2*20, 30+i%2*2))
		return err
	})
	hugeStorm, _ := open(3, 10000, 10000, true)
	every(2*time.Millisecond, func(i int) error {
		if !on("h") {
			return nil
		}
		w := 10000 - i%2*9700
		_, err := hugeStorm.SendRequest("window-change", false, windowChange(w, w))
		return err
	})
	_, deaf := open(4, 500, 200, false)
	every(20*time.Millisecond, func(i int) error {
		if !on("d") {
			return nil
		}
		return deaf([]string{"j", "k"}[i%2])
	})

	// The honest 44, and Ann.
	for i := 5; i < 49; i++ {
		open(i, 120, 32, true)
	}
	term := connect(b, f.addr, ann)
	term.waitFor(b, "Card 0, a link")
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) { // sessions starting: nothing to wait on
		f.srv.mu.Lock()
		n := len(f.srv.programs)
		f.srv.mu.Unlock()
		if n >= 50 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d boards after 30 s, want 50:\n%s", n, f.log.String())
		}
	}
	term.send(b, "i")
	term.waitFor(b, "Intro")
	term.send(b, "Ready")
	term.waitFor(b, "Ready")

	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		key, shown := "#", func(s string) bool { return strings.Contains(s, "Ready#") }
		if i%2 == 1 {
			key, shown = "\x7f", func(s string) bool { return !strings.Contains(s, "Ready#") }
		}
		at := time.Now()
		term.send(b, key)
		if !term.waitScreen(shown) {
			b.Fatalf("key %d (%q) never reached the screen:\n%s", i, key, term.screen())
		}
		took = append(took, time.Since(at))
	}
	b.StopTimer()
	close(stop)
	drivers.Wait()
	close(stopSampling)
	<-sampled
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "key-ms-p50")
	b.ReportMetric(float64(took[len(took)*9/10].Microseconds())/1000, "key-ms-p90")
	b.ReportMetric(float64(peakHeap.Load())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peakSys.Load())/(1<<20), "peak-sys-MB")
	if hwm, ok := vmHWM(); ok {
		b.ReportMetric(float64(hwm)/(1<<20), "peak-rss-MB")
	}
	if !strings.Contains(f.log.String(), "connected: editor4") {
		b.Errorf("the client that never reads was never served:\n%s", f.log.String())
	}
}

// vmHWM returns the process's peak resident size, from Linux's
// /proc/self/status.
func vmHWM() (uint64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}
