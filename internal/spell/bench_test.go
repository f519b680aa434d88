package spell

import (
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/weekly-dev/weekly/internal/cputime"
)

// BenchmarkLoad is the cost of the first use: reading the embedded en_US
// dictionary and the ranking lists. heap-MB is the live heap the first
// loaded checker of a process holds, the word lists it shares with later
// ones included (what a served process keeps beside its sessions); run
// it alone (-run '^$') for the lists to be counted.
func BenchmarkLoad(b *testing.B) {
	heap := loadHeap()
	start := cputime.Used()
	for b.Loop() {
		if err := New(Options{}).Load(); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, start)
	b.ReportMetric(heap, "heap-MB")
}

// loadHeap returns the live heap a loaded checker holds, in MB, measured
// once: at the process's first load.
var loadHeap = sync.OnceValue(func() float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c := New(Options{})
	if err := c.Load(); err != nil {
		panic(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(c)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
})

// benchText is a blurb of DevOps Weekly #519, with its misspelling.
const benchText = "Hindsight is an interesting design tool for future systems. This post, from someone ver familiar with its working, looks at what applying hindsight and some opinions to Kubernetes might mean if you build a new container orchestrator."

// BenchmarkCheckWord is the cost of a word looked up before, the usual
// case: the words of a blurb, checked again as it is edited.
func BenchmarkCheckWord(b *testing.B) {
	c := shipped().With()
	ws := textWords(benchText)
	for _, w := range ws {
		_, _ = c.Correct(w)
	}
	i := 0
	for b.Loop() {
		_, _ = c.Correct(ws[i%len(ws)])
		i++
	}
}

// BenchmarkCheckWordFirst is the cost of a word's first look-up: every op
// is a different word (gospell worked out a word's forms at its first
// look-up; the word set holds them all).
func BenchmarkCheckWordFirst(b *testing.B) {
	var ws []string
	dic, err := os.ReadFile("dict/en_US.dic")
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(dic), "\n")[1:] {
		if w, _, _ := strings.Cut(l, "/"); len(w) > 2 && strings.ToLower(w) == w {
			ws = append(ws, w+"s")
		}
	}
	c := New(Options{})
	if err := c.Load(); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		if i == len(ws) {
			b.StopTimer()
			c, i = New(Options{}), 0
			_ = c.Load()
			b.StartTimer()
		}
		_, _ = c.Correct(ws[i])
		i++
	}
}

// BenchmarkCheckBlurb is the cost of checking one blurb (37 words), as the
// editor does on a keystroke.
func BenchmarkCheckBlurb(b *testing.B) {
	c := shipped().With()
	start := cputime.Used()
	for b.Loop() {
		if _, err := c.Check(benchText); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, start)
}

// BenchmarkSuggest is the cost of the suggestions for a new misspelling.
func BenchmarkSuggest(b *testing.B) {
	base := shipped()
	for _, word := range []string{"ver", "familar", "Kubernetse", "pinneddeployments"} {
		b.Run(word, func(b *testing.B) {
			for b.Loop() {
				if _, err := base.With().Suggest(word, 3); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
