//go:build unix

package preview

import (
	"strconv"
	"testing"
	"time"

	"github.com/weekly-dev/weekly/internal/cputime"
	"github.com/weekly-dev/weekly/internal/tui/styles"
)

// BenchmarkPreviewSettle measures everything the preview does after it
// opens (p) on an issue of n items in the dark style, 100×40: the first
// frame, the whole issue swapped in, and every fill command, until it asks
// for nothing more. cpu-s/op is the process's CPU time an op (getrusage:
// user and system, garbage collection included), the figure issue 23 gives.
func BenchmarkPreviewSettle(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run("items="+strconv.Itoa(n), func(b *testing.B) {
			d := bigIssue(n)
			cfg := DefaultConfig()
			cfg.Style = "dark"
			cfg.Debounce = time.Millisecond
			var cpu time.Duration
			for b.Loop() {
				start := cputime.Used()
				m := New(styles.New(true), cfg)
				m.SetSize(100, 40)
				cmd := m.SetDraft(d)
				for cmd != nil {
					m, cmd = m.Update(cmd())
				}
				if !m.ready {
					b.Fatal("no frame")
				}
				cpu += cputime.Used() - start
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
