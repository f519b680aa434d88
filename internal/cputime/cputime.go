// Package cputime is for benchmarks: the CPU time the process has used,
// user and system, garbage collection and every goroutine included. On a
// machine shared with other work it says more of what an op costs than the
// clock does.
package cputime

import (
	"testing"
	"time"
)

// Used returns the CPU time the process has used so far, or 0 where the
// system does not say.
func Used() time.Duration { return used() }

// Report reports the CPU time an op since start (a Used figure), as
// cpu-ms/op.
func Report(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(Used()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
