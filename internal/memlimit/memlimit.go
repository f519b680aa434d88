// Package memlimit bounds the Go runtime's memory while a long task runs:
// a soft limit (debug.SetMemoryLimit) that keeps room above the heap in
// use, so that the collector runs sooner near the bound but never without
// end. A limit set by GOMEMLIMIT (or by a task already bounded) is left
// alone.
package memlimit

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// every is how often Keep looks at the heap in use.
const every = time.Second

// Keep sets the limit to floor bytes, or to half as much again as the heap
// in use when that is more (see limitFor), and follows the heap as it grows
// until stop is called, which puts the limit back as it was.
func Keep(floor int64) (stop func()) {
	old := debug.SetMemoryLimit(-1)
	if old != math.MaxInt64 {
		return func() {}
	}
	debug.SetMemoryLimit(limitFor(floor, live()))
	done, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				debug.SetMemoryLimit(limitFor(floor, live()))
			}
		}
	}()
	return sync.OnceFunc(func() {
		close(done)
		<-ended
		debug.SetMemoryLimit(old)
	})
}

// limitFor is the limit for a heap with live bytes in use: floor, or half
// as much again as is in use when that is more. A limit at or under what
// is in use would have the collector run without end (a large draft served
// to many boards); with room above it, the collector runs as often as with
// GOGC=50 at worst.
func limitFor(floor int64, live uint64) int64 {
	l := int64(min(live, math.MaxInt64/3))
	return max(floor, l+l/2)
}

// live returns the heap in use at the end of the last collection.
func live() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
